"""registry 0004_briefing moves the Special Representative's appointment, loaded with the
briefing's date (2005-01-01), to the announcement's (23 January 2006), and back."""

import datetime
import importlib

import pytest
from django.apps import apps

from tests.factories import AppointmentFactory, PersonFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("registry.migrations.0004_briefing")


@pytest.fixture
def sutherland():
    return PersonFactory(slug="peter-sutherland"), StakeholderFactory(slug="srsg-migration")


def test_the_appointment_moves_to_the_announcements_date_and_back(sutherland):
    person, office = sutherland
    appointment = AppointmentFactory(
        person=person, stakeholder=office, start=datetime.date(2005, 1, 1)
    )
    other = AppointmentFactory(person=person, start=datetime.date(2005, 1, 1))

    migration.sutherland_start_forward(apps, None)
    appointment.refresh_from_db()
    other.refresh_from_db()
    moved, untouched = appointment.start, other.start
    migration.sutherland_start_backward(apps, None)
    appointment.refresh_from_db()

    assert (moved, untouched) == (datetime.date(2006, 1, 23), datetime.date(2005, 1, 1))
    assert appointment.start == datetime.date(2005, 1, 1)


def test_nothing_moves_when_the_announcements_row_is_already_there(sutherland):
    person, office = sutherland
    old = AppointmentFactory(person=person, stakeholder=office, start=datetime.date(2005, 1, 1))
    AppointmentFactory(person=person, stakeholder=office, start=datetime.date(2006, 1, 23))

    migration.sutherland_start_forward(apps, None)
    old.refresh_from_db()

    assert old.start == datetime.date(2005, 1, 1)
