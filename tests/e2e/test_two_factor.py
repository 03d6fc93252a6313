"""Two-factor sign-in in the browser: enrolment without a phone (the key read off the page),
the recovery codes, then the Secretariat's pages; and the code step of a later sign-in."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, SecretariatUserFactory
from tests.otp_helpers import totp_code


def test_secretariat_enrols_an_authenticator_and_reaches_the_secretariat_pages(
    page: Page, transactional_db
):
    user = SecretariatUserFactory(email="newcomer@example.org")
    TOTPDevice.objects.filter(user=user).delete()

    page.goto("/secretariat/")
    page.locator("input[name='username']").fill(user.email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=/secretariat/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("main").locator("svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret == device.config_url.split("secret=")[1].split("&")[0]

    page.locator("input[name='token']").fill(totp_code(device))
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)

    page.get_by_role("main").get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/secretariat/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Secretariat")


def test_login_helper_types_the_code_of_the_secretariat_device(page: Page, login, transactional_db):
    user = SecretariatUserFactory(email="officer@example.org")
    login(page, user)
    page.goto("/secretariat/")
    expect(page).to_have_url(re.compile(r"/secretariat/$"))
