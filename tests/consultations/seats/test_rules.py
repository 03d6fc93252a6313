import pytest

from consultations.models import Seat
from consultations.services.seats import seat_rules_check
from tests.consultations.seats.helpers import seat_process, state
from tests.factories import DelegationFactory, MeetingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_rules_check_capacity_tables_per_state_and_one_seat_per_table():
    process, (rt1, rt2) = seat_process(capacity=2, regional_balance=False)
    a, b, c = (state(process, f"State {x}") for x in "ABC")

    problems = seat_rules_check(
        process=process,
        seats=[
            Seat(delegation=a, meeting=rt1),
            Seat(delegation=a, meeting=rt1),
            Seat(delegation=a, meeting=rt2),
            Seat(delegation=b, meeting=rt1),
            Seat(delegation=c, meeting=rt2),
        ],
    )

    assert problems == [
        "State A has more than one seat at Round table 1.",
        "State A has seats at 2 round tables; a Member State may join at most 1.",
        "Round table 1 has 3 seats, over its capacity of 2.",
    ]


def test_rules_check_round_tables_of_the_process_and_member_states_only():
    process, (rt1, _rt2) = seat_process(regional_balance=False)
    plenary = MeetingFactory(process=process, title="Plenary")
    other_process, (other_table, _x) = seat_process()
    a = state(process, "State A")
    iom = DelegationFactory(process=process, stakeholder=StakeholderFactory(name="IOM"))
    stranger = state(other_process, "State S")

    problems = seat_rules_check(
        process=process,
        seats=[
            Seat(delegation=a, meeting=plenary),
            Seat(delegation=iom, meeting=rt1),
            Seat(delegation=stranger, meeting=other_table),
        ],
    )

    assert problems == [
        "IOM is not a Member State: only Member States take seats.",
        "State A: Plenary is not a round table of this process.",
        "State S: Round table 1 is not a round table of this process.",
        "State S: this delegation is not one to this process.",
    ]


def test_rules_check_regional_balance_within_one_seat_of_proportional():
    process, (rt1, rt2) = seat_process(capacity=4)
    african = [state(process, f"African {i}", "AFRICAN") for i in range(4)]
    weog = [state(process, f"Western {i}", "WEOG") for i in range(4)]
    # All African States at table 1, all Western at table 2: each share is 4 * 4 / 8 = 2.
    lopsided = [Seat(delegation=d, meeting=rt1) for d in african] + [
        Seat(delegation=d, meeting=rt2) for d in weog
    ]
    # Six and six: each share is 2 exactly, so 2 African and 2 Western at each table is the
    # one balanced split; 3 African States at table 1 would be a seat over.
    balanced = [
        *(Seat(delegation=d, meeting=rt1) for d in african[:2] + weog[:2]),
        *(Seat(delegation=d, meeting=rt2) for d in african[2:] + weog[2:]),
    ]

    problems = seat_rules_check(process=process, seats=lopsided)

    assert problems == [
        "Round table 1: 4 seats for African States, not within one seat of its proportional "
        "share of 2.00 (at most 2).",
        "Round table 1: 0 seats for Western European and other States, not within one seat of "
        "its proportional share of 2.00 (at least 2).",
        "Round table 2: 0 seats for African States, not within one seat of its proportional "
        "share of 2.00 (at least 2).",
        "Round table 2: 4 seats for Western European and other States, not within one seat of "
        "its proportional share of 2.00 (at most 2).",
    ]
    assert seat_rules_check(process=process, seats=balanced) == []
    process.regional_balance = False
    assert seat_rules_check(process=process, seats=lopsided) == []


def test_rules_check_balance_allows_floor_or_ceiling_of_a_fractional_share():
    process, (rt1, rt2) = seat_process(capacity=None)
    african = [state(process, f"African {i}", "AFRICAN") for i in range(3)]
    weog = [state(process, f"Western {i}", "WEOG") for i in range(3)]
    # Three seats a table, three seats a group: each share is 1.5, so 1 or 2 is within one seat.
    seats = [
        *(Seat(delegation=d, meeting=rt1) for d in [*african[:2], weog[0]]),
        *(Seat(delegation=d, meeting=rt2) for d in [african[2], *weog[1:]]),
    ]

    assert seat_rules_check(process=process, seats=seats) == []


def test_rules_check_balance_bounds_are_floor_and_ceiling_of_the_share():
    process, (rt1, rt2) = seat_process(capacity=None)
    african = [state(process, f"African {i}", "AFRICAN") for i in range(3)]
    weog = [state(process, f"Western {i}", "WEOG") for i in range(3)]
    # Table 1 has 4 seats, table 2 has 2; each group 3 of 6: shares 2.0 and 1.0, exact.
    seats = [
        *(Seat(delegation=d, meeting=rt1) for d in african),
        Seat(delegation=weog[0], meeting=rt1),
        *(Seat(delegation=d, meeting=rt2) for d in weog[1:]),
    ]

    assert seat_rules_check(process=process, seats=seats) == [
        "Round table 1: 3 seats for African States, not within one seat of its proportional "
        "share of 2.00 (at most 2).",
        "Round table 1: 1 seats for Western European and other States, not within one seat of "
        "its proportional share of 2.00 (at least 2).",
        "Round table 2: 0 seats for African States, not within one seat of its proportional "
        "share of 1.00 (at least 1).",
        "Round table 2: 2 seats for Western European and other States, not within one seat of "
        "its proportional share of 1.00 (at most 1).",
    ]
