"""The site layout of templates/base.html: skip link and language switcher."""

from playwright.sync_api import Page, expect


def test_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(page: Page):
    page.goto("/")

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()

    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == "#main"
    expect(page.locator("main#main")).to_be_focused()


def test_language_switcher_turns_the_page_right_to_left_in_arabic_and_back(page: Page):
    page.goto("/")
    switcher = page.locator("form:has(select[name='language'])")

    switcher.locator("select[name='language']").select_option("ar")
    switcher.get_by_role("button", name="Go").click()

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    # The button may be translated now, so it is found by its place, not its name.
    switcher.locator("select[name='language']").select_option("en")
    switcher.locator("button[type='submit']").click()

    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
