"""Reads for the Secretariat's exports: every record of one process, with what its columns show
loaded (consultations/exports/staff.py writes them).

Each selector runs a fixed number of queries whatever the number of rows (the statements: a
fixed number per chunk of ``chunk_size`` read from the cursor).
"""

import datetime
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from consultations.choices import InscriptionStatus, StatementState
from consultations.models import (
    Delegation,
    DelegationMember,
    Inscription,
    Meeting,
    Position,
    Process,
    Seat,
    SpeakersList,
    Statement,
    Theme,
)
from consultations.selectors.speakers import _expected_times  # the one rule of floor times
from consultations.venue_time import process_zone
from registry.models import User


# --- statements -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatementRecord:
    """A statement with who submitted it (last) and who published it."""

    statement: Statement
    submitted_by: User | None
    published_by: User | None


def _actor(state: str, moment: str) -> Subquery:
    """The author of the statement's history row that put it in ``state`` at the time its
    field ``moment`` holds (the services write both with the same time); none for a statement
    written without the services (the demo, an import), which has no such row."""
    history = Statement.history.model
    return Subquery(
        history.objects.filter(id=OuterRef("pk"), state=state, history_date=OuterRef(moment))
        .order_by("-history_id")
        .values("history_user_id")[:1]
    )


def staff_statements(*, process: Process) -> QuerySet[Statement]:
    """The statements of ``process``'s meetings that reached the Secretariat (a draft never
    submitted is its delegation's alone), by meeting, stakeholder and id, with their meeting,
    venue, stakeholder, group, speaker and themes loaded and ``submitted_by_id`` and
    ``published_by_id`` annotated. A lazy queryset."""
    return (
        Statement.objects.seen_by_secretariat()
        .filter(meeting__process=process)
        .select_related("meeting__venue", "stakeholder__regional_group", "speaker")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
        .annotate(
            submitted_by_id=_actor(StatementState.SUBMITTED, "submitted_at"),
            published_by_id=_actor(StatementState.PUBLISHED, "published_at"),
        )
        .order_by("meeting__start", "meeting__pk", "stakeholder__name", "pk")
    )


def staff_statement_records(*, process: Process, chunk_size: int) -> Iterator[StatementRecord]:
    """``staff_statements`` one by one as the cursor reads them, ``chunk_size`` at a time (the
    themes of each chunk in one more query), each with who submitted and published it: the
    users are read first, in one query, from the history of the process's statements."""
    history = Statement.history.model
    actors = history.objects.filter(meeting__process=process).values("history_user_id")
    users = {user.pk: user for user in User.objects.filter(pk__in=Subquery(actors))}
    for statement in staff_statements(process=process).iterator(chunk_size=chunk_size):
        yield StatementRecord(
            statement=statement,
            submitted_by=users.get(statement.submitted_by_id),
            published_by=users.get(statement.published_by_id),
        )


# --- positions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PositionRecord:
    """A recorded position, with the zone its time is shown in (the process's)."""

    position: Position
    tz: zoneinfo.ZoneInfo


def staff_positions(*, process: Process) -> list[PositionRecord]:
    """Every position recorded on an issue of ``process``, by issue (in the process's order)
    and stakeholder name, with the issue, stakeholder, group, statement and recorder loaded.
    Two queries."""
    tz = process_zone(process)
    positions = (
        Position.objects.filter(issue__process=process)
        .select_related("issue", "stakeholder__regional_group", "statement", "recorded_by")
        .order_by("issue__order", "issue__title", "issue__pk", "stakeholder__name", "pk")
    )
    return [PositionRecord(position=position, tz=tz) for position in positions]


# --- delegations ------------------------------------------------------------------------------
def staff_delegations(*, process: Process) -> list[Delegation]:
    """The delegations to ``process`` by stakeholder name, with stakeholder, group and head
    loaded and ``members`` (with their persons) in protocol order. Two queries."""
    members = DelegationMember.objects.select_related("person").order_by(
        "rank", "person__family_name", "person__given_name", "pk"
    )
    return list(
        Delegation.objects.filter(process=process)
        .select_related("stakeholder__regional_group", "head")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("stakeholder__name", "pk")
    )


# --- seats ------------------------------------------------------------------------------------
def staff_seats(*, process: Process) -> list[Seat]:
    """The round-table seats of ``process``, the published ones first, then the draft (see
    Seat.is_published), each by table and State name, with the table (venue, theme), the
    delegation's stakeholder and group and who assigned it loaded. One query."""
    return list(
        Seat.objects.filter(meeting__process=process)
        .select_related(
            "meeting__venue",
            "meeting__theme",
            "delegation__stakeholder__regional_group",
            "assigned_by",
        )
        .order_by(
            "-is_published",
            "meeting__number",
            "meeting__start",
            "meeting__pk",
            "delegation__stakeholder__name",
            "pk",
        )
    )


# --- speakers lists ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SpeakerRecord:
    """An inscription with its meeting and, while it holds a place, when the list expects it
    to take the floor (UTC; see consultations.selectors.speakers)."""

    inscription: Inscription
    meeting: Meeting
    expected_at: datetime.datetime | None


def staff_speakers(*, process: Process) -> list[SpeakerRecord]:
    """Every inscription on the speakers lists of ``process``'s meetings, list by list in
    meeting order, each list in its order (withdrawn inscriptions after the others), with the
    stakeholder, group, speaker and who inscribed it loaded. Two queries."""
    lists = {
        speakers_list.pk: speakers_list
        for speakers_list in SpeakersList.objects.filter(meeting__process=process)
        .select_related("meeting__venue")
        .order_by("meeting__start", "meeting__number", "pk")
    }
    by_list: dict[int, list[Inscription]] = {pk: [] for pk in lists}
    for inscription in (
        Inscription.objects.filter(speakers_list_id__in=list(lists))
        .select_related("stakeholder__regional_group", "speaker", "inscribed_by")
        .order_by("speakers_list_id", "position", "inscribed_at", "pk")
    ):
        by_list[inscription.speakers_list_id].append(inscription)
    records = []
    for pk, speakers_list in lists.items():
        on_list = [i for i in by_list[pk] if i.status != InscriptionStatus.WITHDRAWN]
        withdrawn = [i for i in by_list[pk] if i.status == InscriptionStatus.WITHDRAWN]
        times, _end = _expected_times(
            start=speakers_list.meeting.start,
            minutes_per_speaker=speakers_list.minutes_per_speaker,
            rows=[(i.status, i.spoke_seconds) for i in on_list],
        )
        expected = [at for at, _allotted in times] + [None] * len(withdrawn)
        for inscription, at in zip(on_list + withdrawn, expected, strict=True):
            inscription.speakers_list = speakers_list
            records.append(
                SpeakerRecord(
                    inscription=inscription, meeting=speakers_list.meeting, expected_at=at
                )
            )
    return records
