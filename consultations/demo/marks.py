"""Which rows of the demo processes are invented, and the source of those that are facts.

The briefing (``shared/seed/``, "The High-Level Dialogue on International Migration and
Development", UN DESA Population Division) has no numbered paragraphs: a fact cites its
section, or the document it names. What the demo invents is flagged ``is_illustrative``: the
times of day and rooms of the meetings (their dates are facts), the round-table choices, seats
and co-chairs, the plenary speakers lists, the levels of representation, the statements and
the stances. The entities that addressed each preparatory panel are facts, with their source.

Run once a process's rows exist; a process whose rows already carry marks is left alone, so
that a mark the Secretariat changed in the admin stays as they set it.
"""

from django.db import transaction

from consultations.choices import MeetingKind
from consultations.models import (
    Delegation,
    DelegationMember,
    Inscription,
    Meeting,
    MeetingChair,
    Position,
    Process,
    Seat,
    SeatPreference,
    Statement,
)

BRIEFING = "Briefing “The High-Level Dialogue on International Migration and Development”"
MEETING_SOURCES = {
    "panel-new-york-2006": f"A/RES/60/227; {BRIEFING}, “First Panel (New York)”",
    "panel-geneva-2006": f"A/RES/60/227; {BRIEFING}, “Second Panel (Geneva)”",
    MeetingKind.PLENARY: "A/RES/60/227 (14-15 September 2006)",
    MeetingKind.ROUND_TABLE: f"{BRIEFING}, “Round tables of the HLD”",
    "global-forum-2007": f"{BRIEFING}, “Belgium's proposal” (July 2007)",
    "gfmd-2007": "Global Forum on Migration and Development, Brussels, 9-11 July 2007",
}


def _marked(process: Process) -> bool:
    return (
        Meeting.objects.filter(process=process, is_illustrative=True).exists()
        or Meeting.objects.filter(process=process).exclude(source="").exists()
    )


def _meeting_source(meeting: Meeting) -> str:
    return (
        MEETING_SOURCES.get(meeting.slug)
        or MEETING_SOURCES.get(meeting.kind)
        or MEETING_SOURCES.get(meeting.process.slug, "")
    )


def demo_marks_set(
    *, process: Process, meetings: list[str], fact_inscriptions: dict[str, list[str]]
) -> bool:
    """Flag the invented rows of ``process`` and give its facts their source, unless its rows
    carry marks already. ``meetings``: the slugs of the demo meetings whose times of day and
    room were invented (another module's meetings are left as they are); ``fact_inscriptions``:
    meeting slug -> the stakeholder slugs whose place on its speakers list is a fact of the
    briefing. Returns whether it changed anything.
    """
    if _marked(process):
        return False
    with transaction.atomic():
        for meeting in process.meetings.filter(slug__in=meetings).select_related("process"):
            # Every demo meeting's date is a fact; its times of day and room are invented.
            meeting.is_illustrative = True
            meeting.source = _meeting_source(meeting)
            meeting.save(update_fields=["is_illustrative", "source"])
        MeetingChair.objects.filter(meeting__process=process).update(is_illustrative=True)
        Delegation.objects.filter(process=process).update(is_illustrative=True)
        DelegationMember.objects.filter(delegation__process=process).update(is_illustrative=True)
        SeatPreference.objects.filter(delegation__process=process).update(is_illustrative=True)
        Seat.objects.filter(meeting__process=process).update(is_illustrative=True)
        Statement.objects.filter(meeting__process=process).update(is_illustrative=True)
        Position.objects.filter(issue__process=process).update(is_illustrative=True)
        inscriptions = Inscription.objects.filter(speakers_list__meeting__process=process)
        inscriptions.update(is_illustrative=True)
        for slug, stakeholders in fact_inscriptions.items():
            source = MEETING_SOURCES.get(slug, BRIEFING)
            inscriptions.filter(
                speakers_list__meeting__slug=slug, stakeholder__slug__in=stakeholders
            ).update(is_illustrative=False, source=source)
            # The entities that addressed a panel: their delegations are facts too.
            Delegation.objects.filter(process=process, stakeholder__slug__in=stakeholders).update(
                is_illustrative=False, source=source
            )
    return True
