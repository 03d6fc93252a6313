"""Health endpoints for the load balancer, the release steps and monitoring.

- ``/health/live/`` (liveness): the process answers HTTP. It asks nothing of the database, the
  cache or the files: a server whose database is down is still alive, and restarting it would
  not help.
- ``/health/ready/`` (readiness): the server can serve traffic. django-health-check runs each
  part's probe (the database: ``SELECT 1``; the cache, when it is Redis: ``PING``; the file
  storage, disk or S3: a small file written, read and deleted) and answers
  ``200`` when all pass, ``503`` otherwise, one line per part (``Database(alias='default'):
  Unavailable: ...``) so that whoever reads it sees which part is down. No migration check runs
  here: it would read the migration history at every poll.

Both answer ``text/plain`` (``?format=json`` for JSON), are never cached (``Cache-Control:
no-cache, no-store...``), and touch no session, set no CSRF cookie, and are not counted by the
login lockout: a balancer polling every few seconds leaves nothing behind.
"""

import uuid

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from health_check.checks import Storage
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


@never_cache
def live(request):
    """The process answers: nothing else is asked."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


class FileStorage(Storage):
    """The default storage (S3 when ``AWS_STORAGE_BUCKET_NAME`` is set, else ``MEDIA_ROOT``),
    its probe file at the top, where deleting it leaves no empty folder behind."""

    def get_file_name(self):
        return f"health-check-{uuid.uuid4().hex}.txt"


def _cache_client() -> RedisClient:
    """A client of its own for the cache's Redis, with the cache's timeouts; the check closes
    it after each probe (the cache's own pool would be made anew at each asynchronous request
    and left open until collected)."""
    cache = settings.CACHES["default"]
    return RedisClient.from_url(cache["LOCATION"], **cache.get("OPTIONS", {}))


class Cache(Redis):
    """PING to the cache's Redis. Named without its address: the page is public."""

    def __repr__(self):
        return "Cache(redis)"


def readiness_checks() -> list:
    """What a server needs to serve traffic, as django-health-check checks."""
    checks = ["health_check.checks.Database"]
    if settings.CACHES["default"]["BACKEND"] == REDIS_BACKEND:
        # The cache is an accelerator (hlderp/public_cache.py): pages are served without it.
        # It is named here so that an operator sees it down, as the balancer does.
        checks.append((Cache, {"client_factory": _cache_client}))
    checks.append(FileStorage)
    # The job queue: hlderp has none yet (mail is sent in the request, on commit). When one is
    # added, its check goes here, e.g. "health_check.contrib.celery.Ping" for Celery.
    return checks


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering 503 rather than 500 when a part is down (the
    server is fine; what it needs is not), and plain text where it would render HTML (its
    page has an inline style that the site's CSP refuses)."""

    @property
    def checks(self):
        return readiness_checks()

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response

    def render_to_response(self, context, **response_kwargs):
        return self.render_to_response_text(response_kwargs.get("status", 200))
