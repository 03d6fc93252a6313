"""The layout's header (templates/_site_header.html), written once per worker for a visitor
who is not signed in.

Every page of the site carries the same header: the language form, the main menu (a dozen
addresses reversed, the menu's words translated) and the account's links. For a visitor who is
not signed in it depends only on the language, the address asked for and the process whose
pages the menu links (``process_urls``), so a rendered public page takes it from a small
per-worker memory kept under those. A signed-in user's header (their e-mail, their roles'
links, the logout form's CSRF token) is rendered with the page, as before.
"""

import functools

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.template.context import make_context
from django.template.loader import get_template
from django.utils import translation

register = template.Library()

HEADER = "_site_header.html"


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    request = context.get("request")
    if request is None or request.user.is_authenticated:  # (no request: a page made offline)
        return get_template(HEADER).template.render(context)
    process_urls = context.get("process_urls") or {}
    return _anonymous_header(
        translation.get_language(),
        request.path,
        request.get_full_path(),
        tuple(sorted(process_urls.items())),
    )


class _Address:
    """What the header reads of a request: its path, with and without its query."""

    def __init__(self, path: str, full_path: str):
        self.path = path
        self._full_path = full_path

    def get_full_path(self) -> str:
        return self._full_path


@functools.lru_cache(maxsize=1024)
def _anonymous_header(language: str, path: str, full_path: str, process_urls: tuple) -> str:
    context = make_context(
        {
            "request": _Address(path, full_path),
            "user": AnonymousUser(),
            "perms": None,  # a visitor not signed in has no role: the roles' links are left out
            "process_urls": dict(process_urls),
        }
    )
    return get_template(HEADER).template.render(context)


def _forget(**kwargs) -> None:
    """A changed setting (a test's languages, templates or addresses) writes headers anew."""
    _anonymous_header.cache_clear()


setting_changed.connect(_forget)
