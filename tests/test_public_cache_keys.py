"""What the page cache (hlderp/public_cache.py) keys a page on, and what it will not keep: only
the query parameters a page reads, and no response above PUBLIC_PAGE_CACHE_MAX_BYTES."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from consultations.models import Process
from tests.factories import MeetingFactory, ProcessFactory, StakeholderFactory, StatementFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_query_parameters_a_page_does_not_read_share_one_cache_entry(client):
    StakeholderFactory(name="Senegal")
    first, first_queries = get(client, "/registry/?zz=1")
    others = [get(client, f"/registry/?zz={n}") for n in range(2, 101)]

    assert first_queries > 0
    assert {queries for _page, queries in others} == {0}
    assert {page for page, _queries in others} == {first}
    # The page was rendered without the stray parameter: nothing of it is echoed to others.
    assert "zz" not in first


def test_query_parameters_a_page_reads_key_it_in_any_order(client):
    StatementFactory(published=True, language="fr", title="Déclaration du Sénégal")
    StatementFactory(published=True, language="en", title="Remarks of Belgium")
    french, _ = get(client, "/statements/?language=fr&page=1")
    english, english_queries = get(client, "/statements/?language=en")
    again, again_queries = get(client, "/statements/?page=1&zz=3&language=fr")

    assert "Déclaration du Sénégal" in french and "Remarks of Belgium" not in french
    assert "Remarks of Belgium" in english and english_queries > 0
    assert again == french and again_queries == 0


def test_each_public_page_declares_the_query_parameters_it_reads():
    def names(path):
        return resolve(path).func.cache_query_params

    assert names("/registry/") == ("as_of", "grouping", "kind", "page", "q", "regional_group")
    assert names("/statements/") == (
        "date_by",
        "date_from",
        "date_to",
        "language",
        "meeting",
        "page",
        "process",
        "q",
        "regional_group",
        "stakeholder",
        "theme",
    )
    assert names("/programme/") == ("process",)
    assert names("/summary/") == ("process",)
    assert names("/positions/some-issue/") == (
        "issue",
        "kind",
        "process",
        "regional_group",
        "stance",
    )
    # A process's own pages read what the root's read: the process is in the path.
    assert names("/p/hld-2006/programme/") == ("process",)
    assert names("/p/hld-2006/statements/") == names("/statements/")
    assert names("/p/hld-2006/positions/some-issue/") == names("/positions/some-issue/")
    assert names("/registry/groupings/g20/") == ("as_of",)
    assert names("/registry/senegal/") == ()
    assert names("/statements/1/") == ()
    assert names("/") == ()


def test_a_response_above_the_size_limit_is_not_kept(client, settings):
    StakeholderFactory(name="Senegal")
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 1000
    assert get(client, "/registry/")[1] > 0
    assert get(client, "/registry/")[1] > 0  # rendered again: it was not kept

    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 1_000_000
    assert get(client, "/registry/")[1] > 0
    assert get(client, "/registry/")[1] == 0


def test_each_process_pages_are_kept_apart_and_the_root_follows_the_current_process(client):
    dialogue = ProcessFactory(slug="hld-2006", title="Dialogue", is_current=True)
    forum = ProcessFactory(slug="gfmd-2007", title="Forum")
    MeetingFactory(process=dialogue, title="Plenary 2006")
    MeetingFactory(process=forum, title="Plenary 2007")

    first = {url: get(client, url) for url in ("/p/hld-2006/programme/", "/p/gfmd-2007/programme/")}
    again = {url: get(client, url) for url in first}
    root_before, _ = get(client, "/programme/")
    Process.objects.filter(pk=dialogue.pk).update(is_current=False)
    Process.objects.filter(pk=forum.pk).update(is_current=True)
    root_after, root_queries = get(client, "/programme/")
    forum_after, _ = get(client, "/p/gfmd-2007/programme/")

    assert ["Plenary 2006" in page for page, _ in first.values()] == [True, False]
    assert ["Plenary 2007" in page for page, _ in first.values()] == [False, True]
    assert [queries for _, queries in again.values()] == [0, 0]
    assert [page for page, _ in again.values()] == [page for page, _ in first.values()]
    assert ("Plenary 2006" in root_before, "Plenary 2007" in root_after) == (True, True)
    assert root_queries > 0 and "Plenary 2006" not in root_after
    assert "Plenary 2007" in forum_after
