"""The allocation algorithm on plain data: no database, no Django. Tables, States and groups
are ints; the States come in priority order (who stated preferences first)."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.seating import (
    AllocState,
    Infeasible,
    allocate,
    proportional_bounds,
    proportional_share,
)

ROOT = Path(__file__).resolve().parents[3]
AFRICAN, WEOG = 1, 2


def wants(delegation_id: int, group_id: int, *tables: int, target: int = 1, **kwargs):
    """A State that ranks ``tables`` in that order and should get ``target`` seats."""
    prefs = {t: rank for rank, t in enumerate(tables, start=1)}
    return AllocState(
        delegation_id=delegation_id, group_id=group_id, prefs=prefs, target=target, **kwargs
    )


def test_the_algorithm_imports_nothing_from_django_or_the_apps():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, consultations.seating\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'registry', 'hlderp', 'simple_history', 'rules'))))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('consultations'))))\n"
    )

    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.split("\n") == [
        "",
        "consultations consultations.seating",
        "",
    ]


@pytest.mark.parametrize(
    ("table_seats", "group_seats", "all_seats", "bounds", "share"),
    [
        (3, 3, 6, (1, 2), 1.5),
        (4, 3, 6, (2, 2), 2.0),
        (2, 1, 3, (0, 1), 2 / 3),
        (0, 0, 0, (0, 0), 0),
    ],
)
def test_proportional_bounds_are_floor_and_ceiling_of_the_share(
    table_seats, group_seats, all_seats, bounds, share
):
    args = {"table_seats": table_seats, "group_seats": group_seats, "all_seats": all_seats}

    assert proportional_bounds(**args) == bounds
    assert proportional_share(**args) == share


def test_first_choices_then_the_later_state_goes_to_its_second_choice():
    states = [
        wants(10, AFRICAN, 1),
        wants(11, AFRICAN, 1, 2),
        wants(12, WEOG, 1),
        wants(13, WEOG, 2),
    ]

    result = allocate(tables=[1, 2], capacity={1: 2, 2: 2}, states=states, balance=True)

    assert result.seats == {10: [1], 11: [2], 12: [1], 13: [2]}
    assert result.one_each is False


def test_balance_gives_up_the_first_choice_of_the_later_state_of_each_group():
    states = [wants(10, AFRICAN, 1), wants(11, AFRICAN, 1), wants(12, WEOG, 2), wants(13, WEOG, 2)]

    balanced = allocate(tables=[1, 2], capacity={1: 2, 2: 2}, states=states, balance=True)
    unbalanced = allocate(tables=[1, 2], capacity={1: 2, 2: 2}, states=states, balance=False)

    assert balanced.seats == {10: [1], 11: [2], 12: [2], 13: [1]}
    assert unbalanced.seats == {10: [1], 11: [1], 12: [2], 13: [2]}


def test_the_later_state_is_left_without_a_seat_when_every_table_is_full():
    states = [wants(10, AFRICAN, 1), wants(11, AFRICAN, 1), wants(12, AFRICAN, 2)]

    result = allocate(tables=[1, 2], capacity={1: 1, 2: 1}, states=states, balance=False)

    assert result.seats == {10: [1], 11: [], 12: [2]}


def test_a_state_gets_as_many_tables_as_its_target():
    states = [wants(10, AFRICAN, 1, 2, 3, target=2), wants(11, AFRICAN, 3)]

    result = allocate(
        tables=[1, 2, 3], capacity=dict.fromkeys([1, 2, 3], 3), states=states, balance=False
    )

    assert result.seats == {10: [1, 2], 11: [3]}


def test_hand_seats_take_room_and_their_states_get_no_more():
    states = [
        wants(10, AFRICAN, 1, target=0, blocked=frozenset({2}), covered=True),
        wants(11, AFRICAN, 1),
        wants(12, AFRICAN, 1),
    ]

    result = allocate(
        tables=[1, 2],
        capacity={1: 1, 2: 2},
        states=states,
        balance=False,
        hand_seats=[(10, 2, AFRICAN)],
    )

    assert result.seats == {11: [1], 12: [2]}


def test_hand_seats_that_leave_no_balanced_seating_are_infeasible():
    states = [wants(20, WEOG, 2), wants(21, WEOG, 2), wants(22, WEOG, 2)]
    hand = [(10, 1, AFRICAN), (11, 1, AFRICAN), (12, 1, AFRICAN)]

    with pytest.raises(Infeasible):
        allocate(
            tables=[1, 2], capacity={1: 3, 2: None}, states=states, balance=True, hand_seats=hand
        )


@pytest.mark.parametrize("balance", [True, False])
def test_no_tables_or_no_states_seat_nobody(balance):
    assert allocate(tables=[], capacity={}, states=[], balance=balance).seats == {}
    assert allocate(tables=[1], capacity={1: None}, states=[], balance=balance).seats == {}


@st.composite
def instances(draw):
    tables = list(range(1, draw(st.integers(1, 4)) + 1))
    capacity = {t: draw(st.one_of(st.none(), st.integers(0, 6))) for t in tables}
    n = draw(st.integers(1, 2))
    states = []
    for d in range(draw(st.integers(0, 16))):
        ranked = draw(st.permutations(tables))[: draw(st.integers(1, len(tables)))]
        states.append(wants(100 + d, draw(st.integers(1, 3)), *ranked, target=min(n, len(ranked))))
    return tables, capacity, states, draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(instance=instances())
def test_every_allocation_keeps_the_rules_and_seats_everybody_it_has_room_for(instance):
    tables, capacity, states, balance = instance

    seats = allocate(tables=tables, capacity=capacity, states=states, balance=balance).seats

    per_table = Counter(t for ts in seats.values() for t in ts)
    per_group = Counter()
    per_table_group = Counter()
    group_of = {s.delegation_id: s.group_id for s in states}
    for d, ts in seats.items():
        assert len(set(ts)) == len(ts)  # one seat a table
        per_group[group_of[d]] += len(ts)
        for t in ts:
            per_table_group[t, group_of[d]] += 1
    assert all(len(seats.get(s.delegation_id, [])) <= s.target for s in states)
    assert all(capacity[t] is None or per_table[t] <= capacity[t] for t in tables)
    if any(not seats.get(s.delegation_id) for s in states):
        assert all(capacity[t] is not None and per_table[t] == capacity[t] for t in tables)
    if balance:
        all_seats = sum(per_table.values())
        for t in tables:
            for g, a_g in per_group.items():
                low, high = proportional_bounds(
                    table_seats=per_table[t], group_seats=a_g, all_seats=all_seats
                )
                assert low <= per_table_group[t, g] <= high
