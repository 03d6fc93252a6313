"""Parts of a signed-in page kept in the cache for their user until what they show changes.

A signed-in page is one user's, so the page cache (hlderp/public_cache.py) never keeps it. Some
are opened far more often than what they show changes (the delegate portal, which every delegate
opens first and again after each step). ``SignedInPartsMiddleware`` gives each request of a
signed-in user ``request.keep_parts(what, render)``: the parts of the page (HTML strings by name)
kept for that user, in the request's language, under ``what`` (whatever else the request chooses
and the version of the code that writes them), with the generations of ``GLOBAL`` and
``SIGNED_IN`` (PUBLIC_PAGE_CACHE_SCOPES) read before they were rendered. Every write to a table
of the apps that a page shows moves one of them (a write no public page shows, such as a draft
saved, moves ``SIGNED_IN``), so the next request renders the parts afresh.

``render()`` answers the parts, the instant from which they may show otherwise by the clock alone
(None: none known), and whether they may be kept at all. They are kept until that instant, and
``PUBLIC_PAGE_CACHE_SECONDS`` at most. Nothing is kept while the page cache is off (each process
would keep its own copy and miss the others' writes) or the cache is unreachable; the parts are
then rendered each time. A release that changes the Python writing the parts (not the
templates, which ``what`` names) may meet parts kept by the one before for
``PUBLIC_PAGE_CACHE_SECONDS`` at most; an entry of another layout is a miss. This module imports
no app.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

from hlderp import public_cache

Parts = dict[str, str]


@functools.cache
def _shows() -> tuple[str, str]:
    vocabulary = import_module(settings.PUBLIC_PAGE_CACHE_SCOPES)
    return (vocabulary.GLOBAL, vocabulary.SIGNED_IN)


# The layout of an entry: (the generations it was rendered in, until when, the parts).
ENTRY_LAYOUT = 1


def _key(request, what: tuple) -> str:
    chosen = (ENTRY_LAYOUT, request.user.pk, translation.get_language(), what)
    return "signed-in:" + hashlib.sha256(repr(chosen).encode()).hexdigest()


def _current_parts(entry, current) -> Parts | None:
    """The parts of ``entry`` if it was kept in the generations ``current`` and is not past."""
    if current is None or not isinstance(entry, tuple) or len(entry) != 3:
        return None
    kept_for, until, parts = entry
    if kept_for != current or time.time() >= until:
        return None
    return {name: mark_safe(text) for name, text in parts.items()}


def keep_parts(request, what: tuple, render: Callable[[], tuple[Parts, object, bool]]) -> Parts:
    """The parts kept for ``request``'s user under ``what`` while still current, else those
    ``render()`` answers (kept if it says they may be). One round trip to the cache on a hit."""
    if not public_cache.enabled():
        return render()[0]
    key = _key(request, what)
    shows = _shows()
    found = public_cache.cache.get_many([key, *public_cache.generation_keys(shows)])
    current = public_cache.generations(shows, found=found)
    kept = _current_parts(found.get(key), current)
    if kept is not None:
        return kept
    parts, changes_at, cacheable = render()
    if current is not None and cacheable:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        until = time.time() + seconds
        if changes_at is not None:
            until = min(until, changes_at.timestamp())
        if until > time.time():
            public_cache.cache.set(key, (current, until, dict(parts)), timeout=seconds)
    return parts


class SignedInPartsMiddleware:
    """Give each request of a signed-in user ``keep_parts`` (after the authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.keep_parts = functools.partial(keep_parts, request)
        return self.get_response(request)
