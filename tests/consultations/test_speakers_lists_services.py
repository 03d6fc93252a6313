"""The state of a speakers list, set by the Secretariat, and a speaker inscribed by name
(consultations/services/speakers_lists.py; the speaker rules of inscription_create)."""

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from consultations.choices import SpeakersListState, SpeakersListStatus
from consultations.models import Inscription, SpeakersList
from consultations.selectors.speakers import speakers_list_changes
from consultations.services.speakers import (
    InvalidSpeaker,
    SpeakersListClosed,
    SpeakersListSuspended,
    inscription_create,
)
from consultations.services.speakers_lists import (
    AlreadyLinked,
    InvalidClosingTime,
    TransitionNotAllowed,
    inscription_speaker_link,
    speakers_list_close,
    speakers_list_open,
    speakers_list_reopen,
    speakers_list_resume,
    speakers_list_set_closing,
    speakers_list_suspend,
)
from tests.consultations.speakers_helpers import CLOSES, OPENS, at, inscribe
from tests.factories import (
    DelegationFactory,
    DelegationMemberFactory,
    PersonFactory,
    SpeakersListFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def history(speakers_list) -> list[tuple]:
    """(change reason, user's e-mail, date, status, closes_at) of each change in the history
    (the factory's "+" row left out), oldest first."""
    return [
        (
            r.history_change_reason,
            r.history_user.email if r.history_user else None,
            r.history_date,
            r.status,
            r.closes_at,
        )
        for r in speakers_list.history.exclude(history_type="+").order_by(
            "history_date", "history_id"
        )
    ]


def fresh(speakers_list) -> SpeakersList:
    return SpeakersList.objects.get(pk=speakers_list.pk)


# --- the state at a moment ----------------------------------------------------------------------
def test_the_state_follows_the_times_while_the_status_is_open(speakers_list):
    assert [
        speakers_list.state_at(moment)
        for moment in (OPENS - datetime.timedelta(seconds=1), OPENS, at(5), CLOSES)
    ] == [
        SpeakersListState.NOT_OPEN_YET,
        SpeakersListState.OPEN,
        SpeakersListState.OPEN,
        SpeakersListState.CLOSED,
    ]


# --- transitions --------------------------------------------------------------------------------
def test_open_close_reopen_are_recorded_with_who_and_when(secretariat_user, speakers_list):
    before = OPENS - datetime.timedelta(hours=4)

    speakers_list_open(actor=secretariat_user, speakers_list=speakers_list, at=before)
    speakers_list_close(actor=secretariat_user, speakers_list=speakers_list, at=at(5))
    speakers_list_reopen(actor=secretariat_user, speakers_list=speakers_list, at=at(6))

    saved = fresh(speakers_list)
    assert (saved.status, saved.opens_at, saved.closes_at) == (
        SpeakersListStatus.OPEN,
        before,
        None,
    )
    assert (speakers_list.status, speakers_list.closes_at) == (SpeakersListStatus.OPEN, None)
    assert history(speakers_list) == [
        ("open", "secretariat@example.org", before, "open", CLOSES),
        ("close", "secretariat@example.org", at(5), "closed", at(5)),
        ("reopen", "secretariat@example.org", at(6), "open", None),
    ]
    assert [(c.action_label, c.by, c.at) for c in speakers_list_changes(speakers_list=saved)] == [
        ("Reopened", "secretariat@example.org", at(6)),
        ("Closed", "secretariat@example.org", at(5)),
        ("Opened", "secretariat@example.org", before),
    ]


def test_suspend_and_resume(secretariat_user, speakers_list):
    speakers_list_suspend(actor=secretariat_user, speakers_list=speakers_list, at=at(3))
    suspended = fresh(speakers_list).state_at(at(4))
    speakers_list_resume(actor=secretariat_user, speakers_list=speakers_list, at=at(4))

    assert suspended == SpeakersListState.SUSPENDED
    assert fresh(speakers_list).state_at(at(4)) == SpeakersListState.OPEN
    assert [row[0] for row in history(speakers_list)] == ["suspend", "resume"]


def test_a_suspended_list_resumed_after_its_closing_time_is_closed(secretariat_user, speakers_list):
    speakers_list_suspend(actor=secretariat_user, speakers_list=speakers_list, at=at(3))
    speakers_list_resume(actor=secretariat_user, speakers_list=speakers_list, at=at(14))

    assert fresh(speakers_list).state_at(at(14)) == SpeakersListState.CLOSED


def test_a_list_closed_at_its_closing_time_can_be_reopened_until_a_new_time(
    secretariat_user, speakers_list
):
    later = at(15, 12)

    speakers_list_reopen(
        actor=secretariat_user, speakers_list=speakers_list, closes_at=later, at=at(14)
    )

    saved = fresh(speakers_list)
    assert (saved.status, saved.closes_at, saved.state_at(at(14))) == (
        SpeakersListStatus.OPEN,
        later,
        SpeakersListState.OPEN,
    )


@pytest.mark.parametrize(
    ("service", "when", "message"),
    [
        (
            speakers_list_open,
            at(5),
            "The speakers list is “Open”: only a list not open yet can be opened.",
        ),
        (
            speakers_list_close,
            OPENS - datetime.timedelta(days=1),
            "The speakers list is “Not open yet”: only an open or suspended list can be closed.",
        ),
        (
            speakers_list_reopen,
            at(5),
            "The speakers list is “Open”: only a closed list can be reopened.",
        ),
        (
            speakers_list_suspend,
            at(14),
            "The speakers list is “Closed”: only an open list can be suspended.",
        ),
        (
            speakers_list_resume,
            at(5),
            "The speakers list is “Open”: only a suspended list can be resumed.",
        ),
    ],
)
def test_a_transition_not_allowed_is_refused_and_changes_nothing(
    secretariat_user, speakers_list, service, when, message
):
    with pytest.raises(TransitionNotAllowed) as refused:
        service(actor=secretariat_user, speakers_list=speakers_list, at=when)

    assert str(refused.value) == message
    assert speakers_list.history.count() == 1  # the factory's "+" row alone
    saved = fresh(speakers_list)
    assert (saved.status, saved.opens_at, saved.closes_at) == ("open", OPENS, CLOSES)


def test_only_the_secretariat_changes_the_state(delegate_a, speakers_list):
    with pytest.raises(PermissionDenied):
        speakers_list_close(actor=delegate_a, speakers_list=speakers_list, at=at(5))

    assert fresh(speakers_list).status == SpeakersListStatus.OPEN


def test_set_closing_moves_the_closing_time_and_refuses_a_past_one(secretariat_user, speakers_list):
    later = at(14, 3)

    speakers_list_set_closing(
        actor=secretariat_user, speakers_list=speakers_list, closes_at=later, at=at(5)
    )
    with pytest.raises(InvalidClosingTime) as past:
        speakers_list_set_closing(
            actor=secretariat_user, speakers_list=speakers_list, closes_at=at(4), at=at(5)
        )
    speakers_list_set_closing(
        actor=secretariat_user, speakers_list=speakers_list, closes_at=None, at=at(6)
    )

    assert str(past.value) == (
        "Choose a closing time in the future; to close the list now, close it."
    )
    assert [row[0::4] for row in history(speakers_list)] == [
        ("set_closing", later),
        ("set_closing", None),
    ]


def test_a_closing_time_before_the_opening_is_refused(secretariat_user):
    speakers_list = SpeakersListFactory(opens_at=at(10), closes_at=at(12))

    with pytest.raises(InvalidClosingTime) as refused:
        speakers_list_set_closing(
            actor=secretariat_user, speakers_list=speakers_list, closes_at=at(9), at=at(1)
        )

    assert str(refused.value) == (
        "The list must close after it opens, on 10 September 2006 at 08:00 (EDT)."
    )


def test_a_closed_list_must_say_when_it_closed(speakers_list):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakersList.objects.filter(pk=speakers_list.pk).update(status="closed", closes_at=None)


# --- inscriptions and the state -----------------------------------------------------------------
def test_after_closing_delegates_are_refused_with_the_time_and_the_secretariat_inscribes(
    list_delegations, secretariat_user, delegate_a, state_a, speakers_list
):
    # 18:00 in New York on 13 September 2006.
    closing = datetime.datetime(2006, 9, 13, 22, 0, tzinfo=UTC)
    speakers_list_set_closing(
        actor=secretariat_user, speakers_list=speakers_list, closes_at=at(14, 2), at=at(5)
    )
    speakers_list_close(actor=secretariat_user, speakers_list=speakers_list, at=closing)

    with pytest.raises(SpeakersListClosed) as refused:
        inscribe(delegate_a, speakers_list, state_a, at(13, 23))
    by_secretariat = inscribe(secretariat_user, speakers_list, state_a, at(13, 23))

    assert str(refused.value) == (
        "The speakers list closed on 13 September 2006 at 18:00 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn."
    )
    assert by_secretariat.position == 1


def test_while_suspended_delegates_are_refused(
    list_delegations, secretariat_user, delegate_a, state_a, speakers_list
):
    speakers_list_suspend(actor=secretariat_user, speakers_list=speakers_list, at=at(3))

    with pytest.raises(SpeakersListSuspended) as refused:
        inscribe(delegate_a, speakers_list, state_a, at(4))

    assert str(refused.value) == (
        "The speakers list is suspended. Until the Secretariat resumes it, "
        "please contact the Secretariat to be inscribed or withdrawn."
    )
    assert Inscription.objects.count() == 0


# --- speakers: the delegation's own, or a name ---------------------------------------------------
@pytest.fixture
def delegation(speakers_list, state_a):
    return DelegationFactory(process=speakers_list.meeting.process, stakeholder=state_a)


def test_a_delegate_names_a_member_of_its_delegation_with_the_post_held_there(
    delegate_a, state_a, speakers_list, delegation
):
    member = PersonFactory(family_name="Member")
    DelegationMemberFactory(delegation=delegation, person=member, post="Ambassador")

    inscription = inscribe(delegate_a, speakers_list, state_a, at(5), speaker=member)

    assert (inscription.speaker, inscription.speaker_name, inscription.speaker_post) == (
        member,
        "",
        "Ambassador",
    )


def test_a_delegate_names_the_head_of_its_delegation(
    delegate_a, state_a, speakers_list, delegation
):
    head = PersonFactory(family_name="Head")
    delegation.head, delegation.head_post = head, "Permanent Representative"
    delegation.save()

    inscription = inscribe(delegate_a, speakers_list, state_a, at(5), speaker=head)

    assert (inscription.speaker, inscription.speaker_post) == (head, "Permanent Representative")


def test_a_delegate_cannot_name_someone_off_its_delegation_the_secretariat_can(
    secretariat_user, delegate_a, state_a, speakers_list, delegation
):
    other = PersonFactory(given_name="Otto", family_name="Other")
    DelegationMemberFactory(delegation=DelegationFactory(), person=other)

    with pytest.raises(InvalidSpeaker) as refused:
        inscribe(delegate_a, speakers_list, state_a, at(5), speaker=other)
    by_secretariat = inscribe(secretariat_user, speakers_list, state_a, at(5), speaker=other)

    assert str(refused.value) == f"{other} is not on the delegation of State A."
    assert by_secretariat.speaker == other


def test_a_speaker_by_name_then_linked_to_the_registry(
    list_delegations, secretariat_user, delegate_a, state_a, speakers_list
):
    named = inscribe(delegate_a, speakers_list, state_a, at(5), speaker_name="  Ms. Nadia New ")
    person = PersonFactory(given_name="Nadia", family_name="New")

    inscription_speaker_link(actor=secretariat_user, inscription=named, person=person)
    with pytest.raises(AlreadyLinked):
        inscription_speaker_link(actor=secretariat_user, inscription=named, person=person)

    named.refresh_from_db()
    assert (named.speaker, named.speaker_name) == (person, "")
    assert [
        (r.speaker_id, r.speaker_name, r.history_user_id)
        for r in named.history.order_by("history_date", "history_id")
    ] == [(None, "Ms. Nadia New", None), (person.pk, "", secretariat_user.pk)]


def test_a_delegate_cannot_link_a_speaker(list_delegations, delegate_a, state_a, speakers_list):
    named = inscribe(delegate_a, speakers_list, state_a, at(5), speaker_name="Nadia New")

    with pytest.raises(PermissionDenied):
        inscription_speaker_link(actor=delegate_a, inscription=named, person=PersonFactory())


def test_a_person_and_a_name_together_are_refused_by_the_service_and_the_database(
    secretariat_user, state_a, speakers_list
):
    person = PersonFactory()

    with pytest.raises(InvalidSpeaker):
        inscription_create(
            actor=secretariat_user,
            speakers_list=speakers_list,
            stakeholder=state_a,
            speaker=person,
            speaker_name="Someone",
            at=at(5),
        )
    inscription = inscribe(secretariat_user, speakers_list, state_a, at(5), speaker=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inscription.objects.filter(pk=inscription.pk).update(speaker_name="Someone")


# --- the migration's data step ------------------------------------------------------------------
def test_the_migration_closes_the_lists_whose_closing_time_has_passed(time_machine):
    from django.apps import apps

    step = importlib.import_module("consultations.migrations.0007_speakers_list_state")
    time_machine.move_to(at(10), tick=False)
    passed = SpeakersListFactory(opens_at=OPENS, closes_at=at(9))
    coming = SpeakersListFactory(opens_at=OPENS, closes_at=at(11))
    endless = SpeakersListFactory()

    step.status_from_times(apps, None)

    assert [fresh(sl).status for sl in (passed, coming, endless)] == ["closed", "open", "open"]
