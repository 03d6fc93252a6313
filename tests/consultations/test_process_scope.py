"""A delegate acts only in the processes where its stakeholder has a delegation: the pages of
another process's speakers lists and issues answer 404, and the services refuse."""

import pytest
from django.core.exceptions import PermissionDenied

from consultations.choices import Stance
from consultations.models import Inscription, Position
from consultations.services.positions import position_record
from consultations.services.speakers import inscription_create
from tests.factories import (
    DelegationFactory,
    IssueFactory,
    MeetingFactory,
    ProcessFactory,
    SpeakersListFactory,
)


@pytest.fixture
def other(db, state_a):
    """Process "mine" with State A's delegation; process "other" without one."""
    mine = ProcessFactory(slug="mine", is_current=True)
    DelegationFactory(process=mine, stakeholder=state_a)
    other = ProcessFactory(slug="other")
    speakers_list = SpeakersListFactory(
        meeting=MeetingFactory(process=other), opens_at=None, closes_at=None
    )
    issue = IssueFactory(process=other)
    return speakers_list, issue


def test_another_process_speakers_list_and_issue_answer_404_to_the_delegate(
    client, delegate_a, state_a, other
):
    speakers_list, issue = other
    client.force_login(delegate_a)

    inscribe = client.post(
        f"/delegate/speakers/{speakers_list.pk}/inscribe/",
        {"stakeholder": state_a.pk, "speaker_name": "Ms. A"},
    )
    record = client.get(f"/delegate/positions/{issue.pk}/{state_a.pk}/")

    assert (inscribe.status_code, record.status_code) == (404, 404)
    assert Inscription.objects.count() == 0


def test_the_services_refuse_a_delegate_without_a_delegation_to_the_process(
    delegate_a, state_a, other
):
    speakers_list, issue = other

    with pytest.raises(PermissionDenied) as inscribing:
        inscription_create(actor=delegate_a, speakers_list=speakers_list, stakeholder=state_a)
    with pytest.raises(PermissionDenied) as recording:
        position_record(actor=delegate_a, issue=issue, stakeholder=state_a, stance=Stance.SUPPORTS)

    assert (str(inscribing.value), str(recording.value)) == (
        "You do not act for State A.",
        "You do not act for State A.",
    )
    assert (Inscription.objects.count(), Position.objects.count()) == (0, 0)


def test_the_secretariat_inscribes_any_stakeholder_in_any_process(secretariat_user, state_a, other):
    speakers_list, _issue = other

    inscription = inscription_create(
        actor=secretariat_user, speakers_list=speakers_list, stakeholder=state_a
    )

    assert list(Inscription.objects.values_list("pk", flat=True)) == [inscription.pk]
