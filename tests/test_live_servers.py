"""The floor, live, across two app servers: a change made on server A reaches a viewer whose
event stream is open on server B, through Redis pub/sub, within a second.

Two ``gunicorn -k uvicorn_worker.UvicornWorker hlderp.asgi:application`` processes (the
deployment of docs/deployment.md) run with the production settings over the test's PostgreSQL
database and a redis-server of the test's own (tests/servers.py). Needs PostgreSQL and
redis-server; skipped otherwise, saying which is missing.
"""

import http.client
import json
import os
import secrets
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from consultations.services import floor as services
from tests.consultations.speakers_helpers import at, inscribe, state
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    ProcessFactory,
    SecretariatUserFactory,
    SpeakersListFactory,
)
from tests.servers import (
    ASGI,
    REDIS_SERVER,
    Browser,
    csrf_token,
    database_url,
    gunicorn_start,
    production_env,
    redis_server_start,
    settings_module,
    wait_until_answering,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def redis_server(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): two servers cannot share the "
            f"test run's {connection.vendor} database"
        )
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"needs {REDIS_SERVER} (Debian: apt-get install redis-server)")
    server = redis_server_start(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def sitting(transactional_db):
    """A plenary in session (Belgium speaking, Mexico and Ghana waiting) and an officer whose
    password the servers' hasher reads."""
    process = ProcessFactory(slug="two-servers", title="Dialogue on two servers")
    speakers_list = SpeakersListFactory(
        meeting=MeetingFactory(process=process, slug="plenary-two-servers")
    )
    officer = SecretariatUserFactory(email="officer@secretariat.example")
    hasher = PBKDF2PasswordHasher()
    officer.password = hasher.encode(PASSWORD, hasher.salt())
    officer.save(update_fields=["password"])
    for day, name in enumerate(("Belgium", "Mexico", "Ghana"), start=2):
        inscribe(officer, speakers_list, state(name), at(day))
    services.floor_call_next(actor=officer, speakers_list=speakers_list)
    services.floor_start(actor=officer, speakers_list=speakers_list)
    return {"list": speakers_list, "officer": officer}


@pytest.fixture
def servers(redis_server, sitting, tmp_path):
    settings_dir = settings_module(
        tmp_path / "settings",
        "live_settings",
        "STORAGES['staticfiles'] = {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}",
    )
    env = production_env(
        tmp_path,
        settings_dir=settings_dir,
        settings="live_settings",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis_server.url,
        LIVE_CHANNEL=f"hlderp-test-{secrets.token_hex(6)}:floor",
    )
    running = [gunicorn_start(env, tmp_path / f"server-{n}.log", app=ASGI) for n in "AB"]
    try:
        wait_until_answering(running)
        yield running
    finally:
        for server in running:
            server.stop(timeout=5)


class EventStream:
    """A viewer's event stream on one server, read event by event."""

    def __init__(self, port: int, path: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        self.response = self.conn.getresponse()
        self.buffer = b""

    def next_event(self) -> dict:
        while True:
            if b"\n\n" in self.buffer:
                frame, self.buffer = self.buffer.split(b"\n\n", 1)
                fields = dict(
                    line.split(": ", 1) for line in frame.decode().split("\n") if ": " in line
                )
                if fields.get("event") == "floor":
                    return json.loads(fields["data"])
                continue
            chunk = self.response.read1(65536)
            if not chunk:
                raise AssertionError("the event stream ended")
            self.buffer += chunk

    def close(self) -> None:
        self.conn.close()


def test_a_change_on_server_a_reaches_a_viewer_on_server_b(servers, sitting):
    a, b = servers
    speakers_list = sitting["list"]
    viewer = EventStream(b.port, "/meetings/plenary-two-servers/floor/events/?lang=en")
    try:
        assert viewer.response.status == 200, b.output()
        assert viewer.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        first = viewer.next_event()
        assert (first["current"]["stakeholder"], first["version"]) == ("Belgium", 2)

        officer = Browser()
        officer.log_in(a.port, sitting["officer"].email)
        desk = f"/secretariat/floor/{speakers_list.pk}/"
        status, _, page = officer.get(a.port, desk)
        assert status == 200, page[-500:]
        sent = time.monotonic()
        status, headers, _ = officer.post(
            a.port, desk + "next/", {"csrfmiddlewaretoken": csrf_token(page)}
        )
        assert (status, headers.get("Location")) == (302, desk)
        changed = viewer.next_event()
        delay = time.monotonic() - sent
    finally:
        viewer.close()

    assert (changed["current"]["stakeholder"], changed["version"]) == ("Mexico", 3)
    assert [entry["stakeholder"] for entry in changed["next"]] == ["Ghana"]
    assert delay < 1.0, f"{delay:.3f} s from the request on A to the event on B"
