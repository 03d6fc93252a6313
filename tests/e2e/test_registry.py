import re

from playwright.sync_api import Page, expect


def test_public_browses_the_registry_as_of_the_dialogue_and_opens_belgium_and_the_gmg(
    page: Page, loaded_registry, screenshot
):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Registry").click()

    expect(page).to_have_url(re.compile(r"/registry/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Registry")
    summary = page.locator("#member-state-count")
    expect(summary).to_contain_text("193 Member States")

    page.get_by_label("As of").fill("2006-09-14")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]as_of=2006-09-14(&|$)"))
    expect(page.get_by_role("heading", name="As of 14 September 2006")).to_be_visible()
    expect(summary).to_contain_text("192 Member States")
    screenshot("registry-en")

    page.get_by_label("Name or code").fill("Belgium")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("table").get_by_role("link", name="Belgium", exact=True).click()

    expect(page).to_have_url(re.compile(r"/registry/belgium/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Belgium")
    expect(page.get_by_text("BEL", exact=True)).to_be_visible()

    # The short address people type for a grouping takes them to its page.
    page.goto("/registry/gmg/")

    expect(page).to_have_url(re.compile(r"/registry/groupings/gmg/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Global Migration Group")
    expect(page.get_by_role("heading", name="10 members")).to_be_visible()
    members = page.get_by_role("table", name="10 members").locator("tbody tr")
    expect(members).to_have_count(10)
    expect(members.locator("td:first-child a")).to_have_text(
        [
            "Department of Economic and Social Affairs",
            "International Labour Organization",
            "International Organization for Migration",
            "Office of the United Nations High Commissioner for Human Rights",
            "Office of the United Nations High Commissioner for Refugees",
            "United Nations Conference on Trade and Development",
            "United Nations Development Programme",
            "United Nations Office on Drugs and Crime",
            "United Nations Population Fund",
            "World Bank",
        ]
    )
    screenshot("grouping-gmg-en")
