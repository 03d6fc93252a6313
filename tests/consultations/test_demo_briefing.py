"""What the briefing records beyond the programme is in the demo, each with its source, and the
public search finds each item and lands on a page that shows it."""

import html
import io
import re

import pytest
from django.core.management import call_command

from consultations.models import MeetingNote, ProcessLink
from registry.models import Appointment, AppointmentDate, GroupingEvent, Stakeholder
from tests.consultations import test_demo

# The demo, loaded once for the module, as test_demo loads it (its fixtures).
_demo_loaded = test_demo._demo_loaded
demo = test_demo.demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

BRIEFING = "Briefing “The High-Level Dialogue on International Migration and Development”"


def _text(response) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()
    return html.unescape(text)


def _hits(client, query: str) -> dict[str, list[tuple[str, str]]]:
    """Each kind's hits (title, address), in the page's order of kinds."""
    results = client.get("/search/", {"q": query}).context["results"]
    return {kind.key: [(hit.title, hit.url) for hit in kind.hits] for kind in results.kinds}


def test_search_geneva_migration_group_lands_on_the_meeting_that_decided_to_expand_it(client):
    hits = _hits(client, "Geneva Migration Group")
    page = _text(client.get(dict(hits["groupings"])["Geneva Migration Group"]))

    assert list(hits) == ["groupings", "meetings", "documents"]  # the grouping named first
    assert hits["groupings"] == [
        ("Geneva Migration Group", "/registry/groupings/geneva-migration-group/"),
        ("Global Migration Group", "/registry/groupings/gmg/"),
    ]
    assert (
        "End of October 2005 : The Secretary-General meets the executive heads of UN entities "
        "working on migration and the Director General of IOM"
    ) in page
    assert "That meeting produced the decision to expand the Geneva Migration Group." in page
    assert f"Source: {BRIEFING}" in page


def test_search_sutherland_lands_on_his_posts_and_both_dates_of_his_appointment(client):
    hits = _hits(client, "Sutherland")
    page = _text(client.get(hits["people"][0][1]))

    assert hits["people"] == [("Mr. Peter Sutherland", "/registry/people/peter-sutherland/")]
    assert "Chairman BP p.l.c. — since 1997, according to: Press release SG/A/976" in page
    assert "Chairman Goldman Sachs International — since 1995, according to:" in page
    assert f"January 2005, according to: {BRIEFING}" in page
    assert "23 January 2006, according to: Press release SG/A/976-BIO/3735" in page
    assert "The sources give different dates: each is shown with its source." in page


def test_search_unmigration_lands_on_the_dialogues_programme_with_its_website(client):
    hits = _hits(client, "unmigration")
    page = client.get(hits["processes"][0][1])

    assert hits == {
        "processes": [
            (
                "High-level Dialogue on International Migration and Development",
                "/p/hld-2006/programme/",
            )
        ]
    }
    assert '<a href="http://www.unmigration.org/" rel="noopener">www.unmigration.org</a>' in (
        page.content.decode()
    )
    assert f"Source: {BRIEFING}" in _text(page)


def test_search_finds_the_panels_contribution_on_both_panels(client):
    hits = _hits(client, '"normative framework"')
    pages = [_text(client.get(url)) for _title, url in hits["meetings"]]

    assert hits["meetings"] == [
        ("First preparatory panel (New York)", "/meetings/panel-new-york-2006/"),
        ("Second preparatory panel (Geneva)", "/meetings/panel-geneva-2006/"),
    ]
    for page in pages:
        assert (
            "On the record The panels' contribution to the Dialogue "
            "Discussed how the members of the Global Migration Group could contribute"
        ) in page
        assert "Emphasized the contribution of the UN system to the normative framework" in page
        assert "expressed views on the process of the High-level Dialogue" in page


def test_search_finds_the_un_systems_participation_in_the_four_round_tables(client):
    hits = _hits(client, "high-level representatives UN system")
    page = _text(client.get("/meetings/round-table-3/"))

    assert [url for _title, url in hits["meetings"]] == [
        f"/meetings/round-table-{n}/" for n in range(1, 5)
    ]
    assert (
        "The UN system at the round tables High-level representatives of UN system institutions "
        "participated in the round tables of the High-level Dialogue."
    ) in page
    assert "listened to a statement by IOM" in page


def test_the_registry_works_with_the_announcements_date_and_keeps_the_briefings():
    appointment = Appointment.objects.get(
        person__slug="peter-sutherland", stakeholder__slug="srsg-migration"
    )

    assert str(appointment.start) == "2006-01-23"
    assert [(str(d.date), d.date_label, d.source[:25]) for d in appointment.dates.all()] == [
        ("2005-01-01", "January 2005", BRIEFING[:25]),
        ("2006-01-23", "23 January 2006", "Press release SG/A/976-BI"),
    ]
    assert Stakeholder.objects.get(slug="bp").kind == "private_sector"


def test_loading_the_demo_twice_adds_no_briefing_record():
    def snapshot():
        return (
            Stakeholder.objects.count(),
            Appointment.objects.count(),
            AppointmentDate.objects.count(),
            GroupingEvent.objects.count(),
            GroupingEvent.groupings.through.objects.count(),
            MeetingNote.objects.count(),
            MeetingNote.meetings.through.objects.count(),
            ProcessLink.objects.count(),
            MeetingNote.history.count(),
        )

    before = snapshot()
    call_command("load_demo", keep_passwords=True, stdout=io.StringIO())

    assert before[2:] == (4, 2, 4, 6, 18, 1, 6)
    assert snapshot() == before
