"""Public pages of the programme: /, /programme/, /meetings/<slug>/ and the feeds."""

# ruff: noqa: RUF001  (the pages and messages put en dashes between times)

import datetime
import json
import re

import icalendar
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.choices import (
    ChairRole,
    DocumentKind,
    DocumentRole,
    MeetingKind,
    MeetingStatus,
)
from consultations.models import Document, MeetingChair, ProcessDocument, Seat
from consultations.selectors.programme import MeetingDay, dashboard_context, programme_dashboard
from tests.factories import (
    DelegationFactory,
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RoomFactory,
    RoundTableFactory,
    SpeakersListFactory,
    ThemeFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def _text(response_or_html) -> str:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def hld(db):
    process = ProcessFactory(
        slug="hld-2006",
        title="High-level Dialogue on International Migration and Development",
        short_title="HLD 2006",
        start_date=datetime.date(2006, 6, 1),
        end_date=datetime.date(2006, 9, 30),
        is_current=True,
        follow_up="The first Global Forum on Migration and Development met in Brussels.",
    )
    resolution = Document.objects.create(
        kind=DocumentKind.RESOLUTION,
        symbol="A/RES/58/208",
        title="International migration and development",
        date=datetime.date(2003, 12, 23),
        url="https://undocs.org/A/RES/58/208",
    )
    summary = Document.objects.create(
        kind=DocumentKind.OUTCOME,
        symbol="A/61/515",
        title="Summary of the High-level Dialogue",
        date=datetime.date(2006, 10, 13),
    )
    ProcessDocument.objects.create(process=process, document=resolution, role=DocumentRole.MANDATE)
    ProcessDocument.objects.create(process=process, document=summary, role=DocumentRole.OUTCOME)
    return process


@pytest.fixture
def geneva(db):
    return VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")


@pytest.fixture
def new_york(db):
    return VenueFactory(
        name="United Nations Headquarters", city="New York", time_zone="America/New_York"
    )


@pytest.fixture
def panel(hld, geneva):
    """Geneva, 6 July 2006, 10:00-13:00 local time (CEST): 08:00-11:00 UTC."""
    meeting = MeetingFactory(
        process=hld,
        slug="panel-geneva",
        kind=MeetingKind.PREPARATORY_PANEL,
        title="Interactive panel on migration and development",
        venue=geneva,
        room=RoomFactory(venue=geneva, name="Salle XX"),
        start=utc(2006, 7, 6, 8),
        end=utc(2006, 7, 6, 11),
        status=MeetingStatus.HELD,
    )
    MeetingChair.objects.create(
        meeting=meeting,
        role=ChairRole.CHAIR,
        person=PersonFactory(honorific="Mr.", given_name="Peter", family_name="Sutherland"),
    )
    return meeting


@pytest.fixture
def late_plenary(hld, new_york):
    """New York, 14 September 2006, 23:30 EDT: already 15 September in UTC."""
    return MeetingFactory(
        process=hld,
        slug="late-plenary",
        kind=MeetingKind.PLENARY,
        number=3,
        title="Plenary meeting 3",
        venue=new_york,
        room=RoomFactory(venue=new_york, name="General Assembly Hall"),
        start=utc(2006, 9, 15, 3, 30),
        end=utc(2006, 9, 15, 4, 30),
        status=MeetingStatus.CONFIRMED,
    )


@pytest.fixture
def round_table(hld, new_york):
    return RoundTableFactory(
        process=hld,
        slug="round-table-1",
        number=1,
        title="Round table 1",
        theme=ThemeFactory(name="Effects of international migration on development"),
        venue=new_york,
        room=RoomFactory(venue=new_york, name="Conference Room 4"),
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
        status=MeetingStatus.CANCELLED,
    )


# --- /programme/ -----------------------------------------------------------------------------


def test_programme_groups_meetings_by_day_in_the_venue_time_zone(
    client, panel, late_plenary, round_table
):
    response = client.get("/programme/")

    assert response.status_code == 200
    programme = response.context["programme"]
    assert programme.preparatory == [MeetingDay(datetime.date(2006, 7, 6), [panel])]
    assert programme.dialogue == [
        MeetingDay(datetime.date(2006, 9, 14), [round_table, late_plenary])
    ]
    assert programme.follow_up == []
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
    assert response.context["programme"].follow_up == [
        MeetingDay(datetime.date(2011, 5, 9), [forum])
    ]
    assert response.context["programme"].preparatory == []
    assert [p.slug for p in response.context["processes"]] == ["ldc-iv", "hld-2006"]
    assert '<a href="/programme/?process=hld-2006">HLD 2006</a>' in response.content.decode()


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
    assert set(events) == {f"meeting-{m.pk}@hlderp" for m in (panel, late_plenary, round_table)}
    for meeting in (panel, late_plenary, round_table):
        event = events[f"meeting-{meeting.pk}@hlderp"]
        assert event.decoded("DTSTART") == meeting.start
        assert event.decoded("DTEND") == meeting.end
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
        assert event.decoded("DTSTAMP") == utc(2026, 11, 10, 15, 0, 30)  # when it was served
    plenary = events[f"meeting-{late_plenary.pk}@hlderp"]
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
    assert str(events[f"meeting-{round_table.pk}@hlderp"]["STATUS"]) == "CANCELLED"
    assert str(events[f"meeting-{panel.pk}@hlderp"]["DESCRIPTION"]) == (
        "Preparatory panel\nChair: Mr. Peter Sutherland"
    )
    assert b"DTSTART:20060915T033000Z" in response.content


def test_meeting_ics_holds_that_meeting_only(client, panel, late_plenary):
    response = client.get("/meetings/panel-geneva.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert list(events) == [f"meeting-{panel.pk}@hlderp"]
    event = events[f"meeting-{panel.pk}@hlderp"]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        utc(2006, 7, 6, 8),
        utc(2006, 7, 6, 11),
    )
    assert str(event["LOCATION"]) == "Salle XX, Palais des Nations, Geneva"
    assert str(event["STATUS"]) == "CONFIRMED"  # held


def test_planned_meeting_is_tentative_in_the_calendar(client, hld, new_york):
    meeting = MeetingFactory(process=hld, slug="planned", venue=new_york)

    event = _events(client.get("/meetings/planned.ics"))[f"meeting-{meeting.pk}@hlderp"]

    assert str(event["STATUS"]) == "TENTATIVE"


def test_programme_json_gives_the_process_and_its_meetings(client, panel, late_plenary):
    response = client.get("/programme.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "process": {
            "slug": "hld-2006",
            "title": "High-level Dialogue on International Migration and Development",
            "short_title": "HLD 2006",
            "start_date": "2006-06-01",
            "end_date": "2006-09-30",
            "url": "http://testserver/programme/?process=hld-2006",
        },
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
                    {"role": "chair", "person": "Mr. Peter Sutherland", "stakeholder": None}
                ],
                "url": "http://testserver/meetings/panel-geneva/",
                "ics": "http://testserver/meetings/panel-geneva.ics",
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


# --- / ---------------------------------------------------------------------------------------


def test_home_shows_the_current_process_its_mandate_and_recent_meetings(
    client, panel, late_plenary
):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["process"].slug == "hld-2006"
    assert response.context["upcoming"] == []
    assert response.context["recent"] == [late_plenary, panel]
    text = _text(response)
    assert (
        "High-level Dialogue on International Migration and Development "
        "1 June 2006 – 30 September 2006 Mandate A/RES/58/208"
    ) in text
    assert "Most recent meetings 14 Sep 2006 23:30 – 15 Sep 00:30 EDT Plenary meeting 3" in text
    assert 'href="/programme/"' in response.content.decode()
    assert 'href="/registry/"' in response.content.decode()


@pytest.mark.clock
def test_home_lists_next_meetings_in_order(client, hld, new_york, time_machine):
    time_machine.move_to(utc(2098, 12, 31, 12), tick=False)  # the day before both meetings
    later = MeetingFactory(
        process=hld, venue=new_york, start=utc(2099, 1, 2, 14), end=utc(2099, 1, 2, 15)
    )
    sooner = MeetingFactory(
        process=hld, venue=new_york, start=utc(2099, 1, 1, 14), end=utc(2099, 1, 1, 15)
    )

    response = client.get("/")

    assert response.context["upcoming"] == [sooner, later]
    assert response.context["recent"] == []


def test_home_keeps_the_registry_counts(client, registry):
    response = client.get("/")

    assert response.context["process"] is None
    assert response.context["counts"].member_states == 193


# --- Secretariat dashboard card --------------------------------------------------------------


@pytest.mark.clock
def test_dashboard_card_lists_upcoming_meetings_and_every_clash(
    hld, new_york, secretariat_user, time_machine
):
    time_machine.move_to(utc(2098, 12, 31, 12), tick=False)  # the day before both meetings
    hld.end_date = datetime.date(2099, 12, 31)
    hld.save()
    room = RoomFactory(venue=new_york, name="Conference Room 4")
    first = MeetingFactory(
        process=hld,
        title="First",
        venue=new_york,
        room=room,
        start=utc(2099, 1, 1, 14),
        end=utc(2099, 1, 1, 16),
    )
    second = MeetingFactory(
        process=hld,
        title="Second",
        venue=new_york,
        room=room,
        start=utc(2099, 1, 1, 15),
        end=utc(2099, 1, 1, 17),
    )
    request = RequestFactory().get("/secretariat/")
    request.user = secretariat_user

    html = render_to_string(
        "consultations/programme/_dashboard.html",
        {"process": hld, **dashboard_context(process=hld)},
        request=request,
    )

    dashboard = programme_dashboard(process=hld)
    assert dashboard.upcoming == [first, second]
    assert [(m, w.other) for m, w in dashboard.conflicts] == [(first, second), (second, first)]
    text = _text(html)
    assert (
        "2 scheduling warnings First : Conference Room 4 is also booked for Second "
        "(1 January 2099, 10:00–12:00 EST). Second : Conference Room 4 is also booked for First "
        "(1 January 2099, 09:00–11:00 EST)."
    ) in text
    assert f'href="/admin/consultations/meeting/{first.pk}/change/"' in html
    assert f'href="/admin/consultations/meeting/{second.pk}/change/"' in html


def test_dashboard_card_renders_without_its_context(hld):
    html = render_to_string("consultations/programme/_dashboard.html", {"process": hld})

    assert '<div class="col-md-6">' in html
    assert 'href="/programme/?process=hld-2006"' in html


# --- Queries ---------------------------------------------------------------------------------


def _grow(process, venue, n: int) -> None:
    theme = ThemeFactory()
    for _ in range(n):
        meeting = MeetingFactory(
            process=process, venue=venue, room=RoomFactory(venue=venue), theme=theme
        )
        MeetingChair.objects.create(
            meeting=meeting, person=PersonFactory(), stakeholder=MemberStateFactory()
        )
        DelegationFactory(process=process)
        document = Document.objects.create(kind=DocumentKind.RESOLUTION, title="Resolution")
        ProcessDocument.objects.create(
            process=process, document=document, role=DocumentRole.MANDATE
        )
        ProcessFactory()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/programme/",
        "/programme/?process=hld-2006",
        "/meetings/panel-geneva/",
        "/programme.ics",
        "/programme.json",
        "/meetings/panel-geneva.ics",
    ],
)
def test_public_page_query_count_does_not_grow_with_the_data(client, hld, panel, new_york, path):
    _grow(hld, new_york, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow(hld, new_york, 25)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 8


def test_dashboard_query_count_does_not_grow_with_the_data(hld, new_york):
    _grow(hld, new_york, 2)
    with CaptureQueriesContext(connection) as small:
        programme_dashboard(process=hld)
    _grow(hld, new_york, 25)
    with CaptureQueriesContext(connection) as large:
        programme_dashboard(process=hld)

    assert len(large.captured_queries) == len(small.captured_queries) == 5


def _grow_round_table(meeting, n: int) -> None:
    speakers_list = getattr(meeting, "speakers_list", None) or SpeakersListFactory(meeting=meeting)
    for _ in range(n):
        delegation = DelegationFactory(process=meeting.process)
        Seat.objects.create(meeting=meeting, delegation=delegation)
        InscriptionFactory(
            speakers_list=speakers_list,
            stakeholder=delegation.stakeholder,
            speaker=PersonFactory(),
        )
    MeetingChair.objects.create(
        meeting=meeting, role=ChairRole.CO_CHAIR, stakeholder=MemberStateFactory()
    )


def test_round_table_page_query_count_does_not_grow_with_seats_and_speakers(client, round_table):
    _grow_round_table(round_table, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/meetings/round-table-1/").status_code == 200
    _grow_round_table(round_table, 30)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/meetings/round-table-1/").status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
