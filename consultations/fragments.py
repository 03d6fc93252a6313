"""Fragments of public pages kept in the default cache under a key of what they show.

A programme of 60 meetings spent most of its render in the 60 includes of its row template
(each a dozen filters, a URL reversed, dates localised). A row shows a handful of fields, so its
HTML is kept under a hash of exactly those fields and the language: a changed meeting, venue,
room or theme makes a new key (the old entry is never read again and expires), and no write has
to invalidate anything. One ``get_many`` fetches a page's rows; only the rows missing are
rendered, with the same template as before, and kept with one ``set_many``.

The cache is an accelerator: when it is unreachable every row is rendered, as without it.
"""

import contextlib
import functools
import hashlib
import operator
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from registry.languages import translation_fields

FRAGMENT_SECONDS = 24 * 3600

try:  # what the Redis client raises when Redis does not answer
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover
    _RedisError = OSError
_UNREACHABLE = (_RedisError, OSError)


def fragments_render(
    items: Iterable,
    *,
    template_name: str,
    shows: Callable[[object], tuple],
    name: str,
    attribute: str = "row_html",
) -> None:
    """Set ``attribute`` on each of ``items``: ``template_name`` rendered with the item as
    ``name``, from the cache when a row showing the same ``shows(item)`` was rendered before."""
    items = list(items)
    if not items:
        return
    language = translation.get_language()
    template = get_template(template_name)
    # The template's own text is in the key: a release that changes it never meets rows kept
    # by the one before (the cache is shared by every app server and outlives a deploy).
    version = _source_digest(template.template.source)
    keys = [
        "fragment:"
        + hashlib.sha256(repr((template_name, version, language, shows(item))).encode()).hexdigest()
        for item in items
    ]
    try:
        found = cache.get_many(keys)
    except _UNREACHABLE:
        found = None
    rendered = {}
    for item, key in zip(items, keys, strict=True):
        html = found.get(key) if found is not None else None
        if html is None:
            html = rendered[key] = template.render({name: item})
        setattr(item, attribute, mark_safe(html))
    if found is not None and rendered:
        with contextlib.suppress(*_UNREACHABLE):
            cache.set_many(rendered, timeout=FRAGMENT_SECONDS)


@functools.cache
def _source_digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


# What a programme row reads of a meeting and of its venue, room and theme. A translated
# field is read as its column in every language (the row shows one, by the page's language,
# else the English): straight from the instance, the columns cost a tenth of the translated
# field, which finds the page's language and its fallback at each read.
_MEETING_SHOWN = operator.attrgetter(
    "pk",
    "slug",
    "kind",
    "number",
    "status",
    "start",
    "end",
    "is_illustrative",
    "source",
    *translation_fields("title"),
)
_VENUE_SHOWN = operator.attrgetter("time_zone", *translation_fields("name", "city"))
_NAME_SHOWN = operator.attrgetter(*translation_fields("name"))  # of a room or a theme


def meeting_row_shows(meeting) -> tuple:
    """What a programme row of ``meeting`` shows (templates/consultations/programme/
    _meeting_row.html): change one, and the row is rendered again."""
    return (
        _MEETING_SHOWN(meeting),
        _VENUE_SHOWN(meeting.venue),
        _NAME_SHOWN(meeting.room) if meeting.room_id else None,
        _NAME_SHOWN(meeting.theme) if meeting.theme_id else None,
    )


def fragment_render(*, shows: tuple, render: Callable[[], str]) -> str:
    """One fragment: ``render()``, kept under a hash of ``shows`` (everything it shows, and
    whatever version of the code writes it) and the language; from the cache when kept before.
    Rendered, as without a cache, when the cache is unreachable."""
    key = (
        "fragment:" + hashlib.sha256(repr((translation.get_language(), shows)).encode()).hexdigest()
    )
    try:
        html = cache.get(key)
    except _UNREACHABLE:
        return mark_safe(render())
    if html is None:
        html = render()
        with contextlib.suppress(*_UNREACHABLE):
            cache.set(key, html, timeout=FRAGMENT_SECONDS)
    return mark_safe(html)
