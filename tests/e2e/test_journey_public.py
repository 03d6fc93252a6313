"""The public's journey, by mouse and by keyboard alone, with axe-core.

From "/": the programme through the navigation, a round table, a phrase search of the
statements, one statement and its file, the positions page and the list behind a number.
"""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from consultations.choices import StatementState
from consultations.models import Issue, Statement
from tests.e2e.conftest import (
    PDF_BYTES,
    axe_scan,
    tab_to,
)

PHRASE = "Global Forum"
ROUND_TABLE = "Round table 1: Migration and development"


@pytest.fixture
def statement_with_file(demo, media_root) -> Statement:
    """A published demo statement that says "Global Forum", given a PDF."""
    statement = (
        Statement.objects.filter(state=StatementState.PUBLISHED, text__icontains=PHRASE)
        .select_related("stakeholder")
        .order_by("pk")
        .first()
    )
    statement.file.save("statement.pdf", ContentFile(PDF_BYTES), save=False)
    statement.save(update_fields=["file"])
    return statement


def _nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def test_public_journey_by_mouse_then_by_keyboard_alone(page: Page, statement_with_file):
    # One test for both (the journey changes nothing): the demo is loaded once.
    _by_mouse(page, statement_with_file)
    _by_keyboard_alone(page, statement_with_file)


def _by_mouse(page: Page, statement: Statement) -> None:
    page.goto("/")

    # The programme through the navigation, then a round table.
    _nav(page).get_by_role("link", name="Programme").click()
    expect(page).to_have_url("/programme/")
    page.get_by_role("link", name=ROUND_TABLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND_TABLE)

    # A phrase search, narrowed to one stakeholder, then one statement and its file.
    _nav(page).get_by_role("link", name="Statements").click()
    search = page.get_by_role("region", name="Search and filter the statements")
    search.get_by_label("Words or “a phrase”").fill(f"“{PHRASE}”")
    search.get_by_label("Stakeholder").select_option(label=statement.stakeholder.name)
    search.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=statement.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement.title)
    with page.expect_download() as download_info:
        page.locator("#statement-file").click()
    download = download_info.value
    assert download.suggested_filename == f"statement-{statement.pk}.pdf"
    assert Path(download.path()).read_bytes() == PDF_BYTES

    # The positions page: a number and the list behind it.
    _nav(page).get_by_role("link", name="Positions").click()
    number = page.locator("main table a").first
    count = int(number.text_content().strip())
    number.click()
    expect(page.locator("#position-rows tbody tr")).to_have_count(count)


def _by_keyboard_alone(page: Page, statement: Statement) -> None:
    page.goto("/")

    tab_to(page, _nav(page).get_by_role("link", name="Programme"))
    page.keyboard.press("Enter")
    expect(page).to_have_url("/programme/")
    tab_to(page, page.get_by_role("link", name=ROUND_TABLE))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND_TABLE)

    # Back up the page to the navigation with Shift+Tab.
    tab_to(page, _nav(page).get_by_role("link", name="Statements"), backwards=True)
    page.keyboard.press("Enter")
    search = page.get_by_role("region", name="Search and filter the statements")
    tab_to(page, search.get_by_label("Words or “a phrase”"))
    page.keyboard.type(f"“{PHRASE}”")
    tab_to(page, search.get_by_label("Stakeholder"))
    page.keyboard.type(statement.stakeholder.name)  # a closed <select> selects as one types
    expect(search.get_by_label("Stakeholder")).to_have_value(statement.stakeholder.slug)
    tab_to(page, search.get_by_role("button", name="Filter"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=statement.title).first).to_be_visible()
    tab_to(page, page.get_by_role("link", name=statement.title).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(statement.title)
    tab_to(page, page.locator("#statement-file"))
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename == f"statement-{statement.pk}.pdf"

    tab_to(page, _nav(page).get_by_role("link", name="Positions"), backwards=True)
    page.keyboard.press("Enter")
    number = page.locator("main table a").first
    count = int(number.text_content().strip())
    tab_to(page, number)
    page.keyboard.press("Enter")
    expect(page.locator("#position-rows tbody tr")).to_have_count(count)


def test_public_pages_have_no_serious_axe_violations_in_english_and_arabic(
    statement_with_file, new_page
):
    page = new_page(bypass_csp=True)  # axe-core sets inline styles while it measures
    statement = statement_with_file
    issue = Issue.objects.order_by("pk").first()
    slug = statement.stakeholder.slug
    pages = {
        "home": "/",
        "programme": "/programme/",
        "round-table": "/meetings/round-table-1/",
        "statements-search": f"/statements/?q=%22{PHRASE}%22&stakeholder={slug}",
        "statement": f"/statements/{statement.pk}/",
        "positions": "/positions/",
        "position-list": f"/positions/{issue.slug}/",
    }
    axe_scan(page, pages)
