"""After signing in without ``next``, each lands on their own pages
(registry/views_accounts.py)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, FocalPointFactory, SecretariatUserFactory, UserFactory
from tests.otp_helpers import totp_code, totp_device

pytestmark = pytest.mark.django_db


def _sign_in(client, user, **extra) -> str:
    """The address the browser ends at after the sign-in and its redirects."""
    response = client.post(
        reverse("login") + extra.get("query", ""),
        {"username": user.email, "password": PASSWORD},
        follow=True,
    )
    return response.redirect_chain[-1][0] if response.redirect_chain else ""


def test_a_delegate_lands_on_the_delegate_portal(client):
    user = UserFactory(email="focal@example.org")
    FocalPointFactory(user=user)

    assert _sign_in(client, user) == "/delegate/"


def test_a_user_who_is_neither_lands_on_the_front_page(client):
    user = UserFactory(email="reader@example.org")

    assert _sign_in(client, user) == "/"


def test_a_sign_in_with_next_goes_there(client):
    user = UserFactory(email="focal@example.org")
    FocalPointFactory(user=user)

    assert _sign_in(client, user, query="?next=/statements/") == "/statements/"


def test_the_secretariat_lands_on_the_secretariat_pages_after_the_second_factor(client):
    user = SecretariatUserFactory(email="officer@example.org")

    verify_page = _sign_in(client, user)
    response = client.post(
        verify_page, {"token": totp_code(totp_device(user)), "next": "/accounts/landing/"}
    )

    assert verify_page == "/accounts/two-factor/verify/?next=/accounts/landing/"
    assert client.get(response.url).url == "/secretariat/"
