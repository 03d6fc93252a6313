"""Writes to the registry that are more than a form save."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction

from registry.models import FocalPoint, Stakeholder, User
from registry.roles import DELEGATE, SECRETARIAT


def focal_point_add(*, user: User, stakeholder: Stakeholder, title: str = "") -> FocalPoint:
    """Make ``user`` a focal point of ``stakeholder`` and give them the Delegate role.

    Idempotent: an existing focal point is returned unchanged.
    """
    with transaction.atomic():
        focal_point, _created = FocalPoint.objects.get_or_create(
            user=user, stakeholder=stakeholder, defaults={"title": title}
        )
        user.groups.add(Group.objects.get(name=DELEGATE))
    return focal_point


def demo_account_ensure(
    *, email: str, first_name: str, last_name: str, role: str
) -> tuple[User, str]:
    """Create or refresh a demo account with a new random password; returns (user, password).

    Raises ``Group.DoesNotExist`` when the role groups were not migrated.
    """
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user, _created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        user.set_password(password)
        user.is_staff = role == SECRETARIAT
        user.save()
        user.groups.add(Group.objects.get(name=role))
    return user, password
