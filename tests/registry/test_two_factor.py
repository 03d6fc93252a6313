"""Two-factor sign-in (registry/otp.py, views_otp.py, middleware_otp.py): the Secretariat and
the admin need a second factor; a delegate only once they have enrolled."""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.otp import recovery_codes_issue
from tests.factories import PASSWORD, SecretariatUserFactory
from tests.otp_helpers import totp_code, totp_device

VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"
# One page under each prefix that the Secretariat works on, the admin's included.
STAFF_PATHS = [
    "/secretariat/",
    "/secretariat/statements/",
    "/admin/",
    "/admin/registry/user/",
    "/delegate/",
    "/accounts/password_change/",
]


def sign_in(client, user):
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/landing/")
    return response


def errors(response) -> list[str]:
    return response.context["form"].errors["token"]


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_secretariat_signed_in_with_password_only_reaches_no_staff_page(
    client, secretariat_user, path
):
    sign_in(client, secretariat_user)
    response = client.get(path)
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"{VERIFY}?next={path}",
    )


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_secretariat_without_device_is_sent_to_enrolment(client, db, path):
    user = SecretariatUserFactory(email="new@example.org")
    TOTPDevice.objects.filter(user=user).delete()
    sign_in(client, user)
    response = client.get(path)
    assert (response.status_code, response.headers["Location"]) == (302, f"{SETUP}?next={path}")


def test_wrong_code_is_refused_and_the_session_stays_unverified(client, secretariat_user):
    sign_in(client, secretariat_user)
    response = client.post(VERIFY, {"token": "000000", "next": "/secretariat/"})
    assert (response.status_code, errors(response)) == (200, ["That code is not valid."])
    assert client.get("/secretariat/").headers["Location"] == f"{VERIFY}?next=/secretariat/"


def test_correct_code_reaches_the_secretariat_pages(client, secretariat_user):
    sign_in(client, secretariat_user)
    device = totp_device(secretariat_user)
    response = client.post(VERIFY, {"token": totp_code(device), "next": "/secretariat/"})
    assert (response.status_code, response.headers["Location"]) == (302, "/secretariat/")
    dashboard = client.get("/secretariat/")
    assert (dashboard.status_code, dashboard.resolver_match.view_name) == (
        200,
        "secretariat:dashboard",
    )
    admin = client.get("/admin/")
    assert (admin.status_code, admin.resolver_match.view_name) == (200, "admin:index")


def test_a_code_is_accepted_once(client, secretariat_user):
    device = totp_device(secretariat_user)
    code = totp_code(device)
    sign_in(client, secretariat_user)
    assert client.post(VERIFY, {"token": code}).headers["Location"] == "/accounts/landing/"
    client.post("/accounts/logout/")
    sign_in(client, secretariat_user)
    response = client.post(VERIFY, {"token": code})
    assert errors(response) == ["That code is not valid."]


def test_verify_refuses_a_next_to_another_site(client, secretariat_user):
    sign_in(client, secretariat_user)
    code = totp_code(totp_device(secretariat_user))
    response = client.post(VERIFY, {"token": code, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/accounts/landing/"


def test_recovery_code_works_once(client, secretariat_user):
    codes = recovery_codes_issue(user=secretariat_user)
    assert len(set(codes)) == 10
    sign_in(client, secretariat_user)
    response = client.post(VERIFY, {"token": codes[3].upper(), "next": "/secretariat/"})
    assert response.headers["Location"] == "/secretariat/"
    assert client.get("/secretariat/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, secretariat_user)
    response = client.post(VERIFY, {"token": codes[3], "next": "/secretariat/"})
    assert errors(response) == ["That code is not valid."]
    assert client.get("/secretariat/").headers["Location"] == f"{VERIFY}?next=/secretariat/"


def test_delegate_without_device_signs_in_as_before(client, delegate_a):
    sign_in(client, delegate_a)
    response = client.get("/delegate/")
    assert (response.status_code, response.resolver_match.view_name) == (200, "delegate:portal")


def test_delegate_with_device_must_verify(client, delegate_a):
    device = TOTPDevice.objects.create(user=delegate_a, name="phone", confirmed=True)
    sign_in(client, delegate_a)
    response = client.get("/delegate/")
    assert response.headers["Location"] == f"{VERIFY}?next=/delegate/"
    response = client.post(VERIFY, {"token": totp_code(device), "next": "/delegate/"})
    assert response.headers["Location"] == "/delegate/"
    assert client.get("/delegate/").status_code == 200


def test_delegate_with_an_unconfirmed_device_is_not_held(client, delegate_a):
    TOTPDevice.objects.create(user=delegate_a, name="phone", confirmed=False)
    sign_in(client, delegate_a)
    assert client.get("/delegate/").status_code == 200


@pytest.mark.clock
def test_wrong_codes_are_throttled(client, secretariat_user, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 4, 10, 0, 0, tzinfo=datetime.UTC), tick=False)
    device = totp_device(secretariat_user)
    sign_in(client, secretariat_user)
    assert errors(client.post(VERIFY, {"token": "000000"})) == ["That code is not valid."]
    # Right after a wrong code even the right one is refused, without counting as wrong.
    assert errors(client.post(VERIFY, {"token": totp_code(device)})) == [
        "Too many wrong codes: wait 1 second before trying again."
    ]
    time_machine.shift(1)
    assert errors(client.post(VERIFY, {"token": "111111"})) == ["That code is not valid."]
    assert errors(client.post(VERIFY, {"token": "222222"})) == [
        "Too many wrong codes: wait 2 seconds before trying again."
    ]
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    time_machine.shift(2)
    response = client.post(VERIFY, {"token": totp_code(device)})
    assert response.headers["Location"] == "/accounts/landing/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


@pytest.mark.clock
def test_recovery_codes_are_throttled_too(client, secretariat_user, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 4, 10, 0, 0, tzinfo=datetime.UTC), tick=False)
    codes = recovery_codes_issue(user=secretariat_user)
    sign_in(client, secretariat_user)
    assert errors(client.post(VERIFY, {"token": "aaaaaaaa"})) == ["That code is not valid."]
    assert errors(client.post(VERIFY, {"token": codes[0]})) == [
        "Too many wrong codes: wait 1 second before trying again."
    ]
