"""A delegation's ranked round-table preferences: what the allocation reads."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.choices import MeetingKind
from consultations.models import Delegation, Meeting, Process, SeatPreference
from consultations.selectors.seats import preferences_deadline
from consultations.services.seats.errors import SeatPreferenceError
from registry.choices import StakeholderKind


@transaction.atomic
def seat_preferences_set(
    *, actor, delegation: Delegation, meetings: list[Meeting]
) -> list[SeatPreference]:
    """Replace ``delegation``'s ranked round-table preferences (list order = rank, 1 first).

    Deletes its previous preferences and creates the new ones, in one transaction. Raises
    PermissionDenied unless ``actor`` may act for the delegation, SeatPreferenceError when the
    process's deadline for preferences has passed and ``actor`` is not the Secretariat
    (``consultations.manage_seats``), when a meeting is not a round table of the delegation's
    process, appears twice, when there are more choices than round tables, or when the
    delegation is not a Member State's.
    """
    if not actor.has_perm("consultations.act_for", delegation):
        raise PermissionDenied
    # The process row under lock: a deadline the Secretariat is setting applies, not the one
    # read before it (seat_preferences_deadline_set locks the same row).
    process = Process.objects.select_for_update().get(pk=delegation.process_id)
    deadline = preferences_deadline(process=process)
    if deadline and deadline.passed and not actor.has_perm("consultations.manage_seats"):
        raise SeatPreferenceError(
            [
                _(
                    "The deadline for round-table choices was %(when)s: only the Secretariat "
                    "changes them now."
                )
                % {"when": deadline.label}
            ]
        )
    errors: list[str] = []
    if delegation.stakeholder.kind != StakeholderKind.MEMBER_STATE:
        errors.append(_("Only Member States take seats at round tables."))
    round_table_ids = set(
        Meeting.objects.filter(
            process_id=delegation.process_id, kind=MeetingKind.ROUND_TABLE
        ).values_list("pk", flat=True)
    )
    for meeting in meetings:
        if meeting.pk not in round_table_ids:
            errors.append(
                _("%(meeting)s is not a round table of this process.") % {"meeting": meeting}
            )
    seen: set[int] = set()
    for meeting in meetings:
        if meeting.pk in seen:
            errors.append(_("%(meeting)s is chosen more than once.") % {"meeting": meeting})
        seen.add(meeting.pk)
    if len(meetings) > len(round_table_ids):
        errors.append(
            ngettext(
                "At most %(n)d choice: the process has %(n)d round table.",
                "At most %(n)d choices: the process has %(n)d round tables.",
                len(round_table_ids),
            )
            % {"n": len(round_table_ids)}
        )
    if errors:
        raise SeatPreferenceError(errors)
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    for old in SeatPreference.objects.filter(delegation=delegation):
        old._history_user = actor
        old.delete()
    created = []
    for rank, meeting in enumerate(meetings, start=1):
        preference = SeatPreference(delegation=delegation, meeting=meeting, rank=rank)
        preference._history_user = actor
        preference.save()
        created.append(preference)
    return created


@transaction.atomic
def seat_preferences_deadline_set(
    *, actor, process: Process, deadline: datetime.datetime | None
) -> Process:
    """Set (or, with None, clear) the deadline of ``process`` for round-table preferences.

    Saves ``Process.seat_preferences_deadline`` with its history row (by ``actor``). Raises
    PermissionDenied unless ``actor`` has ``consultations.manage_seats``.
    """
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied
    process = Process.objects.select_for_update().get(pk=process.pk)
    process.seat_preferences_deadline = deadline
    process._history_user = actor
    process.save(update_fields=["seat_preferences_deadline"])
    return process
