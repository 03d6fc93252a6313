"""While the database does not answer (hlderp/outage.py): cached public pages are still served,
anything else answers 503 "temporarily unavailable" with Retry-After in the reader's language, a
form posted meanwhile is told it was not saved, and readiness names the database; liveness
still answers. Afterwards everything answers again with nothing restarted.

The outage is simulated in the test process, on SQLite as on PostgreSQL: every new connection
and every cursor of the database raise the driver's own OperationalError, as a stopped server's
would (tests/test_faults.py stops a real one behind running gunicorns).
"""

import pytest
from django.db import connection, connections

from consultations.models import Statement
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    ProcessFactory,
    StatementFactory,
)
from tests.otp_helpers import VerifiedClient

pytestmark = pytest.mark.django_db


class Database:
    """Stops and restarts the test's database, as far as Django can tell."""

    def __init__(self):
        self.patch = pytest.MonkeyPatch()

    def stop(self) -> None:
        wrapper = type(connections["default"])
        error = connection.Database.OperationalError

        def refuse(*args, **kwargs):
            raise error("connection to server failed: Connection refused (stopped by the test)")

        self.patch.setattr(wrapper, "get_new_connection", refuse)
        self.patch.setattr(wrapper, "create_cursor", refuse)

    def restart(self) -> None:
        self.patch.undo()


@pytest.fixture
def database():
    controller = Database()
    yield controller
    controller.restart()


@pytest.fixture
def browser():
    """A client that gets the responses a browser would, 500s included, rather than the
    exception behind them."""
    return VerifiedClient(raise_request_exception=False)


@pytest.fixture
def published(db):
    process = ProcessFactory(is_current=True)
    meeting = MeetingFactory(process=process)
    return StatementFactory(meeting=meeting, published=True, title="Remittances matter")


def test_cached_pages_are_served_and_the_others_answer_503_with_retry_after(
    browser, database, published
):
    before = browser.get("/statements/")
    database.stop()

    cached = browser.get("/statements/")
    detail = browser.get(f"/statements/{published.pk}/")
    not_cached = browser.get("/programme/")

    assert (cached.status_code, cached.content) == (200, before.content)
    for response in (detail, not_cached):
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "no-store" in response["Cache-Control"]
        assert "<h1>Temporarily unavailable</h1>" in response.content.decode()
        assert "was not saved" not in response.content.decode()
        assert "Set-Cookie" not in response.headers


def test_the_503_page_speaks_the_readers_language_without_the_database(browser, database, db):
    database.stop()

    by_header = browser.get("/programme/", headers={"accept-language": "fr"})
    browser.cookies["django_language"] = "ar"
    by_cookie = browser.get("/programme/", headers={"accept-language": "fr"})

    assert by_header.status_code == 503
    assert by_header["Content-Language"] == "fr"
    page = by_header.content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Aller à la page d'accueil" in page  # "Go to the front page", already translated
    assert by_cookie["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in by_cookie.content.decode()


def test_a_form_posted_during_the_outage_is_told_it_was_not_saved(
    browser, database, published, delegate_a, state_a
):
    DelegationFactory(process=published.meeting.process, stakeholder=state_a)
    browser.force_login(delegate_a)
    database.stop()

    response = browser.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state_a.pk,
            "meeting": published.meeting.pk,
            "language": "en",
            "title": "Lost in the outage?",
            "text": "Mr. President,",
        },
    )
    database.restart()

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "<strong>What you sent was not saved.</strong>" in page
    assert "send it again in a few minutes" in page
    assert not Statement.objects.filter(title="Lost in the outage?").exists()


def test_readiness_names_the_database_and_liveness_still_answers(browser, database, db):
    database.stop()

    ready = browser.get("/health/ready/")
    live = browser.get("/health/live/")

    assert ready.status_code == 503
    lines = ready.content.decode().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Database(alias='default')",
        "FileStorage(alias='default')",
    ]
    assert lines[0].startswith("Database(alias='default'): Unavailable: ")
    assert lines[1] == "FileStorage(alias='default'): OK"
    assert (live.status_code, live.content) == (200, b"ok\n")


def test_after_the_restart_everything_answers_with_nothing_restarted(
    browser, database, published, delegate_a
):
    browser.force_login(delegate_a)
    database.stop()
    during = [browser.get(path).status_code for path in ("/delegate/", "/health/ready/")]
    database.restart()

    after = [browser.get(path).status_code for path in ("/delegate/", "/health/ready/")]

    assert during == [503, 503]
    assert after == [200, 200]


def test_any_other_error_is_still_a_500(browser, monkeypatch, published):
    from consultations.views import statements_public

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(statements_public.StatementDetailView, "get", broken)

    response = browser.get(f"/statements/{published.pk}/")

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
