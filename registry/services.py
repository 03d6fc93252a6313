"""Writes to the registry that are more than a form save."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from registry.choices import ApiTokenLifetime, ApiTokenScope
from registry.models import ApiToken, FocalPoint, Stakeholder, User
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


# --- personal API tokens --------------------------------------------------------------------
API_TOKEN_PREFIX = "hlderp_"


def api_token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_create(
    *, actor: User, name: str, scope: str, days: int = ApiTokenLifetime.QUARTER
) -> tuple[ApiToken, str]:
    """Create a personal API token of ``actor`` that opens the API for ``days`` (one of
    ApiTokenLifetime): (the row, the token to show once).

    Only the token's digest is stored. Raises PermissionDenied unless ``actor`` may keep
    tokens; ValueError for a blank name, an unknown scope or lifetime.
    """
    if not actor.has_perm("registry.manage_own_api_tokens"):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValueError("A token needs a name.")
    if scope not in ApiTokenScope.values:
        raise ValueError(f"Unknown scope {scope!r}.")
    if days not in ApiTokenLifetime.values:
        raise ValueError(f"Unknown lifetime {days!r}; expected one of {ApiTokenLifetime.values}.")
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        scope=scope,
        prefix=token[: len(API_TOKEN_PREFIX) + 6],
        digest=api_token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return row, token


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` now: no request is accepted with it from then on. Revoking a revoked
    token changes nothing. Raises PermissionDenied unless ``actor`` owns it."""
    if not actor.has_perm("registry.revoke_api_token", token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
