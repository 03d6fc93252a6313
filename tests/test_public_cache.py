"""Whole-page caching of the public pages (hlderp/public_cache.py): served from the cache to
anonymous readers, and never stale: any write, and the end of an embargo, renders afresh."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, resolve, reverse
from django.utils import timezone

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.page_scopes import DEFAULT_SHOWS
from consultations.selectors.embargo import embargo_next_lift
from hlderp import public_cache
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory()


def get(client, url="/statements/", **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_second_anonymous_request_is_served_from_the_cache_without_a_query(client, meeting):
    StatementFactory(meeting=meeting, published=True, title="Remittances matter")

    first, first_queries = get(client)
    second, second_queries = get(client)

    assert "Remittances matter" in first
    assert second == first
    assert first_queries > 0
    assert second_queries == 0


@pytest.mark.clock
def test_publishing_a_statement_shows_it_at_the_next_request(client, meeting):
    statement = StatementFactory(meeting=meeting, title="Check against delivery")
    assert "Check against delivery" not in get(client)[0]

    statement.state = StatementState.PUBLISHED
    statement.published_at = timezone.now()
    statement.save()

    assert "Check against delivery" in get(client)[0]


def test_a_bulk_update_and_a_delete_are_seen_too(client, meeting):
    statement = StatementFactory(meeting=meeting, published=True, title="First title")
    assert "First title" in get(client)[0]

    Statement.objects.filter(pk=statement.pk).update(title="Second title")
    page = get(client)[0]
    assert "Second title" in page
    assert "First title" not in page

    Statement.objects.filter(pk=statement.pk).delete()
    assert "Second title" not in get(client)[0]


@pytest.mark.clock
def test_a_statement_appears_when_its_embargo_lifts_with_no_write(client, meeting, time_machine):
    # A stopped clock moved past the embargo by hand: no sleep, and no race with a slow run.
    time_machine.move_to(datetime.datetime(2006, 9, 14, 18, 30, tzinfo=datetime.UTC), tick=False)
    lifts = timezone.now() + datetime.timedelta(seconds=1.5)
    StatementFactory(meeting=meeting, published=True, title="Embargoed", embargo_until=lifts)
    assert "Embargoed" not in get(client)[0]
    assert "Embargoed" not in get(client)[0]  # from the cache, still before the embargo
    time_machine.shift(datetime.timedelta(seconds=1.4))
    assert "Embargoed" not in get(client)[0]

    time_machine.shift(datetime.timedelta(seconds=0.1))

    assert "Embargoed" in get(client)[0]


def test_each_language_and_each_address_is_kept_apart(client, meeting):
    StatementFactory(meeting=meeting, published=True, title="Remittances matter")
    english, _ = get(client)
    french, _ = get(client, HTTP_ACCEPT_LANGUAGE="fr")
    filtered, _ = get(client, "/statements/?q=nothing-matches-this")

    assert 'lang="en"' in english
    assert 'lang="fr"' in french
    assert "Remittances matter" not in filtered


def test_signed_in_readers_always_get_a_fresh_page(client, meeting, delegate_a):
    StatementFactory(meeting=meeting, published=True, title="Remittances matter")
    get(client)  # cached for anonymous readers

    client.force_login(delegate_a)
    page, queries = get(client)

    assert delegate_a.email in page
    assert queries > 0


def test_a_reader_with_messages_waiting_is_not_served_from_the_cache(client, meeting):
    get(client)
    client.cookies["messages"] = "pending"

    _, queries = get(client)

    assert queries > 0


def test_pages_that_set_a_cookie_are_not_kept(client):
    response = client.get("/accounts/login/")  # not a public page, and it sets the CSRF cookie
    assert response.status_code == 200
    assert public_cache._cacheable_response(response.wsgi_request, response) is False


def test_turned_off_every_request_is_rendered(client, meeting, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    get(client)

    _, queries = get(client)

    assert queries > 0


def test_a_transaction_moves_the_generation_at_each_write_and_once_at_commit(meeting):
    before = public_cache.generation()

    with transaction.atomic():
        StatementFactory(meeting=meeting, title="One")
        StatementFactory(meeting=meeting, title="Two")
        pending = [
            e[1] for e in connection.run_on_commit if e[1] is public_cache.public_pages_changed
        ]

    assert public_cache.generation() > before
    assert pending == [public_cache.public_pages_changed]


def test_reads_and_writes_to_other_tables_leave_the_generation_alone(client, delegate_a):
    before = public_cache.generation()

    list(Statement.objects.all())
    client.force_login(delegate_a)  # writes the session table only

    assert public_cache.generation() == before


# --- One render per page when a burst of readers misses it ----------------------------------------
def _rendering(rf, path="/statements/") -> tuple[str, str]:
    """The page's cache key and the mark of its render under the current generation."""
    key = public_cache._key(rf.get(path), "en")
    return key, public_cache.rendering_key(key, public_cache.generations(DEFAULT_SHOWS))


def test_a_reader_waits_for_the_page_another_request_is_rendering(client, rf, meeting):
    get(client, "/programme/")  # the generation and its embargo horizon are known
    key, rendering = _rendering(rf)
    cache.add(rendering, True)
    entry = (
        public_cache.generations(DEFAULT_SHOWS),
        float("inf"),
        HttpResponse("Rendered by the other"),
        DEFAULT_SHOWS,
    )
    other = threading.Timer(0.2, cache.set, args=(key, entry))
    other.start()

    page, queries = get(client)
    other.join()

    assert page == "Rendered by the other"
    assert queries == 0


def test_a_reader_renders_the_page_itself_when_the_other_render_never_ends(
    client, rf, meeting, monkeypatch
):
    monkeypatch.setattr(public_cache, "RENDER_WAIT_SECONDS", 0.1)
    StatementFactory(meeting=meeting, published=True, title="Remittances matter")
    get(client, "/programme/")
    _key, rendering = _rendering(rf)
    cache.add(rendering, True)

    page, queries = get(client)

    assert "Remittances matter" in page
    assert queries > 0


def test_the_render_mark_is_removed_after_a_page_kept_and_after_one_not_kept(client, rf, meeting):
    get(client)
    assert cache.get(_rendering(rf)[1]) is None

    assert client.get("/statements/999999/").status_code == 404
    assert cache.get(_rendering(rf, "/statements/999999/")[1]) is None


def test_a_cached_page_keeps_the_security_headers_of_the_first_answer(client, meeting):
    first = client.get("/statements/")
    second = client.get("/statements/")

    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[name] == first[name]
    assert second.content == first.content


def test_the_middleware_serves_the_language_the_reader_asks_for(client, meeting):
    get(client, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies["django_language"] = "es"

    page, queries = get(client, HTTP_ACCEPT_LANGUAGE="fr")

    assert 'lang="es"' in page
    assert queries > 0  # not the French page kept a moment ago


def test_each_host_has_its_own_copy_and_a_host_not_allowed_is_refused(client, meeting, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    on_localhost = client.get("/programme.json", HTTP_HOST="localhost")
    on_loopback = client.get("/programme.json", HTTP_HOST="127.0.0.1")
    elsewhere = client.get("/programme.json", HTTP_HOST="evil.example")

    assert on_localhost.status_code == on_loopback.status_code == 200
    assert b"http://localhost/" in on_localhost.content
    assert b"http://127.0.0.1/" in on_loopback.content
    assert b"localhost" not in on_loopback.content
    assert elsewhere.status_code == 400


# --- What is cached, and until when ---------------------------------------------------------------
def _is_public_page(url: str) -> bool:
    return resolve(url).func.__code__ is public_cache.public_page(lambda r: r).__code__


def test_the_project_marks_every_public_page_and_only_them_keeping_names_and_addresses():
    assert [reverse(n) for n in ("programme", "statements", "summary", "registry:list")] == [
        "/programme/",
        "/statements/",
        "/summary/",
        "/registry/",
    ]
    assert [
        _is_public_page(url)
        for url in (
            "/",
            "/programme/",
            "/meetings/plenary-1/",
            "/statements/1/",
            "/positions.csv",
            "/summary/participants/",
            "/registry/",
            "/registry/belgium/",
            "/p/hld-2006/programme/",
            "/p/hld-2006/programme.ics",
            "/p/hld-2006/statements.csv",
            "/p/hld-2006/positions/forum/",
            "/p/hld-2006/summary/participants/",
            "/statements/1/file/",
            "/delegate/",
            "/secretariat/",
        )
    ] == [True] * 13 + [False] * 3


def test_public_pages_takes_pages_only():
    nested = [path("inner/", include("registry.urls"))]

    with pytest.raises(ImproperlyConfigured, match="takes only pages"):
        public_cache.public_pages(nested)


def test_the_next_embargo_lift_is_the_earliest_published_one_still_to_come(meeting):
    now = datetime.datetime(2026, 9, 14, 10, 0, tzinfo=datetime.UTC)
    hours = [datetime.timedelta(hours=n) for n in range(4)]
    StatementFactory(meeting=meeting, published=True, embargo_until=now - hours[1])  # lifted
    StatementFactory(meeting=meeting, published=True)  # never under embargo
    StatementFactory(meeting=meeting, embargo_until=now + hours[1])  # a draft: not published
    StatementFactory(meeting=meeting, published=True, embargo_until=now + hours[3])
    StatementFactory(meeting=meeting, published=True, embargo_until=now + hours[2])

    assert embargo_next_lift(now=now) == now + hours[2]
    assert embargo_next_lift(now=now + hours[3]) is None


def soon() -> datetime.datetime:
    """A clock horizon for the test below, named by the setting."""
    return datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


def test_the_clock_horizon_of_a_generation_is_what_the_setting_names(settings):
    settings.PUBLIC_PAGE_CACHE_VALID_UNTIL = "tests.test_public_cache.soon"
    assert public_cache._valid_until(1) == soon().timestamp()

    settings.PUBLIC_PAGE_CACHE_VALID_UNTIL = ""
    assert public_cache._valid_until(2) == float("inf")
