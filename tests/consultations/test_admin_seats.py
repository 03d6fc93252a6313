"""The seat admin goes through the seat services: a save that breaks a rule of the process is
refused with the rule's words and changes nothing (consultations/admin/seats.py)."""

import pytest
from django.urls import reverse

from consultations.choices import SeatSource
from consultations.models import Seat
from tests.consultations.seats.helpers import prefer, seat_process, seats_of, sit, state

pytestmark = pytest.mark.django_db

FULL = "Round table 1 has 3 seats, over its capacity of 2."


@pytest.fixture
def tables(db):
    """Two round tables of 2: African State A and Western State C at table 1, B at table 2."""
    process, (rt1, rt2) = seat_process(capacity=2, regional_balance=False)
    a = state(process, "State A", "AFRICAN")
    b = state(process, "State B", "AFRICAN")
    c = state(process, "State C", "WEOG")
    prefer(b, rt2, rt1)
    seats = {"A": sit(a, rt1), "B": sit(b, rt2), "C": sit(c, rt1)}
    return process, rt1, rt2, seats


def test_adding_a_seat_at_a_full_table_in_the_admin_is_refused(secretariat_client, tables):
    process, rt1, _rt2, _seats = tables
    d = state(process, "State D", "WEOG")

    response = secretariat_client.post(
        reverse("admin:consultations_seat_add"),
        {"delegation": d.pk, "meeting": rt1.pk, "_save": "Save"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [FULL]
    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B"],
    }


def test_moving_a_seat_to_a_full_table_in_the_admin_is_refused(secretariat_client, tables):
    process, rt1, _rt2, seats = tables

    response = secretariat_client.post(
        reverse("admin:consultations_seat_change", args=[seats["B"].pk]),
        {"meeting": rt1.pk, "_save": "Save"},
    )

    assert response.context["adminform"].form.non_field_errors() == [FULL]
    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B"],
    }
    assert Seat.objects.get(pk=seats["B"].pk).source == SeatSource.ALLOCATION


def test_a_seat_moved_in_the_admin_goes_through_seat_move(
    secretariat_client, secretariat_user, tables
):
    process, _rt1, rt2, seats = tables

    response = secretariat_client.post(
        reverse("admin:consultations_seat_change", args=[seats["A"].pk]),
        {"meeting": rt2.pk, "_save": "Save"},
    )

    seat = Seat.objects.get(pk=seats["A"].pk)
    assert response.status_code == 302
    assert (seat.meeting, seat.source, seat.choice, seat.assigned_by) == (
        rt2,
        SeatSource.HAND,
        None,
        secretariat_user,
    )
    assert seat.history.first().history_change_reason == "Moved in the admin."
    assert seats_of(process) == {
        "Round table 1": ["State C"],
        "Round table 2": ["State A", "State B"],
    }


def test_a_seat_added_in_the_admin_is_a_hand_seat_with_its_choice(
    secretariat_client, secretariat_user, tables
):
    process, _rt1, rt2, _seats = tables
    d = state(process, "State D", "WEOG")
    prefer(d, rt2)

    response = secretariat_client.post(
        reverse("admin:consultations_seat_add"),
        {"delegation": d.pk, "meeting": rt2.pk, "_save": "Save"},
    )

    seat = Seat.objects.get(delegation=d)
    assert response.status_code == 302
    assert (seat.meeting, seat.source, seat.choice, seat.assigned_by) == (
        rt2,
        SeatSource.HAND,
        1,
        secretariat_user,
    )


def test_seat_source_and_delegation_are_read_only_in_the_admin(secretariat_client, tables):
    _process, _rt1, _rt2, seats = tables

    page = secretariat_client.get(reverse("admin:consultations_seat_change", args=[seats["A"].pk]))

    assert list(page.context["adminform"].form.fields) == ["meeting", "is_illustrative"]


def test_seats_cannot_be_deleted_in_bulk_past_the_rules(secretariat_client, tables):
    changelist = secretariat_client.get(reverse("admin:consultations_seat_changelist"))

    # "Delete selected" was the only action: without it the changelist offers none.
    assert changelist.context["action_form"] is None


def test_reverting_a_seat_in_the_admin_is_refused(secretariat_client, secretariat_user, tables):
    process, rt1, rt2, seats = tables
    seat = seats["A"]
    first = seat.history.get()
    rt2.capacity = 3
    rt2.save()
    secretariat_client.post(
        reverse("admin:consultations_seat_change", args=[seat.pk]),
        {"meeting": rt2.pk, "_save": "Save"},
    )

    response = secretariat_client.post(
        reverse("admin:consultations_seat_simple_history", args=[seat.pk, first.history_id]),
        {"meeting": rt1.pk, "_save": "Revert"},
    )

    assert response.status_code == 302
    assert seats_of(process) == {
        "Round table 1": ["State C"],
        "Round table 2": ["State A", "State B"],
    }
