from playwright.sync_api import Page, expect


def test_focal_point_logs_in_through_the_form_and_opens_the_delegate_portal(
    page: Page, login, delegate_a
):
    login(page, delegate_a)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Delegate portal").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Delegate portal")
    expect(page.get_by_role("main").get_by_role("link", name="State A")).to_be_visible()
