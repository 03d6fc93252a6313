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
    *, email: str, first_name: str, last_name: str, role: str, reset_password: bool = True
) -> tuple[User, str]:
    """Create a demo account, or refresh it, with a new random password: (user, password).

    With ``reset_password=False`` an existing account keeps its password and "" is returned
    for it. Raises ``Group.DoesNotExist`` when the role groups were not migrated.
    """
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created or reset_password:
            user.set_password(password)
        else:
            password = ""
        user.is_staff = role == SECRETARIAT
        user.save()
        user.groups.add(Group.objects.get(name=role))
    return user, password
