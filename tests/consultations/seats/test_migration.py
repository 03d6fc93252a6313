"""The data step of the seat publication migration: seats allocated before drafts existed
were public, so each gets a published copy and the process counts as published."""

import importlib

import pytest
from django.apps import apps

from consultations.models import Process, Seat
from tests.consultations.seats.helpers import seat_process, seats_of, sit, state

pytestmark = pytest.mark.django_db

migration = importlib.import_module("consultations.migrations.0008_seat_publication")


def test_existing_seats_count_as_published_and_stay_as_the_draft():
    process, (rt1, rt2) = seat_process()
    a, b = sit(state(process, "State A"), rt1), sit(state(process, "State B", "WEOG"), rt2)
    untouched, _tables = seat_process()

    migration.publish_existing_seats(apps, None)

    expected = {"Round table 1": ["State A"], "Round table 2": ["State B"]}
    assert seats_of(process) == seats_of(process, published=True) == expected
    assert list(Seat.objects.draft().order_by("pk")) == [a, b]
    process.refresh_from_db()
    assert process.seats_published_at == max(a.assigned_at, b.assigned_at)
    assert Process.objects.get(pk=untouched.pk).seats_published_at is None


def test_going_back_drops_the_published_copies_and_keeps_the_draft():
    process, (rt1, rt2) = seat_process()
    a, b = sit(state(process, "State A"), rt1), sit(state(process, "State B", "WEOG"), rt2)
    migration.publish_existing_seats(apps, None)

    migration.unpublish_seats(apps, None)

    assert list(Seat.objects.order_by("pk")) == [a, b]
