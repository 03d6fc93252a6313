"""Fragments of public pages kept in the default cache under a key of what they show.

A programme of 60 meetings spent most of its render in the 60 includes of its row template
(each a dozen filters, a URL reversed, dates localised). A row shows a handful of fields, so its
HTML is kept under a hash of exactly those fields and the language: a changed meeting, venue,
room or theme makes a new key (the old entry is never read again and expires), and no write has
to invalidate anything. One ``get_many`` fetches a page's rows; only the rows missing are
rendered, with the same template as before, and kept with one ``set_many``.

Every fragment (these rows, the programme's sections and menu in consultations/
fragments_programme.py, the meeting page's parts in consultations/fragments_meeting.py, the
statements list's rows and filter form in consultations/fragments_statements.py) is looked up and
kept by ``kept_many`` under a ``fragment_key``; a page of several parts names each one as a
``Fragment`` (``fragments_render_many``). The cache is an accelerator: when it is
unreachable every fragment is rendered, as without it.
"""

import contextlib
import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 24 * 3600

try:  # what the Redis client raises when Redis does not answer
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover
    _RedisError = OSError
_UNREACHABLE = (_RedisError, OSError)


def fragment_key(*shows) -> str:
    """The key of a fragment showing ``shows`` in the active language, with that language's
    translations, under the script prefix and urlconf its addresses are reversed in. Whatever
    else writes the fragment besides its data (a template's version, a digest of the code:
    ``code_version``) is among ``shows``: the cache is shared by every app server and outlives
    a deploy."""
    language = translation.get_language()
    addresses = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    what = (language, _translations_version(language), addresses, shows)
    return "fragment:" + hashlib.sha256(repr(what).encode()).hexdigest()


@functools.cache
def code_version(*modules, packages: tuple[str, ...] = ()) -> str:
    """A digest of the source of ``modules`` and of the installed versions of ``packages``:
    what writes a fragment besides its template and data, in its key, so that a release that
    changes one never meets fragments kept by the one before."""
    sources = [Path(module.__file__).read_bytes() for module in modules]
    versions = [metadata.version(name) for name in packages]
    return hashlib.sha256(repr((sources, versions)).encode()).hexdigest()[:16]


@functools.cache
def _translations_version(language: str) -> str:
    """A digest of the translations into ``language`` (the project's compiled catalogues, and
    Django's, by its version): a release that changes only a translation makes new keys."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in settings.LOCALE_PATHS:
        catalogue = Path(path) / translation.to_locale(language) / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


def template_key(template_name: str, template, shows) -> str:
    """The key of ``template`` (``get_template(template_name)``) rendered showing ``shows``:
    the text of the template and of those it includes is in it, so a release that changes one
    never meets fragments kept by the one before."""
    return fragment_key(template_name, template_version(template.template), shows)


@functools.lru_cache(maxsize=64)
def template_version(template) -> str:
    """A digest of ``template``'s text and of the templates it includes by name."""
    sources = [template.source]
    for node in template.nodelist.get_nodes_by_type(IncludeNode):
        name = node.template.var  # a literal name is a string; anything else, a Variable
        if isinstance(name, str):
            sources.append(template_version(get_template(name).template))
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]


def kept_many(
    keys: dict[Hashable, str | None], render: Callable[[Hashable], tuple[str, str | None]]
) -> dict[Hashable, SafeString]:
    """The HTML of each fragment named in ``keys``: from the cache when kept under its key
    (None: never looked up), else ``render(name)``, which gives the HTML and the key to keep it
    under (None: not kept). One ``get_many`` for all, one ``set_many`` for those rendered.

    The cache is an accelerator: when it is unreachable every fragment is rendered."""
    wanted = [key for key in keys.values() if key is not None]
    try:
        found = cache.get_many(wanted) if wanted else {}
    except _UNREACHABLE:
        found = None
    html = {}
    kept = {}
    for name, key in keys.items():
        text = found.get(key) if found is not None and key is not None else None
        if text is None:
            text, keep = render(name)
            if keep is not None:
                kept[keep] = text
        html[name] = mark_safe(text)
    if found is not None and kept:
        with contextlib.suppress(*_UNREACHABLE):
            cache.set_many(kept, timeout=FRAGMENT_SECONDS)
    return html


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
    template = get_template(template_name)
    keys = {
        index: template_key(template_name, template, shows(item))
        for index, item in enumerate(items)
    }

    def render(index: int) -> tuple[str, str]:
        return template.render({name: items[index]}), keys[index]

    for index, html in kept_many(keys, render).items():
        setattr(items[index], attribute, html)


def fragment_render(*, shows: tuple, render: Callable[[], str]) -> SafeString:
    """One fragment: ``render()``, kept under ``shows`` (everything it shows, and whatever
    version of the code writes it) and the language; from the cache when kept before."""
    key = fragment_key(*shows)
    return kept_many({key: key}, lambda key: (render(), key))[key]


# What a part that is never kept shows: it is rendered on every request.
UNKEPT = object()


@dataclass(frozen=True)
class Fragment:
    """One part of a page: ``template_name`` rendered with ``context``.

    ``shows`` is what the part shows, read narrowly: the key it is looked up under (UNKEPT: it
    is rendered each time). ``context`` is what its template reads (a dict, or a function that
    reads it): read in full only when it is rendered. ``rendered_shows(context)`` is what that
    context shows: the key the HTML is kept under (UNKEPT: it is not kept).
    """

    template_name: str
    shows: object
    context: dict | Callable[[], dict]
    rendered_shows: Callable[[dict], object]


def fragments_render_many(parts: dict[str, Fragment]) -> dict[str, SafeString]:
    """The HTML of each of ``parts`` by name: one lookup for all, and only the parts missing
    rendered (and kept)."""
    templates = {name: get_template(part.template_name) for name, part in parts.items()}

    def key(name: str, shows) -> str | None:
        if shows is UNKEPT:
            return None
        return template_key(parts[name].template_name, templates[name], shows)

    def render(name: str) -> tuple[str, str | None]:
        part = parts[name]
        context = part.context() if callable(part.context) else part.context
        return templates[name].render(context), key(name, part.rendered_shows(context))

    return kept_many({name: key(name, part.shows) for name, part in parts.items()}, render)


def read_later(read: Callable, **kwargs) -> SimpleLazyObject:
    """``read(**kwargs)``, called when the value is first used: a part of a page's context
    that only a part missing from the cache reads."""
    return SimpleLazyObject(functools.partial(read, **kwargs))


def values_of(row, paths: Iterable[str]) -> tuple:
    """What ``values_list(*paths)`` reads of ``row``, from a model instance whose relations
    are loaded: the key of a rendered part is taken the way its lookup key was read."""
    values = []
    for path in paths:
        value = row
        for name in path.split("__"):
            value = getattr(value, name) if value is not None else None
        values.append(value)
    return tuple(values)
