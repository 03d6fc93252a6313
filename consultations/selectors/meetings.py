"""Reads of the schedule: the clashes of meetings, which the Secretariat is warned of.

A clash is a warning, not an error: the Secretariat often books a room twice on purpose
(a briefing in the lunch break of a round table) and resolves the rest by hand. Scheduling a
meeting reports them (``meeting_schedule``, ``meeting_update``); the dashboard lists them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.choices import InscriptionStatus, MeetingStatus
from consultations.models import Inscription, Meeting, MeetingChair

ROOM_BOOKED = "room_booked"
CHAIR_BOOKED = "chair_booked"
SPEAKER_BOOKED = "speaker_booked"
OUTSIDE_PROCESS = "outside_process"


@dataclass(frozen=True)
class ScheduleWarning:
    """One clash of a meeting: what kind (``code``), in words, and the other meeting if any."""

    code: str
    message: str
    other: Meeting | None = None


def meeting_conflicts(*, meeting: Meeting) -> list[ScheduleWarning]:
    """The clashes of one saved meeting, in at most five queries whatever the data size.

    Changes nothing; raises nothing. See ``meetings_conflicts`` for what counts as a clash.
    """
    return meetings_conflicts(meetings=[meeting]).get(meeting.pk, [])


def meetings_conflicts(*, meetings: Iterable[Meeting]) -> dict[int, list[ScheduleWarning]]:
    """The clashes of each of ``meetings`` (saved ones), by meeting id, in constant queries.

    For a meeting that is not cancelled, warns when, at overlapping times (touching ends do not
    overlap), another active meeting (``MeetingStatus.active()``):
    - is booked in the same room;
    - is chaired by one of its chairs (the same Person);
    - has one of its speakers inscribed, not withdrawn;
    and when the meeting falls outside its process's dates, compared in the venue's time zone.
    A cancelled meeting has no clashes. Pass meetings with ``venue`` and ``process`` loaded to
    spare two queries each. Changes nothing; raises nothing.
    """
    targets = [m for m in meetings if m.pk is not None]
    result: dict[int, list[ScheduleWarning]] = {m.pk: [] for m in targets}
    active = [m for m in targets if m.status in MeetingStatus.active()]
    if not active:
        return result
    window_start = min(m.start for m in active)
    window_end = max(m.end for m in active)

    def during(prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}status__in": MeetingStatus.active(),
                f"{prefix}start__lt": window_end,
                f"{prefix}end__gt": window_start,
            }
        )

    for meeting, warning in [
        *_room_clashes(active, during()),
        *_chair_clashes(active, during("meeting__")),
        *_speaker_clashes(active, during("speakers_list__meeting__")),
    ]:
        result[meeting.pk].append(warning)
    for meeting in active:
        warning = _outside_process(meeting)
        if warning is not None:
            result[meeting.pk].append(warning)
    return result


def _overlap(a: Meeting, b: Meeting) -> bool:
    return a.start < b.end and b.start < a.end


def _when(meeting: Meeting) -> str:
    """'14 September 2006, 10:00-13:00 EDT' (with an en dash) in the venue's time zone."""
    start, end = meeting.local_start, meeting.local_end
    if start.date() == end.date():
        return f"{date_format(start, 'j F Y')}, {start:%H:%M}\N{EN DASH}{end:%H:%M} {end.tzname()}"
    return (
        f"{date_format(start, 'j F Y')}, {start:%H:%M} {start.tzname()} \N{EN DASH} "
        f"{date_format(end, 'j F Y')}, {end:%H:%M} {end.tzname()}"
    )


def _room_clashes(active: list[Meeting], during: Q):
    rooms = {m.room_id for m in active if m.room_id}
    if not rooms:
        return
    booked = list(
        Meeting.objects.filter(during, room_id__in=rooms)
        .select_related("venue", "room")
        .order_by("start", "pk")
    )
    for meeting in active:
        for other in booked:
            if (
                other.pk != meeting.pk
                and other.room_id == meeting.room_id
                and _overlap(meeting, other)
            ):
                message = _("%(room)s is also booked for %(other)s (%(when)s).") % {
                    "room": other.room.name,
                    "other": other.title,
                    "when": _when(other),
                }
                yield meeting, ScheduleWarning(ROOM_BOOKED, message, other)


def _chair_clashes(active: list[Meeting], during: Q):
    ids = [m.pk for m in active]
    chaired = MeetingChair.objects.filter(meeting_id__in=ids, person__isnull=False)
    rows = list(
        MeetingChair.objects.filter(during, person_id__in=chaired.values("person_id"))
        .select_related("person", "meeting__venue")
        .order_by("meeting__start", "meeting_id", "pk")
    )
    yield from _person_clashes(
        active,
        rows,
        meeting_of=lambda row: row.meeting,
        person_of=lambda row: row.person,
        code=CHAIR_BOOKED,
        text=_("%(person)s also chairs %(other)s (%(when)s)."),
    )


def _speaker_clashes(active: list[Meeting], during: Q):
    ids = [m.pk for m in active]
    on_list = InscriptionStatus.on_list()
    inscribed = Inscription.objects.filter(
        speakers_list__meeting_id__in=ids, speaker__isnull=False, status__in=on_list
    )
    rows = list(
        Inscription.objects.filter(
            during, status__in=on_list, speaker_id__in=inscribed.values("speaker_id")
        )
        .select_related("speaker", "speakers_list__meeting__venue")
        .order_by("speakers_list__meeting__start", "speakers_list__meeting_id", "pk")
    )
    yield from _person_clashes(
        active,
        rows,
        meeting_of=lambda row: row.speakers_list.meeting,
        person_of=lambda row: row.speaker,
        code=SPEAKER_BOOKED,
        text=_("%(person)s is also on the speakers list of %(other)s (%(when)s)."),
    )


def _person_clashes(active, rows, *, meeting_of, person_of, code: str, text: str):
    """Pair each target meeting's rows (chairs or inscriptions) with the same person elsewhere."""
    by_person: dict[int, list] = defaultdict(list)
    persons_of_meeting: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        person_id = person_of(row).pk
        by_person[person_id].append(row)
        persons_of_meeting[meeting_of(row).pk].append(person_id)
    for meeting in active:
        seen: set[tuple[int, int]] = set()
        for person_id in persons_of_meeting[meeting.pk]:
            for row in by_person[person_id]:
                other = meeting_of(row)
                key = (person_id, other.pk)
                if other.pk == meeting.pk or key in seen or not _overlap(meeting, other):
                    continue
                seen.add(key)
                message = text % {
                    "person": person_of(row),
                    "other": other.title,
                    "when": _when(other),
                }
                yield meeting, ScheduleWarning(code, message, other)


def _outside_process(meeting: Meeting) -> ScheduleWarning | None:
    process = meeting.process
    first: datetime.date = meeting.local_start.date()
    last: datetime.date = meeting.local_end.date()
    if process.start_date <= first and last <= process.end_date:
        return None
    message = _(
        "This meeting (%(when)s) falls outside the dates of %(process)s (%(start)s to %(end)s)."
    ) % {
        "when": _when(meeting),
        "process": process,
        "start": date_format(process.start_date, "j F Y"),
        "end": date_format(process.end_date, "j F Y"),
    }
    return ScheduleWarning(OUTSIDE_PROCESS, message, None)
