"""Authentication helpers."""


def axes_username(request, credentials: dict | None) -> str:
    """The account a login attempt is counted against: e-mail addresses are case-insensitive."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()
