"""Writes of speakers lists: inscriptions, withdrawals, moves, the record of who spoke.

Places on a list are 1..n without gaps among the inscriptions that hold one (inscribed or
spoke); a withdrawn inscription keeps its row with no place. Every service that changes places
locks the SpeakersList row first, so that two delegates inscribing at the same moment queue
instead of both taking the same place.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.choices import InscriptionStatus, LevelRequestStatus, SpeakersListState
from consultations.models import Delegation, Inscription, InscriptionMove, SpeakersList
from consultations.permissions import acts_for_at
from consultations.selectors.speakers import delegation_post
from consultations.services.history import history_snapshot
from consultations.services.speakers_scopes import shown_on_its_process
from registry.choices import ProtocolRank, StakeholderKind
from registry.models import Appointment, Person, Stakeholder

# Places a renumbering passes through: far above any real list, so that no intermediate place
# clashes with a settled one under the unique (speakers_list, position) constraint.
PLACE_OFFSET = 1_000_000
# Up to this many distinct shifts, places are set by one UPDATE per shift (see _place).
MAX_SHIFT_UPDATES = 4

OBSERVER_KINDS = frozenset({StakeholderKind.OBSERVER_STATE, StakeholderKind.REGIONAL_ORG})


class SpeakersError(Exception):
    """A change to a speakers list that the rules do not allow; the message says why."""


class SpeakersListClosed(SpeakersError):
    pass


class SpeakersListNotOpen(SpeakersError):
    pass


class SpeakersListSuspended(SpeakersError):
    pass


class AlreadyInscribed(SpeakersError):
    pass


class NotOnList(SpeakersError):
    pass


class InvalidPlace(SpeakersError):
    pass


class ReasonRequired(SpeakersError):
    pass


class AlreadySpoke(SpeakersError):
    pass


class NotSpoken(SpeakersError):
    pass


class InvalidLevel(SpeakersError):
    pass


class InvalidDuration(SpeakersError):
    pass


class NoLevelRequest(SpeakersError):
    pass


class InvalidSpeaker(SpeakersError):
    pass


# --- the protocol order -----------------------------------------------------------------------
def _kind_group(kind: str) -> int:
    """0: Member States; 1: observer States and the European Union; 2: everybody else."""
    if kind == StakeholderKind.MEMBER_STATE:
        return 0
    if kind in OBSERVER_KINDS:
        return 1
    return 2


def speaking_order_key(inscription_or_values: Inscription | Mapping) -> tuple:
    """The customary protocol key of an inscription: lower keys speak earlier.

    Member States first, by level of representation, then by time of inscription; then
    observer States and regional organizations (the European Union) by time of inscription;
    then UN system entities, intergovernmental organizations and other bodies by time of
    inscription. The row id breaks ties; an inscription not yet saved (or a mapping without
    ``pk``) comes after saved ones inscribed at the same instant.

    Takes an Inscription (its stakeholder should be loaded) or a mapping with ``kind``,
    ``level``, ``inscribed_at`` and optionally ``pk``.
    """
    if isinstance(inscription_or_values, Inscription):
        kind = inscription_or_values.stakeholder.kind
        level = inscription_or_values.level
        inscribed_at = inscription_or_values.inscribed_at
        pk = inscription_or_values.pk
    else:
        kind = inscription_or_values["kind"]
        level = inscription_or_values["level"]
        inscribed_at = inscription_or_values["inscribed_at"]
        pk = inscription_or_values.get("pk")
    group = _kind_group(kind)
    return (group, int(level) if group == 0 else 0, inscribed_at, math.inf if pk is None else pk)


# --- helpers ----------------------------------------------------------------------------------
def _may_manage_speakers(actor) -> bool:
    return actor.has_perm("consultations.manage_speakers")


def _require_manage_speakers(actor) -> None:
    if not _may_manage_speakers(actor):
        raise PermissionDenied(_("Only the Secretariat manages speakers lists."))


def speakers_list_check_open(*, speakers_list: SpeakersList, at: datetime.datetime) -> None:
    """Raise unless delegates may inscribe or withdraw on ``speakers_list`` at ``at``.

    Changes nothing. Raises SpeakersListNotOpen before the opening time, SpeakersListSuspended
    while the Secretariat has suspended it, SpeakersListClosed once closed; the messages give
    the time in the venue's time zone.
    """
    state = speakers_list.state_at(at)
    if state == SpeakersListState.OPEN:
        return
    if state == SpeakersListState.NOT_OPEN_YET:
        raise SpeakersListNotOpen(
            _(
                "The speakers list is not open yet: it opens on %(when)s. "
                "Until then only the Secretariat can inscribe speakers."
            )
            % {"when": _when(speakers_list, speakers_list.opens_at)}
        )
    if state == SpeakersListState.SUSPENDED:
        raise SpeakersListSuspended(
            _(
                "The speakers list is suspended. Until the Secretariat resumes it, "
                "please contact the Secretariat to be inscribed or withdrawn."
            )
        )
    raise SpeakersListClosed(
        _(
            "The speakers list closed on %(when)s. "
            "Please contact the Secretariat to be inscribed or withdrawn."
        )
        % {"when": _when(speakers_list, speakers_list.closes_at)}
    )


def _when(speakers_list: SpeakersList, moment: datetime.datetime) -> str:
    """A moment in the venue's time zone, e.g. "14 September 2006 at 18:00 (EDT)"."""
    local = moment.astimezone(speakers_list.meeting.venue.tzinfo)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": date_format(local, "j F Y"),
        "time": date_format(local, "H:i"),
        "zone": local.tzname(),
    }


def _lock(speakers_list: SpeakersList) -> SpeakersList:
    """Lock the list's row for the rest of the transaction and return it, fresh."""
    return (
        SpeakersList.objects.select_for_update(of=("self",))
        .select_related("meeting__venue", "meeting__process")
        .get(pk=speakers_list.pk)
    )


def _on_list(speakers_list: SpeakersList) -> list[Inscription]:
    """The inscriptions holding a place, in the current order."""
    return list(
        Inscription.objects.filter(
            speakers_list=speakers_list, status__in=InscriptionStatus.on_list()
        )
        .select_related("stakeholder")
        .order_by("position")
    )


def _place(changes: list[tuple[Inscription, int]], *, actor) -> None:
    """Give each (row, place) its new place, and each row a history record, in a few
    statements whatever their number.

    The rows first go up out of the way (place + PLACE_OFFSET), then each takes its final place:
    neither step meets a settled place, so the unique (speakers_list, position) constraint,
    checked row by row, holds on SQLite and PostgreSQL alike. Most changes shift a run of places
    by one (a move, a withdrawal, room made for a new speaker): the rows that shift by the same
    amount take their place in one UPDATE each; any other reordering is one bulk update.
    """
    if not changes:
        return
    shifts: dict[int, list[int]] = defaultdict(list)
    for row, place in changes:
        shifts[place - row.position].append(row.pk)
    Inscription.objects.filter(pk__in=[row.pk for row, _place in changes]).update(
        position=F("position") + PLACE_OFFSET
    )
    for row, place in changes:
        row.position = place
    rows = [row for row, _place in changes]
    if len(shifts) <= MAX_SHIFT_UPDATES:
        for shift, pks in shifts.items():
            Inscription.objects.filter(pk__in=pks).update(
                position=F("position") - PLACE_OFFSET + shift
            )
    else:
        Inscription.objects.bulk_update(rows, ["position"])
    history_snapshot(Inscription, [row.pk for row in rows], user=actor)


def _renumber(rows: list[Inscription], *, actor) -> list[tuple[Inscription, int, int]]:
    """Give ``rows`` the places 1..n in their list order; return (row, from, to) of the moves."""
    changed = [
        (row, row.position, place)
        for place, row in enumerate(rows, start=1)
        if row.position != place
    ]
    _place([(row, new) for row, _old, new in changed], actor=actor)
    return changed


def _make_room(rows: list[Inscription], *, at_index: int, actor) -> None:
    """Move ``rows[at_index:]`` down one place, freeing place ``at_index + 1``."""
    _place(
        [(row, place) for place, row in enumerate(rows[at_index:], start=at_index + 2)],
        actor=actor,
    )


def _first_free_index(rows: list[Inscription]) -> int:
    """Index after the last speaker who has spoken: nobody is placed before the record."""
    index = 0
    for i, row in enumerate(rows):
        if row.status == InscriptionStatus.SPOKE:
            index = i + 1
    return index


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Say why: a reason is required for every move."))
    return reason


def registered_level(*, meeting, stakeholder: Stakeholder, speaker: Person | None) -> int:
    """The level the registry supports for ``speaker`` speaking for ``stakeholder`` at
    ``meeting``: the speaker's highest-ranking post for the stakeholder on the meeting's date,
    else the level of the stakeholder's delegation to the meeting's process, else "other head
    of delegation". Changes nothing."""
    if speaker is not None:
        rank = (
            Appointment.objects.held(
                person=speaker, stakeholder=stakeholder, date=meeting.local_start.date()
            )
            .values_list("rank", flat=True)
            .first()
        )
        if rank is not None:
            return rank
    return (
        Delegation.objects.filter(process_id=meeting.process_id, stakeholder=stakeholder)
        .values_list("level", flat=True)
        .first()
    ) or ProtocolRank.HEAD_OF_DELEGATION


def _level_fields(*, actor, registered: int, requested: int | None, at) -> dict:
    """The level fields of a new inscription. A lower number is a higher level.

    The registered level, or a lower one as asked (a delegation may send a junior speaker); a
    higher one asked by a delegate waits, as a pending request, for the Secretariat; asked by
    the Secretariat it is confirmed at once, in its name."""
    if requested is None or requested >= registered:
        return {"level": registered if requested is None else requested}
    if not _may_manage_speakers(actor):
        return {
            "level": registered,
            "requested_level": requested,
            "level_request_status": LevelRequestStatus.PENDING,
        }
    return {
        "level": requested,
        "requested_level": requested,
        "level_request_status": LevelRequestStatus.CONFIRMED,
        "level_decided_by": actor,
        "level_decided_at": at,
    }


def _protocol_index(rows: list[Inscription], key: tuple) -> int:
    """Where an inscription with protocol ``key`` goes among ``rows`` (the current order): before
    the first one whose key is greater, never before a speaker who has spoken."""
    for i in range(_first_free_index(rows), len(rows)):
        if speaking_order_key(rows[i]) > key:
            return i
    return len(rows)


# --- services ---------------------------------------------------------------------------------
@shown_on_its_process
def inscription_create(
    *,
    actor,
    speakers_list: SpeakersList,
    stakeholder: Stakeholder,
    speaker: Person | None = None,
    speaker_name: str = "",
    speaker_post: str = "",
    level: int | None = None,
    at: datetime.datetime | None = None,
) -> Inscription:
    """Inscribe ``stakeholder`` on ``speakers_list`` at its place in the protocol order.

    The new inscription goes before the first one, in the current order, whose protocol key is
    greater (so earlier moves by the Secretariat stay), and never before a speaker who has
    already spoken; the places after it move down by one. The list orders by the registered
    level (see registered_level) or a lower ``level`` if asked; a higher ``level`` asked by a
    delegate is a pending request the Secretariat confirms or refuses (inscription_level_confirm,
    inscription_level_refuse), one asked by the Secretariat is confirmed at once.
    ``speaker_post`` defaults to the speaker's post for the stakeholder on the meeting's date,
    else the post in the delegation. A delegate names as ``speaker`` only the head or a member
    of the stakeholder's delegation to the process, or types ``speaker_name`` for a person the
    registry does not hold yet (the Secretariat links it later: inscription_speaker_link).

    Raises PermissionDenied unless ``actor`` acts for ``stakeholder`` at the list's process
    (a delegate: where it has a delegation); SpeakersListNotOpen /
    SpeakersListSuspended / SpeakersListClosed when a delegate inscribes while the list is not
    open (the Secretariat may inscribe at any time); AlreadyInscribed if the stakeholder holds
    a place; InvalidLevel for a level that is not a protocol rank; InvalidSpeaker for both a
    speaker and a name, or a delegate's speaker from outside the delegation.
    """
    at = at or timezone.now()
    if not acts_for_at(actor, stakeholder, speakers_list.meeting.process):
        raise PermissionDenied(_("You do not act for %(name)s.") % {"name": stakeholder})
    if level is not None and level not in ProtocolRank.values:
        raise InvalidLevel(_("%(level)s is not a level of representation.") % {"level": level})
    speaker_name = (speaker_name or "").strip()
    if speaker is not None and speaker_name:
        raise InvalidSpeaker(_("Name the speaker from the registry or by name, not both."))

    with transaction.atomic():
        locked = _lock(speakers_list)
        if not _may_manage_speakers(actor):
            speakers_list_check_open(speakers_list=locked, at=at)
        rows = _on_list(locked)
        if any(row.stakeholder_id == stakeholder.pk for row in rows):
            raise AlreadyInscribed(
                _("%(name)s is already on this speakers list.") % {"name": stakeholder}
            )
        meeting = locked.meeting
        post_in_delegation = None
        if speaker is not None:
            post_in_delegation = delegation_post(
                process=meeting.process_id, stakeholder=stakeholder, person=speaker
            )
            if post_in_delegation is None and not _may_manage_speakers(actor):
                raise InvalidSpeaker(
                    _("%(person)s is not on the delegation of %(stakeholder)s.")
                    % {"person": speaker, "stakeholder": stakeholder}
                )
        levels = _level_fields(
            actor=actor,
            registered=registered_level(meeting=meeting, stakeholder=stakeholder, speaker=speaker),
            requested=level,
            at=at,
        )
        if speaker is not None and not speaker_post:
            speaker_post = (
                Appointment.objects.held(
                    person=speaker, stakeholder=stakeholder, date=meeting.local_start.date()
                )
                .values_list("post", flat=True)
                .first()
            ) or (post_in_delegation or "")

        index = _protocol_index(
            rows,
            speaking_order_key(
                {"kind": stakeholder.kind, "level": levels["level"], "inscribed_at": at}
            ),
        )
        _make_room(rows, at_index=index, actor=actor)
        try:
            with transaction.atomic():
                inscription = Inscription.objects.create(
                    speakers_list=locked,
                    stakeholder=stakeholder,
                    speaker=speaker,
                    speaker_name=speaker_name,
                    speaker_post=speaker_post,
                    **levels,
                    status=InscriptionStatus.INSCRIBED,
                    position=index + 1,
                    inscribed_at=at,
                    inscribed_by=actor,
                )
        except IntegrityError:
            # Only the one-place-per-stakeholder rule can fail here: places are under the lock.
            raise AlreadyInscribed(
                _("%(name)s is already on this speakers list.") % {"name": stakeholder}
            ) from None
    return inscription


@shown_on_its_process
def inscription_withdraw(*, actor, inscription: Inscription, at: datetime.datetime | None = None):
    """Withdraw ``inscription``: it keeps its row, gives up its place, the others close the gap.

    Raises PermissionDenied unless ``actor`` acts for the inscription's stakeholder;
    SpeakersListClosed / SpeakersListNotOpen for a delegate outside the opening hours (the
    Secretariat may withdraw at any time); NotOnList if already withdrawn; AlreadySpoke if the
    speaker has spoken (undo that record first).
    """
    at = at or timezone.now()
    if not actor.has_perm("consultations.act_for", inscription):
        raise PermissionDenied(
            _("You do not act for %(name)s.") % {"name": inscription.stakeholder}
        )
    with transaction.atomic():
        locked = _lock(inscription.speakers_list)
        if not _may_manage_speakers(actor):
            speakers_list_check_open(speakers_list=locked, at=at)
        rows = _on_list(locked)
        current = next((row for row in rows if row.pk == inscription.pk), None)
        if current is None:
            raise NotOnList(_("This inscription has already been withdrawn."))
        if current.status == InscriptionStatus.SPOKE:
            raise AlreadySpoke(
                _("%(name)s has already spoken: undo that record before withdrawing.")
                % {"name": current.stakeholder}
            )
        current.status = InscriptionStatus.WITHDRAWN
        current.position = None
        current.save(update_fields=["status", "position"])
        _renumber([row for row in rows if row.pk != current.pk], actor=actor)
    inscription.status = current.status
    inscription.position = None
    return inscription


@shown_on_its_process
def inscription_move(
    *, actor, inscription: Inscription, to_position: int, reason: str
) -> InscriptionMove:
    """Move ``inscription`` to place ``to_position``; the places in between shift by one.

    Records an InscriptionMove (from, to, reason, moved_by) in the same transaction.
    Raises PermissionDenied unless ``actor`` is the Secretariat; ReasonRequired for a blank
    reason; NotOnList for a withdrawn inscription; InvalidPlace for a place outside 1..n or the
    place it already holds.
    """
    _require_manage_speakers(actor)
    reason = _check_reason(reason)
    with transaction.atomic():
        locked = _lock(inscription.speakers_list)
        rows = _on_list(locked)
        current = next((row for row in rows if row.pk == inscription.pk), None)
        if current is None:
            raise NotOnList(_("A withdrawn inscription has no place to move from."))
        if not 1 <= to_position <= len(rows):
            raise InvalidPlace(
                _("Choose a place from 1 to %(n)s.") % {"n": len(rows)},
            )
        from_position = current.position
        if to_position == from_position:
            raise InvalidPlace(
                _("%(name)s is already in place %(place)s.")
                % {"name": current.stakeholder, "place": to_position}
            )
        rows.remove(current)
        rows.insert(to_position - 1, current)
        _renumber(rows, actor=actor)
        move = InscriptionMove.objects.create(
            inscription=current,
            from_position=from_position,
            to_position=to_position,
            reason=reason,
            moved_by=actor,
        )
    inscription.position = to_position
    return move


@shown_on_its_process
def inscription_mark_spoke(
    *, actor, inscription: Inscription, spoke_at: datetime.datetime, seconds: int
) -> Inscription:
    """Record that ``inscription``'s speaker took the floor at ``spoke_at`` for ``seconds``.

    Marking again corrects the record. Raises PermissionDenied unless ``actor`` is the
    Secretariat; NotOnList for a withdrawn inscription; InvalidDuration for a negative duration.
    """
    _require_manage_speakers(actor)
    if seconds is None or seconds < 0:
        raise InvalidDuration(_("A speaking time cannot be negative."))
    with transaction.atomic():
        current = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if current.status == InscriptionStatus.WITHDRAWN:
            raise NotOnList(_("A withdrawn speaker cannot be recorded as having spoken."))
        current.status = InscriptionStatus.SPOKE
        current.spoke_at = spoke_at
        current.spoke_seconds = seconds
        current.save(update_fields=["status", "spoke_at", "spoke_seconds"])
    inscription.status, inscription.spoke_at, inscription.spoke_seconds = (
        current.status,
        spoke_at,
        seconds,
    )
    return inscription


@shown_on_its_process
def inscription_unmark_spoke(*, actor, inscription: Inscription) -> Inscription:
    """Undo the record that ``inscription``'s speaker spoke: back to inscribed, same place.

    Raises PermissionDenied unless ``actor`` is the Secretariat; NotSpoken if no record exists.
    """
    _require_manage_speakers(actor)
    with transaction.atomic():
        current = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if current.status != InscriptionStatus.SPOKE:
            raise NotSpoken(_("There is no record that this speaker spoke."))
        current.status = InscriptionStatus.INSCRIBED
        current.spoke_at = None
        current.spoke_seconds = None
        current.save(update_fields=["status", "spoke_at", "spoke_seconds"])
    inscription.status, inscription.spoke_at, inscription.spoke_seconds = (
        current.status,
        None,
        None,
    )
    return inscription


@shown_on_its_process
def speakers_list_reorder_by_protocol(
    *, actor, speakers_list: SpeakersList, reason: str
) -> list[InscriptionMove]:
    """Put ``speakers_list`` back in the customary protocol order, undoing every hand move.

    The speakers who have already spoken stay first, in their current order; the others follow
    by protocol key. Each inscription whose place changes gets an InscriptionMove with
    ``reason``. Raises PermissionDenied unless ``actor`` is the Secretariat; ReasonRequired for
    a blank reason.
    """
    _require_manage_speakers(actor)
    reason = _check_reason(reason)
    with transaction.atomic():
        locked = _lock(speakers_list)
        rows = _on_list(locked)
        spoken = [row for row in rows if row.status == InscriptionStatus.SPOKE]
        waiting = sorted(
            (row for row in rows if row.status != InscriptionStatus.SPOKE), key=speaking_order_key
        )
        changed = _renumber(spoken + waiting, actor=actor)
        moves = InscriptionMove.objects.bulk_create(
            InscriptionMove(
                inscription=row,
                from_position=old,
                to_position=new,
                reason=reason,
                moved_by=actor,
            )
            for row, old, new in changed
        )
    return moves
