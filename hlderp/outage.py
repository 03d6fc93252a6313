"""A database that does not answer is a clear 503, not a 500.

Django turns every exception raised under a request, in a view or in a middleware (the session
read by the sign-in check, say), into a response through ``handler500``; ``server_error`` is that
handler. When the exception is the database's ``OperationalError`` or ``InterfaceError`` (no
connection, a connection cut, a server shutting down), it answers a short "temporarily
unavailable" page: ``503`` with ``Retry-After``, in the reader's language, and, to a form posted
meanwhile, a plain statement that what was sent was NOT saved. Any other error keeps Django's 500.
(With ``DEBUG`` on, Django shows its debug page instead and never calls the handler.)

The page is rendered without the database: no ``request.user``, no session, no context processor
(``render_to_string`` without the request); the language comes from the language cookie or
``Accept-Language`` alone. Public pages kept in the page cache are answered before any of this
(hlderp/public_cache.py's middleware comes before the session's), so readers keep reading them.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def database_unavailable(request) -> HttpResponse:
    """The "temporarily unavailable" page, 503, in the reader's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = render_to_string(
            "503.html",
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "not_saved": request.method not in ("GET", "HEAD", "OPTIONS"),
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def server_error(request, template_name="500.html"):
    """``handler500``: the 503 page when the database is unreachable, Django's 500 otherwise.
    Called while the exception is being handled, so ``sys.exc_info()`` holds it."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)
