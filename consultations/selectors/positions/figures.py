"""An issue's counts by stance, overall and by regional group, each with its stakeholders."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from consultations.choices import Stance
from consultations.models import Issue, Process
from consultations.selectors.positions.links import position_list_url
from consultations.selectors.positions.rows import (
    MEMBER_STATES,
    NO_GROUP,
    SUPPORTIVE,
    PositionRow,
    position_rows,
    process_issues,
    stance_values,
)
from consultations.selectors.positions.shares import share_in_words
from registry.models import RegionalGroup, Stakeholder


@dataclass
class StanceCount:
    """How many of ``base`` stakeholders hold ``stance``, who they are and where they are listed."""

    stance: str  # a Stance value, or SUPPORTIVE
    label: str
    rows: list[PositionRow]
    base: int
    url: str

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def share(self) -> float:
        return self.count / self.base if self.base else 0.0

    @property
    def percent(self) -> float:
        return round(self.share * 100, 1)

    @property
    def in_words(self) -> str:
        return share_in_words(self.share)

    @property
    def stakeholders(self) -> list[Stakeholder]:
        return [row.stakeholder for row in self.rows]


@dataclass
class GroupFigures:
    """The counts of one regional group (``group`` None: stakeholders outside the groups)."""

    group: RegionalGroup | None
    code: str
    total: StanceCount
    counts: list[StanceCount]
    supportive: StanceCount

    @property
    def name(self) -> str:
        return self.group.name if self.group else gettext("No regional group")


@dataclass
class IssueFigures:
    """An issue's counts by stance, overall and by regional group, each with its stakeholders."""

    issue: Issue
    kinds: tuple[str, ...]
    rows: list[PositionRow]
    total: StanceCount  # the base: every stakeholder counted
    counts: list[StanceCount]  # one per stance, in the order of Stance
    supportive: StanceCount  # supports, with or without reservations
    groups: list[GroupFigures]

    def count_of(self, stance: str) -> StanceCount:
        return next(count for count in self.counts if count.stance == stance)


def _count(
    *,
    issue: Issue,
    kinds: Sequence[str],
    rows: list[PositionRow],
    base: int,
    stance: str | None,
    regional_group: str | None,
    root: bool | None,
) -> StanceCount:
    stances = stance_values(stance) if stance else []
    selected = [row for row in rows if row.stance in stances] if stance else list(rows)
    if stance == SUPPORTIVE:
        label = gettext("Support (with or without reservations)")
    elif stance:
        label = Stance(stance).label
    else:
        label = gettext("All")
    return StanceCount(
        stance=stance or "",
        label=str(label),
        rows=selected,
        base=base,
        url=position_list_url(
            issue=issue,
            kinds=kinds,
            stances=[stance] if stance else [],
            regional_group=regional_group,
            root=root,
        ),
    )


def _counts(
    *,
    issue: Issue,
    kinds: Sequence[str],
    rows: list[PositionRow],
    regional_group: str | None,
    root: bool | None,
) -> tuple[StanceCount, list[StanceCount], StanceCount]:
    base = len(rows)
    common = {"issue": issue, "kinds": kinds, "rows": rows, "base": base, "root": root}
    total = _count(**common, stance=None, regional_group=regional_group)
    counts = [_count(**common, stance=s, regional_group=regional_group) for s in Stance.values]
    supportive = _count(**common, stance=SUPPORTIVE, regional_group=regional_group)
    return total, counts, supportive


def figures_from_rows(
    *,
    issue: Issue,
    kinds: Sequence[str],
    rows: list[PositionRow],
    groups: list[RegionalGroup],
    root: bool | None = None,
) -> IssueFigures:
    """``issue``'s figures from its ``rows`` (as position_rows makes them), by ``groups``, plus
    a column for stakeholders outside them when there are any; each count links to its list
    (``root`` as position_list_url takes it). No query."""
    total, counts, supportive = _counts(
        issue=issue, kinds=kinds, rows=rows, regional_group=None, root=root
    )
    by_group: dict[str, list[PositionRow]] = defaultdict(list)
    for row in rows:
        by_group[row.group_code].append(row)
    group_figures = []
    buckets: list[tuple[RegionalGroup | None, str]] = [(g, g.code) for g in groups]
    if by_group.get(NO_GROUP):
        buckets.append((None, NO_GROUP))
    for group, code in buckets:
        g_total, g_counts, g_supportive = _counts(
            issue=issue, kinds=kinds, rows=by_group.get(code, []), regional_group=code, root=root
        )
        group_figures.append(
            GroupFigures(
                group=group, code=code, total=g_total, counts=g_counts, supportive=g_supportive
            )
        )
    return IssueFigures(
        issue=issue,
        kinds=tuple(kinds),
        rows=rows,
        total=total,
        counts=counts,
        supportive=supportive,
        groups=group_figures,
    )


def regional_groups() -> list[RegionalGroup]:
    """The regional groups in their order: the columns of every issue's figures."""
    return list(RegionalGroup.objects.order_by("order", "name"))


def process_figures(
    *,
    process: Process,
    kinds: Sequence[str] = MEMBER_STATES,
    now: datetime.datetime | None = None,
    root: bool | None = None,
) -> list[IssueFigures]:
    """The figures of every issue of ``process``, in order (``root`` as figures_from_rows).
    Four queries."""
    issues = process_issues(process=process)
    rows = position_rows(process=process, issues=issues, kinds=kinds, now=now)
    groups = regional_groups()
    return [
        figures_from_rows(issue=issue, kinds=kinds, rows=rows[issue.pk], groups=groups, root=root)
        for issue in issues
    ]


def issue_figures(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    now: datetime.datetime | None = None,
    with_statements: bool = False,
    root: bool | None = None,
) -> IssueFigures:
    """Counts of ``issue`` by stance, overall and by regional group, numbers and shares.

    The stakeholders of ``kinds`` that made a public statement at the issue's process are the
    base; those without a recorded (and public) stance count as "not stated". Each count holds
    its rows and the address of the list of its stakeholders (``root`` as position_list_url
    takes it). Three or four queries.
    """
    rows = position_rows(
        process=issue.process,
        issues=[issue],
        kinds=kinds,
        now=now,
        with_statements=with_statements,
    )[issue.pk]
    return figures_from_rows(
        issue=issue, kinds=kinds, rows=rows, groups=regional_groups(), root=root
    )
