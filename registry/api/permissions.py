"""Who may call what. Every check is ``user.has_perm`` (the rules of each app's
permissions.py); the object's own rule is checked by the view's scoped queryset (another
delegation's object answers 404) and by the service. On top, the token's scope: a ``read``
token reads only, whatever its user may do."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from registry.models import ApiToken

SCOPE_MESSAGE = _("This token may only read: create a read-and-write token to change anything.")


def _scope_allows(request) -> bool:
    if request.method in permissions.SAFE_METHODS:
        return True
    return not isinstance(request.auth, ApiToken) or request.auth.may_write


class TokenScope(permissions.BasePermission):
    """The default (settings): reads for anybody, writes refused to a read token."""

    message = SCOPE_MESSAGE

    def has_permission(self, request, view) -> bool:
        return _scope_allows(request)


class _Perm(permissions.BasePermission):
    permission = ""
    for_writes_only = False

    def has_permission(self, request, view) -> bool:
        if self.for_writes_only and request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.has_perm(self.permission)):
            self.message = _("You may not do this.")
            return False
        if not _scope_allows(request):
            self.message = SCOPE_MESSAGE
            return False
        return True


def perm_for_writes(permission: str) -> type[permissions.BasePermission]:
    """Reads for anybody; writes for a user with ``permission`` and a token that may write."""
    return type(
        "WritesNeed",
        (_Perm,),
        {"permission": permission, "for_writes_only": True, "public_reads": True},
    )


def perm_required(permission: str) -> type[permissions.BasePermission]:
    """Every method needs ``permission``; writes, a token that may write."""
    return type("Needs", (_Perm,), {"permission": permission})
