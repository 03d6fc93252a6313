"""Pages of issues and positions (consultations/views/positions.py): public figures, the
Chair's summary, exports, the delegate's positions and the Secretariat's record."""

import csv
import datetime
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from consultations.choices import Stance
from consultations.models import Position
from consultations.selectors.positions import portal_context
from consultations.services.positions import position_record
from registry.choices import StakeholderKind
from tests.consultations.test_summary import hld_world, regional_group
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    StatementFactory,
    ThemeFactory,
)

# clock: hld_world() and dialogue set embargoes and the end of the process from today.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOTE = "Statements and positions here are illustrative."


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def listed(response) -> list[str]:
    return [row.stakeholder.name for row in response.context["rows"]]


def hrefs(response) -> list[str]:
    return [
        h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', response.content.decode())
    ]


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


# --- /positions/ ------------------------------------------------------------------------------
def test_positions_page_shows_each_issue_with_counts_by_stance_and_group(client):
    hld_world()

    response = client.get("/positions/")

    assert response.status_code == 200
    page = text(response)
    assert NOTE in page
    assert "Should a Global Forum follow the Dialogue?" in page
    assert (
        "Of the 9 Member States that made statements, about two-thirds (66.7%) expressed support."
        in page
    )
    table = main(response).split('id="counts-forum"', 1)[1].split("</table>", 1)[0]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]
    assert rows == [
        "Regional group Supports Supports with reservations Neutral Opposes Not stated "
        "Support in all Total",
        "African States 1 1 0 0 1 2 3",
        "Asia-Pacific States 1 0 0 0 0 1 1",
        "Eastern European States 0 0 0 0 0 0 0",
        "Latin American and Caribbean States 1 0 0 0 1 1 2",
        "Western European and other States 2 0 0 1 0 2 3",
        "All 5 55.6% 1 11.1% 0 0% 1 11.1% 2 22.2% 6 66.7% 9",
    ]
    assert "/positions/forum/?stance=supports&regional_group=WEOG" in hrefs(response)


def test_positions_chart_is_svg_without_style_attributes_or_inline_script(client):
    hld_world()

    response = client.get("/positions/")

    html = response.content.decode()
    assert "style=" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/bootstrap/js/bootstrap.bundle.min.js">'
    ]
    svg = main(response).split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'aria-labelledby="chart-title-' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert desc == (
        "Supports: 5 (55.6%). Supports with reservations: 1 (11.1%). Neutral: 0 (0%). "
        "Opposes: 1 (11.1%). Not stated: 2 (22.2%). "
        "African States, 3; Supports 1; Supports with reservations 1; Not stated 1. "
        "Asia-Pacific States, 1; Supports 1. Eastern European States, 0. "
        "Latin American and Caribbean States, 2; Supports 1; Not stated 1. "
        "Western European and other States, 3; Supports 2; Opposes 1. "
    )
    assert ">GRULAC</text>" in svg
    # The "supports" bar of WEOG is two-thirds of the 300-pixel bar.
    assert (
        '<a href="/positions/forum/?stance=supports&amp;regional_group=WEOG">'
        '<rect x="200.0" y="280" width="200.0" height="18" fill="#1a7f37">'
    ) in svg


def test_every_number_links_to_exactly_the_stakeholders_behind_it(client):
    hld_world()
    figures = client.get("/positions/").context["issues"][0][0]
    numbers = [figures.total, *figures.counts, figures.supportive]
    for group in figures.groups:
        numbers += [group.total, *group.counts, group.supportive]

    for number in numbers:
        response = client.get(number.url)
        assert response.status_code == 200
        assert listed(response) == [s.name for s in number.stakeholders], number.url
        assert f"{number.count} stakeholder" in text(response)


def test_position_list_shows_states_with_their_statement_links(client):
    world = hld_world()

    response = client.get(
        "/positions/forum/", {"stance": "supportive", "regional_group": "AFRICAN"}
    )

    assert listed(response) == ["Ghana", "Mali"]
    links = hrefs(response)
    ghana = world.statements["Ghana"]
    # Ghana's stance is shown in its statement; Mali's cites none: its public statements show.
    assert f"/statements/{ghana.pk}/" in links
    assert f"/statements/{world.statements['Ghana 2'].pk}/" not in links
    assert f"/statements/{world.statements['Mali'].pk}/" in links
    assert "2 stakeholders · Support (with or without reservations) · African States" in text(
        response
    )
    assert NOTE in text(response)


def test_position_list_never_links_a_statement_under_embargo(client):
    world = hld_world()

    response = client.get("/positions/forum/", {"stance": "not_stated"})

    assert listed(response) == ["Chile", "Senegal"]
    assert f"/statements/{world.statements['Chile embargoed'].pk}/" not in hrefs(response)
    assert f"/statements/{world.statements['Chile'].pk}/" in hrefs(response)
    assert "check against delivery" not in text(response)


def test_position_list_of_an_unknown_issue_or_process_is_404(client):
    hld_world()

    assert client.get("/positions/no-such-issue/").status_code == 404
    assert client.get("/positions/forum/", {"process": "no-such"}).status_code == 404


def test_another_process_is_picked_with_the_process_parameter(client):
    world = hld_world()
    later = ProcessFactory(slug="gfmd", title="Global Forum 2007", is_current=False)
    IssueFactory(process=later, slug="forum", title="Should the Forum meet every year?")

    current = client.get("/positions/forum/")
    other = client.get("/positions/forum/", {"process": "gfmd"})

    assert current.context["issue"] == world.forum
    assert other.context["issue"].title == "Should the Forum meet every year?"
    assert listed(other) == []


# --- /summary/ --------------------------------------------------------------------------------
def test_summary_page_says_the_figures_in_numbers_and_words(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 15, 0, tzinfo=datetime.UTC), tick=False)
    hld_world()

    response = client.get("/summary/")

    page = text(response)
    assert NOTE in page
    assert (
        "9 Member States made statements at the HLD. About two-thirds (66.7%, 6 of 9) expressed "
        "support : Should a Global Forum follow the Dialogue?"
    ) in page
    assert (
        "Regional group Member States African States 3 Asia-Pacific States 1 "
        "Eastern European States 0 Latin American and Caribbean States 2 "
        "Western European and other States 3 All 9"
    ) in page
    assert (
        "Observers: 2 (European Union, Holy See) UN system entities: 1 (UNDP) "
        "Intergovernmental organizations: 1 (International Organization for Migration) "
        "Other bodies: 1 (Special Representative of the Secretary-General)"
    ) in page
    assert "About one in ten (11.1%, 1 of 9) expressed support." in page
    assert "Figures as of 10 November 2026, 15:00 UTC: public statements only" in page
    assert (
        "Remittances 3 Ghana, International Organization for Migration, Mexico "
        "Trafficking and smuggling 2 Belgium, Mexico "
        "Root causes of migration: Poverty 1 Philippines"
    ) in page
    assert "style=" not in response.content.decode()


def test_summary_links_list_exactly_who_is_counted(client):
    hld_world()
    response = client.get("/summary/")
    links = hrefs(response)
    assert "/summary/participants/?kind=member_state" in links
    assert "/positions/forum/?stance=supportive" in links

    states = client.get("/summary/participants/", {"kind": "member_state"})
    weog = client.get("/summary/participants/", {"kind": "member_state", "regional_group": "WEOG"})
    observers = client.get("/summary/participants/", {"kind": ["observer_state", "regional_org"]})
    remittances = client.get("/summary/participants/", {"theme": "remittances"})
    supportive = client.get("/positions/forum/", {"stance": "supportive"})

    def names(r):
        return [s.name for s in r.context["stakeholders"]]

    assert names(states) == [
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
    assert names(weog) == ["Austria", "Belgium", "Canada"]
    assert names(observers) == ["European Union", "Holy See"]
    assert names(remittances) == ["Ghana", "International Organization for Migration", "Mexico"]
    assert listed(supportive) == ["Austria", "Belgium", "Ghana", "Mali", "Mexico", "Philippines"]
    assert NOTE in text(states)


def test_every_number_of_the_summary_links_to_exactly_the_stakeholders_behind_it(client):
    hld_world()
    summary = client.get("/summary/").context["summary"]
    numbers = [summary.member_states, *summary.member_states_by_group, *summary.others]
    numbers += summary.themes

    for number in numbers:
        response = client.get(number.url)
        assert [s.name for s in response.context["stakeholders"]] == [
            s.name for s in number.stakeholders
        ], number.url
    for figures in summary.issues:
        for count in [figures.total, figures.supportive, *figures.counts]:
            assert listed(client.get(count.url)) == [s.name for s in count.stakeholders]


def test_participants_of_an_unknown_theme_is_404(client):
    hld_world()

    assert client.get("/summary/participants/", {"theme": "no-such-theme"}).status_code == 404


# --- exports ----------------------------------------------------------------------------------
def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_positions_csv_has_every_counted_position_of_the_process(client):
    world = hld_world()

    response = client.get("/positions.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="positions-hld.csv"'
    rows = csv_rows(response)
    assert rows[0] == [
        "issue",
        "question",
        "stakeholder",
        "iso3",
        "regional_group",
        "stance",
        "stance_label",
        "statement_url",
        "updated",
    ]
    assert len(rows) == 1 + 9 + 9
    ghana = next(r for r in rows if r[0] == "forum" and r[2] == "Ghana")
    updated = world.forum.positions.get(stakeholder__name="Ghana").updated
    assert ghana == [
        "forum",
        "Should a Global Forum follow the Dialogue?",
        "Ghana",
        "GHA",
        "AFRICAN",
        "supports",
        "Supports",
        f"http://testserver/statements/{world.statements['Ghana'].pk}/",
        updated.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
    ]
    chile = next(r for r in rows if r[0] == "forum" and r[2] == "Chile")
    assert chile[5:] == ["not_stated", "Not stated", "", ""]


def test_positions_csv_applies_the_filters(client):
    hld_world()

    response = client.get(
        "/positions.csv", {"issue": "forum", "stance": "supportive", "regional_group": "WEOG"}
    )

    assert [r[:6] for r in csv_rows(response)[1:]] == [
        [
            "forum",
            "Should a Global Forum follow the Dialogue?",
            "Austria",
            "AUT",
            "WEOG",
            "supports",
        ],
        [
            "forum",
            "Should a Global Forum follow the Dialogue?",
            "Belgium",
            "BEL",
            "WEOG",
            "supports",
        ],
    ]


def test_positions_xlsx_gives_the_same_rows_as_the_csv(client):
    hld_world()
    params = {"stance": ["opposes", "reservations"]}

    response = client.get("/positions.xlsx", params)
    csv_response = client.get("/positions.csv", params)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == csv_rows(csv_response)
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [
        ("forum", "Canada", "opposes"),
        ("forum", "Mali", "reservations"),
    ]


def test_exports_refuse_unknown_filter_values(client):
    hld_world()

    assert client.get("/positions.csv", {"stance": "abstains"}).status_code == 400
    assert client.get("/positions.xlsx", {"issue": "no-such"}).status_code == 400
    assert client.get("/positions.csv", {"process": "no-such"}).status_code == 404


def test_list_page_links_the_exports_with_its_filters(client):
    hld_world()

    response = client.get("/positions/forum/", {"stance": "supports", "regional_group": "WEOG"})

    export = next(h for h in hrefs(response) if h.startswith("/positions.csv"))
    assert parse_qsl(urlsplit(export).query) == [
        ("issue", "forum"),
        ("stance", "supports"),
        ("regional_group", "WEOG"),
    ]


# --- delegates --------------------------------------------------------------------------------
@pytest.fixture
def dialogue(state_a, state_b):
    process = ProcessFactory(
        slug="hld",
        title="High-level Dialogue",
        is_current=True,
        end_date=timezone.localdate() + datetime.timedelta(days=30),
        illustrative_note=NOTE,
    )
    plenary = MeetingFactory(process=process, title="Plenary 1")
    forum = IssueFactory(process=process, slug="forum", title="Should a Forum follow?", order=1)
    a = StatementFactory(meeting=plenary, stakeholder=state_a, title="Statement of A")
    b = StatementFactory(meeting=plenary, stakeholder=state_b, title="Statement of B")
    return process, forum, a, b


def test_delegate_sees_a_form_per_issue_for_their_own_stakeholder_only(
    client, delegate_a, dialogue
):
    _process, forum, a, b = dialogue
    PositionFactory(issue=forum, stakeholder=b.stakeholder, stance=Stance.OPPOSES, note="B's")
    client.force_login(delegate_a)

    response = client.get("/delegate/positions/")

    assert response.status_code == 200
    assert [
        (row.stakeholder.name, row.issue.slug) for row, _form in response.context["entries"]
    ] == [("State A", "forum")]
    html = main(response)
    assert "Statement of A" in html
    assert "Statement of B" not in html
    assert "B's" not in html
    assert NOTE in text(response)
    assert f'action="/delegate/positions/{forum.pk}/{a.stakeholder.pk}/"' in html


def test_delegate_records_their_position_through_the_form(client, delegate_a, dialogue):
    _process, forum, a, _b = dialogue
    client.force_login(delegate_a)
    prefix = f"p{forum.pk}-{a.stakeholder.pk}"

    response = client.post(
        f"/delegate/positions/{forum.pk}/{a.stakeholder.pk}/",
        {f"{prefix}-stance": "supports", f"{prefix}-statement": a.pk, f"{prefix}-note": "Para. 3"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/delegate/positions/"
    position = Position.objects.get(issue=forum, stakeholder=a.stakeholder)
    assert (position.stance, position.statement, position.note, position.recorded_by) == (
        Stance.SUPPORTS,
        a,
        "Para. 3",
        delegate_a,
    )
    assert position.history.get().history_user == delegate_a


def test_delegate_of_a_cannot_see_or_change_bs_position(client, delegate_a, dialogue, state_b):
    _process, forum, a, b = dialogue
    PositionFactory(issue=forum, stakeholder=state_b, stance=Stance.OPPOSES)
    client.force_login(delegate_a)
    url = f"/delegate/positions/{forum.pk}/{state_b.pk}/"
    prefix = f"p{forum.pk}-{state_b.pk}"

    assert client.get(url).status_code == 404
    assert client.post(url, {f"{prefix}-stance": "supports"}).status_code == 404
    assert (
        client.post(url, {f"{prefix}-stance": "supports", f"{prefix}-statement": b.pk}).status_code
        == 404
    )
    assert client.get("/secretariat/positions/").status_code == 403
    assert client.get(f"/secretariat/positions/{forum.pk}/").status_code == 403
    assert client.get(f"/secretariat/positions/{forum.pk}/{state_b.pk}/").status_code == 403
    assert client.post(f"/secretariat/positions/{forum.pk}/{state_b.pk}/", {}).status_code == 403
    assert Position.objects.get(issue=forum, stakeholder=state_b).stance == Stance.OPPOSES
    assert Position.objects.filter(stakeholder=a.stakeholder).count() == 0


def test_delegate_cannot_point_their_position_to_bs_statement(client, delegate_a, dialogue):
    _process, forum, a, b = dialogue
    client.force_login(delegate_a)
    prefix = f"p{forum.pk}-{a.stakeholder.pk}"

    response = client.post(
        f"/delegate/positions/{forum.pk}/{a.stakeholder.pk}/",
        {f"{prefix}-stance": "supports", f"{prefix}-statement": b.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "statement": [f"Select a valid choice. {b.pk} is not one of the available choices."]
    }
    assert not Position.objects.exists()


def test_delegate_sees_the_history_of_their_own_position(
    client, delegate_a, secretariat_user, dialogue
):
    _process, forum, a, _b = dialogue
    position_record(actor=delegate_a, issue=forum, stakeholder=a.stakeholder, stance="supports")
    position_record(
        actor=secretariat_user,
        issue=forum,
        stakeholder=a.stakeholder,
        stance="neutral",
        statement=a,
    )
    client.force_login(delegate_a)

    response = client.get(f"/delegate/positions/{forum.pk}/{a.stakeholder.pk}/")

    history = main(response).split('id="history-rows"', 1)[1].split("</table>", 1)[0]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", history, re.S)
    ][1:]
    assert [row.split(" ", 5)[5] for row in rows] == [
        "secretariat@example.org Supports → Neutral none → Statement of A unchanged",
        "a@example.org Supports none —",
    ]


def test_after_the_end_date_delegates_see_positions_closed(client, delegate_a, dialogue):
    process, forum, a, _b = dialogue
    process.end_date = timezone.localdate() - datetime.timedelta(days=1)
    process.save()
    client.force_login(delegate_a)
    prefix = f"p{forum.pk}-{a.stakeholder.pk}"

    page = client.get("/delegate/positions/")
    response = client.post(
        f"/delegate/positions/{forum.pk}/{a.stakeholder.pk}/", {f"{prefix}-stance": "supports"}
    )

    assert "Positions on this process closed with its end on" in text(page)
    assert f"{prefix}-form" not in page.content.decode()
    assert response.status_code == 200
    assert (
        response.context["form"]
        .non_field_errors()[0]
        .startswith("Positions on this process closed with its end on")
    )
    assert not Position.objects.exists()


def test_portal_context_counts_the_stances_recorded_for_the_delegates_stakeholders(
    delegate_a, dialogue, state_a, state_b
):
    process, forum, _a, _b = dialogue
    IssueFactory(process=process, slug="host", order=2)
    PositionFactory(issue=forum, stakeholder=state_a, stance=Stance.SUPPORTS)
    PositionFactory(issue=forum, stakeholder=state_b, stance=Stance.SUPPORTS)

    context = portal_context(user=delegate_a, process=process)

    assert context == {
        "positions_portal": {"issues": 2, "stakeholders": 1, "recorded": 1, "to_record": 2}
    }


def test_portal_card_links_the_delegates_positions(client, delegate_a, dialogue):
    from django.template.loader import render_to_string

    html = render_to_string(
        "consultations/positions/_portal.html",
        {"positions_portal": {"recorded": 1, "to_record": 2}},
    )

    assert "1 of 2 stances recorded" in html
    assert 'href="/delegate/positions/"' in html


# --- Secretariat ------------------------------------------------------------------------------
def test_secretariat_picks_an_issue_then_sees_member_states_with_their_stances(
    client, secretariat_user, dialogue, state_a, state_b
):
    _process, forum, _a, _b = dialogue
    PositionFactory(issue=forum, stakeholder=state_b, stance=Stance.OPPOSES)
    client.force_login(secretariat_user)

    index = client.get("/secretariat/positions/")
    table = client.get(f"/secretariat/positions/{forum.pk}/")

    assert f'href="/secretariat/positions/{forum.pk}/"' in main(index)
    assert NOTE in text(index)
    assert [
        (row.stakeholder.name, row.stance, [s.title for s in row.statements])
        for row, _form in table.context["entries"]
    ] == [("State A", "not_stated", ["Statement of A"]), ("State B", "opposes", ["Statement of B"])]
    assert NOTE in text(table)
    assert "style=" not in table.content.decode()


def test_secretariat_corrects_a_position_and_its_history_shows_both_versions(
    client, delegate_a, secretariat_user, dialogue, state_a
):
    _process, forum, a, _b = dialogue
    position_record(
        actor=delegate_a, issue=forum, stakeholder=state_a, stance="supports", statement=a
    )
    client.force_login(secretariat_user)
    prefix = f"p{forum.pk}-{state_a.pk}"

    response = client.post(
        f"/secretariat/positions/{forum.pk}/{state_a.pk}/?regional_group=WEOG",
        {
            f"{prefix}-stance": "reservations",
            f"{prefix}-statement": a.pk,
            f"{prefix}-note": "As delivered",
        },
    )
    page = client.get(f"/secretariat/positions/{forum.pk}/{state_a.pk}/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/secretariat/positions/{forum.pk}/?regional_group=WEOG#row-{state_a.pk}"
    )
    versions = page.context["history"]
    assert [
        (v.user.email, v.stance, v.previous.stance if v.previous else None) for v in versions
    ] == [
        ("secretariat@example.org", "reservations", "supports"),
        ("a@example.org", "supports", None),
    ]
    assert versions[0].date >= versions[1].date
    assert "Supports → Supports with reservations" in text(page)
    assert NOTE in text(page)


def test_secretariat_records_an_observers_position_after_the_end(
    client, secretariat_user, dialogue
):
    process, forum, _a, _b = dialogue
    process.end_date = timezone.localdate() - datetime.timedelta(days=1)
    process.save()
    observer = MemberStateFactory(
        name="Holy See",
        slug="holy-see",
        kind=StakeholderKind.OBSERVER_STATE,
        iso3="VAT",
        regional_group=None,
        admission_date=None,
    )
    client.force_login(secretariat_user)
    prefix = f"p{forum.pk}-{observer.pk}"

    table = client.get(f"/secretariat/positions/{forum.pk}/", {"kind": "observer_state"})
    response = client.post(
        f"/secretariat/positions/{forum.pk}/{observer.pk}/?kind=observer_state",
        {f"{prefix}-stance": "neutral"},
    )

    assert [row.stakeholder.name for row, _f in table.context["entries"]] == ["Holy See"]
    assert response["Location"] == (
        f"/secretariat/positions/{forum.pk}/?kind=observer_state#row-{observer.pk}"
    )
    assert Position.objects.get(stakeholder=observer).recorded_by == secretariat_user


def test_dashboard_card_shows_to_the_secretariat_only(client, secretariat_user, delegate_a):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from registry.permissions import is_secretariat  # noqa: F401 (rules loaded)

    request = RequestFactory().get("/")

    def render(user):
        from django.contrib.auth.context_processors import PermWrapper

        return render_to_string(
            "consultations/positions/_dashboard.html",
            {"perms": PermWrapper(user)},
            request=request,
        )

    assert '<div class="col-md-6">' in render(secretariat_user)
    assert 'href="/secretariat/positions/"' in render(secretariat_user)
    assert render(delegate_a).strip() == ""


# --- query counts -----------------------------------------------------------------------------
def world_of(size: int):
    """A process with ``size`` Member States per regional group, each with a public statement,
    a theme and a stance on each of two issues."""
    process = ProcessFactory(slug=f"p{size}", is_current=True, illustrative_note=NOTE)
    plenary = MeetingFactory(process=process)
    issues = [IssueFactory(process=process, slug=f"issue-{i}", order=i) for i in range(2)]
    theme = ThemeFactory()
    stances = list(Stance.values)
    for code in ("AFRICAN", "WEOG", "GRULAC"):
        regional_group(code)
        for i in range(size):
            member = MemberStateFactory(regional_group=regional_group(code))
            statement = StatementFactory(
                stakeholder=member, meeting=plenary, published=True, themes=[theme]
            )
            for n, issue in enumerate(issues):
                PositionFactory(
                    issue=issue,
                    stakeholder=member,
                    stance=stances[(i + n) % len(stances)],
                    statement=statement if i % 2 else None,
                )
    return process


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/positions/", None),
        ("/positions/issue-0/", None),
        ("/positions/issue-0/", {"stance": "supportive", "regional_group": "WEOG"}),
        ("/summary/", None),
        ("/summary/participants/", {"kind": "member_state"}),
        ("/positions.csv", None),
        ("/positions.xlsx", None),
    ],
)
def test_public_pages_run_the_same_queries_at_two_sizes(client, url, params):
    process = world_of(2)
    small = queries(client, url, params)
    process.is_current = False
    process.save()
    world_of(8)

    assert queries(client, url, params) == small


def test_secretariat_and_delegate_pages_run_the_same_queries_at_two_sizes(
    client, secretariat_user, delegate_a, state_a
):
    process = world_of(2)
    client.force_login(secretariat_user)
    small = [
        queries(client, "/secretariat/positions/"),
        queries(client, f"/secretariat/positions/{process.issues.first().pk}/"),
    ]
    process.is_current = False
    process.save()
    big = world_of(8)

    assert [
        queries(client, "/secretariat/positions/"),
        queries(client, f"/secretariat/positions/{big.issues.first().pk}/"),
    ] == small

    client.force_login(delegate_a)
    StatementFactory(stakeholder=state_a, meeting=big.meetings.first())
    one = queries(client, "/delegate/positions/")
    IssueFactory(process=big, slug="issue-9", order=9)
    StatementFactory(stakeholder=state_a, meeting=big.meetings.first())
    assert queries(client, "/delegate/positions/") == one
