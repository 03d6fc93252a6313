"""The home page (/), the Secretariat's programme card, and the query counts of the programme's
pages."""

# ruff: noqa: RUF001  (the pages and messages put en dashes between times)

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from consultations.choices import (
    ChairRole,
    DocumentKind,
    DocumentRole,
)
from consultations.models import Document, MeetingChair, ProcessDocument, Seat
from consultations.selectors.programme import dashboard_context, programme_dashboard
from tests.consultations.programme_helpers import _text, utc
from tests.factories import (
    DelegationFactory,
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RoomFactory,
    SpeakersListFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


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
    assert 'href="/p/hld-2006/programme/"' in html


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
        "/p/hld-2006/programme/",
        "/p/hld-2006/programme.ics",
        "/p/hld-2006/programme.json",
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
    assert len(small.captured_queries) <= 9  # 8, and the documents' language versions


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
        Seat.objects.create(meeting=meeting, delegation=delegation, is_published=True)
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
