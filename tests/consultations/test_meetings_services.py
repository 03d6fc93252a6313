"""Scheduling meetings and the clashes it warns of (consultations/services/meetings.py)."""

# ruff: noqa: RUF001  (the pages and messages put en dashes between times)

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.choices import ChairRole, InscriptionStatus, MeetingKind, MeetingStatus
from consultations.models import Meeting, MeetingChair
from consultations.selectors.meetings import (
    CHAIR_BOOKED,
    OUTSIDE_PROCESS,
    ROOM_BOOKED,
    SPEAKER_BOOKED,
    ScheduleWarning,
    meeting_conflicts,
    meetings_conflicts,
)
from consultations.services.meetings import meeting_schedule, meeting_update
from tests.factories import (
    InscriptionFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    RoomFactory,
    SpeakersListFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def process(db):
    return ProcessFactory(
        slug="hld-2006",
        title="High-level Dialogue on International Migration and Development",
        short_title="HLD 2006",
        start_date=datetime.date(2006, 6, 1),
        end_date=datetime.date(2006, 9, 30),
    )


@pytest.fixture
def room(new_york):
    return RoomFactory(venue=new_york, name="Conference Room 4")


@pytest.fixture
def round_table_1(process, new_york, room):
    """14 September 2006, 10:00-13:00 New York time."""
    return MeetingFactory(
        process=process,
        slug="round-table-1",
        kind=MeetingKind.ROUND_TABLE,
        number=1,
        title="Round table 1",
        venue=new_york,
        room=room,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
    )


def _schedule(actor, process, venue, room, *, start, end, slug="briefing", **extra):
    return meeting_schedule(
        actor=actor,
        process=process,
        slug=slug,
        kind=MeetingKind.OTHER,
        title="Briefing",
        venue=venue,
        room=room,
        start=start,
        end=end,
        **extra,
    )


ROUND_TABLE_1_WHEN = "14 September 2006, 10:00–13:00 EDT"


# --- Scheduling ------------------------------------------------------------------------------


def test_schedule_saves_the_meeting_and_records_the_actor_in_its_history(
    secretariat_user, process, new_york, room
):
    meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        room,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
    )

    assert warnings == []
    assert list(Meeting.objects.values_list("slug", "title", "room__name")) == [
        ("briefing", "Briefing", "Conference Room 4")
    ]
    assert [(h.history_type, h.history_user) for h in meeting.history.all()] == [
        ("+", secretariat_user)
    ]


def test_delegate_cannot_schedule_a_meeting(delegate_a, process, new_york, room):
    with pytest.raises(PermissionDenied):
        _schedule(
            delegate_a,
            process,
            new_york,
            room,
            start=utc(2006, 9, 14, 14),
            end=utc(2006, 9, 14, 17),
        )

    assert Meeting.objects.count() == 0


def test_schedule_refuses_a_meeting_that_ends_before_it_starts(
    secretariat_user, process, new_york, room
):
    with pytest.raises(ValidationError) as error:
        _schedule(
            secretariat_user,
            process,
            new_york,
            room,
            start=utc(2006, 9, 14, 17),
            end=utc(2006, 9, 14, 14),
        )

    assert error.value.messages == ["A meeting must end after it starts."]
    assert Meeting.objects.count() == 0


def test_schedule_refuses_a_room_of_another_venue(secretariat_user, process, room):
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")

    with pytest.raises(ValidationError) as error:
        _schedule(
            secretariat_user,
            process,
            geneva,
            room,
            start=utc(2006, 7, 6, 8),
            end=utc(2006, 7, 6, 11),
        )

    assert error.value.message_dict == {"room": ["This room is in another venue."]}
    assert Meeting.objects.count() == 0


def test_update_moves_a_meeting_and_returns_the_clashes_it_now_has(
    secretariat_user, process, new_york, room, round_table_1
):
    meeting, _ = _schedule(
        secretariat_user,
        process,
        new_york,
        room,
        start=utc(2006, 9, 15, 14),
        end=utc(2006, 9, 15, 17),
    )

    _meeting, warnings = meeting_update(
        actor=secretariat_user,
        meeting=meeting,
        start=utc(2006, 9, 14, 16),
        end=utc(2006, 9, 14, 18),
    )

    meeting.refresh_from_db()
    assert (meeting.start, meeting.end) == (utc(2006, 9, 14, 16), utc(2006, 9, 14, 18))
    assert warnings == [
        ScheduleWarning(
            ROOM_BOOKED,
            f"Conference Room 4 is also booked for Round table 1 ({ROUND_TABLE_1_WHEN}).",
            round_table_1,
        )
    ]
    assert [(h.history_type, h.history_user) for h in meeting.history.all()] == [
        ("~", secretariat_user),
        ("+", secretariat_user),
    ]


def test_update_that_breaks_a_rule_leaves_the_meeting_as_it_was(secretariat_user, round_table_1):
    with pytest.raises(ValidationError):
        meeting_update(actor=secretariat_user, meeting=round_table_1, end=utc(2006, 9, 14, 13))

    round_table_1.refresh_from_db()
    assert round_table_1.end == utc(2006, 9, 14, 17)


def test_update_rejects_a_name_that_is_not_a_field(secretariat_user, round_table_1):
    with pytest.raises(TypeError, match="Meeting has no field 'colour'"):
        meeting_update(actor=secretariat_user, meeting=round_table_1, colour="blue")


def test_delegate_cannot_update_a_meeting(delegate_a, round_table_1):
    with pytest.raises(PermissionDenied):
        meeting_update(actor=delegate_a, meeting=round_table_1, title="Changed")

    round_table_1.refresh_from_db()
    assert round_table_1.title == "Round table 1"


# --- Room ------------------------------------------------------------------------------------


def test_room_booked_twice_at_overlapping_times_warns_but_saves(
    secretariat_user, process, new_york, room, round_table_1
):
    meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        room,
        start=utc(2006, 9, 14, 16),
        end=utc(2006, 9, 14, 18),
    )

    assert warnings == [
        ScheduleWarning(
            ROOM_BOOKED,
            "Conference Room 4 is also booked for Round table 1 "
            "(14 September 2006, 10:00–13:00 EDT).",
            round_table_1,
        )
    ]
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    # The clash is seen from both sides.
    assert meeting_conflicts(meeting=round_table_1) == [
        ScheduleWarning(
            ROOM_BOOKED,
            "Conference Room 4 is also booked for Briefing (14 September 2006, 12:00–14:00 EDT).",
            meeting,
        )
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (utc(2006, 9, 14, 17), utc(2006, 9, 14, 18)),  # starts when round table 1 ends
        (utc(2006, 9, 14, 12), utc(2006, 9, 14, 14)),  # ends when it starts
        (utc(2006, 9, 15, 14), utc(2006, 9, 15, 17)),  # the next day
    ],
    ids=["right-after", "right-before", "next-day"],
)
def test_room_used_at_times_that_do_not_overlap_gives_no_warning(
    secretariat_user, process, new_york, room, round_table_1, start, end
):
    _meeting, warnings = _schedule(secretariat_user, process, new_york, room, start=start, end=end)

    assert warnings == []


def test_room_of_a_cancelled_meeting_is_free(
    secretariat_user, process, new_york, room, round_table_1
):
    round_table_1.status = MeetingStatus.CANCELLED
    round_table_1.save()

    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        room,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
    )

    assert warnings == []


def test_cancelled_meeting_has_no_clashes(secretariat_user, process, new_york, room, round_table_1):
    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        room,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
        status=MeetingStatus.CANCELLED,
    )

    assert warnings == []


def test_meeting_in_another_room_at_the_same_time_gives_no_warning(
    secretariat_user, process, new_york, round_table_1
):
    other_room = RoomFactory(venue=new_york, name="Conference Room 2")

    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        other_room,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
    )

    assert warnings == []


def test_meeting_without_a_room_gives_no_room_warning(
    secretariat_user, process, new_york, round_table_1
):
    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        None,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
    )

    assert warnings == []


# --- Chairs ----------------------------------------------------------------------------------


def _chair(meeting, person, role=ChairRole.CHAIR):
    return MeetingChair.objects.create(meeting=meeting, person=person, role=role)


def test_chair_of_two_overlapping_meetings_warns(
    secretariat_user, process, new_york, round_table_1
):
    eliasson = PersonFactory(honorific="Mr.", given_name="Jan", family_name="Eliasson")
    _chair(round_table_1, eliasson, ChairRole.CO_CHAIR)
    other_room = RoomFactory(venue=new_york, name="Conference Room 2")
    meeting, _ = _schedule(
        secretariat_user,
        process,
        new_york,
        other_room,
        start=utc(2006, 9, 14, 15),
        end=utc(2006, 9, 14, 16),
    )
    _chair(meeting, eliasson)

    assert meeting_conflicts(meeting=meeting) == [
        ScheduleWarning(
            CHAIR_BOOKED,
            f"Mr. Jan Eliasson also chairs Round table 1 ({ROUND_TABLE_1_WHEN}).",
            round_table_1,
        )
    ]


def test_chairs_of_meetings_that_do_not_overlap_or_are_cancelled_give_no_warning(
    process, new_york, round_table_1
):
    eliasson = PersonFactory()
    _chair(round_table_1, eliasson)
    later = MeetingFactory(
        process=process, venue=new_york, start=utc(2006, 9, 14, 17), end=utc(2006, 9, 14, 19)
    )
    cancelled = MeetingFactory(
        process=process,
        venue=new_york,
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
        status=MeetingStatus.CANCELLED,
    )
    other_person = MeetingFactory(
        process=process, venue=new_york, start=utc(2006, 9, 14, 14), end=utc(2006, 9, 14, 17)
    )
    _chair(later, eliasson)
    _chair(cancelled, eliasson)
    _chair(other_person, PersonFactory())

    assert meetings_conflicts(meetings=[round_table_1, later, cancelled, other_person]) == {
        round_table_1.pk: [],
        later.pk: [],
        cancelled.pk: [],
        other_person.pk: [],
    }


# --- Speakers --------------------------------------------------------------------------------


def _inscribe(meeting, person, **kwargs):
    speakers_list = getattr(meeting, "speakers_list", None) or SpeakersListFactory(meeting=meeting)
    return InscriptionFactory(speakers_list=speakers_list, speaker=person, **kwargs)


def test_speaker_inscribed_at_two_overlapping_meetings_warns(process, new_york, round_table_1):
    minister = PersonFactory(honorific="H.E. Ms.", given_name="Ana", family_name="Ruiz")
    plenary = MeetingFactory(
        process=process,
        slug="plenary-1",
        title="Plenary meeting 1",
        venue=new_york,
        start=utc(2006, 9, 14, 13),
        end=utc(2006, 9, 14, 15),
    )
    _inscribe(round_table_1, minister)
    _inscribe(plenary, minister)

    assert meeting_conflicts(meeting=round_table_1) == [
        ScheduleWarning(
            SPEAKER_BOOKED,
            "H.E. Ms. Ana Ruiz is also on the speakers list of Plenary meeting 1 "
            "(14 September 2006, 09:00–11:00 EDT).",
            plenary,
        )
    ]
    assert meeting_conflicts(meeting=plenary) == [
        ScheduleWarning(
            SPEAKER_BOOKED,
            f"H.E. Ms. Ana Ruiz is also on the speakers list of Round table 1 "
            f"({ROUND_TABLE_1_WHEN}).",
            round_table_1,
        )
    ]


def test_withdrawn_speaker_is_not_booked_twice(process, new_york, round_table_1):
    minister = PersonFactory()
    plenary = MeetingFactory(
        process=process, venue=new_york, start=utc(2006, 9, 14, 13), end=utc(2006, 9, 14, 15)
    )
    _inscribe(round_table_1, minister)
    _inscribe(plenary, minister, status=InscriptionStatus.WITHDRAWN, position=None)

    assert meeting_conflicts(meeting=round_table_1) == []
    assert meeting_conflicts(meeting=plenary) == []


# --- Process dates ---------------------------------------------------------------------------


def test_meeting_after_the_process_ends_in_venue_time_warns(secretariat_user, process):
    """Geneva, 1 October 2006 at 01:00: still 30 September in UTC, but after the process."""
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")

    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        geneva,
        None,
        start=utc(2006, 9, 30, 23),
        end=utc(2006, 10, 1, 1),
    )

    assert warnings == [
        ScheduleWarning(
            OUTSIDE_PROCESS,
            "This meeting (1 October 2006, 01:00–03:00 CEST) falls outside the dates of "
            "HLD 2006 (1 June 2006 to 30 September 2006).",
            None,
        )
    ]


def test_meeting_on_the_last_day_in_venue_time_is_inside_the_process(
    secretariat_user, process, new_york
):
    """New York, 30 September 2006 at 22:00: already 1 October in UTC, still inside."""
    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        None,
        start=utc(2006, 10, 1, 2),
        end=utc(2006, 10, 1, 3, 30),
    )

    assert warnings == []


def test_meeting_running_past_midnight_shows_both_days(secretariat_user, process, new_york):
    _meeting, warnings = _schedule(
        secretariat_user,
        process,
        new_york,
        None,
        start=utc(2006, 10, 1, 3),
        end=utc(2006, 10, 1, 5),
    )

    assert [w.message for w in warnings] == [
        "This meeting (30 September 2006, 23:00 EDT – 1 October 2006, 01:00 EDT) falls outside "
        "the dates of HLD 2006 (1 June 2006 to 30 September 2006)."
    ]


# --- Queries ---------------------------------------------------------------------------------


def _clashing_meetings(process, venue, room, person, n: int) -> None:
    """``n`` meetings in one room at overlapping times, ``person`` chairing and speaking at each."""
    for i in range(n):
        meeting = MeetingFactory(
            process=process,
            venue=venue,
            room=room,
            start=utc(2006, 9, 14, 14, i),
            end=utc(2006, 9, 14, 17),
        )
        _chair(meeting, person)
        _inscribe(meeting, person)


def test_meeting_conflicts_query_count_does_not_grow_with_the_clashes(
    process, new_york, room, round_table_1
):
    person = PersonFactory()
    _chair(round_table_1, person)
    _inscribe(round_table_1, person)
    meeting = Meeting.objects.select_related("venue", "process").get(pk=round_table_1.pk)
    _clashing_meetings(process, new_york, room, person, 2)

    with CaptureQueriesContext(connection) as small:
        small_warnings = meeting_conflicts(meeting=meeting)
    _clashing_meetings(process, new_york, room, person, 20)
    with CaptureQueriesContext(connection) as large:
        large_warnings = meeting_conflicts(meeting=meeting)

    assert (len(small_warnings), len(large_warnings)) == (2 * 3, 22 * 3)
    assert len(small.captured_queries) == len(large.captured_queries) == 3


def test_meetings_conflicts_of_many_meetings_takes_the_same_queries_as_of_a_few(
    process, new_york, room
):
    person = PersonFactory()
    _clashing_meetings(process, new_york, room, person, 3)
    few = list(Meeting.objects.select_related("venue", "process"))
    with CaptureQueriesContext(connection) as small:
        meetings_conflicts(meetings=few)
    _clashing_meetings(process, new_york, room, person, 30)
    many = list(Meeting.objects.select_related("venue", "process"))
    with CaptureQueriesContext(connection) as large:
        clashes = meetings_conflicts(meetings=many)

    assert len(small.captured_queries) == len(large.captured_queries) == 3
    # 33 meetings in one room, each chaired by one person who also speaks at all of them.
    assert {len(warnings) for warnings in clashes.values()} == {32 * 3}
