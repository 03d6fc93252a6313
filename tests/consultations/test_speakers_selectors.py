"""Reading speakers lists: expected floor times, overruns, the portal's view
(consultations/selectors/speakers.py) and the public meeting page's speakers block."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.choices import InscriptionStatus
from consultations.models import Inscription
from consultations.selectors.speakers import format_seconds, meeting_speakers, portal_context
from consultations.services.speakers import (
    inscription_create,
    inscription_mark_spoke,
    inscription_withdraw,
)
from registry.choices import StakeholderKind
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    SpeakersListFactory,
    StakeholderFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def meeting(db):
    """10:00-13:00 in New York on 14 September 2006 (14:00-17:00 UTC)."""
    return MeetingFactory(title="Plenary 1", slug="plenary-1")


def fill(user, speakers_list, n: int, *, start: int = 0) -> list:
    return [
        inscription_create(
            actor=user,
            speakers_list=speakers_list,
            stakeholder=MemberStateFactory(name=f"State {start + i:03d}"),
            at=utc(2006, 9, 1, 12, start + i),
        )
        for i in range(n)
    ]


def test_third_speaker_is_expected_ten_minutes_after_the_start(secretariat_user, meeting):
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    fill(secretariat_user, speakers_list, 3)

    speakers = meeting_speakers(meeting=meeting)

    third = speakers.rows[2]
    assert (third.place, third.inscription.stakeholder.name) == (3, "State 002")
    assert third.expected_at == utc(2006, 9, 14, 14, 10)
    assert third.expected_local.strftime("%H:%M %Z") == "10:10 EDT"
    assert [row.expected_local.strftime("%H:%M") for row in speakers.rows] == [
        "10:00",
        "10:05",
        "10:10",
    ]
    assert speakers.expected_end == utc(2006, 9, 14, 14, 15)
    assert speakers.overruns is False


def test_speakers_who_spoke_count_for_their_actual_time(secretariat_user, meeting):
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    first, second, _third = fill(secretariat_user, speakers_list, 3)
    inscription_mark_spoke(
        actor=secretariat_user, inscription=first, spoke_at=utc(2006, 9, 14, 14, 2), seconds=450
    )

    speakers = meeting_speakers(meeting=meeting)

    assert [row.expected_local.strftime("%H:%M:%S") for row in speakers.rows] == [
        "10:00:00",
        "10:07:30",
        "10:12:30",
    ]
    assert [(row.status, row.actual_seconds, row.actual_duration) for row in speakers.rows] == [
        (InscriptionStatus.SPOKE, 450, "7:30"),
        (InscriptionStatus.INSCRIBED, None, ""),
        (InscriptionStatus.INSCRIBED, None, ""),
    ]
    assert second.pk == speakers.rows[1].inscription.pk


def test_list_that_runs_past_the_meeting_end_warns(secretariat_user):
    meeting = MeetingFactory(start=utc(2006, 9, 14, 14, 0), end=utc(2006, 9, 14, 14, 12))
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    fill(secretariat_user, speakers_list, 3)

    speakers = meeting_speakers(meeting=meeting)

    assert speakers.overruns is True
    assert (speakers.expected_end, speakers.overrun_seconds, speakers.overrun_duration) == (
        utc(2006, 9, 14, 14, 15),
        180,
        "3:00",
    )
    assert [row.overruns for row in speakers.rows] == [False, False, True]


def test_list_that_ends_exactly_with_the_meeting_does_not_warn(secretariat_user):
    meeting = MeetingFactory(start=utc(2006, 9, 14, 14, 0), end=utc(2006, 9, 14, 14, 15))
    fill(secretariat_user, SpeakersListFactory(meeting=meeting, minutes_per_speaker=5), 3)

    assert meeting_speakers(meeting=meeting).overruns is False


def test_withdrawn_speakers_take_no_time(secretariat_user, meeting):
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=4)
    _a, b, _c = fill(secretariat_user, speakers_list, 3)
    inscription_withdraw(actor=secretariat_user, inscription=b)

    speakers = meeting_speakers(meeting=meeting)

    assert [(row.place, row.inscription.stakeholder.name) for row in speakers.rows] == [
        (1, "State 000"),
        (2, "State 002"),
    ]
    assert speakers.rows[1].expected_at == utc(2006, 9, 14, 14, 4)
    assert [i.stakeholder.name for i in speakers.withdrawn] == ["State 001"]


def test_meeting_without_a_speakers_list_has_none(meeting):
    assert meeting_speakers(meeting=meeting) is None


def test_empty_list_ends_when_the_meeting_starts(meeting):
    SpeakersListFactory(meeting=meeting)

    speakers = meeting_speakers(meeting=meeting)

    assert (speakers.rows, speakers.expected_end, speakers.overruns) == ([], meeting.start, False)


def test_meeting_speakers_reads_in_two_queries_whatever_the_length(secretariat_user, meeting):
    speakers_list = SpeakersListFactory(meeting=meeting)
    fill(secretariat_user, speakers_list, 3)
    with CaptureQueriesContext(connection) as small:
        assert len(meeting_speakers(meeting=meeting).rows) == 3
    fill(secretariat_user, speakers_list, 30, start=3)
    with CaptureQueriesContext(connection) as large:
        speakers = meeting_speakers(meeting=meeting)
        assert [row.inscription.stakeholder.name for row in speakers.rows][-1] == "State 032"
        assert speakers.rows[-1].overruns is False  # reads the meeting end: no further query

    assert len(small.captured_queries) == len(large.captured_queries) == 2


def test_format_seconds():
    assert [format_seconds(s) for s in (None, 0, 59, 60, 270, 3600)] == [
        "",
        "0:00",
        "0:59",
        "1:00",
        "4:30",
        "60:00",
    ]


# --- the delegate portal ------------------------------------------------------------------------
@pytest.mark.clock
def test_portal_context_shows_lists_state_and_own_inscriptions_with_place_and_time(
    secretariat_user, delegate_a, state_a
):
    process = ProcessFactory()
    DelegationFactory(process=process, stakeholder=state_a)
    now = timezone.now()
    open_meeting = MeetingFactory(process=process, title="Open", start=utc(2006, 9, 14, 14))
    closed_meeting = MeetingFactory(
        process=process, title="Closed", start=utc(2006, 9, 15, 14), end=utc(2006, 9, 15, 17)
    )
    MeetingFactory(process=process, title="No list")
    other = SpeakersListFactory(meeting=MeetingFactory(title="Other process"))
    open_list = SpeakersListFactory(meeting=open_meeting, opens_at=None, closes_at=None)
    closed_list = SpeakersListFactory(
        meeting=closed_meeting,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now - datetime.timedelta(days=1),
    )
    fill(secretariat_user, open_list, 2)
    inscription_create(
        actor=delegate_a, speakers_list=open_list, stakeholder=state_a, at=utc(2006, 9, 2)
    )
    mine_closed = inscription_create(
        actor=secretariat_user, speakers_list=closed_list, stakeholder=state_a
    )
    inscription_withdraw(actor=secretariat_user, inscription=mine_closed)
    inscription_create(actor=secretariat_user, speakers_list=other, stakeholder=state_a)

    with CaptureQueriesContext(connection) as queries:
        context = portal_context(user=delegate_a, process=process)

    assert [
        (s.speakers_list.meeting.title, s.is_open, s.speaker_count)
        for s in context["speakers_lists"]
    ] == [("Open", True, 3), ("Closed", False, 0)]
    assert [
        (e.speakers_list.meeting.title, e.place, e.expected_local, e.is_open)
        for e in context["speakers_inscriptions"]
    ] == [
        ("Open", 3, utc(2006, 9, 14, 14, 10).astimezone(open_meeting.venue.tzinfo), True),
        ("Closed", None, None, False),
    ]
    assert context["speakers_inscriptions"][0].expected_local.strftime("%H:%M") == "10:10"
    # The lists, then the user's inscriptions with the places ahead of them.
    assert len(queries.captured_queries) == 2


# --- the public meeting page's block ------------------------------------------------------------
def public_block(meeting) -> str:
    return render_to_string(
        "consultations/speakers/_meeting_speakers.html",
        {"meeting": meeting, "speakers": meeting_speakers(meeting=meeting)},
    )


def test_public_block_shows_place_speaker_post_local_time_and_what_was_spoken(secretariat_user):
    process = ProcessFactory(illustrative_note="Statements and speakers here are illustrative.")
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    meeting = MeetingFactory(
        process=process,
        venue=geneva,
        start=utc(2006, 7, 6, 8, 0),  # 10:00 in Geneva
        end=utc(2006, 7, 6, 8, 12),
    )
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    person = PersonFactory(honorific="Mr.", given_name="Guy", family_name="Verhofstadt")
    first = inscription_create(
        actor=secretariat_user,
        speakers_list=speakers_list,
        stakeholder=MemberStateFactory(name="Belgium"),
        speaker=person,
        speaker_post="Prime Minister",
        level=3,
        at=utc(2006, 7, 1),
    )
    inscription_create(
        actor=secretariat_user,
        speakers_list=speakers_list,
        stakeholder=StakeholderFactory(kind=StakeholderKind.IGO, name="IOM"),
        at=utc(2006, 7, 2),
    )
    inscription_create(
        actor=secretariat_user,
        speakers_list=speakers_list,
        stakeholder=MemberStateFactory(name="Mexico"),
        at=utc(2006, 7, 3),
    )
    inscription_mark_spoke(
        actor=secretariat_user, inscription=first, spoke_at=utc(2006, 7, 6, 8, 1), seconds=390
    )
    facts = text(public_block(meeting))
    Inscription.objects.filter(stakeholder__name="Mexico").update(is_illustrative=True)

    html = text(public_block(meeting))

    assert "Illustrative data" not in facts  # a list of facts stands under no note
    assert (
        f"Illustrative data: Invented for a demonstration, not the record of {process}: 1 "
        "place on a speakers list. Each is marked “Illustrative” where it is shown; facts are "
        "not, and name their source. Statements and speakers here are illustrative."
    ) in html
    assert "5 minutes per speaker. Times are local to the venue (CEST)." in html
    assert (
        "1 Belgium Mr. Guy Verhofstadt, Prime Minister Head of Government 10:00 at 10:01, for 6:30 "
        "2 Mexico Illustrative Other head of delegation 10:06 "
        "3 IOM Intergovernmental organization 10:11"
    ) in html
    assert (
        "The list overruns the meeting: the last speaker is expected to finish at 10:16, "
        "4:30 after the meeting's end at 10:12 (CEST)."
    ) in html


def test_public_block_says_when_there_is_no_list_and_has_no_warning_when_in_time(meeting):
    assert text(public_block(meeting)) == "This meeting has no speakers list."
    SpeakersListFactory(meeting=meeting)

    html = text(public_block(meeting))

    assert "No speaker is inscribed yet." in html
    assert "overruns" not in html
    assert "Illustrative" not in html


def test_public_block_query_count_does_not_grow_with_the_list(secretariat_user, meeting):
    speakers_list = SpeakersListFactory(meeting=meeting)
    fill(secretariat_user, speakers_list, 2)
    with CaptureQueriesContext(connection) as small:
        public_block(meeting)
    fill(secretariat_user, speakers_list, 40, start=2)
    inscription_mark_spoke(
        actor=secretariat_user,
        inscription=speakers_list.inscriptions.get(position=1),
        spoke_at=utc(2006, 9, 14, 14),
        seconds=300,
    )
    with CaptureQueriesContext(connection) as large:
        html = public_block(meeting)

    assert "State 041" in html
    assert len(large.captured_queries) == len(small.captured_queries) == 2
