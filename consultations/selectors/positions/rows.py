"""Who counts: the base of an issue's figures, one row per stakeholder with the stance counted.

See the package's docstring for the rule; the rows are what every count and list is made of.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from consultations.choices import MEMBER_STATES, NO_GROUP, SUPPORTIVE, Stance
from consultations.models import Issue, Position, Process, Statement
from registry.collation import collated
from registry.languages import translation_fields
from registry.models import Stakeholder


@dataclass
class PositionRow:
    """One stakeholder's stance on one issue as the public figures count it."""

    issue: Issue
    stakeholder: Stakeholder
    stance: str
    position: Position | None = None  # the recorded position, when it counts
    statement: Statement | None = None  # the public statement that shows the stance
    statements: list[Statement] = field(default_factory=list)  # public ones at the process

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def group_code(self) -> str:
        group = self.stakeholder.regional_group
        return group.code if group else NO_GROUP

    @property
    def updated(self) -> datetime.datetime | None:
        return self.position.updated if self.position else None


# A pseudo-stance of the figures (not a filter value): every stance but "not stated", the base
# of the words of an issue's figures. Its list links to those four stances.
STATED = "stated"


def stance_values(stance: str) -> list[str]:
    """The stances ``stance`` stands for: SUPPORTIVE both supportive ones, STATED all but "not
    stated", any other itself."""
    if stance == STATED:
        return [value for value in Stance.values if value != Stance.NOT_STATED]
    return Stance.supportive() if stance == SUPPORTIVE else [stance]


def public_statements(*, process: Process, now: datetime.datetime) -> QuerySet[Statement]:
    """The public statements that count in ``process``'s figures (StatementQuerySet.counted_at:
    at its meetings on the record, by a Member State only from its admission)."""
    return Statement.objects.public(now=now).counted_at(process)


def participants_queryset(
    *, process: Process, kinds: Iterable[str] | None, now: datetime.datetime
) -> QuerySet[Stakeholder]:
    """Stakeholders (of ``kinds``, or any) with a public statement at ``process``, by name."""
    stakeholders = Stakeholder.objects.filter(
        pk__in=public_statements(process=process, now=now).values("stakeholder_id")
    )
    if kinds is not None:
        stakeholders = stakeholders.filter(kind__in=list(kinds))
    return stakeholders.select_related("regional_group").order_by(collated("name"), "pk")


def statements_prefetch(statements: QuerySet[Statement]) -> Prefetch:
    """``public_statements`` on each stakeholder: ``statements`` of theirs, meeting loaded."""
    return Prefetch(
        "statements",
        queryset=statements.select_related("meeting")
        .only(
            "pk",
            "title",
            "stakeholder_id",
            "meeting__title",
            # Every language's title: the page reads its own, or English (modeltranslation).
            *(f"meeting__{field}" for field in translation_fields("title")),
            "meeting__start",
            "published_at",
        )
        .order_by("meeting__start", "pk"),
        to_attr="public_statements",
    )


def process_issues(*, process: Process) -> list[Issue]:
    """The issues of ``process`` in order, with the document each cites and the process."""
    return list(
        Issue.objects.filter(process=process)
        .select_related("cites", "cites__part_of", "process")
        .order_by("order", "title", "pk")
    )


def position_rows(
    *,
    process: Process,
    issues: Sequence[Issue],
    kinds: Sequence[str] = MEMBER_STATES,
    now: datetime.datetime | None = None,
    with_statements: bool = False,
) -> dict[int, list[PositionRow]]:
    """Each of ``issues``' rows (one per stakeholder of the base, by name), by issue id.

    Three queries (stakeholders, positions, and with ``with_statements`` the public statements
    of each stakeholder at the process, for the lists' links).
    """
    now = now or timezone.now()
    stakeholders = participants_queryset(process=process, kinds=kinds, now=now)
    if with_statements:
        stakeholders = stakeholders.prefetch_related(
            statements_prefetch(public_statements(process=process, now=now))
        )
    base = list(stakeholders)
    positions = {
        (p.issue_id, p.stakeholder_id): p
        for p in Position.objects.filter(
            issue__in=[issue.pk for issue in issues],
            stakeholder_id__in=[s.pk for s in base],
        )
        .select_related("statement")
        # A figure links to its statement by title: its text and search vector stay in the table.
        .defer("statement__text", "statement__search_vector")
    }
    result: dict[int, list[PositionRow]] = {}
    for issue in issues:
        rows = []
        for stakeholder in base:
            position = positions.get((issue.pk, stakeholder.pk))
            row = PositionRow(
                issue=issue,
                stakeholder=stakeholder,
                stance=Stance.NOT_STATED,
                statements=getattr(stakeholder, "public_statements", []),
            )
            if position is not None:
                shown = position.statement
                if shown is None or shown.is_public(now=now):
                    row.stance = position.stance
                    row.position = position
                    row.statement = shown
            rows.append(row)
        result[issue.pk] = rows
    return result


def rows_filter(
    rows: Iterable[PositionRow],
    *,
    stances: Sequence[str] = (),
    regional_group: str | None = None,
) -> list[PositionRow]:
    """The rows with one of ``stances`` (SUPPORTIVE stands for both supportive stances), in
    ``regional_group`` (a code, or NO_GROUP); no filter where empty."""
    wanted = {value for stance in stances for value in stance_values(stance)}
    return [
        row
        for row in rows
        if (not wanted or row.stance in wanted)
        and (not regional_group or row.group_code == regional_group)
    ]
