"""The level that orders a speakers list comes from the registry, not from the delegate: a
higher level asked for waits for the Secretariat (consultations/services/speakers.py,
consultations/services/speaker_levels.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from consultations.choices import LevelRequestStatus
from consultations.models import Inscription, InscriptionMove
from consultations.services.speaker_levels import (
    inscription_level_confirm,
    inscription_level_refuse,
)
from consultations.services.speakers import NoLevelRequest, ReasonRequired, inscription_withdraw
from registry.choices import ProtocolRank
from tests.consultations.speakers_helpers import (
    HEAD_OF_DELEGATION,
    HEAD_OF_STATE,
    MINISTER,
    at,
    inscribe,
    order,
    state,
)
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    DelegationMemberFactory,
    PersonFactory,
)


def _delegation(speakers_list, stakeholder, level):
    return DelegationFactory(
        process=speakers_list.meeting.process, stakeholder=stakeholder, level=level
    )


def _minister_of(delegation):
    """A minister of the delegation's State, on its delegation (whom its delegate may name)."""
    person = PersonFactory(given_name="Mina", family_name="Minister")
    AppointmentFactory(
        person=person,
        stakeholder=delegation.stakeholder,
        post="Minister for Foreign Affairs",
        rank=MINISTER,
    )
    DelegationMemberFactory(delegation=delegation, person=person)
    return person


@pytest.fixture
def listed(secretariat_user, speakers_list, state_a):
    """Alpha (Head of Government), Beta (minister), Gamma (other head of delegation), by the
    Secretariat at their delegations' levels; State A's delegation is registered at "other
    head of delegation", its speaker is a minister."""
    for name, level, day in (
        ("Alpha", ProtocolRank.HEAD_OF_GOVERNMENT, 2),
        ("Beta", MINISTER, 3),
        ("Gamma", HEAD_OF_DELEGATION, 4),
    ):
        stakeholder = state(name)
        _delegation(speakers_list, stakeholder, level)
        inscribe(secretariat_user, speakers_list, stakeholder, at(day))
    return _minister_of(_delegation(speakers_list, state_a, HEAD_OF_DELEGATION))


def _ask_head_of_state(delegate_a, speakers_list, state_a, minister) -> Inscription:
    return inscribe(delegate_a, speakers_list, state_a, at(5), HEAD_OF_STATE, speaker=minister)


def test_a_minister_asking_for_head_of_state_waits_at_the_ministers_place(
    delegate_a, speakers_list, state_a, listed
):
    inscription = _ask_head_of_state(delegate_a, speakers_list, state_a, listed)

    inscription.refresh_from_db()
    assert (
        inscription.level,
        inscription.requested_level,
        inscription.level_request_status,
        inscription.level_decided_by,
        inscription.position,
    ) == (MINISTER, HEAD_OF_STATE, LevelRequestStatus.PENDING, None, 3)
    assert order(speakers_list) == ["Alpha", "Beta", "State A", "Gamma"]


def test_the_secretariat_confirms_and_the_speaker_moves_up(
    secretariat_user, delegate_a, speakers_list, state_a, listed
):
    inscription = _ask_head_of_state(delegate_a, speakers_list, state_a, listed)
    before = order(speakers_list)

    inscription_level_confirm(
        actor=secretariat_user, inscription=inscription, reason="Note verbale", at=at(6)
    )

    inscription.refresh_from_db()
    assert before == ["Alpha", "Beta", "State A", "Gamma"]
    assert order(speakers_list) == ["State A", "Alpha", "Beta", "Gamma"]
    assert (
        inscription.level,
        inscription.level_request_status,
        inscription.level_decided_by,
        inscription.level_decided_at,
        inscription.level_decision_reason,
    ) == (HEAD_OF_STATE, LevelRequestStatus.CONFIRMED, secretariat_user, at(6), "Note verbale")
    move = InscriptionMove.objects.get()
    assert (move.inscription, move.from_position, move.to_position, move.moved_by, move.reason) == (
        inscription,
        3,
        1,
        secretariat_user,
        "Level of representation confirmed: Head of State",
    )
    latest = inscription.history.order_by("-history_id").first()
    assert (latest.history_user, latest.level, latest.level_request_status) == (
        secretariat_user,
        HEAD_OF_STATE,
        LevelRequestStatus.CONFIRMED,
    )


def test_the_secretariat_refuses_with_a_reason_and_the_speaker_stays(
    secretariat_user, delegate_a, speakers_list, state_a, listed
):
    inscription = _ask_head_of_state(delegate_a, speakers_list, state_a, listed)

    with pytest.raises(ReasonRequired):
        inscription_level_refuse(actor=secretariat_user, inscription=inscription, reason="  ")
    inscription_level_refuse(
        actor=secretariat_user,
        inscription=inscription,
        reason="The Minister, not the President, is registered to attend.",
        at=at(6),
    )

    inscription.refresh_from_db()
    assert order(speakers_list) == ["Alpha", "Beta", "State A", "Gamma"]
    assert (
        inscription.level,
        inscription.requested_level,
        inscription.level_request_status,
        inscription.level_decided_by,
        inscription.level_decided_at,
        inscription.level_decision_reason,
    ) == (
        MINISTER,
        HEAD_OF_STATE,
        LevelRequestStatus.REFUSED,
        secretariat_user,
        at(6),
        "The Minister, not the President, is registered to attend.",
    )
    latest = inscription.history.order_by("-history_id").first()
    assert (latest.history_user, latest.level_request_status) == (
        secretariat_user,
        LevelRequestStatus.REFUSED,
    )
    assert InscriptionMove.objects.count() == 0
    with pytest.raises(NoLevelRequest):  # decided once: a second decision is refused
        inscription_level_confirm(actor=secretariat_user, inscription=inscription)


def test_a_delegate_cannot_confirm_its_own_request(delegate_a, speakers_list, state_a, listed):
    inscription = _ask_head_of_state(delegate_a, speakers_list, state_a, listed)

    with pytest.raises(PermissionDenied):
        inscription_level_confirm(actor=delegate_a, inscription=inscription)
    with pytest.raises(PermissionDenied):
        inscription_level_refuse(actor=delegate_a, inscription=inscription, reason="No")

    inscription.refresh_from_db()
    assert (inscription.level, inscription.level_request_status) == (
        MINISTER,
        LevelRequestStatus.PENDING,
    )
    assert order(speakers_list) == ["Alpha", "Beta", "State A", "Gamma"]


def test_asking_for_a_lower_level_is_accepted_as_asked(delegate_a, speakers_list, state_a, listed):
    inscription = inscribe(
        delegate_a, speakers_list, state_a, at(5), HEAD_OF_DELEGATION, speaker=listed
    )

    inscription.refresh_from_db()
    assert (
        inscription.level,
        inscription.requested_level,
        inscription.level_request_status,
    ) == (HEAD_OF_DELEGATION, None, "")
    assert order(speakers_list) == ["Alpha", "Beta", "Gamma", "State A"]


def test_asking_for_the_registered_level_is_accepted(delegate_a, speakers_list, state_a, listed):
    inscription = inscribe(delegate_a, speakers_list, state_a, at(5), MINISTER, speaker=listed)

    assert (inscription.level, inscription.level_request_status) == (MINISTER, "")


def test_without_an_appointment_the_delegations_level_is_registered(
    delegate_a, speakers_list, state_a
):
    delegation = _delegation(speakers_list, state_a, ProtocolRank.VICE_MINISTER)
    no_post = PersonFactory(family_name="Unlisted")  # holds no post for State A
    DelegationMemberFactory(delegation=delegation, person=no_post)

    unnamed = inscribe(delegate_a, speakers_list, state_a, at(5))
    inscription_withdraw(actor=delegate_a, inscription=unnamed, at=at(5, 13))
    named = inscribe(delegate_a, speakers_list, state_a, at(6), speaker=no_post)
    inscription_withdraw(actor=delegate_a, inscription=named, at=at(6, 13))
    asked = inscribe(delegate_a, speakers_list, state_a, at(7), MINISTER)

    assert (unnamed.level, named.level) == (ProtocolRank.VICE_MINISTER,) * 2
    assert (asked.level, asked.requested_level, asked.level_request_status) == (
        ProtocolRank.VICE_MINISTER,
        MINISTER,
        LevelRequestStatus.PENDING,
    )


def test_without_an_appointment_or_a_delegation_it_is_other_head_of_delegation(
    list_delegations, delegate_a, speakers_list, state_a
):
    inscription = inscribe(delegate_a, speakers_list, state_a, at(5), HEAD_OF_STATE)

    assert (inscription.level, inscription.requested_level, inscription.level_request_status) == (
        HEAD_OF_DELEGATION,
        HEAD_OF_STATE,
        LevelRequestStatus.PENDING,
    )


def test_the_secretariat_inscribing_at_a_higher_level_confirms_it_in_its_name(
    secretariat_user, speakers_list, state_a, listed
):
    inscription = inscribe(
        secretariat_user, speakers_list, state_a, at(5), HEAD_OF_STATE, speaker=listed
    )

    assert (
        inscription.level,
        inscription.level_request_status,
        inscription.level_decided_by,
        inscription.level_decided_at,
    ) == (HEAD_OF_STATE, LevelRequestStatus.CONFIRMED, secretariat_user, at(5))
    assert order(speakers_list) == ["State A", "Alpha", "Beta", "Gamma"]


def test_the_database_refuses_to_order_by_an_unconfirmed_level(
    delegate_a, speakers_list, state_a, listed
):
    inscription = _ask_head_of_state(delegate_a, speakers_list, state_a, listed)

    with pytest.raises(IntegrityError), transaction.atomic():
        Inscription.objects.filter(pk=inscription.pk).update(level=HEAD_OF_STATE)
    with pytest.raises(IntegrityError), transaction.atomic():  # a refusal without a reason
        Inscription.objects.filter(pk=inscription.pk).update(
            level_request_status=LevelRequestStatus.REFUSED,
            level_decided_by=delegate_a,
            level_decided_at=at(6),
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a decision without its decider
        Inscription.objects.filter(pk=inscription.pk).update(
            level=HEAD_OF_STATE, level_request_status=LevelRequestStatus.CONFIRMED
        )

    inscription.refresh_from_db()
    assert (inscription.level, inscription.level_request_status) == (
        MINISTER,
        LevelRequestStatus.PENDING,
    )
