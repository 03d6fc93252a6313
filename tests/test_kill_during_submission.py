"""A worker killed (SIGKILL) in the middle of a statement's submission leaves the whole new
version or none of it, and no file that the sweep does not remove.

One ``gunicorn hlderp.wsgi`` with the production settings runs on the test database, whose rows
the test commits (``transactional_db``). Its settings module, written for the run, stores
uploads through tests/fault_storage.py, which stops half-way through a file when the test asks.
Two known points inside the work:

- a new draft with its file and a theme: the file is stored, the statement and its first
  history row are written, and the worker waits to insert the statement's theme, whose row
  the test inserted first from another connection and holds uncommitted; killed there, in its
  open transaction;
- a revision with a new file: the statement's row is locked and half the new file written.

Each then asserts the database (no new statement, or the old version with its history as it
was) and the storage (the file the killed worker left is an orphan, which
``manage.py statement_files_sweep`` removes once past its grace period, and nothing else).
Needs PostgreSQL, as the server and the test share the database.
"""

import os
import signal
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from consultations.models import Statement
from registry.roles import DELEGATE
from tests.backup_helpers import pg_params
from tests.consultations.statements_helpers import make
from tests.factories import (
    PASSWORD,
    DelegationFactory,
    FocalPointFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    ThemeFactory,
)
from tests.servers import (
    Browser,
    csrf_token,
    database_url,
    gunicorn_start,
    production_env,
    settings_module,
    wait_until_answering,
)

pytestmark = pytest.mark.postgres

PDF = b"%PDF-1.4\n" + b"% filler line of a statement\n" * 4000 + b"%%EOF\n"
WAIT = 20  # seconds for the worker to reach the point where it is killed


def _files(media: Path) -> list[str]:
    folder = media / "statements"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _worker_pid(master: int) -> int:
    """The one worker of a ``gunicorn -w 1`` master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def _last_id(conn, table: str, column: str) -> int:
    """The last id taken from the sequence of ``table`` (0 if none), committed or not."""
    (last,) = conn.execute(
        f"SELECT last_value * is_called::int FROM {table}_{column}_seq"
    ).fetchone()
    return last


def _until(condition, what: str, outcome=None, server=None):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    seen = outcome.get("response", outcome.get("error")) if outcome else None
    pytest.fail(
        f"the worker never reached the point where it is killed: {what}\n"
        f"the answer: {seen}\n{server.output() if server else ''}"
    )


@pytest.fixture
def server(transactional_db, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): the server shares the test run's "
            f"database, which {connection.vendor} cannot"
        )
    settings_dir = settings_module(
        tmp_path / "settings",
        "kill_settings",
        "STORAGES['default'] = {'BACKEND': 'tests.fault_storage.HalfWayStorage'}",
        "STORAGES['staticfiles'] = {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}",
    )
    pause_dir = tmp_path / "pause"
    pause_dir.mkdir()
    env = production_env(
        tmp_path,
        settings_dir=settings_dir,
        settings="kill_settings",
        DATABASE_URL=database_url(connection.settings_dict),
        HLDERP_PAUSE_DIR=str(pause_dir),
    )
    settings.MEDIA_ROOT = tmp_path / "media"  # the server's: this process sweeps it
    started = gunicorn_start(env, tmp_path / "gunicorn.log")
    try:
        wait_until_answering([started])
        started.pause_dir = pause_dir
        started.media = settings.MEDIA_ROOT
        yield started
    finally:
        (pause_dir / "pause").unlink(missing_ok=True)
        started.stop()


@pytest.fixture
def delegation(transactional_db):
    process = ProcessFactory(title="Dialogue under fire", is_current=True)
    meeting = MeetingFactory(process=process, title="Plenary of the kill")
    state = MemberStateFactory(name="Republic of Sigkill", slug="sigkill", iso3="USK")
    DelegationFactory(process=process, stakeholder=state)
    delegate = FocalPointFactory(
        stakeholder=state, user__email="delegate@sigkill.example", user__role=DELEGATE
    ).user
    # The test process hashes with MD5 for speed; the server knows only production's hashers.
    hasher = PBKDF2PasswordHasher()
    delegate.password = hasher.encode(PASSWORD, hasher.salt())
    delegate.save(update_fields=["password"])
    theme = ThemeFactory(slug="remittances", name="Remittances")
    return delegate, state, meeting, theme


def _signed_in_form(server, delegate, path: str) -> tuple[Browser, dict]:
    """The delegate signed in on ``server``, and the CSRF token of the form at ``path``."""
    browser = Browser()
    browser.log_in(server.port, delegate.email)
    status, _, page = browser.get(server.port, path)
    assert status == 200, page[-500:]
    return browser, {"csrfmiddlewaretoken": csrf_token(page)}


def _post_in_background(browser: Browser, port: int, path: str, form: dict) -> dict:
    """POST the form with the PDF from a thread; the outcome lands in the returned dict."""
    outcome: dict = {}

    def post():
        try:
            outcome["response"] = browser.post(
                port, path, form, files={"file": ("statement.pdf", PDF, "application/pdf")}
            )
        except OSError as error:  # the worker died with the connection open
            outcome["error"] = error

    outcome["thread"] = threading.Thread(target=post, daemon=True)
    outcome["thread"].start()
    return outcome


def _sweep_after_grace(media: Path) -> list[str]:
    """Age every stored file by two days, then run the sweep as an operator would."""
    two_days_ago = time.time() - 2 * 86400
    for path in (media / "statements").iterdir():
        os.utime(path, (two_days_ago, two_days_ago))
    call_command("statement_files_sweep", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return _files(media)


def test_a_worker_killed_after_writing_the_rows_leaves_no_statement_and_no_file(server, delegation):
    delegate, state, meeting, theme = delegation
    browser, form = _signed_in_form(server, delegate, "/delegate/statements/new/")
    form.update(
        stakeholder=state.pk,
        meeting=meeting.pk,
        language="en",
        title="Sigkill on remittances",
        text="Mr. President,",
        themes=[theme.pk],
    )
    worker = _worker_pid(server.process.pid)
    params = pg_params(connection.settings_dict["NAME"])
    with psycopg.connect(**params) as blocker, psycopg.connect(**params, autocommit=True) as probe:
        # The new statement's theme row, taken first and left uncommitted: the worker's own
        # insert of it waits for this transaction (its foreign keys are checked at commit).
        (last,) = blocker.execute(
            "SELECT nextval(pg_get_serial_sequence('consultations_statement', 'id'))"
        ).fetchone()
        blocker.execute(
            "INSERT INTO consultations_statement_themes (statement_id, theme_id) VALUES (%s, %s)",
            [last + 1, theme.pk],
        )
        history_before = _last_id(probe, "consultations_historicalstatement", "history_id")
        outcome = _post_in_background(browser, server.port, "/delegate/statements/new/", form)
        waiting = _until(
            lambda: probe.execute(
                "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            ).fetchall(),
            "the check of the statement's theme, after its row and first history row",
            outcome,
            server,
        )
        # The worker's statement row and "+" history row are written (their ids are taken),
        # but not committed.
        written = (
            _last_id(probe, "consultations_statement", "id"),
            _last_id(probe, "consultations_historicalstatement", "history_id"),
        )
        os.kill(worker, signal.SIGKILL)
        outcome["thread"].join(WAIT)
        blocker.rollback()
    stored = _files(server.media)

    assert [query.split(" (")[0] for (query,) in waiting] == [
        'INSERT INTO "consultations_statement_themes"'
    ]
    assert written == (last + 1, history_before + 1)
    assert "response" not in outcome, outcome.get("response")
    assert list(Statement.objects.values_list("title", flat=True)) == []
    assert list(Statement.history.values_list("title", "history_type")) == []
    assert len(stored) == 1  # stored whole before the rows: the orphan a kill leaves
    assert _sweep_after_grace(server.media) == []

    # The server goes on: its master starts a new worker, and the same form saves at once.
    status, _, page = browser.get(server.port, "/delegate/statements/new/")
    status, headers, _ = browser.post(
        server.port,
        "/delegate/statements/new/",
        {**form, "csrfmiddlewaretoken": csrf_token(page)},
        files={"file": ("statement.pdf", PDF, "application/pdf")},
    )
    saved = Statement.objects.get()
    assert (status, headers["Location"]) == (302, f"/delegate/statements/{saved.pk}/")
    assert list(saved.history.values_list("title", "history_type")) == [
        ("Sigkill on remittances", "+")
    ]
    assert list(saved.themes.values_list("slug", flat=True)) == ["remittances"]
    assert _files(server.media) == [saved.file.name.removeprefix("statements/")]


def test_a_worker_killed_half_way_through_a_new_file_leaves_the_old_version(server, delegation):
    delegate, state, meeting, _theme = delegation
    media = server.media
    statement = make(
        delegate,
        state,
        meeting,
        title="Sigkill, first version",
        text="Mr. President,",
        file=ContentFile(PDF, name="first.pdf"),
    )
    old_file = statement.file.name
    edit = f"/delegate/statements/{statement.pk}/edit/"
    browser, form = _signed_in_form(server, delegate, edit)
    form.update(
        stakeholder=state.pk,
        meeting=meeting.pk,
        language="en",
        title="Sigkill, second version",
        text="Mr. President, again,",
    )
    (server.pause_dir / "pause").touch()
    outcome = _post_in_background(browser, server.port, edit, form)
    pid = _until(
        lambda: (
            (server.pause_dir / "paused").exists() and (server.pause_dir / "paused").read_text()
        ),
        "half of the new file written",
        outcome,
        server,
    )
    os.kill(int(pid), signal.SIGKILL)
    outcome["thread"].join(WAIT)
    statement.refresh_from_db()
    stored = _files(media)

    assert "response" not in outcome, outcome.get("response")
    assert (statement.title, statement.text, statement.file.name) == (
        "Sigkill, first version",
        "Mr. President,",
        old_file,
    )
    assert list(statement.history.values_list("title", "history_type")) == [
        ("Sigkill, first version", "+")
    ]
    assert len(stored) == 2  # the first version's, and half of the new one
    half = [name for name in stored if f"statements/{name}" != old_file]
    assert (media / "statements" / half[0]).stat().st_size == len(PDF) // 2
    assert _sweep_after_grace(media) == [old_file.removeprefix("statements/")]
