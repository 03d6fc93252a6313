"""Reads of issues and positions: the figures of the Chair's summary and the lists behind them.

Who counts. The base of an issue's figures is every stakeholder of the kinds asked for (Member
States unless told otherwise) that made a public statement (published, past its "check against
delivery" time) at a meeting of the issue's process: "127 Member States made statements at the
Dialogue". Each of them has a stance: the one recorded, or "not stated" when none is. A recorded
stance counts only once the statement that shows it is public (or when it cites no statement),
so that the figures never run ahead of an embargo: until then it counts as "not stated".
Stakeholders that made no public statement are not in the base, whatever is recorded for them.

Every number comes with the stakeholders behind it and the address of the page that lists
them. Every selector here runs a fixed number of queries, whatever the number of stakeholders,
positions, statements or issues.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.choices import MEMBER_STATES, NO_GROUP, SUPPORTIVE, Stance, StatementState
from consultations.models import Issue, Position, Process, Statement, Theme
from registry.choices import StakeholderKind
from registry.models import RegionalGroup, Stakeholder
from registry.permissions import stakeholder_ids

# The other participants of the Chair's summary, each a set of stakeholder kinds.
PARTICIPANT_CATEGORIES: list[tuple[str, object, tuple[str, ...]]] = [
    (
        "observers",
        _("Observers"),
        (StakeholderKind.OBSERVER_STATE, StakeholderKind.REGIONAL_ORG),
    ),
    ("un_system", _("UN system entities"), (StakeholderKind.UN_ENTITY,)),
    ("igos", _("Intergovernmental organizations"), (StakeholderKind.IGO,)),
    (
        "others",
        _("Other bodies"),
        (
            StakeholderKind.NGO,
            StakeholderKind.INDEPENDENT_BODY,
            StakeholderKind.INDIVIDUAL_OFFICE,
        ),
    ),
]


# --- shares in words ------------------------------------------------------------------------
# Anchors of the usual phrases; a share takes the nearest one (the first on a tie).
SHARE_ANCHORS: list[tuple[float, object]] = [
    (1 / 10, _("about one in ten")),
    (1 / 5, _("about one in five")),
    (1 / 4, _("about a quarter")),
    (1 / 3, _("about a third")),
    (2 / 5, _("about two in five")),
    (1 / 2, _("about half")),
    (3 / 5, _("about three in five")),
    (2 / 3, _("about two-thirds")),
    (3 / 4, _("about three-quarters")),
    (4 / 5, _("about four in five")),
]


def share_in_words(fraction: float) -> str:
    """A share as the Chair's summary says it: 6/9 is "about two-thirds", 0.95 "nearly all".

    "none" for 0 and "all" for 1; "very few" below 5%, "nearly all" from 90%; otherwise the
    nearest of one in ten, one in five, a quarter, a third, two in five, half, three in five,
    two-thirds, three-quarters, four in five. Raises ValueError outside 0..1.
    """
    if fraction is None or not 0 <= fraction <= 1:
        raise ValueError(f"a share is between 0 and 1, not {fraction!r}")
    if fraction == 0:
        return gettext("none")
    if fraction == 1:
        return gettext("all")
    if fraction < 0.05:
        return gettext("very few")
    if fraction >= 0.9:
        return gettext("nearly all")
    _anchor, words = min(SHARE_ANCHORS, key=lambda anchor: abs(anchor[0] - fraction))
    return str(words)


# --- rows and counts --------------------------------------------------------------------------
def statement_is_public(statement: Statement, *, now: datetime.datetime) -> bool:
    """Published and past its "check against delivery" time (as StatementQuerySet.public)."""
    return statement.state == StatementState.PUBLISHED and (
        statement.embargo_until is None or statement.embargo_until <= now
    )


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


def _query(params: Sequence[tuple[str, str]]) -> str:
    return urlencode(list(params))


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


def _base_params(*, issue: Issue, kinds: Sequence[str]) -> list[tuple[str, str]]:
    params = []
    if not issue.process.is_current:
        params.append(("process", issue.process.slug))
    if tuple(kinds) != MEMBER_STATES:
        params.extend(("kind", kind) for kind in kinds)
    return params


def position_list_url(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    stances: Sequence[str] = (),
    regional_group: str | None = None,
) -> str:
    """The address of the list of ``issue``'s stakeholders with these filters."""
    params = _base_params(issue=issue, kinds=kinds)
    params.extend(("stance", stance) for stance in stances)
    if regional_group:
        params.append(("regional_group", regional_group))
    url = reverse("position_list", kwargs={"slug": issue.slug})
    return f"{url}?{_query(params)}" if params else url


def _stance_values(stance: str) -> list[str]:
    return Stance.supportive() if stance == SUPPORTIVE else [stance]


def _count(
    *,
    issue: Issue,
    kinds: Sequence[str],
    rows: list[PositionRow],
    base: int,
    stance: str | None,
    regional_group: str | None,
) -> StanceCount:
    stances = _stance_values(stance) if stance else []
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
        ),
    )


def _counts(
    *, issue: Issue, kinds: Sequence[str], rows: list[PositionRow], regional_group: str | None
) -> tuple[StanceCount, list[StanceCount], StanceCount]:
    base = len(rows)
    common = {"issue": issue, "kinds": kinds, "rows": rows, "base": base}
    total = _count(**common, stance=None, regional_group=regional_group)
    counts = [_count(**common, stance=s, regional_group=regional_group) for s in Stance.values]
    supportive = _count(**common, stance=SUPPORTIVE, regional_group=regional_group)
    return total, counts, supportive


def _figures(
    *, issue: Issue, kinds: Sequence[str], rows: list[PositionRow], groups: list[RegionalGroup]
) -> IssueFigures:
    total, counts, supportive = _counts(issue=issue, kinds=kinds, rows=rows, regional_group=None)
    by_group: dict[str, list[PositionRow]] = defaultdict(list)
    for row in rows:
        by_group[row.group_code].append(row)
    group_figures = []
    buckets: list[tuple[RegionalGroup | None, str]] = [(g, g.code) for g in groups]
    if by_group.get(NO_GROUP):
        buckets.append((None, NO_GROUP))
    for group, code in buckets:
        g_total, g_counts, g_supportive = _counts(
            issue=issue, kinds=kinds, rows=by_group.get(code, []), regional_group=code
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


def public_statements(*, process: Process, now: datetime.datetime) -> QuerySet[Statement]:
    """The public statements made at the meetings of ``process``."""
    return Statement.objects.public(now=now).filter(meeting__process=process)


def _participants(
    *, process: Process, kinds: Iterable[str] | None, now: datetime.datetime
) -> QuerySet[Stakeholder]:
    """Stakeholders (of ``kinds``, or any) with a public statement at ``process``, by name."""
    stakeholders = Stakeholder.objects.filter(
        pk__in=public_statements(process=process, now=now).values("stakeholder_id")
    )
    if kinds is not None:
        stakeholders = stakeholders.filter(kind__in=list(kinds))
    return stakeholders.select_related("regional_group").order_by("name", "pk")


def _statements_prefetch(statements: QuerySet[Statement]) -> Prefetch:
    """``public_statements`` on each stakeholder: ``statements`` of theirs, meeting loaded."""
    return Prefetch(
        "statements",
        queryset=statements.select_related("meeting")
        .only("pk", "title", "stakeholder_id", "meeting__title", "meeting__start", "published_at")
        .order_by("meeting__start", "pk"),
        to_attr="public_statements",
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
    stakeholders = _participants(process=process, kinds=kinds, now=now)
    if with_statements:
        stakeholders = stakeholders.prefetch_related(
            _statements_prefetch(public_statements(process=process, now=now))
        )
    base = list(stakeholders)
    positions = {
        (p.issue_id, p.stakeholder_id): p
        for p in Position.objects.filter(
            issue__in=[issue.pk for issue in issues],
            stakeholder_id__in=[s.pk for s in base],
        ).select_related("statement")
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
                if shown is None or statement_is_public(shown, now=now):
                    row.stance = position.stance
                    row.position = position
                    row.statement = shown
            rows.append(row)
        result[issue.pk] = rows
    return result


def process_issues(*, process: Process) -> list[Issue]:
    """The issues of ``process`` in order, with the document each cites and the process."""
    return list(
        Issue.objects.filter(process=process)
        .select_related("cites", "cites__part_of", "process")
        .order_by("order", "title", "pk")
    )


def _regional_groups() -> list[RegionalGroup]:
    return list(RegionalGroup.objects.order_by("order", "name"))


def process_figures(
    *,
    process: Process,
    kinds: Sequence[str] = MEMBER_STATES,
    now: datetime.datetime | None = None,
) -> list[IssueFigures]:
    """The figures of every issue of ``process``, in order. Four queries."""
    issues = process_issues(process=process)
    rows = position_rows(process=process, issues=issues, kinds=kinds, now=now)
    groups = _regional_groups()
    return [
        _figures(issue=issue, kinds=kinds, rows=rows[issue.pk], groups=groups) for issue in issues
    ]


def issue_figures(
    *,
    issue: Issue,
    kinds: Sequence[str] = MEMBER_STATES,
    now: datetime.datetime | None = None,
    with_statements: bool = False,
) -> IssueFigures:
    """Counts of ``issue`` by stance, overall and by regional group, numbers and shares.

    The stakeholders of ``kinds`` that made a public statement at the issue's process are the
    base; those without a recorded (and public) stance count as "not stated". Each count holds
    its rows and the address of the list of its stakeholders. Three or four queries.
    """
    rows = position_rows(
        process=issue.process,
        issues=[issue],
        kinds=kinds,
        now=now,
        with_statements=with_statements,
    )[issue.pk]
    return _figures(issue=issue, kinds=kinds, rows=rows, groups=_regional_groups())


def rows_filter(
    rows: Iterable[PositionRow],
    *,
    stances: Sequence[str] = (),
    regional_group: str | None = None,
) -> list[PositionRow]:
    """The rows with one of ``stances`` (SUPPORTIVE stands for both supportive stances), in
    ``regional_group`` (a code, or NO_GROUP); no filter where empty."""
    wanted = {value for stance in stances for value in _stance_values(stance)}
    return [
        row
        for row in rows
        if (not wanted or row.stance in wanted)
        and (not regional_group or row.group_code == regional_group)
    ]


# --- the Chair's summary ----------------------------------------------------------------------
@dataclass
class Participants:
    """Stakeholders that made public statements: a category, a regional group or a theme."""

    key: str
    label: str
    stakeholders: list[Stakeholder]
    url: str

    @property
    def count(self) -> int:
        return len(self.stakeholders)


@dataclass
class ThemeFigure:
    theme: Theme
    stakeholders: list[Stakeholder]
    url: str

    @property
    def count(self) -> int:
        return len(self.stakeholders)


@dataclass
class SummaryFigures:
    process: Process
    member_states: Participants
    member_states_by_group: list[Participants]
    others: list[Participants]
    issues: list[IssueFigures]
    themes: list[ThemeFigure]

    @property
    def headline(self) -> IssueFigures | None:
        """The first issue: the one the summary leads with."""
        return self.issues[0] if self.issues else None

    @property
    def participant_count(self) -> int:
        return self.member_states.count + sum(p.count for p in self.others)


def participants_url(
    *,
    process: Process,
    kinds: Sequence[str] = (),
    regional_group: str | None = None,
    theme: str | None = None,
) -> str:
    params: list[tuple[str, str]] = []
    if not process.is_current:
        params.append(("process", process.slug))
    params.extend(("kind", kind) for kind in kinds)
    if regional_group:
        params.append(("regional_group", regional_group))
    if theme:
        params.append(("theme", theme))
    url = reverse("summary_participants")
    return f"{url}?{_query(params)}" if params else url


def _stakeholder_themes(*, process: Process, now: datetime.datetime) -> list[tuple[int, int]]:
    """(theme id, stakeholder id) pairs of the public statements of ``process``, distinct."""
    through = Statement.themes.through
    return list(
        through.objects.filter(
            statement__in=public_statements(process=process, now=now).values("pk")
        )
        .values_list("theme_id", "statement__stakeholder_id")
        .distinct()
    )


def summary_figures(*, process: Process, now: datetime.datetime | None = None) -> SummaryFigures:
    """The Chair's summary figures of ``process``: who made public statements, stances per issue.

    Member States that made statements (in all and by regional group), the other participants
    by category (observers, UN system entities, intergovernmental organizations, other bodies),
    each issue's shares among the Member States that made statements (support share =
    supportive / Member States that made statements), and the themes of the public statements
    ranked by the number of stakeholders that raised them, with who raised them. Seven queries.
    """
    now = now or timezone.now()
    everyone = list(_participants(process=process, kinds=None, now=now))
    by_id = {s.pk: s for s in everyone}
    states = [s for s in everyone if s.kind == StakeholderKind.MEMBER_STATE]
    groups = _regional_groups()
    member_states = Participants(
        key="member_states",
        label=str(_("Member States")),
        stakeholders=states,
        url=participants_url(process=process, kinds=MEMBER_STATES),
    )
    by_group = [
        Participants(
            key=group.code,
            label=group.name,
            stakeholders=[s for s in states if s.regional_group_id == group.pk],
            url=participants_url(process=process, kinds=MEMBER_STATES, regional_group=group.code),
        )
        for group in groups
    ]
    others = [
        Participants(
            key=key,
            label=str(label),
            stakeholders=[s for s in everyone if s.kind in kinds],
            url=participants_url(process=process, kinds=kinds),
        )
        for key, label, kinds in PARTICIPANT_CATEGORIES
    ]

    issues = process_issues(process=process)
    rows = position_rows(process=process, issues=issues, now=now)
    issue_figures_list = [
        _figures(issue=issue, kinds=MEMBER_STATES, rows=rows[issue.pk], groups=groups)
        for issue in issues
    ]

    raised: dict[int, list[Stakeholder]] = defaultdict(list)
    for theme_id, stakeholder_id in _stakeholder_themes(process=process, now=now):
        raised[theme_id].append(by_id[stakeholder_id])
    themes = Theme.objects.filter(pk__in=list(raised)).select_related("parent")
    theme_figures = [
        ThemeFigure(
            theme=theme,
            stakeholders=sorted(raised[theme.pk], key=lambda s: (s.name, s.pk)),
            url=participants_url(process=process, theme=theme.slug),
        )
        for theme in themes
    ]
    theme_figures.sort(key=lambda t: (-t.count, str(t.theme)))

    return SummaryFigures(
        process=process,
        member_states=member_states,
        member_states_by_group=by_group,
        others=others,
        issues=issue_figures_list,
        themes=theme_figures,
    )


def participants_list(
    *,
    process: Process,
    kinds: Sequence[str] = (),
    regional_group: str | None = None,
    theme: Theme | None = None,
    now: datetime.datetime | None = None,
) -> list[Stakeholder]:
    """Stakeholders that made public statements at ``process`` (of ``kinds``, in
    ``regional_group``, tagged with ``theme``), by name, each with ``public_statements`` (those
    on ``theme`` when given). A theme matches as tagged, children not included, as the summary
    counts it, so that the list behind a theme's number is exactly that many. Two queries."""
    now = now or timezone.now()
    statements = public_statements(process=process, now=now)
    if theme is not None:
        statements = statements.filter(themes=theme)
    stakeholders = Stakeholder.objects.filter(pk__in=statements.values("stakeholder_id"))
    if kinds:
        stakeholders = stakeholders.filter(kind__in=list(kinds))
    if regional_group == NO_GROUP:
        stakeholders = stakeholders.filter(regional_group__isnull=True)
    elif regional_group:
        stakeholders = stakeholders.filter(regional_group__code=regional_group)
    return list(
        stakeholders.select_related("regional_group")
        .prefetch_related(_statements_prefetch(statements))
        .order_by("name", "pk")
    )


# --- the delegate's and the Secretariat's pages -----------------------------------------------
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
    recorded. Two queries at most."""
    ids = stakeholder_ids(user)
    issue_count = Issue.objects.filter(process=process).count()
    recorded = (
        Position.objects.filter(issue__process=process, stakeholder_id__in=ids)
        .exclude(stance=Stance.NOT_STATED)
        .count()
        if ids and issue_count
        else 0
    )
    return {
        "positions_portal": {
            "issues": issue_count,
            "stakeholders": len(ids),
            "recorded": recorded,
            "to_record": issue_count * len(ids),
        }
    }


@dataclass
class PositionVersion:
    """One version of a position: who recorded it, when, and what it changed."""

    date: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    stance: str
    statement: Statement | None
    note: str
    previous: "PositionVersion | None" = None

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def stance_changed(self) -> bool:
        return self.previous is None or self.previous.stance != self.stance

    @property
    def statement_changed(self) -> bool:
        previous = self.previous.statement if self.previous else None
        return (previous.pk if previous else None) != (
            self.statement.pk if self.statement else None
        )

    @property
    def note_changed(self) -> bool:
        return (self.previous.note if self.previous else "") != self.note


def position_history(*, position: Position) -> list[PositionVersion]:
    """Every version of ``position``, newest first, each with its author, time and the version
    before it (to show "from what to what"). Two queries."""
    records = list(
        position.history.select_related("history_user").order_by("history_date", "history_id")
    )
    statements = Statement.objects.in_bulk(
        {r.statement_id for r in records if r.statement_id is not None}
    )
    versions: list[PositionVersion] = []
    previous = None
    for record in records:
        version = PositionVersion(
            date=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            stance=record.stance,
            statement=statements.get(record.statement_id),
            note=record.note,
            previous=previous,
        )
        versions.append(version)
        previous = version
    return list(reversed(versions))
