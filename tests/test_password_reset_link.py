"""The password-reset e-mail's link comes from SITE_URL, never from the request's Host."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory


@pytest.mark.django_db
def test_reset_link_uses_site_url_whatever_host_the_request_names(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.SITE_URL = "https://hlderp.example.org"
    UserFactory(email="delegate@example.org")

    response = client.post(
        "/accounts/password_reset/",
        {"email": "delegate@example.org"},
        HTTP_HOST="localhost:31337",
    )

    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    links = re.findall(r"\S+://\S+", body)
    assert len(links) == 1
    assert re.fullmatch(r"https://hlderp\.example\.org/accounts/reset/[\w-]+/[\w-]+/", links[0]), (
        links[0]
    )
    assert "localhost" not in body
    assert "at hlderp.example.org." in body
