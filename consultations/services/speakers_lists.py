"""The state of a speakers list, set by the Secretariat: open, close, reopen, suspend, resume,
and its closing time; and the link of a speaker inscribed by name to a registry person.

Each change runs in one transaction on the list's locked row (the lock inscriptions take, so
that an inscription and a closing queue rather than cross), saves with ``update_fields`` and
writes one history row by the actor at the moment of the change, whose change reason names the
action (SpeakersListAction): the history says who opened and closed the list, and when.

Apart from services/speakers.py only to keep each module under 600 lines.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.choices import SpeakersListAction, SpeakersListStatus
from consultations.models import Inscription, SpeakersList
from consultations.services.speakers import (
    SpeakersError,
    _lock,
    _require_manage_speakers,
    _when,
    shown_on_its_process,
)
from registry.models import Person


class TransitionNotAllowed(SpeakersError):
    """The list's state does not allow the change asked for; the message says why."""


class InvalidClosingTime(SpeakersError):
    pass


class AlreadyLinked(SpeakersError):
    pass


def _refusal(action: SpeakersListAction) -> str:
    return {
        SpeakersListAction.OPEN: _(
            "The speakers list is “%(state)s”: only a list not open yet can be opened."
        ),
        SpeakersListAction.CLOSE: _(
            "The speakers list is “%(state)s”: only an open or suspended list can be closed."
        ),
        SpeakersListAction.REOPEN: _(
            "The speakers list is “%(state)s”: only a closed list can be reopened."
        ),
        SpeakersListAction.SUSPEND: _(
            "The speakers list is “%(state)s”: only an open list can be suspended."
        ),
        SpeakersListAction.RESUME: _(
            "The speakers list is “%(state)s”: only a suspended list can be resumed."
        ),
        SpeakersListAction.SET_CLOSING: _(
            "The speakers list is “%(state)s”: reopen it to set a closing time."
        ),
    }[action]


def _refuse(locked: SpeakersList, action: SpeakersListAction, at: datetime.datetime) -> None:
    """Raise TransitionNotAllowed unless ``action`` is allowed in ``locked``'s state at ``at``."""
    state = locked.state_at(at)
    if action in state.actions:
        return
    raise TransitionNotAllowed(_refusal(action) % {"state": state.label})


def _transition(
    *,
    actor,
    speakers_list: SpeakersList,
    action: SpeakersListAction,
    at: datetime.datetime,
    check_closing: bool = False,
    **changes,
) -> SpeakersList:
    """On the locked row: refuse ``action`` unless the state at ``at`` allows it (and a new
    ``closes_at`` that is not after ``at`` or the opening, if ``check_closing``), set
    ``changes``, save them with one history row by ``actor`` at ``at`` whose change reason is
    ``action``; give the caller's ``speakers_list`` the result."""
    _require_manage_speakers(actor)
    with transaction.atomic():
        locked = _lock(speakers_list)
        _refuse(locked, action, at)
        if check_closing:
            _check_closing(locked, changes["closes_at"], at)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked._history_user = actor
        locked._history_date = at
        locked._change_reason = action.value
        locked.save(update_fields=list(changes))
    for name in ("status", "opens_at", "closes_at"):
        setattr(speakers_list, name, getattr(locked, name))
    return speakers_list


def _check_closing(locked: SpeakersList, closes_at, at: datetime.datetime) -> None:
    if closes_at is None:
        return
    if closes_at <= at:
        raise InvalidClosingTime(
            _("Choose a closing time in the future; to close the list now, close it.")
        )
    if locked.opens_at is not None and closes_at <= locked.opens_at:
        raise InvalidClosingTime(
            _("The list must close after it opens, on %(when)s.")
            % {"when": _when(locked, locked.opens_at)}
        )


@shown_on_its_process
def speakers_list_open(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> SpeakersList:
    """Open ``speakers_list`` now, before its opening time: its opening time becomes ``at``.

    Writes the list and its history row ("open", by ``actor``). Raises PermissionDenied unless
    ``actor`` is the Secretariat; TransitionNotAllowed unless the list is not open yet (a
    closed list is reopened, a suspended one resumed).
    """
    at = at or timezone.now()
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.OPEN,
        at=at,
        status=SpeakersListStatus.OPEN,
        opens_at=at,
    )


@shown_on_its_process
def speakers_list_close(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> SpeakersList:
    """Close ``speakers_list`` now: from ``at`` only the Secretariat inscribes and withdraws.

    Its closing time becomes ``at``. Writes the list and its history row ("close", by
    ``actor``). Raises PermissionDenied unless ``actor`` is the Secretariat;
    TransitionNotAllowed unless the list is open or suspended.
    """
    at = at or timezone.now()
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.CLOSE,
        at=at,
        status=SpeakersListStatus.CLOSED,
        closes_at=at,
    )


@shown_on_its_process
def speakers_list_reopen(
    *,
    actor,
    speakers_list: SpeakersList,
    closes_at: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> SpeakersList:
    """Reopen a closed ``speakers_list`` (closed by the Secretariat or at its closing time)
    until ``closes_at``, or until it is closed again if None.

    Writes the list and its history row ("reopen", by ``actor``). Raises PermissionDenied
    unless ``actor`` is the Secretariat; TransitionNotAllowed unless the list is closed;
    InvalidClosingTime for a closing time not after ``at``.
    """
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.REOPEN,
        at=at or timezone.now(),
        check_closing=True,
        status=SpeakersListStatus.OPEN,
        closes_at=closes_at,
    )


@shown_on_its_process
def speakers_list_suspend(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> SpeakersList:
    """Suspend an open ``speakers_list``: delegates may not inscribe or withdraw until it is
    resumed; its times stay.

    Writes the list and its history row ("suspend", by ``actor``). Raises PermissionDenied
    unless ``actor`` is the Secretariat; TransitionNotAllowed unless the list is open.
    """
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.SUSPEND,
        at=at or timezone.now(),
        status=SpeakersListStatus.SUSPENDED,
    )


@shown_on_its_process
def speakers_list_resume(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> SpeakersList:
    """Resume a suspended ``speakers_list``: open again, unless its closing time has passed
    meanwhile (then it is closed, and may be reopened).

    Writes the list and its history row ("resume", by ``actor``). Raises PermissionDenied
    unless ``actor`` is the Secretariat; TransitionNotAllowed unless the list is suspended.
    """
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.RESUME,
        at=at or timezone.now(),
        status=SpeakersListStatus.OPEN,
    )


@shown_on_its_process
def speakers_list_set_closing(
    *,
    actor,
    speakers_list: SpeakersList,
    closes_at: datetime.datetime | None,
    at: datetime.datetime | None = None,
) -> SpeakersList:
    """Set the time ``speakers_list`` closes on its own to ``closes_at`` (None: it stays open
    until the Secretariat closes it).

    Writes the list and its history row ("set_closing", by ``actor``). Raises PermissionDenied
    unless ``actor`` is the Secretariat; TransitionNotAllowed for a closed list (reopen it);
    InvalidClosingTime for a time not after ``at`` or not after the opening time.
    """
    return _transition(
        actor=actor,
        speakers_list=speakers_list,
        action=SpeakersListAction.SET_CLOSING,
        at=at or timezone.now(),
        check_closing=True,
        closes_at=closes_at,
    )


@shown_on_its_process
def inscription_speaker_link(*, actor, inscription: Inscription, person: Person) -> Inscription:
    """Link ``inscription``'s speaker, inscribed by name (or not named yet), to the registry's
    ``person``.

    The name typed in is cleared (its history keeps it); the post stays, the level and place
    too (move the speaker if the person's level calls for it). Writes one history row by
    ``actor``. Raises PermissionDenied unless ``actor`` is the Secretariat; AlreadyLinked if
    the speaker is a registry person already.
    """
    _require_manage_speakers(actor)
    with transaction.atomic():
        current = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if current.speaker_id is not None:
            raise AlreadyLinked(
                _("The speaker is already in the registry: %(person)s.")
                % {"person": current.speaker}
            )
        current.speaker = person
        current.speaker_name = ""
        current._history_user = actor
        current.save(update_fields=["speaker", "speaker_name"])
    inscription.speaker, inscription.speaker_name = person, ""
    return inscription
