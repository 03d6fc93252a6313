"""The API's clients: the demo accounts by session (as the browsable page uses it) and by
personal token of each scope."""

from django.test import Client

from registry.choices import ApiTokenScope
from registry.services import api_token_create
from tests.hostile_helpers import role_clients

# Sessions (the site's four roles), then tokens: Belgium's focal point (A) and the Secretariat,
# each with a read token and a read-and-write token.
API_ROLES = (
    "anonymous",
    "delegate_a",
    "delegate_b",
    "secretariat",
    "token_a_read",
    "token_a_write",
    "token_staff_read",
    "token_staff_write",
)
TOKEN_OWNERS = {
    "token_a_read": ("delegate_a", ApiTokenScope.READ),
    "token_a_write": ("delegate_a", ApiTokenScope.READ_WRITE),
    "token_staff_read": ("secretariat", ApiTokenScope.READ),
    "token_staff_write": ("secretariat", ApiTokenScope.READ_WRITE),
}


def token_client(user, scope: str) -> Client:
    """A client that sends a new token of ``user`` with ``scope`` (no session)."""
    _row, token = api_token_create(actor=user, name=f"test {scope}", scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def api_clients() -> dict[str, Client]:
    """A client per API role, the demo accounts signed in or their tokens sent."""
    clients = role_clients()
    for role, (owner, scope) in TOKEN_OWNERS.items():
        user = clients[owner].session.get("_auth_user_id")
        from registry.models import User

        clients[role] = token_client(User.objects.get(pk=user), scope)
    return clients
