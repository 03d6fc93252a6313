"""The public search of the whole record (/search/): each kind of record found by the words of
a query, read as the statements search reads them, on SQLite and PostgreSQL alike."""

import datetime
import re

import pytest

from consultations.models import Document, MeetingNote, ProcessDocument, ProcessLink
from consultations.search import records_matching, statement_search_refresh_all
from consultations.selectors.record_search import HITS_PER_KIND, record_search
from registry.models import Grouping, GroupingEvent
from tests.factories import (
    AppointmentFactory,
    GroupingFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    StakeholderFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _found(query: str) -> dict[str, list[str]]:
    results = record_search(query=query, now=NOW)
    return {kind.key: [hit.title for hit in kind.hits] for kind in results.kinds}


def test_records_matching_reads_words_phrases_alternatives_and_exclusions():
    GroupingFactory(name="Geneva Migration Group", description="Expanded in 2006.")
    GroupingFactory(name="Global Migration Group", description="Built on the Geneva group.")
    GroupingFactory(name="Core Group", description="")
    groupings = Grouping.objects.order_by("name")
    fields = ("name", "description")

    def names(query):
        return [g.name for g in records_matching(groupings, query, fields=fields)]

    assert names("geneva group") == ["Geneva Migration Group", "Global Migration Group"]
    assert names('"Geneva Migration Group"') == ["Geneva Migration Group"]
    assert names("core or expanded") == ["Core Group", "Geneva Migration Group"]
    assert names("group -geneva") == ["Core Group"]
    assert names("  ") == []
    assert names("nowhere") == []


def test_search_finds_a_word_inside_a_web_address():
    process = ProcessFactory(title="High-level Dialogue", slug="hld")
    ProcessLink.objects.create(process=process, title="Website", url="http://www.unmigration.org/")

    results = record_search(query="unmigration", now=NOW)

    assert [(k.key, k.count, [(h.title, h.url) for h in k.hits]) for k in results.kinds] == [
        ("processes", 1, [("High-level Dialogue", "/p/hld/programme/")])
    ]


def test_search_finds_meetings_by_their_notes_and_people_by_their_posts():
    panel = MeetingFactory(title="First preparatory panel", slug="panel-1")
    MeetingFactory(title="Plenary", slug="plenary")
    note = MeetingNote.objects.create(
        heading="The panels' contribution",
        text="Emphasized the normative framework on migration.",
        order=1,
        source="Briefing",
    )
    note.meetings.set([panel])
    person = PersonFactory(given_name="Peter", family_name="Sutherland", slug="sutherland")
    AppointmentFactory(
        person=person, post="Chairman", stakeholder=StakeholderFactory(short_name="BP")
    )

    assert _found("normative framework") == {"meetings": ["First preparatory panel"]}
    assert _found("chairman") == {"people": ["Peter Sutherland"]}
    hit = record_search(query="sutherland", now=NOW).kinds[0].hits[0]
    assert (hit.url, hit.detail) == ("/registry/people/sutherland/", "Chairman, BP")


def test_search_finds_groupings_by_their_history_and_documents_by_symbol():
    geneva = GroupingFactory(name="Geneva Migration Group", slug="geneva")
    event = GroupingEvent.objects.create(
        date=datetime.date(2005, 10, 31),
        title="The Secretary-General meets the heads of UN entities",
        source="Briefing",
    )
    event.groupings.set([geneva])
    process = ProcessFactory(slug="hld")
    document = Document.objects.create(kind="resolution", symbol="A/RES/60/227", title="IMD")
    ProcessDocument.objects.create(process=process, document=document, role="mandate")

    assert _found("heads of UN entities") == {"groupings": ["Geneva Migration Group"]}
    document_hit = record_search(query="A/RES/60/227", now=NOW).kinds[0]
    assert (document_hit.key, document_hit.hits[0].url) == ("documents", "/p/hld/programme/")


def test_search_counts_every_hit_and_shows_the_first_of_each_kind():
    for n in range(HITS_PER_KIND + 2):
        StakeholderFactory(name=f"Migration body {n:02d}")

    stakeholders = record_search(query="migration body", now=NOW).kinds[0]

    assert (stakeholders.count, len(stakeholders.hits)) == (HITS_PER_KIND + 2, HITS_PER_KIND)
    assert stakeholders.hits[0].title == "Migration body 00"


def test_search_counts_published_statements_only_and_links_to_their_list():
    meeting = MeetingFactory()
    StatementFactory(meeting=meeting, title="On remittances", published=True)
    StatementFactory(meeting=meeting, title="On remittances, a draft")
    statement_search_refresh_all()

    results = record_search(query="remittances", now=NOW)

    assert (results.statements_count, results.statements_more) == (1, False)
    assert results.statements_url == "/statements/?q=remittances"
    assert results.total == 1


def test_search_page_lists_each_kind_with_links_and_keeps_the_query(client):
    GroupingFactory(name="Global Migration Group", slug="gmg")

    page = client.get("/search/", {"q": "global migration", "zz": "1"})
    empty = client.get("/search/")

    assert page.context["results"].query == "global migration"
    assert 'href="/registry/groupings/gmg/"' in page.content.decode()
    assert "1 result for “global migration” Groupings 1 Global Migration Group" in _text(page)
    assert empty.context["results"].kinds == []
    assert "result for" not in _text(empty)


def test_every_page_offers_the_search_and_the_statements_search_leads_to_it(client):
    front = client.get("/").content.decode()
    statements = client.get("/statements/", {"q": "Forum"}).content.decode()

    assert 'action="/search/"' in front
    assert 'href="/search/?q=Forum"' in statements
