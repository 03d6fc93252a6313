"""Whole-page caching of the public pages, invalidated whenever the data behind them changes.

A public page (programme, meeting, statements, positions, summary, registry, their feeds) is
the same for every anonymous reader in a language, so its rendered response is kept in the
default cache (Redis when ``REDIS_URL`` is set: shared by every app server) under its language,
address and the query parameters it reads, with the *generation* it was rendered in. Any write
to a table of ``registry`` or ``consultations`` (through the ORM, a bulk operation, the admin or
raw SQL: every query is seen) moves the generation on, so the next reader finds the page out of
date and renders it afresh.
The generation moves at the write (so the writer sees its own change) and again when its
transaction commits (so a reader who rendered between the two, from data not yet committed,
cannot have left an old page marked with the new one).

Time changes a page too: a published statement under "check against delivery" embargo becomes
public at its ``embargo_until`` with no write. Each generation therefore records the next such
moment, and the first request after it moves the generation on. That moment comes from the
function named by ``PUBLIC_PAGE_CACHE_VALID_UNTIL`` (a dotted path; it returns an aware datetime,
or None for never), so that this module imports no app. Labels that depend only on the clock
(such as "today") may lag by ``PUBLIC_PAGE_CACHE_SECONDS``, the life of a cached page.

``PublicPageCacheMiddleware`` answers from the cache, before the session, CSRF, locale and
message middleware run, and keeps the pages of the views marked ``public_page`` as the rest of
the middleware left them (security headers included). The project marks them where it wires the
URLs (hlderp/urls.py): ``public_pages`` includes an app's urlconf that holds only public pages.
Only requests without a session or messages cookie are served from or stored in the cache, and
only GET/HEAD responses with status 200 that set no cookie and use no CSRF token; a signed-in
delegate or a member of the Secretariat always gets a freshly rendered page.

A page's view declares the query parameters it reads (``cache_query_params`` on its class, or
else its filterset's filters and, when it paginates, ``page``); any other parameter is dropped
from the request before the view runs, and the key holds the declared ones only, sorted. So
``?zz=1`` .. ``?zz=100`` make one entry, not a hundred, and what is kept is exactly what its key
names (even the links a page writes from its own address). A view that declares none is one
page whatever its query string. A response larger than ``PUBLIC_PAGE_CACHE_MAX_BYTES`` is not
kept, nor is a streaming one (the CSV exports, which are downloads of any size).

``PUBLIC_PAGE_CACHE_SECONDS`` (0 turns caching off) defaults to 60 where the cache is shared by
every process that writes (Redis, or the single test process) and to 0 otherwise: with several
processes each keeping its own cache (app servers, or `make run` beside `manage.py shell`), a
write in one could not reach the others.

The cache is an accelerator, not a dependency. Every call this module makes goes through
``StepAsideCache`` (``cache`` below), the one place that decides what an unreachable cache means:
the call answers "nothing found" (or "nothing kept"), the middleware then lets the page be
rendered as if no cache existed, a warning is logged at most once a minute per process, and the
cache is left alone for a few seconds before it is tried again (short socket timeouts in
``CACHES``, ``REDIS_SOCKET_TIMEOUT``, bound what one try costs). Sessions and login lockouts live
in the database, so signing in never depends on the cache.

When a process reaches the cache again after a failure, it first moves the generation on:
a generation seen before an outage is not trusted after it. The writes made during the outage
are why. A write on any server moves the generation in the cache; while the cache is
unreachable that move is lost. If Redis restarted, it is empty and the next reader starts a
generation from the clock, above every earlier one: nothing old can be served. If Redis only
stopped answering (a network cut, a paused or overloaded server), it still holds the pages of
before, under a generation that no lost write moved. Every server that wrote during the outage
saw its move fail, so it is a server that saw a failure, and every such server moves the
generation on at its first successful call: the first of them back starts a generation newer
than every page kept before the outage, before it reads anything. (A server cut off alone,
whose write was lost while the others kept caching, moves the generation on when it reaches the
cache again; were it stopped before that, the pages the others kept before its write would
still expire ``PUBLIC_PAGE_CACHE_SECONDS`` after they were kept: that, a minute by default, is
the longest a change can stay unseen.) Meanwhile no server keeps a page while it cannot reach
the cache, and every page it serves is rendered from the database: current.
"""

import functools
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import QueryDict
from django.urls import Resolver404, URLPattern, include, resolve
from django.utils.module_loading import import_string

from hlderp.cache_step_aside import GENERATION_KEY, StepAsideCache
from hlderp.language import LANGUAGE_QUERY_PARAMETER, request_language

# SQL that changes a table of the apps whose data the public pages show (the user accounts,
# written at every sign-in, are shown on no public page).
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_CONTENT_TABLE = re.compile(r"""["`\s](registry|consultations)_(?!(historical)?user\b|user_)\w""")
# The table a write changes (INSERT INTO t, UPDATE t, DELETE FROM t).
_TARGET_TABLE = re.compile(
    r"""^\s*(?:INSERT\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)""", re.IGNORECASE
)
# What a page's cache key was last found to show (its scopes), by key: known before the lookup,
# so that a hit is one round trip. Bounded; a wrong guess costs a second round trip.
_SHOWS_LEARNED: dict[str, tuple[str, ...]] = {}
_SHOWS_LEARNED_MAX = 20_000
_CACHED_METHODS = ("GET", "HEAD")
# A request that misses a page another request is rendering waits for it this long at most
# (checking every RENDER_POLL_SECONDS); a render that dies leaves its mark this long at most.
RENDER_WAIT_SECONDS = 3.0
RENDER_POLL_SECONDS = 0.02
RENDER_LOCK_SECONDS = 10

logger = logging.getLogger(__name__)

cache = StepAsideCache()


def enabled() -> bool:
    return settings.PUBLIC_PAGE_CACHE_SECONDS > 0


# --- The generation -----------------------------------------------------------------------------
def generation() -> int | None:
    """The current generation, starting one if the cache holds none (a new or flushed cache);
    None while the cache is unreachable."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh start must not meet pages left under a small number by an earlier start.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


@functools.cache
def _scopes():
    """The project's vocabulary of scopes (``PUBLIC_PAGE_CACHE_SCOPES``, a module: GLOBAL,
    REGISTRY, PROCESSES, DEFAULT_SHOWS, ``declared()``): named in the settings so that this
    module imports no app."""
    return import_module(settings.PUBLIC_PAGE_CACHE_SCOPES)


def _generation_key(scope: str) -> str:
    return GENERATION_KEY if scope == _scopes().GLOBAL else f"{GENERATION_KEY}:{scope}"


def generation_keys(shows: tuple[str, ...]) -> list[str]:
    """The cache keys of the generations of the scopes ``shows``, for a ``get_many``."""
    return [_generation_key(scope) for scope in shows]


def generations(shows: tuple[str, ...] | None = None, found: dict | None = None):
    """The current generations of the scopes ``shows`` (PUBLIC_PAGE_CACHE_SCOPES), as a tuple,
    starting those the cache holds none of; None while the cache is unreachable. ``found``:
    what a ``get_many`` of their keys already answered."""
    keys = generation_keys(shows or _scopes().DEFAULT_SHOWS)
    if found is None:
        found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, time.time_ns(), timeout=None)
            value = cache.get(key)
            if value is None:
                return None
        values.append(value)
    return tuple(values)


def _move_scopes(scopes, *, always: bool) -> None:
    if not enabled():
        return
    # ANY_PROCESS first: a render that reads a process's generation after its lookup is kept
    # only if ANY_PROCESS has not moved meanwhile (page_shows).
    any_process = _scopes().ANY_PROCESS
    if any(scope.startswith("process:") for scope in scopes):
        scopes = {any_process, *scopes}
    for scope in sorted(scopes, key=lambda scope: scope != any_process):
        key = _generation_key(scope)
        try:
            cache.incr(key, always=always)
        except ValueError:  # none yet: the first reader of a page showing it starts one
            cache.add(key, time.time_ns(), timeout=None)


class _ScopesChanged:
    """The on-commit move of the scopes a transaction's declared writes changed."""

    def __init__(self):
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        _move_scopes(self.scopes, always=True)


def public_pages_changed(**_kwargs) -> None:
    """Move the generation on: every public page is rendered afresh at its next request.

    Tried even within the pause after a cache failure: called once per transaction, on commit,
    it must reach the cache as soon as the cache answers, or the pages another server keeps
    meanwhile would miss the change. (The moves at each write statement respect the pause: a
    bulk write of a thousand rows must not wait a thousand socket timeouts.)"""
    _move_generation(always=True)


def _move_generation(*, always: bool) -> None:
    if not enabled():
        return
    try:
        cache.incr(GENERATION_KEY, always=always)
    except ValueError:  # no generation yet: the first reader starts one
        generation()


def _token(current) -> str:
    """A generation (an int) or the generations of a page's scopes (a tuple) in a key."""
    return "-".join(map(str, current)) if isinstance(current, tuple) else str(current)


def _valid_until_key(current) -> str:
    return f"public-pages:{_token(current)}:valid-until"


def _valid_until(current) -> float:
    """When the pages of generation ``current`` go out of date by the clock alone (a Unix time),
    or never (infinity): what ``PUBLIC_PAGE_CACHE_VALID_UNTIL`` answers, asked once per
    generation."""
    path = settings.PUBLIC_PAGE_CACHE_VALID_UNTIL
    next_change = import_string(path)() if path else None
    until = next_change.timestamp() if next_change else float("inf")
    cache.set(_valid_until_key(current), until, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return until


def _commit_pending(connection) -> bool:
    # Django keeps the callbacks of the open transaction as (savepoint ids, callable, robust) and
    # drops those of a savepoint rolled back: one callback per transaction is enough.
    return any(entry[1] is public_pages_changed for entry in connection.run_on_commit)


def _scopes_pending(connection) -> _ScopesChanged:
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _ScopesChanged):
            return entry[1]
    pending = _ScopesChanged()
    transaction.on_commit(pending, using=connection.alias)
    return pending


def _written_scopes(sql: str) -> frozenset[str]:
    """What a write changes: nothing for a table no page shows (UNSHOWN_TABLES), else what its
    service declared, else the registry for a write to registry tables only, else everything
    (GLOBAL); and the signed-in pages (SIGNED_IN) whatever was declared."""
    vocabulary = _scopes()
    target = _TARGET_TABLE.match(sql)
    if target is not None and target.group(1) in vocabulary.UNSHOWN_TABLES:
        return frozenset()
    scopes = vocabulary.declared()
    if scopes is None:
        apps = {match.group(1) for match in _CONTENT_TABLE.finditer(sql)}
        scopes = {vocabulary.REGISTRY} if apps == {"registry"} else {vocabulary.GLOBAL}
    return frozenset({*scopes, vocabulary.SIGNED_IN})


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _WRITE.match(sql) and _CONTENT_TABLE.search(sql):
        scopes = _written_scopes(sql)
        connection = context["connection"]
        if _scopes().GLOBAL in scopes:
            _move_generation(always=False)
            if not _commit_pending(connection):
                transaction.on_commit(public_pages_changed, using=connection.alias)
        elif scopes and enabled():
            _move_scopes(scopes, always=False)
            _scopes_pending(connection).scopes.update(scopes)
    return result


def _watch_connection(sender, connection, **kwargs) -> None:
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def watch_writes() -> None:
    """See every query of every database connection, those open now and those to come (called
    once, from the app's ``ready``)."""
    from django.db import connections

    connection_created.connect(_watch_connection, dispatch_uid="hlderp.public_cache")
    for connection in connections.all(initialized_only=True):
        _watch_connection(None, connection)


# --- The pages ----------------------------------------------------------------------------------
def _cacheable_request(request) -> bool:
    return (
        request.method in _CACHED_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        # A streaming response (the CSV exports) is a download of any size, read from the
        # database as it is sent: never kept, by intent, so it is never held whole anywhere.
        and not response.streaming
        and len(response.content) <= settings.PUBLIC_PAGE_CACHE_MAX_BYTES
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
    )


def _language(request) -> str:
    # What the locale middleware will choose (this project has no language prefix in its URLs;
    # ?lang= may ask for one, hlderp/language.py).
    return request_language(request)


def _query_params(view) -> tuple[str, ...]:
    """The query parameters a (class-based) view reads: its ``cache_query_params``, or else its
    filterset's filters and ``page`` when it paginates; none for any other view."""
    view_class = getattr(view, "view_class", None)
    declared = getattr(view_class, "cache_query_params", None)
    if declared is not None:
        return tuple(sorted(set(declared)))
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return ()
    names = set(filterset_class.base_filters)
    if getattr(view_class, "paginate_by", None):
        names.add("page")
    return tuple(sorted(names))


def _page_info(request) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The query parameters read by the public page at this address and the scopes it is
    marked as showing; None if no public page is there (only public pages are kept)."""
    return _resolved_page(settings.ROOT_URLCONF, request.path_info)


# The middleware runs before URL resolution, so it resolves the path itself: 0.1-0.2 ms, about a
# Redis round trip, so the answer is remembered per address (the URLs of a process do not
# change; the urlconf is part of the key for the tests that swap it).
@functools.lru_cache(maxsize=1024)
def _resolved_page(urlconf: str, path: str):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    names = getattr(match.func, "cache_query_params", None)
    if names is None:
        return None
    return names, getattr(match.func, "public_page_shows", None) or _scopes().DEFAULT_SHOWS


def _keep_only(request, names: tuple[str, ...]) -> None:
    """Drop from ``request`` the query parameters the page does not read and sort the others:
    every request of one key then renders the same page."""
    query = QueryDict(mutable=True)
    for name in names:
        values = request.GET.getlist(name)
        if values:
            query.setlist(name, values)
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _key(request, language: str) -> str:
    # The whole address, scheme and host included: the feeds hold absolute links, and a host
    # not in ALLOWED_HOSTS raises DisallowedHost here (a 400) as it would further down.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"public-pages:{language}:{address}"


def rendering_key(key: str, current) -> str:
    """The mark of a render of page ``key`` under way for generations ``current``."""
    return f"{key}:{_token(current)}:rendering"


def _valid_until_cached(current) -> float:
    until = cache.get(_valid_until_key(current))
    return _valid_until(current) if until is None else until


def _rendered_by_another(key: str, current):
    """The page another request is rendering for generation ``current``, once it is kept; None
    if it is not kept within RENDER_WAIT_SECONDS (or the other request ends without keeping
    it): render it then."""
    rendering = rendering_key(key, current)
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_POLL_SECONDS)
        found = cache.get_many([key, rendering])
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            return entry[2]
        if rendering not in found:
            return None
    return None


@dataclass
class _Plan:
    """What the page decorator asks the middleware to keep once the response is complete."""

    key: str
    generation: tuple
    valid_until: float
    rendering: str
    shows: tuple[str, ...]


class PublicPageCacheMiddleware:
    """Answer anonymous readers from the cache, and keep the public pages they are answered.

    Placed before the session, CSRF, locale and message middleware (after WhiteNoise): a hit
    costs one cache round trip and none of them, and a page is kept as the middleware below it
    left it, with its security headers. Only the views marked ``public_page`` are kept; the
    middleware serves nothing else, since nothing else is in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        info = _page_info(request)
        if info is None:
            return self.get_response(request)
        names, marked_shows = info
        # ?lang= is kept for the locale middleware below, and chooses the key's language.
        _keep_only(request, tuple(sorted({*names, LANGUAGE_QUERY_PARAMETER})))
        key = _key(request, _language(request))
        shows = _SHOWS_LEARNED.get(key, marked_shows)
        guard = _generation_key(_scopes().ANY_PROCESS)  # for page_shows
        found = cache.get_many([key, guard, *(_generation_key(scope) for scope in shows)])
        current = generations(shows, found)
        entry = found.get(key)
        if current is not None and entry is not None and entry[3] != shows:
            shows = _learn(key, entry[3])  # another process rendered it: it shows other scopes
            current = generations(shows)
        if current is None:  # the cache is unreachable: render the page without it
            return self.get_response(request)
        if entry is not None and entry[0] == current:
            if time.time() < entry[1]:
                if getattr(settings, "PUBLIC_PAGE_CACHE_HIT_HEADER", False):  # bench.settings
                    entry[2]["X-Page-Cache"] = "hit"
                return entry[2]
            public_pages_changed()  # an embargo has lifted since the page was kept
            current = generations(shows)
            if current is None:
                return self.get_response(request)
        request.public_page_cache = (key, current, shows)
        request.public_page_guard = found.get(guard)
        request.public_page_declare = functools.partial(page_shows, request)
        response = self.get_response(request)
        plan = getattr(request, "public_page_plan", None)
        if plan is not None:
            try:
                if _cacheable_response(request, response):
                    cache.set(plan.key, _entry(request, plan, response), timeout=_seconds())
            finally:
                cache.delete(plan.rendering)
        return response


def _seconds() -> int:
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def forget_learned_scopes() -> None:
    """Forget what was learned of the scopes each page shows (a test's data is rolled back)."""
    _SHOWS_LEARNED.clear()


def _learn(key: str, shows: tuple[str, ...]) -> tuple[str, ...]:
    if len(_SHOWS_LEARNED) >= _SHOWS_LEARNED_MAX:
        _SHOWS_LEARNED.clear()
    _SHOWS_LEARNED[key] = shows
    return shows


def page_shows(request, shows: tuple[str, ...]) -> None:
    """The page answering ``request`` shows the scopes ``shows`` (PUBLIC_PAGE_CACHE_SCOPES), said
    by its view before it reads them (through ``request.public_page_declare``). When the lookup
    read other scopes (the first render of a page in this process), the generations of
    ``shows`` are read now, and kept only if no declared write to any process
    (``ANY_PROCESS``, moved before each process's) moved since the lookup: then none moved the
    page's process either, and the page is as current as its lookup's generations."""
    request.public_page_shows = shows
    looked_up = getattr(request, "public_page_cache", None)
    if looked_up is None or looked_up[2] == shows:
        return
    _key, current, lookup_shows = looked_up
    read = dict(zip(lookup_shows, current, strict=True))
    unread = [scope for scope in shows if scope not in read]
    found = None
    if all(scope.startswith("process:") for scope in unread) and generations(tuple(unread)):
        keys = [_generation_key(scope) for scope in (_scopes().ANY_PROCESS, *unread)]
        now = cache.get_many(keys)  # at once: the guard and the process's generation
        values = [now.get(key) for key in keys]
        if values[0] == getattr(request, "public_page_guard", None) and None not in values[1:]:
            read.update(zip(unread, values[1:], strict=True))
            found = tuple(read[scope] for scope in shows)
    request.public_page_generation = found


def _entry(request, plan: _Plan, response) -> tuple:
    """What is kept of a page: the generations it was rendered in, when the clock alone puts it
    out of date, the response and the scopes it shows (those its view said, ``page_shows``,
    with the generations read then; None when they could not be trusted, to be rendered again)."""
    shows = getattr(request, "public_page_shows", plan.shows)
    if shows != plan.shows:
        _learn(plan.key, shows)
        generation = getattr(request, "public_page_generation", None)
        return (generation, plan.valid_until, response, shows)
    return (plan.generation, plan.valid_until, response, shows)


def public_page(view):
    """Mark ``view`` as a public page, the same for every anonymous reader in a language: the
    middleware keeps it (see the module's docstring). When another request is rendering the
    same page for the same generation, wait for its result rather than render it too."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        looked_up = getattr(request, "public_page_cache", None)
        if looked_up is None or request.method != "GET":
            return view(request, *args, **kwargs)
        key, current, shows = looked_up
        rendering = rendering_key(key, current)
        if not cache.add(rendering, True, timeout=RENDER_LOCK_SECONDS):
            response = _rendered_by_another(key, current)
            if response is not None:
                return response
        try:
            until = _valid_until_cached(current)
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(rendering)
            raise
        request.public_page_plan = _Plan(key, current, until, rendering, shows)
        return response

    # What the middleware keys the page on, found once here rather than at every request.
    cached_view.cache_query_params = _query_params(view)
    return cached_view


def public_pages(urlconf, *, shows: tuple[str, ...] | None = None):
    """``include(urlconf)`` for a urlconf that holds only public pages: each of its views is
    marked ``public_page``, and its names, namespace and addresses stay as they are.

    ``shows``: the scopes its pages show (``PUBLIC_PAGE_CACHE_SCOPES``); every process by
    default.
    Takes what ``include`` takes (a dotted module path, a module or a list of patterns). Raises
    ImproperlyConfigured on a nested ``include``: what is cached must be listed in the urlconf
    itself, where its reader sees it.
    """
    module, app_name, namespace = include(urlconf)
    marked = []
    for pattern in getattr(module, "urlpatterns", module):
        if not isinstance(pattern, URLPattern):
            raise ImproperlyConfigured(
                f"public_pages({urlconf!r}) takes only pages, not the include {pattern!r}."
            )
        view = public_page(pattern.callback)
        view.public_page_shows = shows
        marked.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return marked, app_name, namespace


@checks.register
def check_middleware(app_configs=None, **kwargs):
    """The page decorator relies on the middleware to keep pages."""
    name = "hlderp.public_cache.PublicPageCacheMiddleware"
    if name in settings.MIDDLEWARE:
        return []
    return [
        checks.Warning(f"{name} is not in MIDDLEWARE: no public page is cached.", id="hlderp.W001")
    ]


@checks.register
def check_valid_until(app_configs=None, **kwargs):
    """A wrong dotted path would otherwise fail only at the first public page served."""
    path = settings.PUBLIC_PAGE_CACHE_VALID_UNTIL
    try:
        if path:
            import_string(path)
    except ImportError as error:
        return [checks.Error(f"PUBLIC_PAGE_CACHE_VALID_UNTIL: {error}", id="hlderp.E001")]
    return []
