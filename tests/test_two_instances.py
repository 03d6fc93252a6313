"""Two app servers over one PostgreSQL and one Redis, as behind a load balancer.

Two ``gunicorn hlderp.wsgi`` processes run with the production settings (``DEBUG=0``, one
``SECRET_KEY``) on the pytest-django test database, whose rows the test commits
(``transactional_db``). A delegate logs in on A and goes on on B with the same cookies; a
Secretariat officer publishes a statement on A, and the public list on B, read once before to
warm any cache, shows it at the next request.

Two settings differ from production, through a settings module written for the run that
imports hlderp.settings: the cache's KEY_PREFIX is unique to the run, so that runs sharing a
Redis never read each other's pages, and static files use Django's plain storage, so that no
collectstatic (half a minute with brotli) is needed. Needs PostgreSQL and a reachable Redis
(REDIS_URL, default redis://127.0.0.1:6379/0); skipped otherwise, saying which is missing.
"""

import os
import secrets
from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.services.statements import statement_create, statement_submit
from registry.roles import DELEGATE
from tests.factories import (
    PASSWORD,
    FocalPointFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    SecretariatUserFactory,
)
from tests.servers import (
    Browser,
    csrf_token,
    database_url,
    gunicorn_start,
    production_env,
    settings_module,
    text,
    wait_until_answering,
)

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.postgres


def _redis_missing(url: str) -> str:
    """Why Redis at ``url`` cannot be used, or "" when it answers PING."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except (redis.RedisError, OSError) as error:
        return f"needs Redis at {url} (set REDIS_URL): {error}"
    return ""


@dataclass
class Servers:
    a: int  # the ports of the two servers
    b: int
    cache_prefix: str  # the cache's KEY_PREFIX, unique to the run


@pytest.fixture
def servers(transactional_db, tmp_path):
    """Two running gunicorns on the test database and one Redis; both stopped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): two servers cannot share the "
            f"test run's {connection.vendor} database"
        )
    missing = _redis_missing(REDIS_URL)
    if missing:
        pytest.skip(missing)

    prefix = f"hlderp-test-{secrets.token_hex(6)}"
    settings_dir = settings_module(
        tmp_path / "settings",
        "two_instances_settings",
        f"CACHES['default']['KEY_PREFIX'] = {prefix!r}",
        "STORAGES['staticfiles'] = {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}",
    )
    env = production_env(
        tmp_path,
        settings_dir=settings_dir,
        settings="two_instances_settings",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=REDIS_URL,
        PUBLIC_PAGE_CACHE_SECONDS="60",  # production's default with Redis
    )
    running = []
    try:
        for name in "AB":
            running.append(gunicorn_start(env, tmp_path / f"gunicorn-{name}.log"))
        wait_until_answering(running)
        yield Servers(a=running[0].port, b=running[1].port, cache_prefix=prefix)
    finally:
        for server in running:
            server.stop()
        _redis_forget(prefix)


def _redis_keys(prefix: str) -> list[bytes]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return list(client.scan_iter(match=f"{prefix}:*", count=1000))
    finally:
        client.close()


def _redis_forget(prefix: str) -> None:
    import redis

    keys = _redis_keys(prefix)
    if keys:
        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.delete(*keys)
        finally:
            client.close()


@pytest.fixture
def consultation(transactional_db):
    process = ProcessFactory(title="Dialogue on two servers", is_current=True)
    meeting = MeetingFactory(process=process, title="Plenary on two servers")
    state = MemberStateFactory(name="Republic of Twinport", slug="twinport", iso3="UTW")
    delegate = FocalPointFactory(
        stakeholder=state, user__email="delegate@twinport.example", user__role=DELEGATE
    ).user
    statement = statement_create(
        actor=delegate,
        stakeholder=state,
        meeting=meeting,
        title="Twinport on circular migration",
        language="en",
        text="Mr. President,\nWe support the Forum.",
    )
    statement_submit(actor=delegate, statement=statement)
    officer = SecretariatUserFactory(email="officer@secretariat.example")
    # The test process hashes with MD5 for speed; the servers know only production's hashers.
    hasher = PBKDF2PasswordHasher()
    for user in (delegate, officer):
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
    return statement


def test_a_login_on_one_server_holds_on_the_other_and_a_change_shows_at_once(servers, consultation):
    a, b = servers.a, servers.b
    statement = consultation

    # A session opened on A is the same session on B: the delegate's own portal.
    anonymous_status, anonymous_headers, _ = Browser().get(b, "/delegate/")
    delegate = Browser()
    delegate.log_in(a, "delegate@twinport.example")
    status, _, portal = delegate.get(b, "/delegate/")

    assert (anonymous_status, anonymous_headers["Location"]) == (
        302,
        "/accounts/login/?next=/delegate/",
    )
    assert status == 200
    assert "You act for Republic of Twinport · Member State" in text(portal)

    # B serves the public list once (and may cache it) before A changes anything.
    public = Browser()
    status, _, before = public.get(b, "/statements/")
    assert status == 200
    assert "Twinport on circular migration" not in text(before)
    assert _redis_keys(servers.cache_prefix) != [], "B keeps no page in the shared Redis"

    officer = Browser()
    officer.log_in(a, "officer@secretariat.example")
    detail = f"/secretariat/statements/{statement.pk}/"
    status, _, review = officer.get(a, detail)
    assert status == 200
    status, headers, _ = officer.post(
        a,
        f"/secretariat/statements/{statement.pk}/publish/",
        {"csrfmiddlewaretoken": csrf_token(review), "next": detail},
    )
    assert (status, headers["Location"]) == (302, detail)
    statement.refresh_from_db()
    assert statement.state == StatementState.PUBLISHED

    status, _, after = public.get(b, "/statements/")
    assert status == 200
    assert "Twinport on circular migration" in text(after)
    status, _, page = public.get(b, f"/statements/{statement.pk}/")
    assert status == 200
    assert "Twinport on circular migration" in text(page)
    assert Statement.objects.filter(state=StatementState.PUBLISHED).count() == 1
