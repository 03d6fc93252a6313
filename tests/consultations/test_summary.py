"""The Chair's summary figures and the issue figures (consultations/selectors/positions.py).

``hld_world`` builds a small Dialogue whose figures are known by heart: nine Member States made
public statements, seven of them stated a position on the Forum and six of those support it
("about four in five" of those that stated one; 66.7% of the nine); around them, States whose
statements are not public (a draft, an embargo still running, a withdrawn one, another process)
and a stance whose statement is still embargoed, none of which may count.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from consultations.choices import Stance, StatementState
from consultations.selectors.positions import (
    issue_figures,
    participants_list,
    position_history,
    process_figures,
    share_in_words,
    summary_figures,
)
from registry.choices import StakeholderKind
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    RegionalGroupFactory,
    StakeholderFactory,
    StatementFactory,
    ThemeFactory,
)

# clock: hld_world() sets its embargo and the end of the process from today.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]

GROUPS = {
    "AFRICAN": ("African States", "African", 1),
    "ASIA_PACIFIC": ("Asia-Pacific States", "Asia-Pacific", 2),
    "EEG": ("Eastern European States", "Eastern European", 3),
    "GRULAC": ("Latin American and Caribbean States", "GRULAC", 4),
    "WEOG": ("Western European and other States", "WEOG", 5),
}
FUTURE = datetime.timedelta(days=30)


def regional_group(code: str):
    name, short_name, order = GROUPS[code]
    return RegionalGroupFactory(code=code, name=name, short_name=short_name, order=order)


_iso_counter = iter(range(10_000))


def state(name: str, code: str, *, iso3: str | None = None):
    slug = name.lower().replace(" ", "-")
    return MemberStateFactory(
        name=name, slug=slug, iso3=iso3 or name[:3].upper(), regional_group=regional_group(code)
    )


@dataclass
class World:
    process: object
    plenary: object
    forum: object  # the issue "Should a Global Forum follow the Dialogue?"
    host: object  # the issue "Belgium's offer to host the first meeting"
    states: dict
    others: dict
    statements: dict
    themes: dict


def hld_world(*, process=None) -> World:
    """Nine Member States with public statements, six supporting the Forum. Every stance is
    recorded as raw rows (the services are tested in test_positions_services)."""
    now = timezone.now()
    for code in GROUPS:
        regional_group(code)
    process = process or ProcessFactory(
        slug="hld",
        title="High-level Dialogue on International Migration and Development",
        short_title="HLD",
        is_current=True,
        end_date=timezone.localdate() + FUTURE,
        illustrative_note="Statements and positions here are illustrative.",
    )
    plenary = MeetingFactory(process=process, slug="plenary-1", title="Plenary 1")
    forum = IssueFactory(
        process=process,
        slug="forum",
        title="Should a Global Forum follow the Dialogue?",
        order=1,
    )
    host = IssueFactory(
        process=process, slug="host", title="Belgium's offer to host the first meeting", order=2
    )
    names = {
        "Ghana": ("AFRICAN", "GHA"),
        "Mali": ("AFRICAN", "MLI"),
        "Senegal": ("AFRICAN", "SEN"),
        "Austria": ("WEOG", "AUT"),
        "Belgium": ("WEOG", "BEL"),
        "Canada": ("WEOG", "CAN"),
        "Mexico": ("GRULAC", "MEX"),
        "Chile": ("GRULAC", "CHL"),
        "Philippines": ("ASIA_PACIFIC", "PHL"),
        # Not counted: a draft only, an embargo still running, withdrawn, another process.
        "Japan": ("ASIA_PACIFIC", "JPN"),
        "France": ("WEOG", "FRA"),
        "Spain": ("WEOG", "ESP"),
        "Italy": ("WEOG", "ITA"),
    }
    states = {name: state(name, code, iso3=iso3) for name, (code, iso3) in names.items()}
    others = {
        "Holy See": StakeholderFactory(
            name="Holy See", slug="holy-see", kind=StakeholderKind.OBSERVER_STATE, iso3="VAT"
        ),
        "European Union": StakeholderFactory(
            name="European Union", slug="eu", kind=StakeholderKind.REGIONAL_ORG
        ),
        "UNDP": StakeholderFactory(name="UNDP", slug="undp", kind=StakeholderKind.UN_ENTITY),
        "IOM": StakeholderFactory(
            name="International Organization for Migration", slug="iom", kind=StakeholderKind.IGO
        ),
        "SRSG": StakeholderFactory(
            name="Special Representative of the Secretary-General",
            slug="srsg",
            kind=StakeholderKind.INDIVIDUAL_OFFICE,
        ),
        "ILO": StakeholderFactory(name="ILO", slug="ilo", kind=StakeholderKind.UN_ENTITY),
    }
    remittances = ThemeFactory(slug="remittances", name="Remittances")
    trafficking = ThemeFactory(slug="trafficking", name="Trafficking and smuggling")
    root_causes = ThemeFactory(slug="root-causes", name="Root causes of migration")
    poverty = ThemeFactory(slug="poverty", name="Poverty", parent=root_causes)
    themes = {
        "remittances": remittances,
        "trafficking": trafficking,
        "root-causes": root_causes,
        "poverty": poverty,
    }

    def public(who, title, *, themes=(), meeting=plenary, **extra):
        return StatementFactory(
            stakeholder=who, meeting=meeting, title=title, published=True, themes=themes, **extra
        )

    statements = {}
    for name in ("Ghana", "Mali", "Senegal", "Austria", "Belgium", "Canada", "Mexico", "Chile"):
        statements[name] = public(states[name], f"Statement of {name}")
    statements["Philippines"] = public(
        states["Philippines"], "Statement of the Philippines", themes=[poverty]
    )
    statements["Ghana"].themes.set([remittances])
    statements["Ghana 2"] = public(
        states["Ghana"], "Second statement of Ghana", themes=[remittances]
    )
    statements["Mexico"].themes.set([remittances, trafficking])
    statements["Belgium"].themes.set([trafficking])
    statements["Chile embargoed"] = public(
        states["Chile"],
        "Chile on the Forum (check against delivery)",
        embargo_until=now + FUTURE,
        themes=[trafficking],
    )
    statements["Japan"] = StatementFactory(
        stakeholder=states["Japan"], meeting=plenary, title="Draft of Japan", themes=[remittances]
    )
    statements["France"] = public(
        states["France"],
        "Statement of France (check against delivery)",
        embargo_until=now + FUTURE,
        themes=[remittances],
    )
    statements["Spain"] = StatementFactory(
        stakeholder=states["Spain"],
        meeting=plenary,
        title="Withdrawn statement of Spain",
        state=StatementState.WITHDRAWN,
    )
    statements["Italy"] = public(
        states["Italy"],
        "Statement of Italy elsewhere",
        meeting=MeetingFactory(slug="elsewhere", title="Another process's meeting"),
        themes=[remittances],
    )
    for key in ("Holy See", "European Union", "UNDP", "SRSG"):
        statements[key] = public(others[key], f"Statement of {key}")
    statements["IOM"] = public(others["IOM"], "Statement of IOM", themes=[remittances])
    statements["ILO"] = StatementFactory(stakeholder=others["ILO"], meeting=plenary, title="ILO")

    stances = {
        "Ghana": (Stance.SUPPORTS, statements["Ghana"]),
        "Mali": (Stance.SUPPORTS_WITH_RESERVATIONS, None),
        "Austria": (Stance.SUPPORTS, statements["Austria"]),
        "Belgium": (Stance.SUPPORTS, statements["Belgium"]),
        "Canada": (Stance.OPPOSES, statements["Canada"]),
        "Mexico": (Stance.SUPPORTS, statements["Mexico"]),
        "Chile": (Stance.SUPPORTS, statements["Chile embargoed"]),  # not public yet
        "Philippines": (Stance.SUPPORTS, None),
        "Japan": (Stance.SUPPORTS, statements["Japan"]),
        "France": (Stance.OPPOSES, None),
    }
    for name, (stance, statement) in stances.items():
        PositionFactory(issue=forum, stakeholder=states[name], stance=stance, statement=statement)
    PositionFactory(issue=forum, stakeholder=states["Senegal"], stance=Stance.NOT_STATED)
    PositionFactory(
        issue=host,
        stakeholder=states["Belgium"],
        stance=Stance.SUPPORTS,
        statement=statements["Belgium"],
    )
    PositionFactory(issue=forum, stakeholder=others["IOM"], stance=Stance.SUPPORTS)
    return World(
        process=process,
        plenary=plenary,
        forum=forum,
        host=host,
        states=states,
        others=others,
        statements=statements,
        themes=themes,
    )


def names(stakeholders) -> list[str]:
    return [s.name for s in stakeholders]


def counts(figures) -> dict[str, int]:
    return {count.stance: count.count for count in figures.counts}


# --- share_in_words ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fraction", "words"),
    [
        (0, "none"),
        (0.03, "very few"),
        (0.1, "about one in ten"),
        (0.21, "about one in five"),
        (0.26, "about a quarter"),
        (1 / 3, "about a third"),
        (0.35, "about a third"),
        (0.42, "about two in five"),
        (0.5, "about half"),
        (0.52, "about half"),
        (0.6, "about three in five"),
        (6 / 9, "about two-thirds"),
        (85 / 127, "about two-thirds"),
        (0.7, "about two-thirds"),
        (0.74, "about three-quarters"),
        (0.81, "about four in five"),
        (0.9, "nearly all"),
        (0.99, "nearly all"),
        (1, "all"),
    ],
)
def test_share_in_words_says_a_share_the_way_the_chairs_summary_does(fraction, words):
    assert share_in_words(fraction) == words


@pytest.mark.parametrize("fraction", [-0.1, 1.01, None])
def test_share_in_words_refuses_what_is_not_a_share(fraction):
    with pytest.raises(ValueError, match="a share is between 0 and 1"):
        share_in_words(fraction)


# --- issue figures ----------------------------------------------------------------------------
def test_issue_figures_count_member_states_with_public_statements_by_stance():
    world = hld_world()

    figures = issue_figures(issue=world.forum)

    assert figures.total.count == 9
    assert names(figures.total.stakeholders) == [
        "Austria",
        "Belgium",
        "Canada",
        "Chile",
        "Ghana",
        "Mali",
        "Mexico",
        "Philippines",
        "Senegal",
    ]
    assert counts(figures) == {
        Stance.SUPPORTS: 5,
        Stance.SUPPORTS_WITH_RESERVATIONS: 1,
        Stance.NEUTRAL: 0,
        Stance.OPPOSES: 1,
        Stance.NOT_STATED: 2,
    }
    assert names(figures.count_of(Stance.SUPPORTS).stakeholders) == [
        "Austria",
        "Belgium",
        "Ghana",
        "Mexico",
        "Philippines",
    ]
    assert names(figures.supportive.stakeholders) == [
        "Austria",
        "Belgium",
        "Ghana",
        "Mali",
        "Mexico",
        "Philippines",
    ]
    assert figures.supportive.count == 6
    assert figures.supportive.percent == 66.7
    # The words go by the seven that stated a position, the percent by the nine that spoke.
    assert (figures.stated.count, figures.not_stated.count) == (7, 2)
    assert (figures.supportive.stated, figures.supportive.stated_percent) == (7, 85.7)
    assert figures.supportive.in_words == "about four in five"
    assert figures.count_of(Stance.OPPOSES).share == 1 / 9
    assert figures.count_of(Stance.OPPOSES).stated_share == 1 / 7
    assert figures.stated.url == (
        "/positions/forum/?stance=supports&stance=reservations&stance=neutral&stance=opposes"
    )
    assert (figures.not_stated.stated_share, figures.not_stated.in_words) == (
        None,
        "about one in five",  # "not stated" goes by all that spoke: 2 of 9
    )


def test_not_stated_counts_states_with_public_statements_and_no_public_stance():
    """Senegal recorded nothing; Chile's stance cites a statement still under embargo."""
    world = hld_world()

    not_stated = issue_figures(issue=world.forum).count_of(Stance.NOT_STATED)

    assert names(not_stated.stakeholders) == ["Chile", "Senegal"]
    assert not_stated.percent == 22.2
    host = issue_figures(issue=world.host)
    assert names(host.count_of(Stance.NOT_STATED).stakeholders) == [
        "Austria",
        "Canada",
        "Chile",
        "Ghana",
        "Mali",
        "Mexico",
        "Philippines",
        "Senegal",
    ]
    assert names(host.supportive.stakeholders) == ["Belgium"]
    # Belgium alone stated a position on its own offer: "all" of one, 11.1% of the nine.
    assert (host.stated.count, host.supportive.percent) == (1, 11.1)
    assert host.supportive.in_words == "all"


def test_a_stance_counts_once_its_statement_is_delivered():
    world = hld_world()
    later = timezone.now() + FUTURE + datetime.timedelta(minutes=1)

    figures = issue_figures(issue=world.forum, now=later)

    # Chile's embargoed statement is public now; so is France's, which makes France a
    # participant with its (statement-less) stance "opposes".
    assert figures.total.count == 10
    assert counts(figures)[Stance.SUPPORTS] == 6
    assert counts(figures)[Stance.OPPOSES] == 2
    assert names(figures.count_of(Stance.NOT_STATED).stakeholders) == ["Senegal"]


def test_issue_figures_by_regional_group_with_their_stakeholders_and_links():
    world = hld_world()

    figures = issue_figures(issue=world.forum)

    by_group = {
        group.code: {
            count.stance: names(count.stakeholders) for count in group.counts if count.count
        }
        for group in figures.groups
    }
    assert by_group == {
        "AFRICAN": {
            Stance.SUPPORTS: ["Ghana"],
            Stance.SUPPORTS_WITH_RESERVATIONS: ["Mali"],
            Stance.NOT_STATED: ["Senegal"],
        },
        "ASIA_PACIFIC": {Stance.SUPPORTS: ["Philippines"]},
        "EEG": {},
        "GRULAC": {Stance.SUPPORTS: ["Mexico"], Stance.NOT_STATED: ["Chile"]},
        "WEOG": {Stance.SUPPORTS: ["Austria", "Belgium"], Stance.OPPOSES: ["Canada"]},
    }
    weog = next(group for group in figures.groups if group.code == "WEOG")
    assert [(group.name, group.total.count) for group in figures.groups] == [
        ("African States", 3),
        ("Asia-Pacific States", 1),
        ("Eastern European States", 0),
        ("Latin American and Caribbean States", 2),
        ("Western European and other States", 3),
    ]
    supports = next(count for count in weog.counts if count.stance == Stance.SUPPORTS)
    assert supports.url == "/positions/forum/?stance=supports&regional_group=WEOG"
    assert supports.share == 2 / 3
    assert weog.supportive.url == "/positions/forum/?stance=supportive&regional_group=WEOG"
    assert figures.total.url == "/positions/forum/"
    assert figures.count_of(Stance.NOT_STATED).url == "/positions/forum/?stance=not_stated"


def test_issue_figures_of_other_kinds_of_stakeholders():
    world = hld_world()

    figures = issue_figures(issue=world.forum, kinds=(StakeholderKind.IGO,))

    assert names(figures.total.stakeholders) == ["International Organization for Migration"]
    assert counts(figures)[Stance.SUPPORTS] == 1
    assert [group.code for group in figures.groups if group.total.count] == ["none"]
    assert figures.supportive.url == "/positions/forum/?kind=igo&stance=supportive"


def test_links_of_a_process_that_is_not_the_current_one_name_it():
    world = hld_world()
    world.process.is_current = False
    world.process.save()

    figures = process_figures(process=world.process)

    assert figures[0].supportive.url == "/p/hld/positions/forum/?stance=supportive"


# --- summary figures --------------------------------------------------------------------------
def test_summary_figures_of_the_constructed_dialogue():
    world = hld_world()

    summary = summary_figures(process=world.process)

    assert summary.member_states.count == 9
    assert summary.member_states.url == "/summary/participants/?kind=member_state"
    assert [(g.label, g.count) for g in summary.member_states_by_group] == [
        ("African States", 3),
        ("Asia-Pacific States", 1),
        ("Eastern European States", 0),
        ("Latin American and Caribbean States", 2),
        ("Western European and other States", 3),
    ]
    assert summary.member_states_by_group[4].url == (
        "/summary/participants/?kind=member_state&regional_group=WEOG"
    )
    assert [(o.key, names(o.stakeholders)) for o in summary.others] == [
        ("observers", ["European Union", "Holy See"]),
        ("un_system", ["UNDP"]),
        ("igos", ["International Organization for Migration"]),
        ("others", ["Special Representative of the Secretary-General"]),
    ]
    assert summary.others[0].url == ("/summary/participants/?kind=observer_state&kind=regional_org")
    assert summary.participant_count == 14
    headline = summary.headline
    assert headline.issue == world.forum
    assert (headline.supportive.count, headline.total.count) == (6, 9)
    assert headline.supportive.in_words == "about four in five"
    assert headline.supportive.percent == 66.7
    assert [(f.issue.slug, f.supportive.count, f.supportive.percent) for f in summary.issues] == [
        ("forum", 6, 66.7),
        ("host", 1, 11.1),
    ]


def test_summary_ranks_themes_by_the_stakeholders_that_raised_them():
    world = hld_world()

    summary = summary_figures(process=world.process)

    assert [(str(t.theme), names(t.stakeholders)) for t in summary.themes] == [
        ("Remittances", ["Ghana", "International Organization for Migration", "Mexico"]),
        ("Trafficking and smuggling", ["Belgium", "Mexico"]),
        ("Root causes of migration: Poverty", ["Philippines"]),
    ]
    assert summary.themes[0].url == "/summary/participants/?theme=remittances"


def test_participants_list_filters_by_kind_group_and_theme_with_public_statements():
    world = hld_world()
    process = world.process

    weog = participants_list(process=process, kinds=["member_state"], regional_group="WEOG")
    on_root_causes = participants_list(process=process, theme=world.themes["root-causes"])
    on_poverty = participants_list(process=process, theme=world.themes["poverty"])
    on_remittances = participants_list(process=process, theme=world.themes["remittances"])

    assert names(weog) == ["Austria", "Belgium", "Canada"]
    assert names(on_root_causes) == []  # as the summary counts: the theme as tagged
    assert names(on_poverty) == ["Philippines"]
    assert names(on_remittances) == ["Ghana", "International Organization for Migration", "Mexico"]
    ghana = on_remittances[0]
    assert [s.title for s in ghana.public_statements] == [
        "Statement of Ghana",
        "Second statement of Ghana",
    ]


def test_summary_of_a_process_without_statements_is_all_zero():
    process = ProcessFactory(slug="empty", is_current=True)
    IssueFactory(process=process, slug="forum")

    summary = summary_figures(process=process)

    assert summary.member_states.count == 0
    assert summary.headline.total.count == 0
    assert summary.headline.supportive.share == 0.0
    assert summary.headline.supportive.in_words == "none"
    assert summary.themes == []


# --- history ----------------------------------------------------------------------------------
def test_position_history_gives_every_version_newest_first_with_the_one_before():
    world = hld_world()
    position = world.forum.positions.get(stakeholder=world.states["Canada"])
    position.stance = Stance.NEUTRAL
    position.note = "Softened in the round table."
    position.save()

    versions = position_history(position=position)

    assert [(v.stance, v.kind) for v in versions] == [
        (Stance.NEUTRAL, "~"),
        (Stance.OPPOSES, "+"),
    ]
    assert versions[0].previous is versions[1]
    assert (
        versions[0].stance_changed,
        versions[0].statement_changed,
        versions[0].note_changed,
    ) == (
        True,
        False,
        True,
    )
    assert versions[1].statement.title == "Statement of Canada"
