"""The health endpoints (hlderp/health.py): liveness asks nothing; readiness asks the database,
the cache when it is Redis, and the file storage, answers 503 naming the part that is down, and
is cheap enough to poll every few seconds. Neither is cached, opens a session, sets a cookie,
or is counted by the login lockout. (The database down: tests/test_database_outage.py.)"""

import time

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hlderp import public_cache
from tests.servers import free_port
from tests.test_public_cache_outage import redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_liveness_answers_without_asking_anything(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/health/live/")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert len(queries) == 0
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}


def test_readiness_checks_the_database_and_the_storage_and_leaves_nothing_behind(client, _media):
    response = client.get("/health/ready/")

    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "Database(alias='default'): OK",
        "FileStorage(alias='default'): OK",
    ]
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert list(_media.iterdir()) == []  # the probe file is gone, and no folder is left
    assert (Session.objects.count(), AccessAttempt.objects.count(), AccessLog.objects.count()) == (
        0,
        0,
        0,
    )


def test_readiness_answers_json_on_request(client):
    response = client.get("/health/ready/?format=json")

    assert response.json() == {
        "Database(alias='default')": "OK",
        "FileStorage(alias='default')": "OK",
    }


def test_readiness_names_the_cache_when_redis_does_not_answer(client, settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    try:
        response = client.get("/health/ready/")
    finally:
        public_cache.cache.reset()

    assert response.status_code == 503
    assert response.content.decode().splitlines() == [
        "Database(alias='default'): OK",
        "Cache(redis): Unavailable: Unable to connect to Redis: Connection Error",
        "FileStorage(alias='default'): OK",
    ]


def test_readiness_is_cheap_enough_to_poll_every_few_seconds(client):
    client.get("/health/ready/")  # imports and first connections out of the way
    started = time.perf_counter()
    for _ in range(10):
        assert client.get("/health/ready/").status_code == 200
    each = (time.perf_counter() - started) / 10

    assert each < 0.25, f"{each * 1000:.0f} ms per readiness check"
