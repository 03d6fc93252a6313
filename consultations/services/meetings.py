"""Scheduling meetings: create and change them, and warn of clashes (never block on them).

What counts as a clash, and why it is only a warning: consultations/selectors/meetings.py.
"""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.models import Meeting, Process
from consultations.selectors.meetings import ScheduleWarning, meeting_conflicts


def _permission_check(actor) -> None:
    if not actor.has_perm("consultations.schedule_meetings"):
        raise PermissionDenied(_("Only the Secretariat schedules meetings."))


def meeting_schedule(*, actor, process: Process, **fields) -> tuple[Meeting, list[ScheduleWarning]]:
    """Create a meeting of ``process`` from model ``fields``; return it with its clashes.

    Changes: one new Meeting (and its history row, recorded as ``actor``'s), in one transaction.
    Raises PermissionDenied unless ``actor`` has ``consultations.schedule_meetings``;
    ValidationError when the meeting is invalid (nothing is saved); TypeError on an unknown field.
    """
    _permission_check(actor)
    meeting = Meeting(process=process, **fields)
    meeting._history_user = actor
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        warnings = meeting_conflicts(meeting=meeting)
    return meeting, warnings


def meeting_update(*, actor, meeting: Meeting, **fields) -> tuple[Meeting, list[ScheduleWarning]]:
    """Change model ``fields`` of ``meeting``; return it with its clashes after the change.

    Changes: the given fields of the Meeting (saved with ``update_fields``) and a history row,
    in one transaction. Raises PermissionDenied unless ``actor`` has
    ``consultations.schedule_meetings``; ValidationError when the result is invalid (the row is
    left as it was); TypeError on a name that is not a field of Meeting.
    """
    _permission_check(actor)
    update_fields = []
    for name in fields:
        try:
            field = Meeting._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"Meeting has no field {name!r}") from None
        if not field.concrete or field.primary_key:
            raise TypeError(f"Meeting field {name!r} cannot be updated")
        update_fields.append(field.name)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting._history_user = actor
    with transaction.atomic():
        meeting.full_clean()
        meeting.save(update_fields=update_fields)
        warnings = meeting_conflicts(meeting=meeting)
    return meeting, warnings
