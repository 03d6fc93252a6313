"""Publishing the draft seats: the public and delegate pages show only what was published."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from consultations.choices import MeetingKind
from consultations.models import Process, Seat
from consultations.services.seats.allocate import seats_delete
from consultations.services.seats.errors import SeatRuleError
from consultations.services.seats.rules import seat_rules_check


@transaction.atomic
def seats_publish(*, actor, process: Process) -> int:
    """Publish the draft seats of ``process``: the published copy becomes the draft as it is.

    Changes: deletes the published seats of ``process`` (each with its history row) and
    creates a published copy of every draft seat; the draft stays as it is, for further
    edits. Sets ``seats_published_at`` (now) and ``seats_published_by`` (``actor``) on the
    process, with its history row. One transaction; returns the number of seats published.

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the draft has no seat or breaks a rule of the process (co-chairs without their seat
    included): nothing is changed then.
    """
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied
    process = Process.objects.select_for_update().get(pk=process.pk)
    at_tables = Seat.objects.filter(meeting__process=process, meeting__kind=MeetingKind.ROUND_TABLE)
    draft = list(at_tables.draft())
    if not draft:
        raise SeatRuleError([_("There is no draft seat to publish: run the allocation first.")])
    problems = seat_rules_check(process=process, seats=draft)
    if problems:
        raise SeatRuleError(problems)
    seats_delete(list(at_tables.published()), actor=actor, reason=_("replaced on publication"))
    bulk_create_with_history(
        [
            Seat(
                meeting_id=seat.meeting_id,
                delegation_id=seat.delegation_id,
                source=seat.source,
                choice=seat.choice,
                assigned_by_id=seat.assigned_by_id,
                is_published=True,
                is_illustrative=seat.is_illustrative,
            )
            for seat in draft
        ],
        Seat,
        default_user=actor,
    )
    process.seats_published_at = timezone.now()
    process.seats_published_by = actor
    process._history_user = actor
    process.save(update_fields=["seats_published_at", "seats_published_by"])
    return len(draft)
