"""Logins lock out after repeated failures, per account and address, for a cool-off (axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _attempt(client, email, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def user(db):
    return UserFactory(email="focal.point@mission.example")


def test_five_wrong_passwords_lock_the_account_from_that_address(client, user):
    for _ in range(4):
        assert _attempt(client, user.email, "wrong").status_code == 200

    fifth = _attempt(client, user.email, "wrong")
    right_password_now = _attempt(client, user.email, PASSWORD)

    assert fifth.status_code == 429
    assert "Too many failed log-in attempts" in fifth.content.decode()
    assert right_password_now.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_reach_the_account_from_another_address(client, user):
    for _ in range(5):
        _attempt(client, user.email, "wrong", address="198.51.100.66")

    response = _attempt(client, user.email, PASSWORD, address="203.0.113.7")

    assert response.status_code == 302
    assert response.url == reverse("landing")


def test_lockout_counts_an_address_in_any_case_as_one_account(client, user):
    for email in ("FOCAL.POINT@mission.example", "focal.point@MISSION.EXAMPLE") * 2:
        _attempt(client, email, "wrong")

    assert _attempt(client, "Focal.Point@Mission.Example", "wrong").status_code == 429


@pytest.mark.clock
def test_lockout_ends_after_the_cool_off(client, user):
    for _ in range(5):
        _attempt(client, user.email, "wrong")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )

    response = _attempt(client, user.email, PASSWORD)

    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, user):
    for _ in range(4):
        _attempt(client, user.email, "wrong")
    assert _attempt(client, user.email, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert _attempt(client, user.email, "wrong").status_code == 200
