"""The Chair's summary: who made public statements, the issues' figures, the themes raised."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Process, Statement, Theme
from consultations.selectors.positions.figures import (
    IssueFigures,
    figures_from_rows,
    regional_groups,
)
from consultations.selectors.positions.links import participants_url
from consultations.selectors.positions.rows import (
    MEMBER_STATES,
    NO_GROUP,
    participants_queryset,
    position_rows,
    process_issues,
    public_statements,
    statements_prefetch,
)
from registry.choices import StakeholderKind
from registry.collation import collated
from registry.models import Stakeholder

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


def summary_figures(
    *, process: Process, now: datetime.datetime | None = None, root: bool | None = None
) -> SummaryFigures:
    """The Chair's summary figures of ``process``: who made public statements, stances per issue.

    Member States that made statements (in all and by regional group), the other participants
    by category (observers, UN system entities, intergovernmental organizations, other bodies),
    each issue's shares among the Member States that made statements (support share =
    supportive / Member States that made statements), and the themes of the public statements
    ranked by the number of stakeholders that raised them, with who raised them. Every figure
    links to its list (``root`` as participants_url takes it). Seven queries.
    """
    now = now or timezone.now()
    everyone = list(participants_queryset(process=process, kinds=None, now=now))
    by_id = {s.pk: s for s in everyone}
    states = [s for s in everyone if s.kind == StakeholderKind.MEMBER_STATE]
    groups = regional_groups()
    member_states = Participants(
        key="member_states",
        label=str(_("Member States")),
        stakeholders=states,
        url=participants_url(process=process, kinds=MEMBER_STATES, root=root),
    )
    by_group = [
        Participants(
            key=group.code,
            label=group.name,
            stakeholders=[s for s in states if s.regional_group_id == group.pk],
            url=participants_url(
                process=process, kinds=MEMBER_STATES, regional_group=group.code, root=root
            ),
        )
        for group in groups
    ]
    others = [
        Participants(
            key=key,
            label=str(label),
            stakeholders=[s for s in everyone if s.kind in kinds],
            url=participants_url(process=process, kinds=kinds, root=root),
        )
        for key, label, kinds in PARTICIPANT_CATEGORIES
    ]

    issues = process_issues(process=process)
    rows = position_rows(process=process, issues=issues, now=now)
    issue_figures_list = [
        figures_from_rows(
            issue=issue, kinds=MEMBER_STATES, rows=rows[issue.pk], groups=groups, root=root
        )
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
            url=participants_url(process=process, theme=theme.slug, root=root),
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
        .prefetch_related(statements_prefetch(statements))
        .order_by(collated("name"), "pk")
    )
