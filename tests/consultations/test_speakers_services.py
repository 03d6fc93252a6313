"""Speakers lists: the protocol order, inscriptions, opening hours and withdrawals
(consultations/services/speakers.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from consultations.choices import InscriptionStatus
from consultations.models import Inscription
from consultations.services.speakers import (
    AlreadyInscribed,
    AlreadySpoke,
    NotOnList,
    SpeakersListClosed,
    SpeakersListNotOpen,
    inscription_mark_spoke,
    inscription_move,
    inscription_withdraw,
    speaking_order_key,
)
from registry.choices import ProtocolRank, StakeholderKind
from tests.consultations.speakers_helpers import (
    CLOSES,
    HEAD_OF_DELEGATION,
    HEAD_OF_STATE,
    MINISTER,
    OPENS,
    at,
    body,
    inscribe,
    observer_state,
    order,
    places,
    state,
)
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    PersonFactory,
)


# --- the protocol order -------------------------------------------------------------------------
def test_member_states_speak_by_level_of_representation(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Delegation level"), at(2), HEAD_OF_DELEGATION)
    inscribe(secretariat_user, speakers_list, state("Other level"), at(3), ProtocolRank.OTHER)
    inscribe(secretariat_user, speakers_list, state("Minister level"), at(4), MINISTER)
    inscribe(secretariat_user, speakers_list, state("Head of State"), at(5), HEAD_OF_STATE)
    inscribe(secretariat_user, speakers_list, state("Vice-Minister"), at(6), 5)
    inscribe(secretariat_user, speakers_list, state("Head of Government"), at(7), 3)
    inscribe(secretariat_user, speakers_list, state("Vice-President"), at(8), 2)

    assert order(speakers_list) == [
        "Head of State",
        "Vice-President",
        "Head of Government",
        "Minister level",
        "Vice-Minister",
        "Delegation level",
        "Other level",
    ]
    assert places(speakers_list) == [1, 2, 3, 4, 5, 6, 7]


def test_same_level_member_states_speak_in_order_of_inscription(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Second minister"), at(3), MINISTER)
    inscribe(secretariat_user, speakers_list, state("First minister"), at(2), MINISTER)
    inscribe(secretariat_user, speakers_list, state("Third minister"), at(4), MINISTER)

    assert order(speakers_list) == ["First minister", "Second minister", "Third minister"]


def test_observer_states_and_the_eu_follow_member_states_in_order_of_inscription(
    secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, body("European Union", "regional_org"), at(2))
    inscribe(secretariat_user, speakers_list, observer_state("Holy See", "VAT"), at(3), 1)
    inscribe(secretariat_user, speakers_list, state("Late State"), at(9), ProtocolRank.OTHER)
    inscribe(secretariat_user, speakers_list, observer_state("Palestine", "PSE"), at(4))

    # The Holy See's Head of State does not overtake: level counts among Member States only.
    assert order(speakers_list) == ["Late State", "European Union", "Holy See", "Palestine"]


def test_un_entities_igos_and_other_bodies_speak_last_in_order_of_inscription(
    secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, body("IOM", StakeholderKind.IGO), at(2))
    inscribe(secretariat_user, speakers_list, body("UNHCR"), at(3))
    inscribe(secretariat_user, speakers_list, body("An NGO", StakeholderKind.NGO), at(4))
    inscribe(secretariat_user, speakers_list, body("GCIM", StakeholderKind.INDEPENDENT_BODY), at(5))
    inscribe(secretariat_user, speakers_list, body("EU", StakeholderKind.REGIONAL_ORG), at(6))
    inscribe(secretariat_user, speakers_list, state("State"), at(7))

    assert order(speakers_list) == ["State", "EU", "IOM", "UNHCR", "An NGO", "GCIM"]


def test_speaking_order_key_of_values():
    early, late = at(2), at(3)
    member = {"kind": StakeholderKind.MEMBER_STATE, "level": 4, "inscribed_at": late}
    member_hos = {"kind": StakeholderKind.MEMBER_STATE, "level": 1, "inscribed_at": late}
    observer = {"kind": StakeholderKind.OBSERVER_STATE, "level": 1, "inscribed_at": early}
    un = {"kind": StakeholderKind.UN_ENTITY, "level": 1, "inscribed_at": early}

    keys = sorted([un, observer, member, member_hos], key=speaking_order_key)

    assert keys == [member_hos, member, observer, un]
    assert speaking_order_key(member) == (0, 4, late, float("inf"))
    assert speaking_order_key(observer) == (1, 0, early, float("inf"))
    assert speaking_order_key({**un, "pk": 7}) == (2, 0, early, 7)


def test_new_inscription_respects_the_secretariats_earlier_moves(secretariat_user, speakers_list):
    a = inscribe(secretariat_user, speakers_list, state("A"), at(2))
    inscribe(secretariat_user, speakers_list, state("B"), at(3))
    inscribe(secretariat_user, speakers_list, state("C"), at(4))
    inscription_move(
        actor=secretariat_user, inscription=a, to_position=3, reason="Asked to go last"
    )
    assert order(speakers_list) == ["B", "C", "A"]

    inscribe(secretariat_user, speakers_list, state("D"), at(5))
    inscribe(secretariat_user, speakers_list, state("E, vice-minister"), at(6), 5)

    # D (same level, latest) goes last, not before A; E goes before the first with a greater key.
    assert order(speakers_list) == ["E, vice-minister", "B", "C", "A", "D"]
    assert places(speakers_list) == [1, 2, 3, 4, 5]


def test_new_inscription_is_never_placed_before_a_speaker_who_spoke(
    secretariat_user, speakers_list
):
    first = inscribe(secretariat_user, speakers_list, state("Delegation"), at(2))
    inscribe(secretariat_user, speakers_list, state("Another delegation"), at(3))
    inscription_mark_spoke(
        actor=secretariat_user, inscription=first, spoke_at=at(14, 14), seconds=300
    )

    inscribe(secretariat_user, speakers_list, state("Head of State"), at(14, 14, 5), 1)

    assert order(speakers_list) == ["Delegation", "Head of State", "Another delegation"]


def test_level_defaults_to_the_delegations_level_else_other_head_of_delegation(
    secretariat_user, speakers_list
):
    with_delegation = state("With delegation")
    DelegationFactory(
        process=speakers_list.meeting.process, stakeholder=with_delegation, level=MINISTER
    )
    DelegationFactory(stakeholder=state("Elsewhere"), level=HEAD_OF_STATE)  # another process

    led = inscribe(secretariat_user, speakers_list, with_delegation, at(2))
    plain = inscribe(secretariat_user, speakers_list, state("No delegation"), at(3))
    stated = inscribe(secretariat_user, speakers_list, state("Stated"), at(4), level=2)

    assert (led.level, plain.level, stated.level) == (MINISTER, HEAD_OF_DELEGATION, 2)


def test_speaker_post_defaults_to_the_post_held_on_the_day(secretariat_user, speakers_list):
    belgium = state("Belgium")
    person = PersonFactory(family_name="Verhofstadt", given_name="Guy")
    AppointmentFactory(
        person=person,
        stakeholder=belgium,
        post="Prime Minister",
        rank=3,
        start=datetime.date(1999, 7, 12),
        end=datetime.date(2008, 3, 20),
    )
    AppointmentFactory(
        person=person,
        stakeholder=belgium,
        post="Minister of State",
        start=datetime.date(2009, 1, 1),
    )

    inscription = inscribe(secretariat_user, speakers_list, belgium, at(2), speaker=person)

    assert (inscription.speaker, inscription.speaker_post) == (person, "Prime Minister")


def test_inscription_records_who_and_when(list_delegations, delegate_a, state_a, speakers_list):
    inscription = inscribe(delegate_a, speakers_list, state_a, at(2, 15, 30))

    inscription.refresh_from_db()
    assert (inscription.inscribed_by, inscription.inscribed_at, inscription.status) == (
        delegate_a,
        at(2, 15, 30),
        InscriptionStatus.INSCRIBED,
    )


# --- opening hours ------------------------------------------------------------------------------
def test_delegate_cannot_inscribe_after_the_list_closes(
    list_delegations, delegate_a, state_a, speakers_list
):
    with pytest.raises(SpeakersListClosed) as error:
        inscribe(delegate_a, speakers_list, state_a, CLOSES)

    assert str(error.value) == (
        "The speakers list closed on 13 September 2006 at 18:00 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn."
    )
    assert order(speakers_list) == []


def test_delegate_cannot_inscribe_before_the_list_opens(
    list_delegations, delegate_a, state_a, speakers_list
):
    with pytest.raises(SpeakersListNotOpen) as error:
        inscribe(delegate_a, speakers_list, state_a, OPENS - datetime.timedelta(seconds=1))

    assert str(error.value) == (
        "The speakers list is not open yet: it opens on 1 September 2006 at 09:00 (EDT). "
        "Until then only the Secretariat can inscribe speakers."
    )


def test_delegate_can_inscribe_from_the_opening_time(
    list_delegations, delegate_a, state_a, speakers_list
):
    inscribe(delegate_a, speakers_list, state_a, OPENS)

    assert order(speakers_list) == ["State A"]


def test_secretariat_can_inscribe_before_opening_and_after_closing(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Late"), CLOSES + datetime.timedelta(days=1))
    inscribe(secretariat_user, speakers_list, state("Early"), OPENS - datetime.timedelta(days=1))

    assert order(speakers_list) == ["Early", "Late"]


def test_delegate_cannot_inscribe_a_stakeholder_they_do_not_act_for(
    delegate_a, state_b, speakers_list
):
    with pytest.raises(PermissionDenied):
        inscribe(delegate_a, speakers_list, state_b, at(2))

    assert order(speakers_list) == []


def test_a_stakeholder_holds_one_place_per_list(
    list_delegations, delegate_a, state_a, speakers_list
):
    first = inscribe(delegate_a, speakers_list, state_a, at(2))

    with pytest.raises(AlreadyInscribed) as error:
        inscribe(delegate_a, speakers_list, state_a, at(3))

    assert str(error.value) == "State A is already on this speakers list."
    inscription_withdraw(actor=delegate_a, inscription=first, at=at(4))
    again = inscribe(delegate_a, speakers_list, state_a, at(5))
    assert (again.position, Inscription.objects.count()) == (1, 2)


# --- withdrawals --------------------------------------------------------------------------------
def test_withdrawal_keeps_the_row_and_the_others_close_the_gap(
    list_delegations, delegate_a, state_a, secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, state("First"), at(2))
    mine = inscribe(delegate_a, speakers_list, state_a, at(3))
    inscribe(secretariat_user, speakers_list, state("Third"), at(4))
    inscribe(secretariat_user, speakers_list, state("Fourth"), at(5))

    inscription_withdraw(actor=delegate_a, inscription=mine, at=at(6))

    mine.refresh_from_db()
    assert (mine.status, mine.position) == (InscriptionStatus.WITHDRAWN, None)
    assert order(speakers_list) == ["First", "Third", "Fourth"]
    assert places(speakers_list) == [1, 2, 3]


def test_delegate_cannot_withdraw_after_closing_but_the_secretariat_can(
    list_delegations, delegate_a, state_a, secretariat_user, speakers_list
):
    mine = inscribe(delegate_a, speakers_list, state_a, at(3))

    with pytest.raises(SpeakersListClosed):
        inscription_withdraw(actor=delegate_a, inscription=mine, at=CLOSES)
    inscription_withdraw(actor=secretariat_user, inscription=mine, at=CLOSES)

    mine.refresh_from_db()
    assert mine.status == InscriptionStatus.WITHDRAWN


def test_delegate_cannot_withdraw_another_delegations_inscription(
    list_delegations, delegate_a, delegate_b, state_b, speakers_list
):
    theirs = inscribe(delegate_b, speakers_list, state_b, at(3))

    with pytest.raises(PermissionDenied):
        inscription_withdraw(actor=delegate_a, inscription=theirs, at=at(4))

    assert order(speakers_list) == ["State B"]


def test_withdrawing_twice_or_after_speaking_is_refused(secretariat_user, speakers_list):
    gone = inscribe(secretariat_user, speakers_list, state("Gone"), at(2))
    spoke = inscribe(secretariat_user, speakers_list, state("Spoke"), at(3))
    inscription_withdraw(actor=secretariat_user, inscription=gone)
    inscription_mark_spoke(actor=secretariat_user, inscription=spoke, spoke_at=at(14), seconds=10)

    with pytest.raises(NotOnList):
        inscription_withdraw(actor=secretariat_user, inscription=gone)
    with pytest.raises(AlreadySpoke):
        inscription_withdraw(actor=secretariat_user, inscription=spoke)
