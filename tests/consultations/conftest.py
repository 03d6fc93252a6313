"""Fixtures of the statement page tests (test_statements_*_views.py): a current process with a
plenary in New York, a minister of State A, and a folder of their own for the uploads."""

import pytest

from registry.choices import ProtocolRank
from tests.consultations.statements_helpers import NOTE
from tests.factories import (
    AppointmentFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def process(db):
    return ProcessFactory(title="High-level Dialogue", is_current=True, illustrative_note=NOTE)


@pytest.fixture
def meeting(process):
    """Plenary 1 on 14 September 2006, 10:00-13:00 in New York; no deadline."""
    return MeetingFactory(process=process, title="Plenary 1")


@pytest.fixture
def minister(state_a):
    person = PersonFactory(honorific="H.E.", given_name="Ana", family_name="Aaa")
    AppointmentFactory(
        person=person,
        stakeholder=state_a,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    return person
