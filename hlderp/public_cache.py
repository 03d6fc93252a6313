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

import contextlib
import functools
import hashlib
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import cache as _django_cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import QueryDict
from django.urls import Resolver404, URLPattern, include, resolve
from django.utils.module_loading import import_string

from hlderp.language import LANGUAGE_QUERY_PARAMETER, request_language

GENERATION_KEY = "public-pages:generation"
# SQL that changes a table of the apps whose data the public pages show (the user accounts,
# written at every sign-in, are shown on no public page).
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_CONTENT_TABLE = re.compile(r"""["`\s](registry|consultations)_(?!(historical)?user\b|user_)\w""")
_CACHED_METHODS = ("GET", "HEAD")
# A request that misses a page another request is rendering waits for it this long at most
# (checking every RENDER_POLL_SECONDS); a render that dies leaves its mark this long at most.
RENDER_WAIT_SECONDS = 3.0
RENDER_POLL_SECONDS = 0.02
RENDER_LOCK_SECONDS = 10

logger = logging.getLogger(__name__)

try:  # what the Redis client raises when Redis does not answer, or refuses to
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover (redis is a dependency; a locmem cache never fails)
    _RedisError = OSError
CACHE_ERRORS = (_RedisError, OSError)


# --- The cache, stepping aside when it is unreachable ------------------------------------------
class StepAsideCache:
    """The default cache as this module uses it: an accelerator, never a dependency.

    A call that fails because the cache is unreachable (refused, timed out, out of memory)
    answers a harmless default instead of raising: nothing found, nothing kept, "the mark is
    yours" for ``add``. After a failure the cache is not asked at all for ``retry_seconds``
    (``PUBLIC_PAGE_CACHE_RETRY_SECONDS`` unless set), since a Redis that does not answer would
    otherwise cost its socket timeout at every call; the first call after that tries it again
    (a transaction's commit tries at once: ``public_pages_changed``). A warning is logged at
    most once per ``warn_seconds``.

    The first call that succeeds after a failure first starts a new generation (see the
    module's docstring), so that no page kept from before the outage is served after it.
    """

    def __init__(self, retry_seconds: float | None = None, warn_seconds: float = 60.0):
        self.retry_seconds = retry_seconds  # None: PUBLIC_PAGE_CACHE_RETRY_SECONDS
        self.warn_seconds = warn_seconds
        self.failed = False
        self.asleep_until = 0.0
        self.warned_at: float | None = None

    def reset(self) -> None:
        """Forget any failure (for the tests)."""
        self.failed = False
        self.asleep_until = 0.0
        self.warned_at = None

    def available(self) -> bool:
        """Whether the cache may be asked now (not within ``retry_seconds`` of a failure)."""
        return time.monotonic() >= self.asleep_until

    def _call(self, default, method: str, *args, always: bool = False, **kwargs):
        if not always and not self.available():
            return default
        try:
            if self.failed:
                _new_generation()
                self.failed = False
                logger.warning("The cache answers again: public pages are cached again.")
            return getattr(_django_cache, method)(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._failure(error)
            return default

    def _failure(self, error: BaseException) -> None:
        now = time.monotonic()
        retry = self.retry_seconds
        if retry is None:
            retry = settings.PUBLIC_PAGE_CACHE_RETRY_SECONDS
        self.failed = True
        self.asleep_until = now + retry
        if self.warned_at is None or now - self.warned_at >= self.warn_seconds:
            self.warned_at = now
            logger.warning(
                "The cache is unreachable (%s: %s): public pages are rendered without it, "
                "and it is tried again every %g s.",
                type(error).__name__,
                error,
                retry,
            )

    def get(self, key, default=None):
        return self._call(default, "get", key, default)

    def get_many(self, keys) -> dict:
        return self._call({}, "get_many", keys)

    def add(self, key, value, timeout) -> bool:
        return self._call(True, "add", key, value, timeout=timeout)

    def set(self, key, value, timeout) -> None:
        self._call(None, "set", key, value, timeout=timeout)

    def delete(self, key) -> None:
        self._call(None, "delete", key)

    def incr(self, key, *, always: bool = False):
        """Raises ValueError when ``key`` is missing, as Django's cache does. With ``always``,
        tried even within ``retry_seconds`` of a failure."""
        return self._call(None, "incr", key, always=always)


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


def _new_generation() -> None:
    """Move the generation on, on the cache itself (raising what it raises): a generation seen
    before an outage is not trusted after it."""
    # Missing (Redis restarted empty): the next reader starts one from the clock.
    with contextlib.suppress(ValueError):
        _django_cache.incr(GENERATION_KEY)


def _valid_until_key(current: int) -> str:
    return f"public-pages:{current}:valid-until"


def _valid_until(current: int) -> float:
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


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _WRITE.match(sql) and _CONTENT_TABLE.search(sql):
        _move_generation(always=False)
        connection = context["connection"]
        if not _commit_pending(connection):
            transaction.on_commit(public_pages_changed, using=connection.alias)
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


def _page_query_params(request) -> tuple[str, ...] | None:
    """The query parameters read by the public page at this address; None if no public page is
    there (nothing to look up: only public pages are kept)."""
    return _resolved_query_params(settings.ROOT_URLCONF, request.path_info)


# The middleware runs before URL resolution, so it resolves the path itself: 0.1-0.2 ms, about a
# Redis round trip, so the answer is remembered per address (the URLs of a process do not
# change; the urlconf is part of the key for the tests that swap it).
@functools.lru_cache(maxsize=1024)
def _resolved_query_params(urlconf: str, path: str) -> tuple[str, ...] | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "cache_query_params", None)


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


def rendering_key(key: str, current: int) -> str:
    """The mark of a render of page ``key`` under way for generation ``current``."""
    return f"{key}:{current}:rendering"


def _valid_until_cached(current: int) -> float:
    until = cache.get(_valid_until_key(current))
    return _valid_until(current) if until is None else until


def _rendered_by_another(key: str, current: int):
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
    generation: int
    valid_until: float
    rendering: str


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
        names = _page_query_params(request)
        if names is None:
            return self.get_response(request)
        # ?lang= is kept for the locale middleware below, and chooses the key's language.
        _keep_only(request, tuple(sorted({*names, LANGUAGE_QUERY_PARAMETER})))
        key = _key(request, _language(request))
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
        if current is None:  # the cache is unreachable: render the page without it
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            if time.time() < entry[1]:
                return entry[2]
            public_pages_changed()  # an embargo has lifted since the page was kept
            current = generation()
            if current is None:
                return self.get_response(request)
        request.public_page_cache = (key, current)
        response = self.get_response(request)
        plan = getattr(request, "public_page_plan", None)
        if plan is not None:
            try:
                if _cacheable_response(request, response):
                    entry = (plan.generation, plan.valid_until, response)
                    cache.set(plan.key, entry, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
            finally:
                cache.delete(plan.rendering)
        return response


def public_page(view):
    """Mark ``view`` as a public page, the same for every anonymous reader in a language: the
    middleware keeps it (see the module's docstring). When another request is rendering the
    same page for the same generation, wait for its result rather than render it too."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        looked_up = getattr(request, "public_page_cache", None)
        if looked_up is None or request.method != "GET":
            return view(request, *args, **kwargs)
        key, current = looked_up
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
        request.public_page_plan = _Plan(key, current, until, rendering)
        return response

    # What the middleware keys the page on, found once here rather than at every request.
    cached_view.cache_query_params = _query_params(view)
    return cached_view


def public_pages(urlconf):
    """``include(urlconf)`` for a urlconf that holds only public pages: each of its views is
    marked ``public_page``, and its names, namespace and addresses stay as they are.

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
