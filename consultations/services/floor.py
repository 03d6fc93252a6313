"""Writes of the floor: call the next speaker, the timer, skip and defer, the Chair and points of
order out of order, rights of reply, the end of the sitting.

Each service takes the acting Secretariat officer, runs in one transaction on the locked row of
the meeting's speakers list (the lock inscriptions and moves take, so that a call and an
inscription queue rather than cross) and then of its Floor, writes one FloorEvent (the floor's
log: who, what, when, the time spoken so far, the reason), moves the floor's version on, and
once the transaction commits hands the new state to the live pages (consultations/live.py).

Speaking time is measured here, between the timer's start, its pauses and its stop, from the
server's clock (``at``, now by default): nobody types it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import live
from consultations.choices import FloorAction, FloorTurnKind, FloorTurnStatus
from consultations.models import Floor, FloorEvent, FloorTurn, Inscription, SpeakersList
from consultations.selectors.floor import floor_state, turn_who
from consultations.services.speakers import (
    SpeakersError,
    _check_reason,
    _lock,
    _require_manage_speakers,
    inscription_mark_spoke,
    inscription_move,
)
from consultations.services.speakers_scopes import shown_on_its_process
from registry.models import Stakeholder


class FloorError(SpeakersError):
    """An action at the floor that its state does not allow; the message says why."""


class NobodyOnFloor(FloorError):
    pass


class NoNextSpeaker(FloorError):
    pass


class NotStarted(FloorError):
    pass


class ReplyLimitReached(FloorError):
    pass


# --- helpers ----------------------------------------------------------------------------------
def _lock_floor(speakers_list: SpeakersList) -> Floor:
    """Lock the list's row, then its floor's (made at the first action), for the transaction."""
    locked_list = _lock(speakers_list)
    Floor.objects.get_or_create(speakers_list=locked_list)
    floor = Floor.objects.select_for_update(of=("self",)).get(speakers_list=locked_list)
    floor.speakers_list = locked_list
    return floor


def _on_floor(floor: Floor) -> FloorTurn | None:
    if floor.current_id is None:
        return None
    return (
        FloorTurn.objects.select_for_update(of=("self",))
        .select_related("inscription__stakeholder", "stakeholder")
        .get(pk=floor.current_id)
    )


def _log(floor: Floor, turn: FloorTurn | None, action: str, *, actor, at, reason="") -> None:
    FloorEvent.objects.create(
        floor=floor,
        turn=turn,
        action=action,
        at=at,
        actor=actor,
        seconds=int(turn.elapsed_at(at)) if turn is not None and turn.started_at else None,
        reason=reason,
    )


def _save_floor(floor: Floor, *, current: FloorTurn | None, in_session: bool = True) -> None:
    """Set who holds the floor, move the version on, and tell the live pages after commit."""
    floor.current = current
    floor.in_session = in_session
    floor.version += 1
    floor.save(update_fields=["current", "in_session", "version"])
    speakers_list_id = floor.speakers_list_id
    transaction.on_commit(lambda: live.floor_broadcast(speakers_list_id=speakers_list_id))


def _pause(turn: FloorTurn, at: datetime.datetime) -> None:
    turn.elapsed_seconds = turn.elapsed_at(at)
    turn.running_since = None
    turn.status = FloorTurnStatus.PAUSED
    turn.save(update_fields=["elapsed_seconds", "running_since", "status"])


def _finish(turn: FloorTurn, *, actor, at: datetime.datetime) -> None:
    """End a turn that started: the time the server measured is what it spoke; a speaker of
    the list is recorded as having spoken (services/speakers.py)."""
    turn.elapsed_seconds = turn.elapsed_at(at)
    turn.running_since = None
    turn.spoken_seconds = round(turn.elapsed_seconds)
    turn.ended_at = at
    turn.status = FloorTurnStatus.DONE
    turn.save(
        update_fields=["elapsed_seconds", "running_since", "spoken_seconds", "ended_at", "status"]
    )
    if turn.kind == FloorTurnKind.SPEAKER:
        inscription_mark_spoke(
            actor=actor,
            inscription=turn.inscription,
            spoke_at=turn.started_at,
            seconds=turn.spoken_seconds,
        )


def _pass_over(floor: Floor, turn: FloorTurn, status: str, action: str, *, actor, at, reason):
    """The speaker called leaves the floor unheard (skipped or deferred), with the reason."""
    turn.status = status
    turn.reason = reason
    turn.ended_at = at
    turn.save(update_fields=["status", "reason", "ended_at"])
    _log(floor, turn, action, actor=actor, at=at, reason=reason)
    _save_floor(floor, current=None)


def _require_started(turn: FloorTurn | None) -> FloorTurn:
    if turn is None:
        raise NobodyOnFloor(_("Nobody has the floor."))
    if turn.started_at is None:
        raise NotStarted(
            _("%(who)s has been called but has not started: start the timer, or skip them.")
            % {"who": turn_who(turn)}
        )
    return turn


def _end_all(floor: Floor, current: FloorTurn | None, *, actor, at) -> None:
    """End the turn on the floor and every turn it interrupted; refuse a speaker who was
    called and has not started (skip or defer them instead)."""
    turn = current
    while turn is not None:
        _require_started(turn)
        _finish(turn, actor=actor, at=at)
        _log(floor, turn, FloorAction.STOP, actor=actor, at=at)
        turn = (
            FloorTurn.objects.select_for_update(of=("self",))
            .select_related("inscription__stakeholder", "stakeholder")
            .filter(pk=turn.interrupted_id, status__in=FloorTurnStatus.on_floor())
            .first()
            if turn.interrupted_id
            else None
        )


def _limit(speakers_list: SpeakersList) -> int:
    return speakers_list.minutes_per_speaker * 60


# --- services ---------------------------------------------------------------------------------
@shown_on_its_process
def floor_call_next(
    *,
    actor,
    speakers_list: SpeakersList,
    inscription: Inscription | None = None,
    at: datetime.datetime | None = None,
) -> FloorTurn:
    """Give the floor to the next speaker: ``inscription`` if given (a speaker called by hand,
    out of the list's order), else the first waiting on the list, else the first right of
    reply waiting. The turn on the floor, if it started, ends first (its time recorded).

    Raises PermissionDenied unless ``actor`` is the Secretariat; NotStarted if the speaker on
    the floor was called and has not started; NoNextSpeaker when nobody waits (or
    ``inscription`` is not waiting on this list).
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        _end_all(floor, _on_floor(floor), actor=actor, at=at)
        floor.current = None
        upcoming = floor_state(speakers_list=floor.speakers_list, at=at).upcoming
        if inscription is not None:
            upcoming = [
                entry
                for entry in upcoming
                if entry.inscription and entry.inscription.pk == inscription.pk
            ]
            if not upcoming and _waiting_but_skipped(floor, inscription):
                upcoming = [_Called(inscription)]
        if not upcoming:
            raise NoNextSpeaker(_("Nobody is waiting for the floor."))
        entry = upcoming[0]
        if entry.reply is not None:
            turn = FloorTurn.objects.select_for_update(of=("self",)).get(pk=entry.reply.pk)
            turn.status = FloorTurnStatus.CALLED
            turn.called_at = at
            turn.save(update_fields=["status", "called_at"])
        else:
            turn = FloorTurn.objects.create(
                floor=floor,
                kind=FloorTurnKind.SPEAKER,
                status=FloorTurnStatus.CALLED,
                inscription=entry.inscription,
                stakeholder=entry.inscription.stakeholder,
                limit_seconds=_limit(floor.speakers_list),
                created_at=at,
                called_at=at,
            )
        _log(floor, turn, FloorAction.CALL, actor=actor, at=at)
        _save_floor(floor, current=turn)
    return turn


class _Called:
    """A skipped speaker called again by hand: shaped as selectors.floor.Upcoming."""

    reply = None

    def __init__(self, inscription: Inscription):
        self.inscription = inscription


def _waiting_but_skipped(floor: Floor, inscription: Inscription) -> bool:
    current = Inscription.objects.filter(pk=inscription.pk).values_list(
        "speakers_list_id", "status"
    )
    return list(current) == [(floor.speakers_list_id, "inscribed")]


@shown_on_its_process
def floor_start(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> FloorTurn:
    """Start (or resume) the timer of the turn on the floor.

    Raises PermissionDenied unless ``actor`` is the Secretariat; NobodyOnFloor; FloorError if
    the timer already runs.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        turn = _on_floor(floor)
        if turn is None:
            raise NobodyOnFloor(_("Nobody has the floor: call the next speaker first."))
        if turn.status == FloorTurnStatus.SPEAKING:
            raise FloorError(_("The timer is already running."))
        turn.status = FloorTurnStatus.SPEAKING
        turn.running_since = at
        turn.started_at = turn.started_at or at
        turn.save(update_fields=["status", "running_since", "started_at"])
        _log(floor, turn, FloorAction.START, actor=actor, at=at)
        _save_floor(floor, current=turn)
    return turn


@shown_on_its_process
def floor_pause(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> FloorTurn:
    """Pause the timer of the turn on the floor; the time so far is kept.

    Raises PermissionDenied unless ``actor`` is the Secretariat; NobodyOnFloor; FloorError
    unless the timer runs.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        turn = _on_floor(floor)
        if turn is None:
            raise NobodyOnFloor(_("Nobody has the floor."))
        if turn.status != FloorTurnStatus.SPEAKING:
            raise FloorError(_("The timer is not running."))
        _pause(turn, at)
        _log(floor, turn, FloorAction.PAUSE, actor=actor, at=at)
        _save_floor(floor, current=turn)
    return turn


@shown_on_its_process
def floor_stop(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> FloorTurn:
    """End the turn on the floor: its speaking time, as measured, is recorded (for a speaker
    of the list, on the inscription too). After the Chair or a point of order, the speaker
    they interrupted has the floor again, timer paused.

    Raises PermissionDenied unless ``actor`` is the Secretariat; NobodyOnFloor; NotStarted for
    a speaker called who has not started (skip or defer them).
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        turn = _require_started(_on_floor(floor))
        _finish(turn, actor=actor, at=at)
        _log(floor, turn, FloorAction.STOP, actor=actor, at=at)
        resumed = (
            FloorTurn.objects.filter(
                pk=turn.interrupted_id, status__in=FloorTurnStatus.on_floor()
            ).first()
            if turn.interrupted_id
            else None
        )
        _save_floor(floor, current=resumed)
    return turn


def _called_speaker(floor: Floor) -> FloorTurn:
    turn = _on_floor(floor)
    if turn is None or turn.kind != FloorTurnKind.SPEAKER:
        raise NobodyOnFloor(_("No speaker of the list has been called."))
    if turn.started_at is not None:
        raise FloorError(
            _("%(who)s has started speaking: stop the timer instead.") % {"who": turn_who(turn)}
        )
    return turn


@shown_on_its_process
def floor_skip(
    *, actor, speakers_list: SpeakersList, reason: str, at: datetime.datetime | None = None
) -> FloorTurn:
    """Pass over the speaker called (absent from the room, say): the list goes on without
    them; the Secretariat may still call them by hand later.

    Raises PermissionDenied unless ``actor`` is the Secretariat; ReasonRequired for a blank
    reason; NobodyOnFloor unless a speaker of the list was called; FloorError if they started.
    """
    _require_manage_speakers(actor)
    reason = _check_reason(reason)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        turn = _called_speaker(floor)
        _pass_over(floor, turn, FloorTurnStatus.SKIPPED, FloorAction.SKIP, actor=actor, at=at,
                   reason=reason)  # fmt: skip
    return turn


@shown_on_its_process
def floor_defer(
    *,
    actor,
    speakers_list: SpeakersList,
    reason: str,
    places: int = 1,
    at: datetime.datetime | None = None,
) -> FloorTurn:
    """Let the speaker called speak later: they leave the floor and go ``places`` speakers
    further down the list (a recorded move, services/speakers.py's inscription_move).

    Raises PermissionDenied unless ``actor`` is the Secretariat; ReasonRequired for a blank
    reason; NobodyOnFloor unless a speaker of the list was called; FloorError if they started
    or nobody waits after them.
    """
    _require_manage_speakers(actor)
    reason = _check_reason(reason)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        turn = _called_speaker(floor)
        after = [
            entry.inscription
            for entry in floor_state(speakers_list=floor.speakers_list, at=at).upcoming
            if entry.inscription is not None
        ]
        if not after:
            raise FloorError(_("Nobody waits after %(who)s.") % {"who": turn_who(turn)})
        target = after[min(max(places, 1), len(after)) - 1].position
        inscription_move(
            actor=actor, inscription=turn.inscription, to_position=target, reason=reason
        )
        _pass_over(floor, turn, FloorTurnStatus.DEFERRED, FloorAction.DEFER, actor=actor, at=at,
                   reason=reason)  # fmt: skip
    return turn


@shown_on_its_process
def floor_out_of_order(
    *,
    actor,
    speakers_list: SpeakersList,
    kind: str,
    stakeholder: Stakeholder | None = None,
    speaker_name: str = "",
    at: datetime.datetime | None = None,
) -> FloorTurn:
    """Give the floor out of the list's order: to the Chair, or to a delegation raising a
    point of order (``kind``). The speaker on the floor is interrupted (timer paused) and has
    it again when this turn ends. The timer starts at once; there is no limit.

    Raises PermissionDenied unless ``actor`` is the Secretariat; FloorError for another kind,
    or a point of order that names no delegation.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    if kind not in FloorTurnKind.out_of_order():
        raise FloorError(_("Only the Chair or a point of order take the floor out of order."))
    if kind == FloorTurnKind.POINT_OF_ORDER and stakeholder is None:
        raise FloorError(_("Say which delegation raises the point of order."))
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        current = _on_floor(floor)
        if current is not None and current.status == FloorTurnStatus.SPEAKING:
            _pause(current, at)
        turn = FloorTurn.objects.create(
            floor=floor,
            kind=kind,
            status=FloorTurnStatus.SPEAKING,
            stakeholder=stakeholder,
            speaker_name=(speaker_name or "").strip()[:200],
            interrupted=current,
            created_at=at,
            called_at=at,
            started_at=at,
            running_since=at,
        )
        action = FloorAction.CHAIR if kind == FloorTurnKind.CHAIR else FloorAction.POINT_OF_ORDER
        _log(floor, turn, action, actor=actor, at=at)
        _save_floor(floor, current=turn)
    return turn


@shown_on_its_process
def floor_reply_add(
    *,
    actor,
    speakers_list: SpeakersList,
    stakeholder: Stakeholder,
    at: datetime.datetime | None = None,
) -> FloorTurn:
    """Add a right of reply for ``stakeholder``, taken at the end, after the list. Its limit
    is the process's: ``reply_first_minutes`` for a delegation's first reply at this meeting,
    ``reply_next_minutes`` for each further one, at most ``replies_per_delegation``.

    Raises PermissionDenied unless ``actor`` is the Secretariat; ReplyLimitReached when the
    delegation has had (or waits for) all its replies.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        process = floor.speakers_list.meeting.process
        taken = (
            FloorTurn.objects.filter(floor=floor, kind=FloorTurnKind.REPLY, stakeholder=stakeholder)
            .exclude(status=FloorTurnStatus.WITHDRAWN)
            .count()
        )
        if taken >= process.replies_per_delegation:
            raise ReplyLimitReached(
                _(
                    "%(name)s has already had its %(count)s rights of reply at this meeting, "
                    "the most the process allows."
                )
                % {"name": stakeholder, "count": process.replies_per_delegation}
            )
        number = taken + 1
        minutes = process.reply_first_minutes if number == 1 else process.reply_next_minutes
        turn = FloorTurn.objects.create(
            floor=floor,
            kind=FloorTurnKind.REPLY,
            status=FloorTurnStatus.WAITING,
            stakeholder=stakeholder,
            reply_number=number,
            limit_seconds=minutes * 60,
            created_at=at,
        )
        _log(floor, turn, FloorAction.REPLY_ADD, actor=actor, at=at)
        _save_floor(floor, current=floor.current)
    return turn


@shown_on_its_process
def floor_reply_withdraw(
    *, actor, turn: FloorTurn, at: datetime.datetime | None = None
) -> FloorTurn:
    """Withdraw a right of reply that waits: the delegation may ask for it again.

    Raises PermissionDenied unless ``actor`` is the Secretariat; FloorError unless it waits.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(turn.floor.speakers_list)
        current = FloorTurn.objects.select_for_update(of=("self",)).get(pk=turn.pk)
        if current.kind != FloorTurnKind.REPLY or current.status != FloorTurnStatus.WAITING:
            raise FloorError(_("Only a right of reply that waits can be withdrawn."))
        current.status = FloorTurnStatus.WITHDRAWN
        current.ended_at = at
        current.save(update_fields=["status", "ended_at"])
        _log(floor, current, FloorAction.REPLY_WITHDRAW, actor=actor, at=at)
        _save_floor(floor, current=floor.current)
    return current


@shown_on_its_process
def floor_close(
    *, actor, speakers_list: SpeakersList, at: datetime.datetime | None = None
) -> Floor:
    """End the sitting: the turn on the floor ends (its time recorded) and the floor is no
    longer in session (the portals stop showing it).

    Raises PermissionDenied unless ``actor`` is the Secretariat; NotStarted if a speaker was
    called and has not started (skip or defer them first).
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    with transaction.atomic():
        floor = _lock_floor(speakers_list)
        _end_all(floor, _on_floor(floor), actor=actor, at=at)
        _log(floor, None, FloorAction.CLOSE, actor=actor, at=at)
        _save_floor(floor, current=None, in_session=False)
    return floor
