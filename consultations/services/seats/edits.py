"""The Secretariat's hand edits after the allocation: move, add, remove and swap seats, each
checked against the rules (:func:`~consultations.services.seats.rules.seat_edit_check`), and
the co-chairs of a round table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.choices import ChairRole, MeetingKind, SeatSource
from consultations.models import Delegation, Meeting, MeetingChair, Process, Seat, SeatPreference
from consultations.services.seats.errors import CoChairError, SeatRuleError
from consultations.services.seats.rules import seat_edit_check
from registry.choices import StakeholderKind
from registry.models import Person, Stakeholder


def _process_seats(process: Process) -> list[Seat]:
    """The draft seats of ``process``: hand edits change the draft, never the published copy."""
    return list(
        Seat.objects.draft().filter(meeting__process=process, meeting__kind=MeetingKind.ROUND_TABLE)
    )


def _require_draft(*seats: Seat) -> None:
    if any(seat.is_published for seat in seats):
        raise SeatRuleError(
            [_("A published seat changes only when the draft is published: edit the draft.")]
        )


def _rank_of(delegation_id: int, meeting_id: int) -> int | None:
    return (
        SeatPreference.objects.filter(delegation_id=delegation_id, meeting_id=meeting_id)
        .values_list("rank", flat=True)
        .first()
    )


def _lock(process: Process) -> None:
    """Serialize seat edits of one process (a no-op where the database has no row locks)."""
    Process.objects.select_for_update().filter(pk=process.pk).first()


def _require_manage_seats(actor) -> None:
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied


def _round_table_of(process: Process, meeting: Meeting) -> None:
    if meeting.kind != MeetingKind.ROUND_TABLE or meeting.process_id != process.pk:
        raise SeatRuleError(
            [_("%(meeting)s is not a round table of this process.") % {"meeting": meeting}]
        )


def _save_hand(seat: Seat, *, actor, reason: str = "") -> None:
    seat.source = SeatSource.HAND
    seat.assigned_by = actor
    seat.choice = _rank_of(seat.delegation_id, seat.meeting_id)
    seat._history_user = actor
    if reason:
        seat._change_reason = reason[:100]
    seat.save()


@transaction.atomic
def seat_move(*, actor, seat: Seat, meeting: Meeting, reason: str = "") -> Seat:
    """Move the draft ``seat`` to the round table ``meeting``; it becomes a seat edited by hand.

    Saves the seat (source "hand", ``assigned_by`` = ``actor``, choice = the rank of the new
    table in the delegation's preferences); ``reason`` goes into the seat's history. Raises
    PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError when
    the move would break a rule (nothing is changed), the seat is already at that table or is
    a published one.
    """
    _require_manage_seats(actor)
    _require_draft(seat)
    process = seat.meeting.process
    _lock(process)
    _round_table_of(process, meeting)
    if meeting.pk == seat.meeting_id:
        raise SeatRuleError(
            [_("%(state)s is already at %(table)s.") % _names(seat.delegation, meeting)]
        )
    before = _process_seats(process)
    after = [
        Seat(pk=s.pk, delegation_id=s.delegation_id, meeting_id=meeting.pk)
        if s.pk == seat.pk
        else s
        for s in before
    ]
    seat_edit_check(process=process, before=before, after=after)
    seat.meeting = meeting
    _save_hand(seat, actor=actor, reason=reason)
    return seat


@transaction.atomic
def seat_add(*, actor, delegation: Delegation, meeting: Meeting) -> Seat:
    """Give ``delegation`` a draft seat at the round table ``meeting`` (source "hand").

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seat would break a rule (nothing is changed).
    """
    _require_manage_seats(actor)
    process = meeting.process
    _lock(process)
    _round_table_of(process, meeting)
    before = _process_seats(process)
    seat = Seat(delegation=delegation, meeting=meeting)
    seat_edit_check(process=process, before=before, after=[*before, seat])
    _save_hand(seat, actor=actor)
    return seat


@transaction.atomic
def seat_remove(*, actor, seat: Seat) -> None:
    """Delete the draft ``seat``. Raises PermissionDenied unless ``actor`` has
    ``consultations.manage_seats``; SeatRuleError when that would break a rule (the regional
    balance of what remains, a co-chair's seat) or the seat is a published one; nothing is
    changed then."""
    _require_manage_seats(actor)
    _require_draft(seat)
    process = seat.meeting.process
    _lock(process)
    before = _process_seats(process)
    seat_edit_check(process=process, before=before, after=[s for s in before if s.pk != seat.pk])
    seat._history_user = actor
    seat.delete()


@transaction.atomic
def seats_swap(*, actor, seat_a: Seat, seat_b: Seat) -> tuple[Seat, Seat]:
    """Exchange the round tables of two seats of one process; both become seats edited by hand.

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seats are at the same table, in different processes, published, or when the swap
    would break a rule (nothing is changed).
    """
    _require_manage_seats(actor)
    _require_draft(seat_a, seat_b)
    process = seat_a.meeting.process
    _lock(process)
    if seat_b.meeting.process_id != process.pk:
        raise SeatRuleError([_("These two seats are in different processes.")])
    if seat_a.meeting_id == seat_b.meeting_id:
        raise SeatRuleError([_("These two seats are at the same round table.")])
    before = _process_seats(process)
    swapped = {seat_a.pk: seat_b.meeting_id, seat_b.pk: seat_a.meeting_id}
    after = [
        Seat(pk=s.pk, delegation_id=s.delegation_id, meeting_id=swapped[s.pk])
        if s.pk in swapped
        else s
        for s in before
    ]
    seat_edit_check(process=process, before=before, after=after)
    table_a, table_b = seat_a.meeting, seat_b.meeting
    seat_a.meeting, seat_b.meeting = table_b, table_a
    _save_hand(seat_a, actor=actor, reason=_("swapped"))
    _save_hand(seat_b, actor=actor, reason=_("swapped"))
    return seat_a, seat_b


def _names(delegation: Delegation, meeting: Meeting) -> dict[str, str]:
    return {"state": delegation.stakeholder.name, "table": meeting.title}


# --- Co-chairs ----------------------------------------------------------------------------------
@transaction.atomic
def round_table_co_chairs_set(
    *, actor, meeting: Meeting, chairs: list[tuple[Person | None, Stakeholder]]
) -> list[MeetingChair]:
    """Replace the co-chairs of the round table ``meeting`` with ``chairs`` (person or None,
    Member State), in that order.

    Deletes the meeting's co-chair rows and creates the new ones. Raises PermissionDenied
    unless ``actor`` has ``consultations.manage_seats``; CoChairError unless the meeting is a
    round table and there are exactly ``co_chairs_per_round_table`` co-chairs, each for a
    Member State, all from different regional groups, and, once the draft has seats, each
    holding a seat at this round table (before the first allocation, the allocation seats
    the co-chairs first).
    """
    _require_manage_seats(actor)
    process = meeting.process
    errors: list[str] = []
    if meeting.kind != MeetingKind.ROUND_TABLE:
        errors.append(_("%(meeting)s is not a round table.") % {"meeting": meeting})
    wanted = process.co_chairs_per_round_table
    if len(chairs) != wanted:
        errors.append(
            ngettext(
                "A round table has %(n)d co-chair, not %(count)d.",
                "A round table has %(n)d co-chairs, not %(count)d.",
                wanted,
            )
            % {"n": wanted, "count": len(chairs)}
        )
    groups: dict[int, str] = {}
    for _person, stakeholder in chairs:
        if stakeholder.kind != StakeholderKind.MEMBER_STATE or not stakeholder.regional_group_id:
            errors.append(
                _("%(state)s is not a Member State: co-chairs are Member States.")
                % {"state": stakeholder.name}
            )
            continue
        if stakeholder.regional_group_id in groups:
            errors.append(
                _(
                    "%(state)s and %(other)s are from the same regional group: co-chairs come "
                    "from different regional groups."
                )
                % {"state": stakeholder.name, "other": groups[stakeholder.regional_group_id]}
            )
        else:
            groups[stakeholder.regional_group_id] = stakeholder.name
    errors += _unseated(process, meeting, [stakeholder for _person, stakeholder in chairs])
    if errors:
        raise CoChairError(errors)
    for old in MeetingChair.objects.filter(meeting=meeting, role=ChairRole.CO_CHAIR):
        old._history_user = actor
        old.delete()
    created = []
    for order, (person, stakeholder) in enumerate(chairs, start=1):
        chair = MeetingChair(
            meeting=meeting,
            role=ChairRole.CO_CHAIR,
            person=person,
            stakeholder=stakeholder,
            order=order,
        )
        chair._history_user = actor
        chair.save()
        created.append(chair)
    return created


def _unseated(process: Process, meeting: Meeting, stakeholders: list[Stakeholder]) -> list[str]:
    """Why each of ``stakeholders`` may not co-chair ``meeting`` for want of a seat there: none
    before the process has draft seats (the allocation will seat the co-chairs first)."""
    drafts = Seat.objects.draft().filter(
        meeting__process=process, meeting__kind=MeetingKind.ROUND_TABLE
    )
    if not drafts.exists():
        return []
    seated = set(
        drafts.filter(meeting=meeting).values_list("delegation__stakeholder_id", flat=True)
    )
    return [
        _(
            "%(state)s holds no seat at %(table)s: seat it there first, since a co-chair holds "
            "a seat at the round table it co-chairs."
        )
        % {"state": stakeholder.name, "table": meeting.title}
        for stakeholder in stakeholders
        if stakeholder.pk not in seated
    ]
