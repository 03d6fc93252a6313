"""The default cache as the page cache (hlderp/public_cache.py) uses it: an accelerator, never a
dependency. See that module's docstring for what an unreachable cache means."""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache as _django_cache

GENERATION_KEY = "public-pages:generation"
logger = logging.getLogger("hlderp.public_cache")

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

    def __contains__(self, key) -> bool:
        return bool(self._call(False, "has_key", key))

    def incr(self, key, *, always: bool = False):
        """Raises ValueError when ``key`` is missing, as Django's cache does. With ``always``,
        tried even within ``retry_seconds`` of a failure."""
        return self._call(None, "incr", key, always=always)


def _new_generation() -> None:
    """Move the generation on, on the cache itself (raising what it raises): a generation seen
    before an outage is not trusted after it."""
    # Missing (Redis restarted empty): the next reader starts one from the clock.
    with contextlib.suppress(ValueError):
        _django_cache.incr(GENERATION_KEY)
