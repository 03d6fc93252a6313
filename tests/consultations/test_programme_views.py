"""Public pages of the programme: /programme/, /meetings/<slug>/ and the feeds."""

# ruff: noqa: RUF001  (the pages and messages put en dashes between times)

import datetime
import json
import re

import icalendar
import pytest
from django.urls import reverse

from consultations.choices import (
    ChairRole,
    MeetingKind,
)
from consultations.models import MeetingChair
from tests.consultations.programme_helpers import _text, utc
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
)

pytestmark = pytest.mark.django_db


# --- /programme/ -----------------------------------------------------------------------------


def test_programme_groups_meetings_by_day_in_the_venue_time_zone(
    client, panel, late_plenary, round_table
):
    response = client.get("/programme/")

    assert response.status_code == 200
    page = response.content.decode()
    assert re.findall(r'<h3 class="h6 mt-3" id="day-([a-z-]+-[0-9-]+)">', page) == [
        "preparation-2006-07-06",
        "dialogue-2006-09-14",
    ]
    assert "No follow-up meeting scheduled yet." in page
    text = _text(response)
    assert (
        "Preparatory panels Thursday 6 July 2006 10:00 – 13:00 CEST "
        "Interactive panel on migration and development · Preparatory panel "
        "Salle XX, Palais des Nations, Geneva Held"
    ) in text
    assert (
        "Thursday 14 September 2006 "
        "10:00 – 13:00 EDT Round table 1 · Round table 1 · "
        "Effects of international migration on development "
        "Conference Room 4, United Nations Headquarters, New York Cancelled "
        "23:30 – 15 Sep 00:30 EDT Plenary meeting 3 · Plenary 3 "
        "General Assembly Hall, United Nations Headquarters, New York Confirmed"
    ) in text
    assert "15 September 2006" not in text  # 03:30 UTC on the 15th stays on the 14th


def test_programme_meeting_ending_the_next_local_day_shows_the_end_date(client, hld, new_york):
    MeetingFactory(process=hld, venue=new_york, start=utc(2006, 9, 15, 3), end=utc(2006, 9, 15, 5))

    assert "23:00 – 15 Sep 01:00 EDT" in _text(client.get("/programme/"))


def test_programme_strikes_through_a_cancelled_meeting(client, round_table, panel):
    html = client.get("/programme/").content.decode()

    rows = re.findall(r'<li class="[^"]*meeting-row[^"]*">.*?</li>', html, re.S)
    struck = [row for row in rows if "text-decoration-line-through" in row]
    assert len(rows) == 2
    assert len(struck) == 1
    assert struck[0].count("text-decoration-line-through") == 2  # its times and its title
    assert "Round table 1" in struck[0]
    assert '<span class="badge text-bg-danger">Cancelled</span>' in struck[0]


def test_programme_shows_mandate_outcome_and_follow_up(client, hld):
    text = _text(client.get("/programme/"))

    assert (
        "Mandate A/RES/58/208 International migration and development · 23 December 2003"
    ) in text
    assert (
        "Follow-up Outcome A/61/515 Summary of the High-level Dialogue · 13 October 2006 "
        "The first Global Forum on Migration and Development met in Brussels."
    ) in text
    assert 'href="https://undocs.org/A/RES/58/208"' in client.get("/programme/").content.decode()


def test_programme_of_another_process_is_chosen_with_the_process_parameter(
    client, hld, panel, new_york
):
    ldc = ProcessFactory(
        slug="ldc-iv",
        title="LDC-IV",
        start_date=datetime.date(2011, 5, 9),
        end_date=datetime.date(2011, 5, 13),
    )
    forum = MeetingFactory(
        process=ldc,
        kind=MeetingKind.FORUM,
        title="Forum",
        venue=new_york,
        start=utc(2011, 5, 9, 14),
        end=utc(2011, 5, 9, 16),
    )

    response = client.get("/programme/", {"process": "ldc-iv"})

    assert response.context["process"] == ldc
    page = response.content.decode()
    assert re.findall(r'<h3 class="h6 mt-3" id="day-([a-z-]+-[0-9-]+)">', page) == [
        "follow-up-2011-05-09"
    ]
    assert f'<a href="{forum.get_absolute_url()}">Forum</a>' in page
    assert "No preparatory panel." in page
    assert [p.slug for p in response.context["processes"]] == ["ldc-iv", "hld-2006"]
    assert '<a href="/p/hld-2006/programme/">HLD 2006</a>' in response.content.decode()


def test_programme_of_an_unknown_process_is_a_404(client, hld):
    assert client.get("/programme/", {"process": "atlantis"}).status_code == 404
    assert client.get("/programme.ics", {"process": "atlantis"}).status_code == 404
    assert client.get("/programme.json", {"process": "atlantis"}).status_code == 404


def test_programme_without_any_process_says_so(client, db):
    response = client.get("/programme/")

    assert response.status_code == 200
    assert "No process has been set up yet." in _text(response)


def test_programme_falls_back_to_the_latest_process_when_none_is_current(client, db):
    ProcessFactory(slug="old", start_date=datetime.date(2001, 1, 1))
    latest = ProcessFactory(
        slug="new", start_date=datetime.date(2011, 1, 1), end_date=datetime.date(2011, 12, 31)
    )

    assert client.get("/programme/").context["process"] == latest


# --- /meetings/<slug>/ -----------------------------------------------------------------------


def test_meeting_page_shows_times_venue_and_chairs(client, panel):
    sweden = MemberStateFactory(name="Sweden", slug="sweden", iso3="SWE")
    MeetingChair.objects.create(
        meeting=panel,
        role=ChairRole.CO_CHAIR,
        person=PersonFactory(honorific="Mr.", given_name="Jan", family_name="Eliasson"),
        stakeholder=sweden,
        order=1,
    )

    response = client.get("/meetings/panel-geneva/")

    assert response.status_code == 200
    text = _text(response)
    assert (
        "Kind Preparatory panel Venue Palais des Nations, Geneva Room Salle XX "
        "Starts Thursday 6 July 2006, 10:00 CEST Ends Thursday 6 July 2006, 13:00 CEST "
        "Time zone Europe/Zurich Status Held "
        "Chairs Chair: Mr. Peter Sutherland Co-chair: Mr. Jan Eliasson ( Sweden )"
    ) in text
    assert '<a href="/registry/sweden/">Sweden</a>' in response.content.decode()
    assert 'href="/meetings/panel-geneva.ics"' in response.content.decode()


def test_meeting_page_lists_the_delegations_expected_at_an_open_meeting(client, hld, panel):
    for name in ("Mexico", "Belgium"):
        DelegationFactory(process=hld, stakeholder=MemberStateFactory(name=name))

    response = client.get("/meetings/panel-geneva/")

    assert [d.stakeholder.name for d in response.context["expected"]] == ["Belgium", "Mexico"]
    assert "2 delegations expected" in _text(response)


def test_round_table_page_takes_its_participants_from_the_seats(client, hld, round_table):
    DelegationFactory(process=hld)

    response = client.get("/meetings/round-table-1/")

    assert response.status_code == 200
    assert response.context["expected"] == []
    assert response.context["is_round_table"] is True
    assert "seats" in response.context
    assert "speakers" in response.context


def test_unknown_meeting_is_a_404(client, db):
    assert client.get("/meetings/atlantis/").status_code == 404
    assert client.get("/meetings/atlantis.ics").status_code == 404


# --- Feeds -----------------------------------------------------------------------------------


def _events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.clock
def test_programme_ics_round_trips_each_meeting_in_utc(
    client, panel, late_plenary, round_table, time_machine
):
    time_machine.move_to(utc(2026, 11, 10, 15, 0, 30), tick=False)
    response = client.get("/programme.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert set(events) == {f"{m.slug}@testserver" for m in (panel, late_plenary, round_table)}
    for meeting in (panel, late_plenary, round_table):
        event = events[f"{meeting.slug}@testserver"]
        assert event.decoded("DTSTART") == meeting.start
        assert event.decoded("DTEND") == meeting.end
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
        assert event.decoded("DTSTAMP") == utc(2026, 11, 10, 15, 0, 30)  # when it was served
    plenary = events[f"{late_plenary.slug}@testserver"]
    assert (
        str(plenary["SUMMARY"]),
        str(plenary["LOCATION"]),
        str(plenary["STATUS"]),
        str(plenary["URL"]),
    ) == (
        "Plenary meeting 3",
        "General Assembly Hall, United Nations Headquarters, New York",
        "CONFIRMED",
        "http://testserver/meetings/late-plenary/",
    )
    assert str(events[f"{round_table.slug}@testserver"]["STATUS"]) == "CANCELLED"
    assert str(events[f"{panel.slug}@testserver"]["DESCRIPTION"]) == (
        "Preparatory panel\nChair: Mr. Peter Sutherland"
    )
    assert b"DTSTART:20060915T033000Z" in response.content


def test_meeting_ics_holds_that_meeting_only(client, panel, late_plenary):
    response = client.get("/meetings/panel-geneva.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert list(events) == [f"{panel.slug}@testserver"]
    event = events[f"{panel.slug}@testserver"]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        utc(2006, 7, 6, 8),
        utc(2006, 7, 6, 11),
    )
    assert str(event["LOCATION"]) == "Salle XX, Palais des Nations, Geneva"
    assert str(event["STATUS"]) == "CONFIRMED"  # held


def test_planned_meeting_is_tentative_in_the_calendar(client, hld, new_york):
    meeting = MeetingFactory(process=hld, slug="planned", venue=new_york)

    event = _events(client.get("/meetings/planned.ics"))[f"{meeting.slug}@testserver"]

    assert str(event["STATUS"]) == "TENTATIVE"


def test_programme_json_gives_the_process_and_its_meetings(client, panel, late_plenary):
    response = client.get("/programme.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "language": "en",
        "process": {
            "slug": "hld-2006",
            "title": "High-level Dialogue on International Migration and Development",
            "short_title": "HLD 2006",
            "start_date": "2006-06-01",
            "end_date": "2006-09-30",
            "url": "http://testserver/p/hld-2006/programme/",
            "seat_rules_source": "",
        },
        "illustrative_note": "",
        "meetings": [
            {
                "slug": "panel-geneva",
                "title": "Interactive panel on migration and development",
                "kind": "preparatory_panel",
                "number": None,
                "theme": None,
                "start": "2006-07-06T08:00:00Z",
                "end": "2006-07-06T11:00:00Z",
                "time_zone": "Europe/Zurich",
                "venue": "Palais des Nations",
                "city": "Geneva",
                "room": "Salle XX",
                "status": "held",
                "chairs": [
                    {
                        "role": "chair",
                        "person": "Mr. Peter Sutherland",
                        "stakeholder": None,
                        "illustrative": False,
                        "source": "",
                    }
                ],
                "url": "http://testserver/meetings/panel-geneva/",
                "ics": "http://testserver/meetings/panel-geneva.ics",
                "illustrative": False,
                "source": "",
            },
            {
                "slug": "late-plenary",
                "title": "Plenary meeting 3",
                "kind": "plenary",
                "number": 3,
                "theme": None,
                "start": "2006-09-15T03:30:00Z",
                "end": "2006-09-15T04:30:00Z",
                "time_zone": "America/New_York",
                "venue": "United Nations Headquarters",
                "city": "New York",
                "room": "General Assembly Hall",
                "status": "confirmed",
                "chairs": [],
                "url": "http://testserver/meetings/late-plenary/",
                "ics": "http://testserver/meetings/late-plenary.ics",
                "illustrative": False,
                "source": "",
            },
        ],
    }


def test_routes_have_the_public_names(db):
    assert [
        reverse("programme"),
        reverse("programme_ics"),
        reverse("programme_json"),
        reverse("meeting", kwargs={"slug": "x"}),
        reverse("meeting_ics", kwargs={"slug": "x"}),
    ] == ["/programme/", "/programme.ics", "/programme.json", "/meetings/x/", "/meetings/x.ics"]
