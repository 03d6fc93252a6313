"""The Secretariat's journey through the 2006 demo, by mouse and by keyboard, with axe-core.

Log in; add a round table in the admin; run the seat allocation; move a plenary speaker with a
reason; publish Mexico's submitted statement; record a position; read the summary figures.
"""

import re

from playwright.sync_api import Page, expect

from consultations.choices import Stance, StatementState
from consultations.models import Issue, Meeting, Position, SpeakersList, Statement
from tests.e2e.conftest import (
    DEMO_SECRETARIAT,
    axe_scan,
    keyboard_login,
    tab_to,
)

# The pages the journey visits (name: URL), for axe-core and the screenshots.
SECRETARIAT_PAGES = {
    "secretariat-dashboard": "/secretariat/",
    "admin-meeting-add": "/admin/consultations/meeting/add/",
    # A round table with its co-chairs: autocomplete widgets in an inline's rows.
    "admin-meeting-change": "/admin/consultations/meeting/{round_table}/change/",
    "secretariat-seats": "/secretariat/seats/",
    "secretariat-speakers": "/secretariat/speakers/",
    "secretariat-speakers-list": "/secretariat/speakers/{plenary_list}/",
    "secretariat-delegations": "/secretariat/delegations/",
    "secretariat-exports": "/secretariat/exports/",
    "secretariat-review": "/secretariat/statements/{mexico_statement}/",
    "secretariat-positions": "/secretariat/positions/",
    "summary": "/summary/",
}


def _open_secretariat(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Secretariat", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Secretariat")


def _select2(page: Page, field: str, search: str, option: str) -> None:
    """Search ``search`` in the admin's autocomplete (select2) widget of ``field``, pick
    ``option``."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_secretariat_journey(page: Page, demo, login):
    login(page, demo[DEMO_SECRETARIAT])

    # A fifth round table, through the admin's add form.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.locator("a.addlink[href$='/consultations/meeting/add/']").click()
    # The autocomplete comboboxes and the date and time inputs have names of their own.
    expect(page.get_by_role("combobox", name=re.compile(r"^Venue:"))).to_have_count(1)
    for name, input_id in (("Start, date", "id_start_0"), ("End, time", "id_end_1")):
        expect(page.get_by_role("textbox", name=name, exact=True)).to_have_attribute("id", input_id)
    _select2(page, "process", "HLD", "HLD 2006")
    page.get_by_label("Kind").select_option(label="Round table")
    page.get_by_label("Number").fill("5")
    # The title in each of the six languages (modeltranslation): English is required.
    page.get_by_label("Title [en]").fill("Round table 5: Diasporas")
    page.get_by_label("Status").select_option(label="Cancelled")
    _select2(page, "venue", "Headquarters", "United Nations Headquarters")
    page.locator("#id_start_0").fill("2006-09-15")
    page.locator("#id_start_1").fill("10:00:00")
    page.locator("#id_end_0").fill("2006-09-15")
    page.locator("#id_end_1").fill("12:00:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Round table 5: Diasporas")

    # The seat allocation.
    page.goto("/")
    _open_secretariat(page)
    page.get_by_role("main").get_by_role("link", name="Round-table seats").click()
    page.get_by_label(re.compile("I understand that this replaces every seat")).check()
    page.get_by_role("button", name="Run the allocation").click()
    expect(page.get_by_role("main")).to_contain_text("first choice")
    # The same choices give the same seats: publishing again changes nothing the public sees.
    page.get_by_label(re.compile("the public and the delegations will see the draft")).check()
    page.get_by_role("button", name="Publish the seats").click()
    expect(page.get_by_role("status").first).to_contain_text("192 seats published")
    expect(page.locator("#publication-status")).to_contain_text("The draft is what is published.")

    # The plenary speakers list: move the fifth speaker to the top, with a reason.
    _open_secretariat(page)
    page.get_by_role("main").get_by_role("link", name="Speakers lists").click()
    page.get_by_role("link", name="High-level Dialogue: 1st plenary meeting").click()
    move = page.locator("#move-form")
    speaker = move.get_by_label("Speaker").locator("option").nth(5).text_content().strip()
    move.get_by_label("Speaker").select_option(label=speaker)
    move.get_by_label("To place").fill("1")
    move.get_by_label("Reason").fill("Head of State arriving early")
    move.get_by_role("button", name="Move").click()
    moves = page.locator("#moves-table")
    expect(moves).to_contain_text("Head of State arriving early")
    expect(moves).to_contain_text(DEMO_SECRETARIAT)

    # Mexico's submitted statement: publish it.
    _open_secretariat(page)
    page.get_by_role("main").get_by_role("link", name="Review statements").click()
    page.get_by_role("link", name="Mesa redonda 4: contribución (Mexico)").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("main")).to_contain_text("Published")
    statement = Statement.objects.get(title="Mesa redonda 4: contribución (Mexico)")
    assert statement.state == StatementState.PUBLISHED

    # A position, on the Secretariat's positions page.
    _open_secretariat(page)
    page.get_by_role("main").get_by_role("link", name="Positions", exact=True).click()
    page.get_by_role("main").locator("table a").first.click()
    page.get_by_role("main").get_by_role("link", name="History").first.click()
    stakeholder = page.get_by_role("heading", level=1).text_content().strip()
    page.get_by_role("main").get_by_label("Stance").select_option(label="Opposes")
    page.get_by_role("main").get_by_label("Note").fill("Said so in the corridor")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"The position of {stakeholder} on")
    position = Position.objects.get(
        stakeholder__name=stakeholder, recorded_by__email=DEMO_SECRETARIAT
    )
    assert (position.stance, position.note) == (Stance.OPPOSES, "Said so in the corridor")

    # The summary figures.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Summary").click()
    expect(page.get_by_role("main")).to_contain_text("127 Member States made statements")


def test_secretariat_key_steps_by_keyboard_alone(page: Page, demo):
    keyboard_login(page, DEMO_SECRETARIAT)
    main = page.get_by_role("main")

    # The seat allocation: Space ticks the confirmation, Enter runs it.
    tab_to(
        page,
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Secretariat", exact=True
        ),
    )
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_role("link", name="Round-table seats"))
    page.keyboard.press("Enter")
    confirm = main.get_by_label(re.compile("I understand that this replaces every seat"))
    tab_to(page, confirm)
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    tab_to(page, main.get_by_role("button", name="Run the allocation"))
    page.keyboard.press("Enter")
    expect(main).to_contain_text("first choice")

    # A move on the plenary speakers list.
    page.goto("/secretariat/speakers/")
    tab_to(page, main.get_by_role("link", name="High-level Dialogue: 2nd plenary meeting"))
    page.keyboard.press("Enter")
    move = page.locator("#move-form")
    speaker = move.get_by_label("Speaker")
    name = speaker.locator("option").nth(3).text_content().strip()
    tab_to(page, speaker)
    page.keyboard.type(name)
    expect(speaker.locator("option:checked")).to_have_text(name)
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("Requested by the delegation")
    tab_to(page, move.get_by_role("button", name="Move"))
    page.keyboard.press("Enter")
    expect(page.locator("#moves-table")).to_contain_text("Requested by the delegation")

    # Publishing Mexico's statement.
    page.goto("/secretariat/statements/")
    tab_to(page, main.get_by_role("link", name="Mesa redonda 4: contribución (Mexico)"))
    page.keyboard.press("Enter")
    tab_to(page, main.get_by_role("button", name="Publish"))
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Published")
    statement = Statement.objects.get(title="Mesa redonda 4: contribución (Mexico)")
    assert statement.state == StatementState.PUBLISHED

    # The summary, from the navigation, with Shift+Tab.
    tab_to(
        page,
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Summary"),
        backwards=True,
    )
    page.keyboard.press("Enter")
    expect(main).to_contain_text("127 Member States made statements")


def test_secretariat_pages_have_no_serious_axe_violations_in_english_and_arabic(
    demo, login, new_page
):
    page = new_page(bypass_csp=True)  # axe-core sets inline styles while it measures
    login(page, demo[DEMO_SECRETARIAT])
    mexico_statement = Statement.objects.get(title="Mesa redonda 4: contribución (Mexico)")
    ids = {
        "plenary_list": SpeakersList.objects.get(meeting__slug="plenary-1").pk,
        "round_table": Meeting.objects.get(slug="round-table-1").pk,
        "mexico_statement": mexico_statement.pk,
        "issue": Issue.objects.order_by("pk").first().pk,
        "mexico": mexico_statement.stakeholder_id,
    }
    pages = {name: url.format(**ids) for name, url in SECRETARIAT_PAGES.items()}
    axe_scan(page, pages)
