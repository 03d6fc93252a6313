"""Enrolment in two-factor sign-in: the QR code and key, a first code, the recovery codes
shown once (registry/views_otp.py SetupView, RecoveryCodesView)."""

import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.models import User
from registry.otp import totp_secret
from tests.factories import PASSWORD, SecretariatUserFactory
from tests.otp_helpers import totp_code

SETUP = "/accounts/two-factor/setup/"


@pytest.fixture
def newcomer(db):
    user = SecretariatUserFactory(email="newcomer@example.org")
    TOTPDevice.objects.filter(user=user).delete()
    return user


def signed_in(client, user):
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    return client


def test_setup_shows_the_qr_code_and_the_key_of_one_pending_device(client, newcomer):
    signed_in(client, newcomer)
    first = client.get(f"{SETUP}?next=/secretariat/")
    again = client.get(f"{SETUP}?next=/secretariat/")
    device = TOTPDevice.objects.get(user=newcomer)
    assert device.confirmed is False
    secret = totp_secret(device)
    assert (first.context["secret"], again.context["secret"]) == (secret, secret)
    page = first.content.decode()
    assert f'<code class="d-block fs-5 my-2" id="totp-secret">{secret}</code>' in page
    # The QR code is inline SVG: no script, no style attribute (the CSP allows neither).
    svg = first.context["qr_svg"]
    assert (svg.startswith("<svg"), svg in page, "style=" in svg, "<script>" in page) == (
        True,
        True,
        False,
        False,
    )
    assert 'name="next" value="/secretariat/"' in page


def test_enrolment_confirms_the_device_and_shows_the_recovery_codes_once(client, newcomer):
    signed_in(client, newcomer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(SETUP, {"token": totp_code(device), "next": "/secretariat/"})
    assert response.headers["Location"] == "/accounts/two-factor/recovery-codes/?next=/secretariat/"
    device.refresh_from_db()
    assert device.confirmed is True
    stored = sorted(
        StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True)
    )
    shown = client.get(response.headers["Location"])
    assert sorted(shown.context["codes"]) == stored
    assert len(stored) == 10
    assert shown.context["next"] == "/secretariat/"
    assert client.get("/accounts/two-factor/recovery-codes/").context["codes"] == []
    # The enrolment verified the session.
    assert client.get("/secretariat/").status_code == 200


def test_enrolment_refuses_a_wrong_code(client, newcomer):
    signed_in(client, newcomer)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert response.context["form"].errors["token"] == [
        "That code is not valid. Check the time on your phone."
    ]
    assert TOTPDevice.objects.get(user=newcomer).confirmed is False
    assert client.get("/secretariat/").headers["Location"] == f"{SETUP}?next=/secretariat/"


def test_setup_sends_an_enrolled_user_back(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get(f"{SETUP}?next=/secretariat/")
    assert response.headers["Location"] == "/secretariat/"
    assert TOTPDevice.objects.filter(user=secretariat_user).count() == 1


def test_delegate_may_enrol_from_the_portal(client, delegate_a):
    client.force_login(delegate_a)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=delegate_a)
    response = client.post(SETUP, {"token": totp_code(device), "next": "/delegate/"})
    assert response.headers["Location"] == "/accounts/two-factor/recovery-codes/?next=/delegate/"
    client.post("/accounts/logout/")
    signed_in(client, delegate_a)
    assert client.get("/delegate/").headers["Location"] == (
        "/accounts/two-factor/verify/?next=/delegate/"
    )


def test_load_demo_gives_the_secretariat_one_device_and_prints_its_key(registry):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=(again := io.StringIO()))
    user = User.objects.get(email="secretariat@hlderp.example")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is True
    secret = totp_secret(device)
    assert "code from an authenticator app. Add this key" in out.getvalue()
    assert f"\n  {secret}\n" in out.getvalue()
    assert f"\n  {secret}\n" in again.getvalue()


def test_delegate_portal_offers_enrolment_until_the_session_is_verified(client, delegate_a):
    link = '<a href="/accounts/two-factor/setup/?next=/delegate/">'
    client.force_login(delegate_a)
    assert link in client.get("/delegate/").content.decode()
    TOTPDevice.objects.create(user=delegate_a, name="phone", confirmed=True)
    client.force_login(delegate_a)
    assert link not in client.get("/delegate/").content.decode()
