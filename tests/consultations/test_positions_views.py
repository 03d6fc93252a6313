"""The pages of issues and positions that need an account (consultations/views/positions.py): the
delegate's positions and the Secretariat's record; and the query counts of every positions page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.choices import Stance
from consultations.models import Position
from consultations.selectors.positions import portal_context
from consultations.services.positions import position_record
from registry.choices import StakeholderKind
from tests.consultations.positions_helpers import NOTE, main, text
from tests.consultations.test_summary import regional_group
from tests.factories import (
    DelegationFactory,
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    StatementFactory,
    ThemeFactory,
)

# clock: dialogue ends the process 30 days from today.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


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
    DelegationFactory(process=process, stakeholder=state_a)
    DelegationFactory(process=process, stakeholder=state_b)
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
