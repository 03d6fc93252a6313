"""``Authorization: Bearer <token>``: a personal API token (registry.models.ApiToken)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from registry.models import ApiToken
from registry.services import api_token_digest

# How often a token's ``last_used`` is written: a write per request would move the public page
# cache's generation on at every API call.
LAST_USED_EVERY = datetime.timedelta(hours=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """The user of a live token; ``request.auth`` is the ApiToken (its scope is checked by
    registry.api.permissions.TokenScope). No header: not this scheme (the session may be)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=api_token_digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        if row.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This token has expired: make a new one at /accounts/api-tokens/.")
            )
        now = timezone.now()
        if row.last_used is None or now - row.last_used > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        return row.user, row

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created at /accounts/api-tokens/.",
        }
