"""A co-chair holds a seat at the round table it co-chairs: the allocation seats it there
first, and the rules refuse an edit, a publication or a co-chair that leaves it without."""

import pytest

from consultations.choices import ChairRole
from consultations.models import MeetingChair
from consultations.services.seats import (
    CoChairError,
    SeatRuleError,
    round_table_co_chairs_set,
    seat_rules_check,
    seats_allocate,
    seats_publish,
    seats_swap,
)
from tests.consultations.seats.helpers import prefer, seat_process, seats_of, sit, state
from tests.factories import MemberStateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def four():
    """Two round tables of 2; African States A and B, Western States C and D."""
    process, (rt1, rt2) = seat_process(capacity=2)
    delegations = {
        "A": state(process, "State A", "AFRICAN"),
        "B": state(process, "State B", "AFRICAN"),
        "C": state(process, "State C", "WEOG"),
        "D": state(process, "State D", "WEOG"),
    }
    return process, rt1, rt2, delegations


def _unseated(state: str, table: str) -> str:
    return (
        f"{state} co-chairs {table} but holds no seat there: a co-chair holds a seat at the "
        "round table it co-chairs."
    )


def test_the_allocation_seats_the_co_chairs_first_at_their_table(secretariat_user, four):
    process, rt1, rt2, d = four
    for name in "ABD":
        prefer(d[name], rt2, rt1)
    prefer(d["C"], rt1, rt2)
    round_table_co_chairs_set(
        actor=secretariat_user,
        meeting=rt1,
        chairs=[(None, d["A"].stakeholder), (None, d["D"].stakeholder)],
    )

    report = seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {
        "Round table 1": ["State A", "State D"],
        "Round table 2": ["State B", "State C"],
    }
    assert report.seats_created == 4
    assert seat_rules_check(process=process, seats=list(rt1.seats.all())) == []


def test_the_rules_name_a_co_chair_without_a_seat(four):
    process, rt1, rt2, d = four
    sit(d["A"], rt1)
    sit(d["C"], rt1)
    MeetingChair.objects.create(
        meeting=rt2, role=ChairRole.CO_CHAIR, stakeholder=d["A"].stakeholder
    )

    assert seat_rules_check(process=process, seats=list(rt1.seats.all())) == [
        _unseated("State A", "Round table 2")
    ]


def test_a_swap_that_unseats_a_co_chair_is_refused(secretariat_user, four):
    process, rt1, rt2, d = four
    a, c = sit(d["A"], rt1), sit(d["C"], rt1)
    b, _d = sit(d["B"], rt2), sit(d["D"], rt2)
    round_table_co_chairs_set(
        actor=secretariat_user,
        meeting=rt1,
        chairs=[(None, a.delegation.stakeholder), (None, c.delegation.stakeholder)],
    )

    with pytest.raises(SeatRuleError) as error:
        seats_swap(actor=secretariat_user, seat_a=a, seat_b=b)

    assert error.value.messages == [_unseated("State A", "Round table 1")]
    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }


def test_a_draft_with_a_co_chair_without_a_seat_is_not_published(secretariat_user, four):
    process, rt1, rt2, d = four
    for name, table in [("A", rt1), ("C", rt1), ("B", rt2), ("D", rt2)]:
        sit(d[name], table)
    # Named in the admin, which does not go through round_table_co_chairs_set.
    MeetingChair.objects.create(
        meeting=rt2, role=ChairRole.CO_CHAIR, stakeholder=d["A"].stakeholder
    )

    with pytest.raises(SeatRuleError) as error:
        seats_publish(actor=secretariat_user, process=process)

    assert error.value.messages == [_unseated("State A", "Round table 2")]
    assert seats_of(process, published=True) == {}


def test_once_seats_are_drafted_a_co_chair_must_hold_a_seat_at_the_table(secretariat_user, four):
    _process, rt1, rt2, d = four
    for name, table in [("A", rt1), ("C", rt1), ("B", rt2), ("D", rt2)]:
        sit(d[name], table)

    with pytest.raises(CoChairError) as error:
        round_table_co_chairs_set(
            actor=secretariat_user,
            meeting=rt2,
            chairs=[(None, d["A"].stakeholder), (None, d["D"].stakeholder)],
        )
    chairs = round_table_co_chairs_set(
        actor=secretariat_user,
        meeting=rt2,
        chairs=[(None, d["B"].stakeholder), (None, d["D"].stakeholder)],
    )

    assert error.value.messages == [
        "State A holds no seat at Round table 2: seat it there first, since a co-chair holds a "
        "seat at the round table it co-chairs."
    ]
    assert [c.stakeholder.name for c in chairs] == ["State B", "State D"]


def test_the_allocation_is_refused_when_a_co_chair_has_no_delegation(secretariat_user, four):
    process, rt1, _rt2, d = four
    for name in "ABCD":
        prefer(d[name], rt1)
    outsider = MemberStateFactory(name="State X", regional_group=d["C"].stakeholder.regional_group)
    round_table_co_chairs_set(
        actor=secretariat_user,
        meeting=rt1,
        chairs=[(None, d["A"].stakeholder), (None, outsider)],
    )

    with pytest.raises(SeatRuleError) as error:
        seats_allocate(actor=secretariat_user, process=process)

    assert error.value.messages == [_unseated("State X", "Round table 1")]
    assert seats_of(process) == {}


def test_the_seats_page_says_what_publication_would_refuse(client, secretariat_user, four):
    process, rt1, rt2, d = four
    for name, table in [("A", rt1), ("C", rt1), ("B", rt2), ("D", rt2)]:
        sit(d[name], table)
    MeetingChair.objects.create(
        meeting=rt2, role=ChairRole.CO_CHAIR, stakeholder=d["A"].stakeholder
    )
    client.force_login(secretariat_user)

    response = client.get(f"/secretariat/seats/?process={process.slug}")

    assert response.context["problems"] == [_unseated("State A", "Round table 2")]
    assert (
        "The draft breaks these rules; publication is refused until they are mended:"
        in response.content.decode()
    )
