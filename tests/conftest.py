import copy
import datetime
import secrets

import psycopg
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import translation
from psycopg import sql

from consultations.loading import themes_load
from hlderp import public_cache
from hlderp.backup import backup_create
from registry.loading import registry_load
from registry.roles import DELEGATE
from tests.backup_helpers import Target, pg_params, put_uploads
from tests.factories import FocalPointFactory, MemberStateFactory, SecretariatUserFactory
from tests.otp_helpers import VerifiedClient


# --clock=2027-12-31T23:30:00Z moves the clock of the whole test process (each xdist worker runs
# pytest_configure) to that instant and lets it tick, so that a test that passes only in the
# month, year or UTC offset it was written in fails in CI (.ci/run: `make test-clock`) rather
# than on someone's machine later. A test's own `time_machine` travels on top and returns to it.
def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        help="start the clock at this ISO 8601 instant (with its UTC offset) and let it tick",
    )


def pytest_configure(config):
    instant = config.getoption("--clock")
    if not instant:
        return
    destination = datetime.datetime.fromisoformat(instant)
    if destination.tzinfo is None:
        raise pytest.UsageError(f"--clock={instant}: give the UTC offset, e.g. Z or +02:00")
    traveller = time_machine.travel(destination, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a test that activates another (and a worker
    runs tests in any order) must not leave its messages to the next."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the cached public pages (and the lockout counters)
    of an earlier test, whose data was rolled back, must not leak into the next; nor what the
    page cache learned of the scopes each address shows (hlderp/public_cache.py)."""
    cache.clear()
    public_cache.forget_learned_scopes()
    yield
    cache.clear()
    public_cache.forget_learned_scopes()


@pytest.fixture(scope="session")
def _registry_rows(django_db_setup, django_db_blocker):
    """The rows that ``registry_load()`` and ``themes_load()`` add to the migrated database,
    model by model, and their report: loaded once per session (per xdist worker) in a
    transaction rolled back at once, so that tests which want an empty registry still get one."""
    models = [
        model
        for label in ("registry", "consultations")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: list(model.objects.values_list("pk", flat=True)) for model in models}
        report = registry_load()
        themes_load(report=report)
        rows = {
            # QuerySet.values, not the translated models' own (django-modeltranslation's leaves
            # out the columns of each language): every column, as the database holds it.
            model: list(QuerySet.values(model.objects.exclude(pk__in=before[model]).order_by("pk")))
            for model in models
        }
        transaction.set_rollback(True)
    return report, {model: model_rows for model, model_rows in rows.items() if model_rows}


@pytest.fixture
def registry(db, _registry_rows):
    """The real reference data (registry and themes), as production loads it.

    Parsing and checking the CSV files takes seconds, so they are loaded once (``_registry_rows``)
    and their rows copied into each test's transaction: same rows, same keys, history included.
    """
    report, rows = _registry_rows
    for model, model_rows in rows.items():
        model.objects.bulk_create(model(**row) for row in model_rows)
    # PostgreSQL's sequences must know the copied keys, or the next insert would reuse one.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(sql)
    return copy.deepcopy(report)


@pytest.fixture
def client():
    """Django's test client, whose ``force_login`` opens a session that has passed two-factor
    sign-in too (tests/otp_helpers.py); the sign-in tests post to the real forms."""
    return VerifiedClient()


@pytest.fixture
def secretariat_user(db):
    return SecretariatUserFactory(email="secretariat@example.org")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def state_a(db):
    return MemberStateFactory(name="State A", slug="state-a", iso3="AAA")


@pytest.fixture
def state_b(db):
    return MemberStateFactory(name="State B", slug="state-b", iso3="BBB")


@pytest.fixture
def delegate_a(state_a):
    return FocalPointFactory(
        stakeholder=state_a, user__email="a@example.org", user__role=DELEGATE
    ).user


@pytest.fixture
def delegate_b(state_b):
    return FocalPointFactory(
        stakeholder=state_b, user__email="b@example.org", user__role=DELEGATE
    ).user


# --- background jobs -------------------------------------------------------------------------
@pytest.fixture
def database_jobs(settings):
    """The production job backend (a row per job, run by a worker: tests/jobs_helpers.py's
    ``run_jobs``) instead of the suite's "immediate" one; retries 10 ms apart."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "exports"]}}  # fmt: skip
    settings.JOBS_RETRY_BACKOFF_SECONDS = 0.01
    settings.JOBS_MAX_ATTEMPTS = 3
    return settings


# --- the backup tests (test_backup*.py) -------------------------------------------------------
@pytest.fixture
def empty_database(django_db_setup, tmp_path):
    """Make empty second databases: SQLite files, or PostgreSQL databases dropped afterwards."""
    created: list[Target] = []

    def make() -> Target:
        if connection.vendor == "sqlite":
            path = tmp_path / f"restored-{len(created)}.sqlite3"
            target = Target("sqlite", str(path), f"sqlite:///{path}")
        else:
            name = f"hlderp_restore_{secrets.token_hex(6)}"
            with psycopg.connect(
                **pg_params(connection.settings_dict["NAME"]), autocommit=True
            ) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            params = pg_params(name)
            password = f":{params['password']}" if "password" in params else ""
            target = Target(
                "postgresql",
                name,
                f"postgres://{params['user']}{password}@{params['host']}:"
                f"{params.get('port', 5432)}/{name}",
            )
        created.append(target)
        return target

    yield make
    for target in created:
        if target.vendor == "postgresql":
            with psycopg.connect(
                **pg_params(connection.settings_dict["NAME"]), autocommit=True
            ) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(target.name)
                    )
                )


@pytest.fixture
def small_archive(tmp_path, settings):
    """A backup of two Member States and the two uploads."""
    settings.MEDIA_ROOT = tmp_path / "media"
    MemberStateFactory(name="State A", slug="state-a", iso3="AAA")
    MemberStateFactory(name="State B", slug="state-b", iso3="BBB")
    put_uploads(settings.MEDIA_ROOT)
    return backup_create(target_dir=tmp_path / "backups")
