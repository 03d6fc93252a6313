"""The Secretariat drafts the Chair's summary in the browser, previews it with a live figure,
finalises it after the confirmation, and the public reads it with the figure frozen."""

import re

from playwright.sync_api import Page, expect

from consultations.choices import Stance
from consultations.models import ChairSummary
from consultations.services.positions import position_record
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    RoundTableFactory,
    SecretariatUserFactory,
    StatementFactory,
)

TEXT = (
    "Representatives of {{ figure:member_states_spoke }} Member States made statements; "
    "{{ figure:issue_supportive }} supported a Forum."
)


def test_secretariat_drafts_previews_and_finalises(page: Page, login, screenshot, transactional_db):
    process = ProcessFactory(slug="hld", title="High-level Dialogue", is_current=True)
    plenary = MeetingFactory(process=process)
    RoundTableFactory(process=process, number=1, title="Round table 1")
    states = [MemberStateFactory(name=f"State {c}", slug=f"state-{c}") for c in "AB"]
    statements = [StatementFactory(meeting=plenary, stakeholder=s, published=True) for s in states]
    issue = IssueFactory(process=process, slug="forum")
    officer = SecretariatUserFactory(email="officer@example.org")

    def support(index: int) -> None:
        position_record(
            actor=officer,
            issue=issue,
            stakeholder=states[index],
            stance=Stance.SUPPORTS,
            statement=statements[index],
        )

    login(page, officer)

    page.goto("/secretariat/chair-summary/")
    page.get_by_label("Document symbol").fill("A/61/187")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A/61/187")
    expect(page.locator("#chair-summary-sections li")).to_have_count(4)

    page.get_by_role("link", name="Opening of the Dialogue").click()
    page.get_by_label("Text").fill(TEXT)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The section is saved.")

    page.get_by_role("link", name="Preview").click()
    paragraph = page.locator("#paragraph-1")
    expect(paragraph).to_have_text(
        "1. Representatives of 2 Member States made statements; 0 supported a Forum."
    )
    support(0)
    page.reload()
    expect(paragraph).to_contain_text("; 1 supported a Forum.")

    summary = ChairSummary.objects.get(process=process)
    page.goto(f"/secretariat/chair-summary/{summary.pk}/")
    page.get_by_role("link", name="Finalise…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finalise A/61/187?")
    page.get_by_role("button", name="Finalise the summary").click()
    expect(page.locator("#chair-summary-state")).to_have_text("Final")

    support(1)
    page.get_by_role("link", name="Public page").click()
    expect(page).to_have_url(re.compile(r"/p/hld/chair-summary/$"))
    expect(page.locator("#paragraph-1")).to_contain_text("; 1 supported a Forum.")
    expect(page.locator("#chair-summary-symbol")).to_have_text("A/61/187")

    page.get_by_role("link", name="Print page").click()
    expect(page).to_have_url(re.compile(r"/p/hld/chair-summary/print/$"))
    expect(page.locator("#chair-summary-symbol")).to_have_text("A/61/187")
    expect(page.locator("#paragraph-1")).to_contain_text("; 1 supported a Forum.")
    screenshot("chair-summary-print")
