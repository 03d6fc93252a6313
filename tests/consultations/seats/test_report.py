"""The allocation report and why a State missed its first choice: one rule for the report of a
run and for the Secretariat's overview."""

import pytest

from consultations.choices import MissReason, SeatSource
from consultations.models import Seat
from consultations.selectors.seats import seats_overview
from consultations.selectors.seats_report import (
    SeatFacts,
    StateFacts,
    TableFacts,
    first_choice_misses,
)
from consultations.services.seats import AllocationReport, choice_label, seats_allocate
from tests.consultations.seats.helpers import prefer, seat_process, sit, state

TABLES = [TableFacts(1, "Round table 1", 2), TableFacts(2, "Round table 2", 2)]
AFRICAN, WEOG = 1, 2


def seat(d, table, *, group=AFRICAN, hand=False, choice=1):
    return SeatFacts(delegation_id=d, meeting_id=table, group_id=group, hand=hand, choice=choice)


def wants(d, *tables):
    ranks = {t: rank for rank, t in enumerate(tables, start=1)}
    return StateFacts(delegation_id=d, name=f"State {d}", group="African States", ranks=ranks)


def reasons(seats, *states, balance=True, tables=TABLES):
    result = first_choice_misses(tables=tables, states=states, seats=seats, balance=balance)
    return [(m.state, m.obtained, m.reason) for m in result.missed], result.got


def test_a_first_choice_full_of_first_choices_is_full_whatever_the_balance():
    seats = [seat(1, 1), seat(2, 1), seat(3, 2, choice=2)]

    assert reasons(seats, wants(1, 1), wants(2, 1), wants(3, 1, 2)) == (
        [("State 3", ["Round table 2"], MissReason.FIRST_CHOICE_FULL)],
        2,
    )


def test_a_seat_at_the_first_choice_given_to_a_state_that_ranked_it_lower_is_the_balance():
    # State 4 stated no preference: its seat at Round table 1 is unranked.
    seats = [seat(1, 1), seat(4, 1, group=WEOG, choice=None), seat(2, 2, choice=None)]
    states = (wants(1, 1), wants(2, 1))

    assert reasons(seats, *states) == ([("State 2", ["Round table 2"], MissReason.BALANCE)], 1)
    # Without the balance rule nothing but the full table explains it.
    assert reasons(seats, *states, balance=False)[0] == [
        ("State 2", ["Round table 2"], MissReason.FIRST_CHOICE_FULL)
    ]


def test_a_first_choice_with_room_is_the_balance_or_else_a_change_since_the_allocation():
    seats = [seat(1, 2, choice=None)]

    assert reasons(seats, wants(1, 1))[0] == [("State 1", ["Round table 2"], MissReason.BALANCE)]
    assert reasons(seats, wants(1, 1), balance=False)[0] == [
        ("State 1", ["Round table 2"], MissReason.CHANGED)
    ]


def test_a_seat_edited_by_hand_or_recorded_at_another_rank_comes_first():
    by_hand = [seat(1, 2, hand=True, choice=2)]
    changed = [seat(1, 2, choice=1)]  # Round table 2 was its first choice when it was seated

    assert reasons(by_hand, wants(1, 1, 2))[0] == [("State 1", ["Round table 2"], MissReason.HAND)]
    assert reasons(changed, wants(1, 1, 2))[0] == [
        ("State 1", ["Round table 2"], MissReason.CHANGED)
    ]


def test_a_state_without_a_seat_has_none_when_every_table_is_full_and_none_yet_otherwise():
    full = [seat(1, 1), seat(2, 1), seat(3, 2), seat(4, 2)]
    states = (wants(1, 1), wants(2, 1), wants(3, 2), wants(4, 2), wants(5, 1))

    assert reasons(full, *states)[0] == [("State 5", [], MissReason.NO_SEAT)]
    assert reasons(full[:3], *states[:3], states[4])[0] == [("State 5", [], MissReason.NOT_YET)]
    assert first_choice_misses(tables=TABLES, states=states, seats=full, balance=True).unseated == 1


def test_choice_labels():
    assert [choice_label(c) for c in (1, 2, 3, 4, None, 0)] == [
        "1st choice",
        "2nd choice",
        "3rd choice",
        "4th choice",
        "unranked",
        "no seat",
    ]


@pytest.mark.django_db
def test_the_report_and_the_overview_give_each_state_the_same_reason(secretariat_user):
    process, (rt1, rt2) = seat_process(capacity=2)
    for name, code, table in [
        ("State A", "AFRICAN", rt1),
        ("State B", "AFRICAN", rt1),
        ("State C", "WEOG", rt2),
        ("State D", "WEOG", rt2),
    ]:
        prefer(state(process, name, code), table)

    report = seats_allocate(actor=secretariat_user, process=process)
    overview = seats_overview(process=process)

    # Both tables are full, but each holds a State that did not rank it: the balance rule,
    # not the capacity, cost B and D their first choice.
    assert [(m.state, m.obtained, m.reason_label) for m in report.missed] == [
        ("State B", ["Round table 2"], "balance"),
        ("State D", ["Round table 1"], "balance"),
    ]
    assert overview.missed == report.missed
    assert (overview.first_choices, overview.by_choice) == (report.first_choices, report.by_choice)


@pytest.mark.django_db
def test_the_overview_tells_a_state_to_wait_for_the_allocation_and_a_changed_choice():
    process, (rt1, rt2) = seat_process(capacity=2, regional_balance=False)
    a, b = state(process, "State A"), state(process, "State B")
    prefer(a, rt1, rt2)
    prefer(b, rt1)
    Seat.objects.create(delegation=a, meeting=rt2, choice=1)  # its first choice when seated

    overview = seats_overview(process=process)

    assert [(m.state, m.obtained, m.reason_label) for m in overview.missed] == [
        ("State A", ["Round table 2"], "preferences changed since the allocation"),
        ("State B", [], "no seat yet: run the allocation"),
    ]
    assert [(c.label, c.count) for c in overview.by_choice] == [
        ("1st choice", 0),
        ("2nd choice", 1),
        ("unranked", 0),
        ("no seat", 1),
    ]


@pytest.mark.django_db
def test_a_report_survives_the_session(secretariat_user):
    process, (rt1, _rt2) = seat_process(capacity=2, regional_balance=False)
    prefer(state(process, "State A"), rt1)
    sit(state(process, "State B"), rt1, source=SeatSource.HAND)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert AllocationReport.from_dict(report.as_dict()) == report
