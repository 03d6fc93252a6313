"""Several processes, each its own space: the public pages and feeds of each process at
``/p/<slug>/``, the root addresses for the process marked current, and the links between them."""

import datetime
import json

import pytest
from django.urls import reverse

from consultations.choices import Stance
from consultations.models import Process
from tests.factories import (
    DelegationFactory,
    IssueFactory,
    MeetingFactory,
    PositionFactory,
    ProcessFactory,
    StatementFactory,
)

UTC = datetime.UTC
FROZEN = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def two(db, state_a, state_b):
    """The 2006 Dialogue (current) and the 2007 Forum, each with a meeting, a published
    statement of State A, an issue with its position, and the delegations of States A and B."""
    dialogue = ProcessFactory(
        slug="hld-2006",
        title="High-level Dialogue 2006",
        is_current=True,
        start_date=datetime.date(2006, 6, 8),
        end_date=datetime.date(2006, 9, 15),
    )
    forum = ProcessFactory(
        slug="gfmd-2007",
        title="Global Forum 2007",
        start_date=datetime.date(2007, 7, 9),
        end_date=datetime.date(2007, 7, 11),
    )
    for process, year, start in (
        (dialogue, 2006, datetime.datetime(2006, 9, 14, 14, tzinfo=UTC)),
        (forum, 2007, datetime.datetime(2007, 7, 10, 7, tzinfo=UTC)),
    ):
        meeting = MeetingFactory(
            process=process,
            slug=f"plenary-{year}",
            title=f"Plenary {year}",
            start=start,
            end=start + datetime.timedelta(hours=3),
        )
        statement = StatementFactory(
            meeting=meeting, stakeholder=state_a, title=f"Statement {year}", published=True
        )
        issue = IssueFactory(process=process, slug=f"issue-{year}", title=f"Question {year}?")
        PositionFactory(
            issue=issue, stakeholder=state_a, stance=Stance.SUPPORTS, statement=statement
        )
        DelegationFactory(process=process, stakeholder=state_a)
    DelegationFactory(process=forum, stakeholder=state_b)
    return dialogue, forum


def markers(content: str) -> list[str]:
    """Which of the two processes' meetings, statements and issues a page shows."""
    names = [f"{kind} {year}" for year in (2006, 2007) for kind in ("Plenary", "Statement")]
    names += ["Question 2006?", "Question 2007?"]
    return [name for name in names if name in content]


# Every public page of a process, and what of its own process it shows (never the other's).
PAGES = {
    "programme": ["Plenary {y}"],
    "programme_ics": ["Plenary {y}"],
    "programme_json": ["Plenary {y}"],
    "statements": ["Plenary {y}", "Statement {y}"],
    "statements_csv": ["Plenary {y}", "Statement {y}"],
    "positions": ["Question {y}?"],
    "positions_csv": ["Question {y}?"],
    "summary": ["Question {y}?"],
    "summary_participants": ["Plenary {y}", "Statement {y}"],
}


def page_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("role", ["public", "delegate", "secretariat"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_reader_sees_only_the_process_of_the_address(
    client, two, role, name, delegate_a, secretariat_user
):
    if role == "delegate":
        client.force_login(delegate_a)
    elif role == "secretariat":
        client.force_login(secretariat_user)

    shown = {
        process.slug: markers(page_text(client.get(reverse(f"p:{name}", args=[process.slug]))))
        for process in two
    }

    assert shown == {
        "hld-2006": [m.format(y=2006) for m in PAGES[name]],
        "gfmd-2007": [m.format(y=2007) for m in PAGES[name]],
    }


def test_an_issue_page_shows_its_process_issue_and_another_process_issue_is_a_404(client, two):
    own = client.get("/p/gfmd-2007/positions/issue-2007/")
    other = client.get("/p/gfmd-2007/positions/issue-2006/")

    assert own.context["issue"].title == "Question 2007?"
    assert markers(own.content.decode()) == ["Statement 2007", "Question 2007?"]
    assert other.status_code == 404


@pytest.mark.parametrize(
    "path", ["/p/no-such/programme/", "/p/no-such/programme.ics", "/p/no-such/statements/"]
)
def test_an_unknown_process_is_a_404(client, two, path):
    assert client.get(path).status_code == 404


def test_the_root_addresses_show_the_current_process_and_follow_it(client, two):
    dialogue, forum = two
    before = client.get("/programme/").context["process"]
    Process.objects.filter(pk=dialogue.pk).update(is_current=False)
    Process.objects.filter(pk=forum.pk).update(is_current=True)
    after = client.get("/programme/").context["process"]

    assert (before, after) == (dialogue, forum)
    assert markers(client.get("/positions/").content.decode()) == ["Question 2007?"]


@pytest.mark.clock
@pytest.mark.parametrize(
    "path",
    [
        "/p/hld-2006/programme.ics",
        "/p/hld-2006/programme.json",
        "/p/gfmd-2007/programme.ics",
        "/p/gfmd-2007/programme.json",
        "/programme.ics",
    ],
)
def test_feeds_do_not_change_when_another_process_becomes_current(client, two, path, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    dialogue, forum = two
    before = client.get(path).content
    dialogue.is_current = False
    dialogue.save()
    forum.is_current = True
    forum.save()
    after = client.get(path).content

    assert after == before
    assert b"Plenary 20" in before


@pytest.mark.clock
def test_the_bare_calendar_carries_every_process_meetings(client, two, time_machine):
    time_machine.move_to(FROZEN, tick=False)

    body = client.get("/programme.ics").content.decode()

    assert [line for line in body.splitlines() if line.startswith(("SUMMARY", "UID"))] == [
        "SUMMARY:Plenary 2006",
        f"UID:{two[0].meetings.get().slug}@testserver",
        "SUMMARY:Plenary 2007",
        f"UID:{two[1].meetings.get().slug}@testserver",
    ]
    assert "X-WR-CALNAME:Programme of every process" in body
    # A process's own calendar, and the old address with ?process=, carry that process only.
    assert "Plenary 2006" not in client.get("/p/gfmd-2007/programme.ics").content.decode()
    assert "Plenary 2006" not in client.get("/programme.ics?process=gfmd-2007").content.decode()


def test_the_programme_json_names_the_process_stable_address(client, two):
    data = json.loads(client.get("/p/gfmd-2007/programme.json").content)

    assert data["process"]["url"] == "http://testserver/p/gfmd-2007/programme/"
    assert [m["slug"] for m in data["meetings"]] == ["plenary-2007"]


def nav(content: str) -> list[str]:
    main = content.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    return [
        chunk.split('"', 1)[0]
        for chunk in main.split('href="')[1:]
        if not chunk.startswith(("/registry", "/accounts", "/delegate", "/secretariat", "/admin"))
    ]


def test_on_a_process_page_the_main_links_stay_in_that_process(client, two):
    forum_page = client.get("/p/gfmd-2007/positions/").content.decode()
    current_page = client.get("/p/hld-2006/summary/").content.decode()
    root_page = client.get("/positions/").content.decode()

    assert nav(forum_page) == [
        "/",
        "/p/gfmd-2007/programme/",
        "/p/gfmd-2007/statements/",
        "/p/gfmd-2007/positions/",
        "/p/gfmd-2007/summary/",
    ]
    assert nav(current_page) == [
        "/",
        "/p/hld-2006/programme/",
        "/p/hld-2006/statements/",
        "/p/hld-2006/positions/",
        "/p/hld-2006/summary/",
    ]
    assert nav(root_page) == ["/", "/programme/", "/statements/", "/positions/", "/summary/"]
    assert 'class="nav-link active" href="/p/gfmd-2007/positions/"' in forum_page


def test_on_a_process_page_the_in_page_links_stay_in_that_process(client, two):
    positions = client.get("/p/hld-2006/positions/").content.decode()
    issue = client.get("/p/hld-2006/positions/issue-2006/").content.decode()
    programme = client.get("/p/hld-2006/programme/").content.decode()
    statements = client.get("/p/hld-2006/statements/").content.decode()

    assert 'href="/p/hld-2006/summary/"' in positions
    assert 'href="/p/hld-2006/positions.csv"' in positions
    assert 'href="/p/hld-2006/positions/issue-2006/?stance=supports"' in positions
    assert 'href="/positions/' not in positions
    assert 'href="/p/hld-2006/positions.csv?issue=issue-2006"' in issue
    assert 'href="/p/hld-2006/programme.ics"' in programme
    assert 'href="/p/hld-2006/programme.json"' in programme
    assert '<a href="/p/gfmd-2007/programme/">Global Forum 2007</a>' in programme
    assert 'href="/p/hld-2006/statements.csv"' in statements
    assert 'name="process"' not in statements  # one process's list: nothing to choose


def test_the_root_pages_of_the_current_process_keep_their_links_at_the_root(client, two):
    positions = client.get("/positions/").content.decode()

    assert 'href="/summary/"' in positions
    assert 'href="/positions/issue-2006/?stance=supports"' in positions


def test_a_meeting_of_another_process_links_to_that_process_pages(client, two):
    page = client.get("/meetings/plenary-2007/").content.decode()

    assert nav(page)[1:3] == ["/p/gfmd-2007/programme/", "/p/gfmd-2007/statements/"]
    assert '<li class="breadcrumb-item"><a href="/p/gfmd-2007/programme/">' in page


def test_the_front_page_links_each_process(client, two):
    response = client.get("/")

    page = response.content.decode()
    listed = page.split('id="processes"', 1)[1].split("</ul>", 1)[0]
    assert response.context["process"] == two[0]
    assert [chunk.split('"', 1)[0] for chunk in listed.split('href="')[1:]] == [
        "/p/gfmd-2007/programme/",
        "/p/hld-2006/programme/",
    ]


def test_the_bare_calendar_is_empty_before_any_meeting_and_a_404_before_any_process(client, db):
    missing = client.get("/programme.ics").status_code
    ProcessFactory(slug="hld-2006", is_current=True)

    body = client.get("/programme.ics").content.decode()

    assert missing == 404
    assert "BEGIN:VCALENDAR" in body and "BEGIN:VEVENT" not in body


def test_signed_in_pages_link_to_the_public_figures_of_the_process_chosen(
    client, two, delegate_a, secretariat_user
):
    client.force_login(delegate_a)
    portal = client.get("/delegate/?process=gfmd-2007").content.decode()
    client.force_login(secretariat_user)
    positions = client.get("/secretariat/positions/?process=gfmd-2007").content.decode()
    dashboard = client.get("/secretariat/").content.decode()  # the choice is remembered

    assert 'href="/p/gfmd-2007/positions/"' in portal
    assert 'href="/p/gfmd-2007/summary/"' in positions
    assert 'href="/p/gfmd-2007/summary/"' in dashboard
    assert 'href="/p/gfmd-2007/programme/"' in dashboard
