import pytest
from django.core.exceptions import PermissionDenied

from consultations.choices import ChairRole, MeetingKind, SeatSource
from consultations.models import MeetingChair, Seat
from consultations.services.seats import (
    CoChairError,
    SeatRuleError,
    round_table_co_chairs_set,
    seat_add,
    seat_move,
    seat_remove,
    seats_swap,
)
from tests.consultations.seats.helpers import (
    prefer,
    regional_group,
    seat_process,
    seats_of,
    sit,
    state,
)
from tests.factories import MeetingFactory, MemberStateFactory, PersonFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def balanced(db):
    """Two round tables of 2: African State A and Western State C at table 1, B and D at 2."""
    process, (rt1, rt2) = seat_process(capacity=2)
    a = state(process, "State A", "AFRICAN")
    b = state(process, "State B", "AFRICAN")
    c = state(process, "State C", "WEOG")
    d = state(process, "State D", "WEOG")
    prefer(a, rt2, rt1)
    seats = {
        "A": sit(a, rt1),
        "B": sit(b, rt2),
        "C": sit(c, rt1),
        "D": sit(d, rt2),
    }
    return process, rt1, rt2, seats


def test_moving_a_seat_to_a_full_table_is_refused_and_changes_nothing(secretariat_user, balanced):
    process, _rt1, rt2, seats = balanced

    with pytest.raises(SeatRuleError) as error:
        seat_move(actor=secretariat_user, seat=seats["A"], meeting=rt2)

    assert error.value.messages[0] == "Round table 2 has 3 seats, over its capacity of 2."
    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }
    assert Seat.objects.get(pk=seats["A"].pk).source == SeatSource.ALLOCATION


def test_moving_a_seat_where_there_is_room_makes_it_a_hand_seat(secretariat_user, balanced):
    process, _rt1, rt2, seats = balanced
    rt2.capacity = 3
    rt2.save()
    process.regional_balance = False
    process.save()

    seat = seat_move(actor=secretariat_user, seat=seats["A"], meeting=rt2, reason="Asked to")

    seat.refresh_from_db()
    assert (seat.meeting, seat.source, seat.choice, seat.assigned_by) == (
        rt2,
        SeatSource.HAND,
        1,
        secretariat_user,
    )
    assert seat.history.first().history_change_reason == "Asked to"


def test_swapping_two_states_of_one_group_is_allowed(secretariat_user, balanced):
    process, _rt1, _rt2, seats = balanced

    seats_swap(actor=secretariat_user, seat_a=seats["A"], seat_b=seats["B"])

    assert seats_of(process) == {
        "Round table 1": ["State B", "State C"],
        "Round table 2": ["State A", "State D"],
    }
    assert set(
        Seat.objects.values_list("source", flat=True).filter(pk__in=[seats["A"].pk, seats["B"].pk])
    ) == {SeatSource.HAND}


def test_swapping_across_groups_that_breaks_the_balance_is_refused(secretariat_user, balanced):
    process, _rt1, _rt2, seats = balanced

    with pytest.raises(SeatRuleError) as error:
        seats_swap(actor=secretariat_user, seat_a=seats["A"], seat_b=seats["D"])

    assert error.value.messages == [
        "Round table 1: 0 seats for African States, not within one seat of its proportional "
        "share of 1.00 (at least 1).",
        "Round table 1: 2 seats for Western European and other States, not within one seat of "
        "its proportional share of 1.00 (at most 1).",
        "Round table 2: 2 seats for African States, not within one seat of its proportional "
        "share of 1.00 (at most 1).",
        "Round table 2: 0 seats for Western European and other States, not within one seat of "
        "its proportional share of 1.00 (at least 1).",
    ]
    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }


def test_adding_a_second_table_for_a_state_is_refused(secretariat_user, balanced):
    _process, _rt1, rt2, seats = balanced
    rt2.capacity = 4
    rt2.save()

    with pytest.raises(SeatRuleError) as error:
        seat_add(actor=secretariat_user, delegation=seats["C"].delegation, meeting=rt2)

    assert error.value.messages[0] == (
        "State C has seats at 2 round tables; a Member State may join at most 1."
    )
    assert Seat.objects.count() == 4


def test_adding_a_state_where_the_rules_allow(secretariat_user, balanced):
    process, rt1, _rt2, _seats = balanced
    process.regional_balance = False
    process.save()
    rt1.capacity = 3
    rt1.save()
    e = state(process, "State E", "EEG")

    seat = seat_add(actor=secretariat_user, delegation=e, meeting=rt1)

    assert (seat.source, seat.choice, seat.assigned_by) == (
        SeatSource.HAND,
        None,
        secretariat_user,
    )
    assert seats_of(process)["Round table 1"] == ["State A", "State C", "State E"]


def test_removing_a_seat_that_mends_an_existing_violation_is_allowed(secretariat_user, balanced):
    process, rt1, _rt2, seats = balanced
    process.regional_balance = False
    process.save()
    rt1.capacity = 1  # lowered after the allocation: table 1 is one over
    rt1.save()

    seat_remove(actor=secretariat_user, seat=seats["C"])

    assert seats_of(process)["Round table 1"] == ["State A"]


def test_an_edit_that_keeps_an_old_violation_as_it_was_is_allowed(secretariat_user, balanced):
    process, rt1, rt2, seats = balanced
    process.regional_balance = False
    process.save()
    rt1.capacity = 1
    rt1.save()
    rt2.capacity = 3

    rt2.save()
    seats_swap(actor=secretariat_user, seat_a=seats["A"], seat_b=seats["B"])

    assert seats_of(process) == {
        "Round table 1": ["State B", "State C"],
        "Round table 2": ["State A", "State D"],
    }


def test_hand_edits_need_the_manage_seats_permission(delegate_a, balanced):
    _process, _rt1, rt2, seats = balanced

    with pytest.raises(PermissionDenied):
        seat_remove(actor=delegate_a, seat=seats["A"])
    with pytest.raises(PermissionDenied):
        seat_move(actor=delegate_a, seat=seats["A"], meeting=rt2)

    assert Seat.objects.count() == 4


# --- Co-chairs ----------------------------------------------------------------------------------
def test_co_chairs_are_two_member_states_from_different_groups(secretariat_user):
    _process, (rt1, _rt2) = seat_process()
    ghana = MemberStateFactory(name="Ghana", regional_group=regional_group("AFRICAN"))
    belgium = MemberStateFactory(name="Belgium", regional_group=regional_group("WEOG"))
    person = PersonFactory(family_name="Kufuor")
    MeetingChair.objects.create(meeting=rt1, role=ChairRole.CO_CHAIR, stakeholder=ghana)
    MeetingChair.objects.create(meeting=rt1, role=ChairRole.CHAIR, stakeholder=ghana)

    round_table_co_chairs_set(
        actor=secretariat_user, meeting=rt1, chairs=[(person, ghana), (None, belgium)]
    )

    assert list(
        rt1.chairs.filter(role=ChairRole.CO_CHAIR).values_list(
            "order", "person__family_name", "stakeholder__name"
        )
    ) == [(1, "Kufuor", "Ghana"), (2, None, "Belgium")]
    assert rt1.chairs.filter(role=ChairRole.CHAIR).count() == 1


def test_co_chairs_from_one_group_or_not_member_states_or_too_few_are_refused(
    secretariat_user,
):
    process, (rt1, _rt2) = seat_process()
    ghana = MemberStateFactory(name="Ghana", regional_group=regional_group("AFRICAN"))
    kenya = MemberStateFactory(name="Kenya", regional_group=regional_group("AFRICAN"))
    iom = StakeholderFactory(name="IOM")
    plenary = MeetingFactory(process=process, title="Plenary", kind=MeetingKind.PLENARY)

    with pytest.raises(CoChairError) as same_group:
        round_table_co_chairs_set(
            actor=secretariat_user, meeting=rt1, chairs=[(None, ghana), (None, kenya)]
        )
    with pytest.raises(CoChairError) as wrong:
        round_table_co_chairs_set(actor=secretariat_user, meeting=plenary, chairs=[(None, iom)])

    assert same_group.value.messages == [
        "Kenya and Ghana are from the same regional group: co-chairs come from different "
        "regional groups."
    ]
    assert wrong.value.messages == [
        "Plenary is not a round table.",
        "A round table has 2 co-chairs, not 1.",
        "IOM is not a Member State: co-chairs are Member States.",
    ]
    assert MeetingChair.objects.count() == 0
