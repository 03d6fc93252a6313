"""The faults a deployment meets, on the app as deployed: gunicorn with the production settings
(``DEBUG=0``) over the test's PostgreSQL database and a redis-server of the test's own
(tests/servers.py), both started by the test.

- Redis stopped during a run of requests (killed: a crash): every public page, the sign-in and a
  delegate's statement submission still succeed, readiness answers 503 naming the cache, one
  warning is logged; Redis started again: a change made on server A shows at once on server B,
  both caching again.
- PostgreSQL stopped and restarted: cached public pages 200, other pages 503 with Retry-After,
  readiness 503 naming the database, a posted form 503 saying it was not saved; after the
  restart everything answers 200 from the same gunicorn, never restarted.

PostgreSQL is "stopped" by cutting a small TCP proxy that stands between gunicorn and the shared
cluster on 127.0.0.1:5432 (which other tests use, so it is never stopped itself): cut, it
refuses new connections and closes the open ones, as a stopped server does; restored, it
listens again on the same port. A private cluster (initdb, pg_ctl) starts in a few seconds but
would then need the schema: migrating a new database takes a minute and more on this machine,
against none for the proxy, which reuses the test run's migrated database.

Needs PostgreSQL (DATABASE_URL=postgres://...) and redis-server; skipped otherwise, saying
which is missing.
"""

import contextlib
import os
import re
import selectors
import socket
import threading
import time

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.services.statements import (
    statement_create,
    statement_publish,
    statement_submit,
)
from registry.roles import DELEGATE
from tests.factories import (
    PASSWORD,
    DelegationFactory,
    FocalPointFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    SecretariatUserFactory,
)
from tests.servers import (
    REDIS_SERVER,
    Browser,
    csrf_token,
    database_url,
    free_port,
    gunicorn_start,
    production_env,
    redis_server_start,
    settings_module,
    text,
    wait_until_answering,
)

pytestmark = pytest.mark.postgres

# Public pages, each read by an anonymous reader.
PUBLIC_PAGES = [
    "/",
    "/programme/",
    "/programme.ics",
    "/programme.json",
    "/meetings/plenary-under-fault/",
    "/statements/",
    "/positions/",
    "/summary/",
    "/summary/participants/",
    "/registry/",
]
CACHE_DOWN = "Cache(redis): Unavailable: Unable to connect to Redis: Connection Error"


def _needs_postgresql_and_redis_server() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): the servers share the test "
            f"run's database, not {connection.vendor}'s"
        )
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"needs {REDIS_SERVER} (Debian: apt-get install redis-server)")


@pytest.fixture
def redis_server(tmp_path):
    _needs_postgresql_and_redis_server()
    server = redis_server_start(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def consultation(transactional_db):
    """A process with a meeting, a published statement, a Member State's delegate with a draft
    and a Secretariat officer, their passwords hashed as the servers' hashers read them."""
    process = ProcessFactory(title="Dialogue under fault", is_current=True)
    meeting = MeetingFactory(
        process=process, title="Plenary under fault", slug="plenary-under-fault"
    )
    state = MemberStateFactory(name="Republic of Faultland", slug="faultland", iso3="UFL")
    DelegationFactory(process=process, stakeholder=state)
    delegate = FocalPointFactory(
        stakeholder=state, user__email="delegate@faultland.example", user__role=DELEGATE
    ).user
    officer = SecretariatUserFactory(email="officer@secretariat.example")
    hasher = PBKDF2PasswordHasher()
    for user in (delegate, officer):
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])

    def statement(title: str):
        return statement_create(
            actor=delegate, stakeholder=state, meeting=meeting, title=title, language="en",
            text="Mr. President,\nWe support the Forum.",
        )  # fmt: skip

    published = statement("Faultland before the outage")
    statement_submit(actor=delegate, statement=published)
    statement_publish(actor=officer, statement=published)
    return {
        "meeting": meeting,
        "state": state,
        "published": published,
        "draft": statement("Faultland submits during the outage"),
        "officer": officer,
    }


def _servers(tmp_path, names: str, **env):
    settings_dir = settings_module(
        tmp_path / "settings",
        "fault_settings",
        "STORAGES['staticfiles'] = {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}",
    )
    environment = production_env(
        tmp_path, settings_dir=settings_dir, settings="fault_settings", **env
    )
    running = [gunicorn_start(environment, tmp_path / f"gunicorn-{name}.log") for name in names]
    try:
        wait_until_answering(running)
    except BaseException:
        for server in running:
            server.stop()
        raise
    return running


def status(browser: Browser, port: int, path: str) -> tuple[str, int]:
    return path, browser.get(port, path)[0]


def readiness(port: int) -> tuple[int, list[str]]:
    code, _, body = Browser().get(port, "/health/ready/")
    return code, body.splitlines()


# --- Redis ------------------------------------------------------------------------------------
def test_redis_stopped_during_a_run_of_requests_then_started_again(
    redis_server, consultation, tmp_path
):
    a, b = _servers(
        tmp_path,
        "AB",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis_server.url,
        PUBLIC_PAGE_CACHE_SECONDS="60",
        PUBLIC_PAGE_CACHE_RETRY_SECONDS="1",
    )
    try:
        public = Browser()
        warm = [status(public, server.port, page) for server in (a, b) for page in PUBLIC_PAGES]
        kept = redis.Redis.from_url(redis_server.url).dbsize()

        redis_server.stop()
        started = time.monotonic()
        pages = [status(public, server.port, page) for server in (a, b) for page in PUBLIC_PAGES]
        delegate = Browser()
        delegate.log_in(b.port, "delegate@faultland.example")  # asserts the 302 to the landing
        draft = consultation["draft"]
        detail = f"/delegate/statements/{draft.pk}/"
        code, _, page = delegate.get(a.port, detail)
        assert code == 200, page[-500:]
        submitted = delegate.post(
            a.port, f"{detail}submit/", {"csrfmiddlewaretoken": csrf_token(page), "next": detail}
        )
        during = time.monotonic() - started
        ready_during = readiness(a.port)
        live_during = Browser().get(a.port, "/health/live/")[0]

        assert all(code == 200 for _, code in warm), warm
        assert kept > 0, "the servers kept no page in Redis before it stopped"
        assert [code for _, code in pages] == [200] * len(pages), pages
        assert (submitted[0], submitted[1]["Location"]) == (302, detail)
        draft.refresh_from_db()
        assert draft.state == StatementState.SUBMITTED
        assert during < 15, f"{during:.1f} s for {len(pages) + 4} requests without Redis"
        assert ready_during[0] == 503
        assert CACHE_DOWN in ready_during[1]
        assert "Database(alias='default'): OK" in ready_during[1]
        assert live_during == 200
        for server in (a, b):
            warnings = server.output().count("The cache is unreachable")
            assert warnings == 1, server.output()[-2000:]

        # Redis is back (empty, as after a crash): a change on A shows at once on B, and both
        # keep pages in Redis again once their pause after the failure is over.
        redis_server.start()
        time.sleep(1.2)  # the pause after a failure: PUBLIC_PAGE_CACHE_RETRY_SECONDS
        code, _, before = public.get(b.port, "/statements/")
        assert code == 200
        assert "Faultland submits during the outage" not in text(before)
        officer = Browser()
        officer.log_in(a.port, "officer@secretariat.example")
        review = f"/secretariat/statements/{draft.pk}/"
        code, _, page = officer.get(a.port, review)
        assert code == 200, page[-500:]
        code, headers, _ = officer.post(
            a.port, f"{review}publish/", {"csrfmiddlewaretoken": csrf_token(page), "next": review}
        )
        assert (code, headers["Location"]) == (302, review)
        code, _, after = public.get(b.port, "/statements/")
        assert code == 200
        assert "Faultland submits during the outage" in text(after)
        assert readiness(a.port) == (
            200,
            [
                "Database(alias='default'): OK",
                "Cache(redis): OK",
                "FileStorage(alias='default'): OK",
            ],
        )
        assert redis.Redis.from_url(redis_server.url).dbsize() > 0, "no page kept after Redis"
        for server in (a, b):
            assert "The cache answers again" in server.output()
    finally:
        for server in (a, b):
            server.stop()


# --- PostgreSQL -------------------------------------------------------------------------------
class Proxy:
    """A TCP proxy from 127.0.0.1:``port`` to ``target`` that the test cuts and restores."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()

    def restore(self) -> None:
        """Listen again (on the same port) and pass every connection on."""
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and close the open ones, as a stopped server does."""
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would leave the
            # socket listening until that accept() returns.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    @staticmethod
    def _pump(one: socket.socket, other: socket.socket) -> None:
        peers = {one: other, other: one}
        with selectors.DefaultSelector() as selector:
            for end in peers:
                selector.register(end, selectors.EVENT_READ)
            try:
                while True:
                    for key, _ in selector.select():
                        data = key.fileobj.recv(65536)
                        if not data:
                            raise OSError("closed")
                        peers[key.fileobj].sendall(data)
            except (OSError, ValueError):
                for end in peers:
                    end.close()


def _through(proxy: Proxy, settings_dict: dict) -> str:
    return re.sub(r"@[^/]+/", f"@127.0.0.1:{proxy.port}/", database_url(settings_dict), count=1)


def test_postgresql_stopped_and_restarted_under_a_running_server(
    redis_server, consultation, tmp_path
):
    settings_dict = connection.settings_dict
    proxy = Proxy(
        (settings_dict.get("HOST") or "127.0.0.1", int(settings_dict.get("PORT") or 5432))
    )
    proxy.restore()
    (server,) = _servers(
        tmp_path,
        "A",
        DATABASE_URL=_through(proxy, settings_dict),
        REDIS_URL=redis_server.url,
        PUBLIC_PAGE_CACHE_SECONDS="60",
        CONN_MAX_AGE="60",  # production's: kept connections must survive the restart too
    )
    port = server.port
    pid = server.process.pid
    published = consultation["published"]
    cached_pages = ["/", "/programme/", "/statements/", "/registry/"]
    form = {
        "stakeholder": consultation["state"].pk,
        "meeting": consultation["meeting"].pk,
        "language": "en",
        "title": "Faultland writes during the outage",
        "text": "Mr. President,",
    }
    try:
        public = Browser()
        warm = [status(public, port, page) for page in cached_pages]
        delegate = Browser()
        delegate.log_in(port, "delegate@faultland.example")
        code, _, page = delegate.get(port, "/delegate/statements/new/")
        assert code == 200, page[-500:]
        form["csrfmiddlewaretoken"] = csrf_token(page)

        proxy.cut()
        cached = [status(public, port, page) for page in cached_pages]
        uncached = public.get(port, f"/statements/{published.pk}/")
        portal = delegate.get(port, "/delegate/")
        posted = delegate.post(port, "/delegate/statements/new/", form)
        ready_during = readiness(port)
        live_during = Browser().get(port, "/health/live/")[0]

        proxy.restore()
        after = [
            status(public, port, f"/statements/{published.pk}/"),
            status(delegate, port, "/delegate/"),
        ]
        ready_after = readiness(port)
        saved = delegate.post(port, "/delegate/statements/new/", form)

        assert warm == [(page, 200) for page in cached_pages]
        assert cached == [(page, 200) for page in cached_pages]
        for code, headers, body in (uncached, portal):
            assert (code, headers["Retry-After"]) == (503, "60")
            assert "Temporarily unavailable" in text(body)
        code, headers, body = posted
        assert (code, headers["Retry-After"]) == (503, "60")
        assert "What you sent was not saved." in text(body)
        assert ready_during[0] == 503
        assert ready_during[1][0].startswith("Database(alias='default'): Unavailable")
        assert live_during == 200

        assert after == [(f"/statements/{published.pk}/", 200), ("/delegate/", 200)]
        assert ready_after[0] == 200, ready_after
        assert saved[0] == 302
        assert list(
            Statement.objects.filter(title="Faultland writes during the outage").values_list(
                "created_by__email", flat=True
            )
        ) == ["delegate@faultland.example"]
        assert server.process.pid == pid and server.process.poll() is None
    finally:
        server.stop()
        proxy.cut()
