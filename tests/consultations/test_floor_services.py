"""The floor in the Secretariat's hands (consultations/services/floor.py): the next speaker in the
list's order, the timer measured by the server's clock, skip and defer with a reason, the Chair
and points of order out of order, rights of reply within the process's limits."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from consultations.choices import FloorTurnKind, FloorTurnStatus, InscriptionStatus
from consultations.models import FloorEvent, Inscription, InscriptionMove
from consultations.selectors.floor import floor_state
from consultations.services import floor as services
from consultations.services.speakers import ReasonRequired
from tests.consultations.speakers_helpers import at, inscribe, state
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.clock

UTC = datetime.UTC
T0 = datetime.datetime(2006, 9, 14, 14, 0, 0, tzinfo=UTC)  # the plenary opens, 10:00 in New York


def t(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    """The server's clock, frozen at T0; ``clock.move_to(t(90))`` moves it."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def three(secretariat_user, speakers_list):
    """States A, B and C inscribed in that order."""
    return [
        inscribe(secretariat_user, speakers_list, state(name), at(day))
        for name, day in (("A", 2), ("B", 3), ("C", 4))
    ]


def actions(speakers_list) -> list[tuple[str, int | None, str]]:
    return list(
        FloorEvent.objects.filter(floor__speakers_list=speakers_list)
        .order_by("at", "pk")
        .values_list("action", "seconds", "reason")
    )


def current_name(speakers_list) -> str | None:
    current = floor_state(speakers_list=speakers_list).current
    return current and str(current.stakeholder)


def upcoming(speakers_list) -> list[str]:
    return [str(e.stakeholder) for e in floor_state(speakers_list=speakers_list).upcoming]


# --- the time spoken, measured ----------------------------------------------------------------
def test_the_time_spoken_is_measured_by_the_servers_clock_pauses_excluded(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    clock.move_to(t(5))
    services.floor_start(**kw)
    clock.move_to(t(125))
    services.floor_pause(**kw)
    clock.move_to(t(180))  # the interpreters' booth asks for a minute
    services.floor_start(**kw)
    clock.move_to(t(270))
    turn = services.floor_stop(**kw)

    assert (turn.status, turn.spoken_seconds, turn.started_at, turn.ended_at) == (
        FloorTurnStatus.DONE,
        210,
        t(5),
        t(270),
    )
    a = Inscription.objects.get(pk=three[0].pk)
    assert (a.status, a.spoke_at, a.spoke_seconds) == (InscriptionStatus.SPOKE, t(5), 210)
    assert actions(speakers_list) == [
        ("call", None, ""),
        ("start", 0, ""),
        ("pause", 120, ""),
        ("start", 120, ""),
        ("stop", 210, ""),
    ]
    assert current_name(speakers_list) is None


def test_calling_the_next_speaker_ends_the_turn_on_the_floor_and_follows_the_list(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    services.floor_start(**kw)
    clock.move_to(t(330))  # 5:30 against a limit of 5:00
    state_now = floor_state(speakers_list=speakers_list)
    assert (state_now.remaining, state_now.overrun, state_now.timer_text) == (-30, True, "+0:30")

    services.floor_call_next(**kw)

    assert current_name(speakers_list) == "B"
    assert upcoming(speakers_list) == ["C"]
    assert Inscription.objects.get(pk=three[0].pk).spoke_seconds == 330


def test_a_speaker_called_who_has_not_started_is_not_passed_over_silently(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)

    with pytest.raises(services.NotStarted):
        services.floor_call_next(**kw)
    with pytest.raises(services.NotStarted):
        services.floor_stop(**kw)
    assert current_name(speakers_list) == "A"


# --- skip and defer -----------------------------------------------------------------------------
def test_skip_needs_a_reason_and_the_list_goes_on_without_the_speaker(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    with pytest.raises(ReasonRequired):
        services.floor_skip(**kw, reason="  ")

    services.floor_skip(**kw, reason="Not in the room")

    assert current_name(speakers_list) is None
    assert upcoming(speakers_list) == ["B", "C"]
    assert actions(speakers_list)[-1] == ("skip", None, "Not in the room")
    # Called again by hand, later, the skipped speaker has the floor.
    services.floor_call_next(**kw, inscription=three[0])
    assert current_name(speakers_list) == "A"


def test_defer_moves_the_speaker_down_the_list_with_a_recorded_move(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)

    services.floor_defer(**kw, reason="The Minister is on the way", places=1)

    assert upcoming(speakers_list) == ["B", "A", "C"]
    move = InscriptionMove.objects.get(inscription=three[0])
    assert (move.from_position, move.to_position, move.reason) == (
        1,
        2,
        "The Minister is on the way",
    )
    services.floor_call_next(**kw)
    assert current_name(speakers_list) == "B"


# --- out of order -------------------------------------------------------------------------------
def test_the_chair_interrupts_and_the_speaker_resumes_with_the_time_before(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    services.floor_start(**kw)
    clock.move_to(t(60))
    chair = services.floor_out_of_order(**kw, kind=FloorTurnKind.CHAIR, speaker_name="The Chair")
    clock.move_to(t(90))
    services.floor_stop(**kw)

    resumed = floor_state(speakers_list=speakers_list).current
    assert (str(resumed.stakeholder), resumed.status, resumed.elapsed_seconds) == (
        "A",
        FloorTurnStatus.PAUSED,
        60.0,
    )
    services.floor_start(**kw)
    clock.move_to(t(150))
    services.floor_stop(**kw)
    chair.refresh_from_db()
    assert (chair.spoken_seconds, chair.limit_seconds) == (30, None)
    assert Inscription.objects.get(pk=three[0].pk).spoke_seconds == 120


def test_a_point_of_order_names_the_delegation_that_raises_it(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    with pytest.raises(services.FloorError):
        services.floor_out_of_order(**kw, kind=FloorTurnKind.POINT_OF_ORDER)
    with pytest.raises(services.FloorError):
        services.floor_out_of_order(**kw, kind=FloorTurnKind.REPLY, stakeholder=state("X"))

    turn = services.floor_out_of_order(
        **kw, kind=FloorTurnKind.POINT_OF_ORDER, stakeholder=three[2].stakeholder
    )

    assert (turn.status, turn.interrupted, current_name(speakers_list)) == (
        FloorTurnStatus.SPEAKING,
        None,
        "C",
    )
    assert actions(speakers_list) == [("point_of_order", 0, "")]


# --- rights of reply ----------------------------------------------------------------------------
def test_two_rights_of_reply_per_delegation_ten_minutes_then_five(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    b = three[1].stakeholder

    first = services.floor_reply_add(**kw, stakeholder=b)
    second = services.floor_reply_add(**kw, stakeholder=b)
    with pytest.raises(services.ReplyLimitReached) as refused:
        services.floor_reply_add(**kw, stakeholder=b)

    assert [(r.reply_number, r.limit_seconds) for r in (first, second)] == [(1, 600), (2, 300)]
    assert str(refused.value) == (
        "B has already had its 2 rights of reply at this meeting, the most the process allows."
    )
    # Withdrawn, a reply may be asked for again; another delegation has its own two.
    services.floor_reply_withdraw(actor=secretariat_user, turn=second)
    again = services.floor_reply_add(**kw, stakeholder=b)
    other = services.floor_reply_add(**kw, stakeholder=three[0].stakeholder)
    assert [(r.reply_number, r.limit_seconds) for r in (again, other)] == [(2, 300), (1, 600)]


def test_rights_of_reply_follow_the_processs_own_settings(
    clock, secretariat_user, speakers_list, three
):
    process = speakers_list.meeting.process
    process.replies_per_delegation = 3
    process.reply_first_minutes = 3
    process.reply_next_minutes = 2
    process.save()
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    b = three[1].stakeholder

    limits = [services.floor_reply_add(**kw, stakeholder=b).limit_seconds for _ in range(3)]

    assert limits == [180, 120, 120]
    with pytest.raises(services.ReplyLimitReached):
        services.floor_reply_add(**kw, stakeholder=b)


def test_rights_of_reply_are_taken_at_the_end_after_the_list(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_reply_add(**kw, stakeholder=three[0].stakeholder)
    assert upcoming(speakers_list) == ["A", "B", "C", "A"]

    for _speaker in range(3):
        services.floor_call_next(**kw)
        services.floor_start(**kw)
    clock.move_to(t(700))
    reply = services.floor_call_next(**kw)  # C ends; A's reply is next

    assert (reply.kind, reply.status, reply.limit_seconds) == (
        FloorTurnKind.REPLY,
        FloorTurnStatus.CALLED,
        600,
    )
    with pytest.raises(services.NoNextSpeaker):
        services.floor_start(**kw)
        services.floor_call_next(**kw)


# --- who may ------------------------------------------------------------------------------------
def test_a_delegate_cannot_run_the_floor(speakers_list, three):
    delegate = FocalPointFactory(stakeholder=three[0].stakeholder).user

    with pytest.raises(PermissionDenied):
        services.floor_call_next(actor=delegate, speakers_list=speakers_list)
    with pytest.raises(PermissionDenied):
        services.floor_reply_add(
            actor=delegate, speakers_list=speakers_list, stakeholder=three[0].stakeholder
        )
    assert FloorEvent.objects.count() == 0


def test_closing_the_sitting_records_the_last_turn_and_leaves_the_session(
    clock, secretariat_user, speakers_list, three
):
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    services.floor_start(**kw)
    clock.move_to(t(42))

    floor = services.floor_close(**kw)

    assert (floor.in_session, floor.current, floor.version) == (False, None, 3)
    assert Inscription.objects.get(pk=three[0].pk).spoke_seconds == 42
    assert [a for a, _s, _r in actions(speakers_list)] == ["call", "start", "stop", "close"]
