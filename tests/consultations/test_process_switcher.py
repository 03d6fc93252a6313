"""The process switcher of the signed-in pages: who may choose which process, and that the
choice is remembered."""

import re

import pytest

from consultations.choices import StatementState
from tests.factories import DelegationFactory, MeetingFactory, ProcessFactory, StatementFactory

SUBMITTED = StatementState.SUBMITTED


@pytest.fixture
def two_processes(db):
    dialogue = ProcessFactory(slug="hld-2006", title="High-level Dialogue 2006", is_current=True)
    forum = ProcessFactory(slug="gfmd-2007", title="Global Forum 2007")
    return dialogue, forum


def switcher(response) -> list[tuple[str, bool]]:
    """The switcher's options as the page shows them: (slug, selected)."""
    page = response.content.decode()
    select = re.search(r'<select[^>]*id="process-switcher".*?</select>', page, re.DOTALL)
    if select is None:
        return []
    return [
        (slug, bool(selected))
        for slug, selected in re.findall(r'<option value="([^"]*)"( selected)?>', select.group(0))
    ]


def test_secretariat_may_choose_any_process_and_the_choice_is_remembered(
    client, secretariat_user, two_processes
):
    dialogue, forum = two_processes
    client.force_login(secretariat_user)

    first = client.get("/secretariat/statements/")
    chosen = client.get("/secretariat/statements/?process=gfmd-2007")
    later = client.get("/secretariat/seats/")

    assert first.context["process"] == dialogue
    assert chosen.context["process"] == forum
    assert later.context["process"] == forum
    assert sorted(switcher(later)) == [("gfmd-2007", True), ("hld-2006", False)]
    assert '<option value="gfmd-2007" selected>Global Forum 2007</option>' in later.content.decode()


def test_review_queue_shows_only_the_chosen_process_statements(
    client, secretariat_user, two_processes, state_a
):
    dialogue, forum = two_processes
    StatementFactory(
        meeting=MeetingFactory(process=dialogue),
        stakeholder=state_a,
        title="In 2006",
        state=SUBMITTED,
    )
    StatementFactory(
        meeting=MeetingFactory(process=forum), stakeholder=state_a, title="In 2007", state=SUBMITTED
    )
    client.force_login(secretariat_user)

    html = client.get("/secretariat/statements/?process=gfmd-2007").content.decode()

    assert "In 2007" in html
    assert "In 2006" not in html


def test_delegate_chooses_only_among_processes_of_their_delegations(
    client, delegate_a, state_a, two_processes
):
    _dialogue, forum = two_processes
    DelegationFactory(process=forum, stakeholder=state_a)
    client.force_login(delegate_a)

    portal = client.get("/delegate/")
    refused = client.get("/delegate/?process=hld-2006")

    assert portal.context["process"] == forum  # the current one is not theirs
    assert switcher(portal) == [("gfmd-2007", True)]
    assert refused.status_code == 404


def test_delegate_without_a_delegation_sees_no_process(client, delegate_a, two_processes):
    client.force_login(delegate_a)

    response = client.get("/delegate/")

    assert response.status_code == 200
    assert response.context["process"] is None
    assert switcher(response) == []


@pytest.mark.parametrize("value", ["no-such-process", "bad\x00slug", "../x"])
def test_an_unknown_process_answers_404(client, secretariat_user, two_processes, value):
    client.force_login(secretariat_user)

    assert client.get("/secretariat/statements/", {"process": value}).status_code == 404


def test_delegate_statement_list_shows_only_the_chosen_process(
    client, delegate_a, state_a, two_processes
):
    dialogue, forum = two_processes
    for process, title in [(dialogue, "In 2006"), (forum, "In 2007")]:
        DelegationFactory(process=process, stakeholder=state_a)
        StatementFactory(meeting=MeetingFactory(process=process), stakeholder=state_a, title=title)
    client.force_login(delegate_a)

    default = client.get("/delegate/statements/")
    chosen = client.get("/delegate/statements/?process=gfmd-2007")

    assert [row.statement.title for row in default.context["rows"]] == ["In 2006"]
    assert [row.statement.title for row in chosen.context["rows"]] == ["In 2007"]
