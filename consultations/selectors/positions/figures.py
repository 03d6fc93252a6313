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
    STATED,
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
    """How many of ``base`` stakeholders hold ``stance``, who they are and where they are listed.

    Two bases: ``base``, every stakeholder counted (the States that spoke), and ``stated``,
    those of them that stated a position on the issue. The words go by the second (in_words).
    """

    stance: str  # a Stance value, SUPPORTIVE, STATED, or "" for all
    label: str
    rows: list[PositionRow]
    base: int
    url: str
    stated: int = 0

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def share(self) -> float:
        """The share of every stakeholder counted (of the States that spoke)."""
        return self.count / self.base if self.base else 0.0

    @property
    def percent(self) -> float:
        return round(self.share * 100, 1)

    @property
    def of_stated(self) -> bool:
        """Whether this figure is a part of those that stated a position (a stance, support, or
        all of them), so that ``stated`` is a base for it; "not stated" and "all" are not."""
        return self.stance not in ("", Stance.NOT_STATED)

    @property
    def stated_share(self) -> float | None:
        """The share of those that stated a position on the issue; None where that is no base
        (``of_stated``), 0 when nobody stated one."""
        if not self.of_stated:
            return None
        return self.count / self.stated if self.stated else 0.0

    @property
    def stated_percent(self) -> float | None:
        share = self.stated_share
        return None if share is None else round(share * 100, 1)

    @property
    def in_words(self) -> str:
        """The Chair's summary's words for this figure, the one place they are chosen: from the
        share of those that stated a position on the issue (6 of 7 that stated one: "nearly
        all", however many spoke); "not stated" and "all" from the share of all counted."""
        share = self.stated_share
        return share_in_words(self.share if share is None else share)

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
    stated: StanceCount  # the second base: those that stated a position, whatever it is

    @property
    def not_stated(self) -> StanceCount:
        return self.count_of(Stance.NOT_STATED)

    def count_of(self, stance: str) -> StanceCount:
        return next(count for count in self.counts if count.stance == stance)


def _count(
    *,
    issue: Issue,
    kinds: Sequence[str],
    rows: list[PositionRow],
    base: int,
    stated: int,
    stance: str | None,
    regional_group: str | None,
    root: bool | None,
) -> StanceCount:
    stances = stance_values(stance) if stance else []
    selected = [row for row in rows if row.stance in stances] if stance else list(rows)
    if stance == SUPPORTIVE:
        label = gettext("Support (with or without reservations)")
    elif stance == STATED:
        label = gettext("Stated a position")
    elif stance:
        label = Stance(stance).label
    else:
        label = gettext("All")
    return StanceCount(
        stance=stance or "",
        label=str(label),
        rows=selected,
        base=base,
        stated=stated,
        url=position_list_url(
            issue=issue,
            kinds=kinds,
            # STATED is no filter value: its list is that of the four stances it stands for.
            stances=stances if stance == STATED else ([stance] if stance else []),
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
) -> tuple[StanceCount, list[StanceCount], StanceCount, StanceCount]:
    common = {
        "issue": issue,
        "kinds": kinds,
        "rows": rows,
        "base": len(rows),
        "stated": sum(1 for row in rows if row.stance != Stance.NOT_STATED),
        "root": root,
    }
    total = _count(**common, stance=None, regional_group=regional_group)
    counts = [_count(**common, stance=s, regional_group=regional_group) for s in Stance.values]
    supportive = _count(**common, stance=SUPPORTIVE, regional_group=regional_group)
    stated = _count(**common, stance=STATED, regional_group=regional_group)
    return total, counts, supportive, stated


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
    total, counts, supportive, stated = _counts(
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
        g_total, g_counts, g_supportive, _g_stated = _counts(
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
        stated=stated,
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
