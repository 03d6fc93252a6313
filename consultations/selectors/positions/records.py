"""The delegate's and the Secretariat's pages: recorded positions, public or not."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from consultations.choices import Stance
from consultations.models import Issue, Position, Process, Statement
from consultations.selectors.positions.rows import MEMBER_STATES, NO_GROUP, process_issues
from registry.languages import translation_fields
from registry.models import Stakeholder
from registry.permissions import stakeholder_ids


@dataclass
class RecordRow:
    """A stakeholder's recorded position on an issue (any, public or not) and the statements
    it may point to (the stakeholder's statements at the issue's process, in any state)."""

    issue: Issue
    stakeholder: Stakeholder
    position: Position | None
    statements: list[Statement]

    @property
    def stance(self) -> str:
        return self.position.stance if self.position else Stance.NOT_STATED

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label


def record_rows(
    *, issues: Sequence[Issue], stakeholders: Sequence[Stakeholder], process: Process
) -> list[RecordRow]:
    """A RecordRow per stakeholder and issue (stakeholder first, in the order given), with the
    recorded position and the stakeholder's statements at ``process``. Two queries."""
    ids = [s.pk for s in stakeholders]
    positions = {
        (p.issue_id, p.stakeholder_id): p
        for p in Position.objects.filter(
            issue__in=[i.pk for i in issues], stakeholder_id__in=ids
        ).select_related("statement", "recorded_by")
    }
    statements: dict[int, list[Statement]] = defaultdict(list)
    for statement in (
        Statement.objects.filter(meeting__process=process, stakeholder_id__in=ids)
        .select_related("meeting")
        .only(
            "pk",
            "title",
            "state",
            "stakeholder_id",
            "embargo_until",
            "meeting__title",
            # Every language's title: the page reads its own, or English (modeltranslation).
            *(f"meeting__{field}" for field in translation_fields("title")),
            "meeting__start",
        )
        .order_by("meeting__start", "pk")
    ):
        statements[statement.stakeholder_id].append(statement)
    return [
        RecordRow(
            issue=issue,
            stakeholder=stakeholder,
            position=positions.get((issue.pk, stakeholder.pk)),
            statements=statements[stakeholder.pk],
        )
        for stakeholder in stakeholders
        for issue in issues
    ]


def delegate_positions(*, user, process: Process) -> list[RecordRow]:
    """The positions of the stakeholders ``user`` acts for on every issue of ``process``:
    by stakeholder, then issue. Four queries."""
    issues = process_issues(process=process)
    stakeholders = list(
        Stakeholder.objects.filter(pk__in=stakeholder_ids(user)).order_by("name", "pk")
    )
    if not issues or not stakeholders:
        return []
    return record_rows(issues=issues, stakeholders=stakeholders, process=process)


def issue_record_rows(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    regional_group: str | None = None,
) -> list[RecordRow]:
    """Every stakeholder of ``kinds`` (in ``regional_group``) with their recorded position on
    ``issue`` and their statements at its process, by name: the Secretariat's table. Three
    queries."""
    stakeholders = Stakeholder.objects.filter(kind__in=list(kinds))
    if regional_group == NO_GROUP:
        stakeholders = stakeholders.filter(regional_group__isnull=True)
    elif regional_group:
        stakeholders = stakeholders.filter(regional_group__code=regional_group)
    stakeholders = list(stakeholders.select_related("regional_group").order_by("name", "pk"))
    return record_rows(issues=[issue], stakeholders=stakeholders, process=issue.process)


def recorded_counts(*, process: Process) -> dict[int, int]:
    """Issue id: how many stances other than "not stated" are recorded (public or not)."""
    return dict(
        Position.objects.filter(issue__process=process)
        .exclude(stance=Stance.NOT_STATED)
        .values("issue_id")
        .annotate(n=Count("pk"))
        .values_list("issue_id", "n")
    )


def portal_context(*, user, process: Process) -> dict:
    """Context for templates/consultations/positions/_portal.html: ``positions_portal`` with the
    number of issues of ``process`` and, for the user's stakeholders, how many positions are
    recorded. One query."""
    ids = stakeholder_ids(user)
    recorded = Count(
        "positions",
        filter=Q(positions__stakeholder_id__in=ids) & ~Q(positions__stance=Stance.NOT_STATED),
    )
    counts = Issue.objects.filter(process=process).aggregate(
        issues=Count("pk", distinct=True), **({"recorded": recorded} if ids else {})
    )
    issue_count, recorded = counts["issues"], counts.get("recorded") or 0
    return {
        "positions_portal": {
            "issues": issue_count,
            "stakeholders": len(ids),
            "recorded": recorded,
            "to_record": issue_count * len(ids),
        }
    }
