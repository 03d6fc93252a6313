import random
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.choices import MissReason, SeatSource
from consultations.models import Seat, SeatPreference
from consultations.services.seats import SeatRuleError, seat_rules_check, seats_allocate
from tests.consultations.seats.helpers import (
    GROUPS,
    first_choices,
    many_states,
    prefer,
    seat_process,
    seats_of,
    sit,
    state,
)

pytestmark = pytest.mark.django_db


def test_allocation_gives_first_choices_and_moves_the_state_whose_first_choice_is_full(
    secretariat_user,
):
    process, (rt1, rt2) = seat_process(capacity=2)
    a = state(process, "State A", "AFRICAN")
    b = state(process, "State B", "AFRICAN")
    c = state(process, "State C", "WEOG")
    d = state(process, "State D", "WEOG")
    prefer(a, rt1)
    prefer(b, rt1, rt2)
    prefer(c, rt1)
    prefer(d, rt2)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }
    assert [(c.label, c.count) for c in report.by_choice] == [
        ("1st choice", 3),
        ("2nd choice", 1),
        ("unranked", 0),
        ("no seat", 0),
    ]
    assert report.first_choices == 3
    assert report.first_choice_share == 0.75
    assert [(m.state, m.first_choice, m.obtained, m.reason_label) for m in report.missed] == [
        ("State B", "Round table 1", ["Round table 2"], "first choice full")
    ]
    assert [(t.title, t.seats, t.capacity) for t in report.tables] == [
        ("Round table 1", 2, 2),
        ("Round table 2", 2, 2),
    ]
    assert [
        (row.group, row.seats, [(c.actual, c.proportional, c.low, c.high) for c in row.cells])
        for row in report.balance
    ] == [
        ("African States", 2, [(1, 1.0, 1, 1), (1, 1.0, 1, 1)]),
        ("Western European and other States", 2, [(1, 1.0, 1, 1), (1, 1.0, 1, 1)]),
    ]
    assert report.seats_created == 4
    assert report.elapsed_ms > 0
    assert list(Seat.objects.values_list("source", "assigned_by", "choice").order_by("pk")) == [
        (SeatSource.ALLOCATION, secretariat_user.pk, choice)
        for choice in Seat.objects.order_by("pk").values_list("choice", flat=True)
    ]
    assert dict(Seat.objects.values_list("delegation__stakeholder__name", "choice")) == {
        "State A": 1,
        "State B": 2,
        "State C": 1,
        "State D": 1,
    }


def test_allocation_gives_up_first_choices_for_regional_balance_and_says_so(secretariat_user):
    process, (rt1, rt2) = seat_process(capacity=2)
    for name, code, table in [
        ("State A", "AFRICAN", rt1),
        ("State B", "AFRICAN", rt1),
        ("State C", "WEOG", rt2),
        ("State D", "WEOG", rt2),
    ]:
        prefer(state(process, name, code), table)

    report = seats_allocate(actor=secretariat_user, process=process)

    seated = seats_of(process)
    assert [len(names) for names in seated.values()] == [2, 2]
    assert report.first_choices == 2
    assert [(c.label, c.count) for c in report.by_choice] == [
        ("1st choice", 2),
        ("unranked", 2),
        ("no seat", 0),
    ]
    assert sorted((m.group, m.reason) for m in report.missed) == [
        ("African States", MissReason.BALANCE),
        ("Western European and other States", MissReason.BALANCE),
    ]
    assert seat_rules_check(process=process, seats=Seat.objects.all()) == []


def test_allocation_without_regional_balance_keeps_every_first_choice(secretariat_user):
    process, (rt1, rt2) = seat_process(capacity=2, regional_balance=False)
    for name, code, table in [
        ("State A", "AFRICAN", rt1),
        ("State B", "AFRICAN", rt1),
        ("State C", "WEOG", rt2),
        ("State D", "WEOG", rt2),
    ]:
        prefer(state(process, name, code), table)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {
        "Round table 1": ["State A", "State B"],
        "Round table 2": ["State C", "State D"],
    }
    assert report.first_choices == 4
    assert report.missed == []


def test_allocation_reports_the_state_left_without_a_seat(secretariat_user):
    process, (rt1, rt2) = seat_process(capacity=1, regional_balance=False)
    a, b, c = (state(process, f"State {x}") for x in "ABC")
    prefer(a, rt1)
    prefer(b, rt1)
    prefer(c, rt2)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {"Round table 1": ["State A"], "Round table 2": ["State C"]}
    assert [(m.state, m.obtained, m.reason_label) for m in report.missed] == [
        ("State B", [], "no seat: all tables full")
    ]
    assert [(c.label, c.count) for c in report.by_choice] == [
        ("1st choice", 2),
        ("unranked", 0),
        ("no seat", 1),
    ]


def test_allocation_puts_a_state_at_an_unranked_table_when_its_choices_are_full(
    secretariat_user,
):
    process, (rt1, _rt2) = seat_process(capacity=1, regional_balance=False)
    a, b = state(process, "State A"), state(process, "State B")
    prefer(a, rt1)
    prefer(b, rt1)

    seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {"Round table 1": ["State A"], "Round table 2": ["State B"]}
    assert Seat.objects.get(delegation=b).choice is None


def test_allocation_gives_each_state_as_many_tables_as_rules_and_choices_allow(
    secretariat_user,
):
    process, (rt1, rt2, rt3) = seat_process(
        tables=3, capacity=3, round_tables_per_state=2, regional_balance=False
    )
    a, b = state(process, "State A"), state(process, "State B")
    prefer(a, rt1, rt2, rt3)
    prefer(b, rt3)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {
        "Round table 1": ["State A"],
        "Round table 2": ["State A"],
        "Round table 3": ["State B"],
    }
    assert [(c.label, c.count) for c in report.by_choice] == [
        ("1st choice", 2),
        ("2nd choice", 1),
        ("3rd choice", 0),
        ("unranked", 0),
        ("no seat", 0),
    ]


def test_allocation_replaces_its_own_seats_and_keeps_those_edited_by_hand(secretariat_user):
    process, (rt1, rt2) = seat_process(capacity=2, regional_balance=False)
    a, b, c = (state(process, f"State {x}") for x in "ABC")
    for delegation in (a, b, c):
        prefer(delegation, rt1)
    old = sit(b, rt2)
    hand = sit(a, rt2, source=SeatSource.HAND)

    report = seats_allocate(actor=secretariat_user, process=process)

    assert not Seat.objects.filter(pk=old.pk).exists()
    assert Seat.objects.get(pk=hand.pk).meeting == rt2
    assert seats_of(process) == {
        "Round table 1": ["State B", "State C"],
        "Round table 2": ["State A"],
    }
    assert report.seats_removed == 1
    assert report.seats_created == 2
    assert list(Seat.history.filter(history_type="-").values_list("id", "history_user")) == [
        (old.pk, secretariat_user.pk)
    ]
    assert Seat.history.filter(history_type="+", history_user=secretariat_user).count() == 2
    assert [(m.state, m.reason_label) for m in report.missed] == [
        ("State A", "seat edited by the Secretariat")
    ]


def test_allocation_refuses_when_hand_seats_break_a_rule_and_changes_nothing(secretariat_user):
    process, (rt1, _rt2) = seat_process(capacity=1, regional_balance=False)
    a, b = state(process, "State A"), state(process, "State B")
    prefer(a, rt1)
    sit(a, rt1, source=SeatSource.HAND)
    sit(b, rt1, source=SeatSource.HAND)

    with pytest.raises(SeatRuleError) as error:
        seats_allocate(actor=secretariat_user, process=process)

    assert error.value.messages == ["Round table 1 has 2 seats, over its capacity of 1."]
    assert Seat.objects.count() == 2


@pytest.mark.parametrize("balance", [True, False])
def test_allocation_without_round_tables_or_preferences_seats_nobody(secretariat_user, balance):
    no_tables, _none = seat_process(tables=0, regional_balance=balance)
    no_preferences, _tables = seat_process(regional_balance=balance)
    state(no_preferences, "State A")

    empty = seats_allocate(actor=secretariat_user, process=no_tables)
    unasked = seats_allocate(actor=secretariat_user, process=no_preferences)

    assert (empty.states, empty.seats_created, empty.tables, empty.missed) == (0, 0, [], [])
    assert (unasked.states, unasked.seats_created, unasked.first_choice_share) == (0, 0, 0.0)
    assert [(t.title, t.seats) for t in unasked.tables] == [
        ("Round table 1", 0),
        ("Round table 2", 0),
    ]
    assert Seat.objects.count() == 0


def test_allocation_needs_the_manage_seats_permission(delegate_a):
    process, _tables = seat_process()

    with pytest.raises(PermissionDenied):
        seats_allocate(actor=delegate_a, process=process)


@st.composite
def scenarios(draw):
    tables = draw(st.integers(2, 6))
    total = draw(st.integers(20, 200))
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=4, max_size=4)))
    bounds = [0, *cuts, total]
    sizes = [bounds[i + 1] - bounds[i] for i in range(5)]
    return {
        "tables": tables,
        "capacities": draw(st.lists(st.integers(1, 80), min_size=tables, max_size=tables)),
        "n": draw(st.integers(1, 2)),
        "balance": draw(st.booleans()),
        "sizes": dict(zip(GROUPS, sizes, strict=True)),
        "choices": draw(
            st.lists(
                st.tuples(st.integers(1, 4), st.permutations(range(tables))),
                min_size=total,
                max_size=total,
            )
        ),
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_allocation_meets_every_rule_and_beats_the_greedy_baseline(secretariat_user, scenario):
    with transaction.atomic():
        process, round_tables = seat_process(
            tables=scenario["tables"],
            capacity=None,
            round_tables_per_state=scenario["n"],
            regional_balance=scenario["balance"],
        )
        capacity = {}
        for table, cap in zip(round_tables, scenario["capacities"], strict=True):
            table.capacity = cap
            table.save(update_fields=["capacity"])
            capacity[table.pk] = cap
        delegations = many_states(process, scenario["sizes"])
        states = []
        for delegation, (k, order) in zip(delegations, scenario["choices"], strict=True):
            chosen = [round_tables[i] for i in order[:k]]
            prefer(delegation, *chosen)
            states.append((delegation, [t.pk for t in chosen]))

        report = seats_allocate(actor=secretariat_user, process=process)

        seats = list(Seat.objects.filter(meeting__process=process))
        per_table = {t.pk: 0 for t in round_tables}
        per_state = {d.pk: 0 for d in delegations}
        for seat in seats:
            per_table[seat.meeting_id] += 1
            per_state[seat.delegation_id] += 1
        assert seat_rules_check(process=process, seats=seats) == []
        if 0 in per_state.values():  # nobody is left without a seat while a table has room
            assert all(per_table[t] == capacity[t] for t in per_table)
        assert all(per_state[d.pk] <= min(scenario["n"], len(p)) for d, p in states)
        unseated = sum(1 for v in per_state.values() if v == 0)
        assert [m.reason for m in report.missed].count(MissReason.NO_SEAT) == unseated
        greedy = _greedy(states, round_tables, capacity, scenario["n"])
        greedy_seats = [
            Seat(delegation_id=d, meeting_id=t) for d, tables in greedy.items() for t in tables
        ]
        if seat_rules_check(process=process, seats=greedy_seats) == []:
            greedy_firsts = sum(1 for d, p in states if p[0] in greedy[d.pk])
            assert report.first_choices >= greedy_firsts
        assert report.first_choices == first_choices(process)
        transaction.set_rollback(True)


def _greedy(states, round_tables, capacity, n):
    """The baseline: each State its first choice while there is room, then its second... then
    any table with room; then the further seats the same way. States in name order."""
    tables = [t.pk for t in round_tables]
    left = dict(capacity)
    seats = {d.pk: [] for d, _prefs in states}
    due = {d.pk: min(n, len(prefs)) for d, prefs in states}

    def seat(d, t):
        if left[t] > 0 and t not in seats[d.pk]:
            seats[d.pk].append(t)
            left[t] -= 1

    for further in (False, True):

        def needs(d, further=further):
            return len(seats[d.pk]) < due[d.pk] if further else not seats[d.pk]

        for rank in range(len(tables)):
            for d, prefs in states:
                if needs(d) and rank < len(prefs):
                    seat(d, prefs[rank])
        for d, _prefs in states:
            for t in tables:
                if needs(d):
                    seat(d, t)
    return seats


def test_allocation_of_193_member_states_to_four_round_tables_of_48(secretariat_user):
    process, round_tables = seat_process(tables=4, capacity=48)
    delegations = many_states(
        process, {"AFRICAN": 54, "ASIA_PACIFIC": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}
    )
    rng = random.Random(2006)
    SeatPreference.objects.bulk_create(
        SeatPreference(delegation=d, meeting=t, rank=rank)
        for d in delegations
        for rank, t in enumerate(rng.sample(round_tables, rng.randint(1, 4)), start=1)
    )

    started = time.perf_counter()
    report = seats_allocate(actor=secretariat_user, process=process)
    elapsed = time.perf_counter() - started

    print(
        f"\n193 States, 4 x 48: {report.first_choice_percent}% first choices, "
        f"{report.elapsed_ms} ms in the service, {elapsed * 1000:.0f} ms in all"
    )
    assert seat_rules_check(process=process, seats=Seat.objects.all()) == []
    assert Seat.objects.count() == 192
    assert [t.seats for t in report.tables] == [48, 48, 48, 48]
    no_seat = [m for m in report.missed if m.reason == MissReason.NO_SEAT]
    assert len(no_seat) == 1
    assert report.by_choice[-1].count == 1
    assert not Seat.objects.filter(delegation_id=no_seat[0].delegation_id).exists()
    assert report.states == 193
    assert elapsed < 5
