"""The page cache steps aside when Redis is unreachable (hlderp/public_cache.py): pages are
rendered without it, signing in works, one warning is logged, and after the outage no page
kept from before it is served.

The Redis here is a real one: a port where nothing listens (refused), and a redis-server of the
test's own (tests/servers.py) paused with SIGSTOP, as a Redis cut off by the network is: it keeps
its pages, and the client times out.
"""

import logging
import os
import signal
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from consultations.models import Statement
from hlderp import public_cache
from tests.factories import PASSWORD, MeetingFactory, StatementFactory
from tests.servers import REDIS_SERVER, free_port, redis_server_start

pytestmark = pytest.mark.django_db


def redis_cache(url: str) -> dict:
    """The production CACHES for a Redis at ``url``."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture(autouse=True)
def _forget_failures():
    """The step-aside state is the process's: no test leaves it to the next."""
    public_cache.cache.reset()
    yield
    public_cache.cache.reset()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"needs {REDIS_SERVER} (Debian: apt-get install redis-server)")
    server = redis_server_start(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


def get(client, url="/statements/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def cache_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "hlderp.public_cache" and record.levelno == logging.WARNING
    ]


def test_sessions_and_lockouts_live_in_the_database_sessions_read_through_the_step_aside_cache():
    from hlderp.sessions import SessionStore

    assert django_settings.SESSION_ENGINE == "hlderp.sessions"
    assert SessionStore()._cache is public_cache.cache  # answers "nothing" when Redis is down
    assert django_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_with_redis_refusing_pages_render_sign_in_works_and_one_warning_is_logged(
    client, settings, caplog, monkeypatch, delegate_a
):
    from axes.models import AccessAttempt

    StatementFactory(meeting=MeetingFactory(), published=True, title="Remittances matter")
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    monkeypatch.setattr(public_cache.cache, "retry_seconds", 0)  # ask at every call
    caplog.set_level(logging.WARNING, logger="hlderp.public_cache")

    pages = [get(client) for _ in range(4)]
    home = client.get("/")
    wrong = client.post("/accounts/login/", {"username": "a@example.org", "password": "wrong"})
    failures_counted = AccessAttempt.objects.filter(username="a@example.org").count()
    right = client.post("/accounts/login/", {"username": "a@example.org", "password": PASSWORD})
    portal = client.get("/delegate/")

    assert all("Remittances matter" in page for page, _ in pages)
    assert all(queries > 0 for _, queries in pages), "a page was served from a dead cache"
    assert home.status_code == 200
    assert wrong.status_code == 200  # the form again, with its error
    assert failures_counted == 1  # the lockout counts, in the database
    assert (right.status_code, right["Location"]) == (302, "/accounts/landing/")
    assert portal.status_code == 200
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("The cache is unreachable (ConnectionError: ")


def test_after_redis_answers_again_no_page_kept_before_the_outage_is_served(
    client, settings, caplog, monkeypatch, redis_server
):
    statement = StatementFactory(meeting=MeetingFactory(), published=True, title="First title")
    settings.CACHES = redis_cache(redis_server.url)
    monkeypatch.setattr(public_cache.cache, "retry_seconds", 0)
    assert "First title" in get(client)[0]
    assert get(client)[1] == 0, "the page is not served from Redis"

    # Redis stops answering but keeps what it holds; a write during that time cannot move the
    # generation, and the page is rendered from the database meanwhile.
    os.kill(redis_server.process.pid, signal.SIGSTOP)
    try:
        Statement.objects.filter(pk=statement.pk).update(title="Second title")
        during, during_queries = get(client)
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)
    after, after_queries = get(client)
    again, again_queries = get(client)

    assert "Second title" in during and during_queries > 0
    assert "Second title" in after and "First title" not in after
    assert after_queries > 0
    assert (again, again_queries) == (after, 0), "the cache is not used again after the outage"
    assert [w.split(" (")[0] for w in cache_warnings(caplog)] == [
        "The cache is unreachable",
        "The cache answers again: public pages are cached again.",
    ]


def test_after_a_failure_the_cache_is_left_alone_until_the_retry_time(client, settings, caplog):
    StatementFactory(meeting=MeetingFactory(), published=True, title="Remittances matter")
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")

    get(client)

    assert public_cache.cache.available() is False
    assert public_cache.cache.get(public_cache.GENERATION_KEY, "not asked") == "not asked"
    public_cache.cache.asleep_until = 0  # the retry time has come
    assert public_cache.cache.available() is True


def test_a_write_within_the_pause_reaches_the_cache_as_soon_as_it_answers(settings):
    first = public_cache.generation()
    working = settings.CACHES
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    assert public_cache.generation() is None  # unreachable: the pause starts
    settings.CACHES = working  # the same cache answers again, holding what it held

    public_cache.public_pages_changed()

    assert public_cache.cache.available() is False  # reads still wait for the retry time
    # The generation moved twice: once as the cache is seen again, once for the write.
    assert public_cache.generation() is None
    public_cache.cache.asleep_until = 0
    assert public_cache.generation() == first + 2


def test_a_bulk_write_during_the_outage_waits_for_one_timeout_not_one_per_row(
    settings, redis_server
):
    meeting = MeetingFactory()
    statements = [StatementFactory(meeting=meeting, published=True) for _ in range(12)]
    settings.CACHES = redis_cache(redis_server.url)  # timeouts of 0.25 s
    os.kill(redis_server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with transaction.atomic():
            for number, statement in enumerate(statements):
                Statement.objects.filter(pk=statement.pk).update(title=f"Renamed {number}")
        took = time.monotonic() - started
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)

    # The first write waits for one timeout and starts the pause; the other eleven skip the
    # cache; the commit tries once more (another timeout): twelve timeouts would be 3 s.
    assert took < 1.5, f"{took:.2f} s"
    assert public_cache.cache.available() is False
