"""Personal API tokens: created and revoked in the portal, shown once, stored as a digest; the
scope, the revocation and the rate limit per token, each answered as a problem."""

import hashlib
import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

from registry.choices import ApiTokenScope
from registry.models import ApiToken
from registry.services import api_token_create


def test_a_token_is_shown_once_and_stored_as_its_digest(client, delegate_a):
    client.force_login(delegate_a)

    created = client.post(
        "/accounts/api-tokens/", {"name": "Mission website", "scope": "read_write"}
    )
    token = re.search(r'<code id="new-token-value">([^<]+)</code>', created.content.decode())[1]
    later = client.get("/accounts/api-tokens/")

    row = ApiToken.objects.get()
    assert (row.user, row.name, row.scope) == (delegate_a, "Mission website", "read_write")
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:13]
    assert token not in later.content.decode()
    assert row.prefix in later.content.decode()
    assert created["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/statements/mine/")
    assert (answer.status_code, answer.json()) == (200, {"next": None, "results": []})


def test_a_revoked_token_answers_401(client, delegate_a):
    row, token = api_token_create(actor=delegate_a, name="Old", scope=ApiTokenScope.READ)
    client.force_login(delegate_a)

    client.post(f"/accounts/api-tokens/{row.pk}/revoke/")
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/processes/")

    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == 'Bearer realm="api"'
    assert answer.json() == {
        "type": "urn:hlderp:problem:authentication_failed",
        "title": "Unauthorized",
        "status": 401,
        "detail": "This token is not valid or was revoked.",
        "instance": "/api/v1/processes/",
    }


def test_nobody_revokes_another_users_token(client, delegate_a, delegate_b):
    row, _token = api_token_create(actor=delegate_a, name="A's", scope=ApiTokenScope.READ)
    client.force_login(delegate_b)

    answer = client.post(f"/accounts/api-tokens/{row.pk}/revoke/")

    assert answer.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_read_token_may_not_write(delegate_a):
    _row, token = api_token_create(actor=delegate_a, name="R", scope=ApiTokenScope.READ)

    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/statements/", {}, content_type="application/json"
    )

    assert answer.json() == {
        "type": "urn:hlderp:problem:permission_denied",
        "title": "Forbidden",
        "status": 403,
        "detail": "This token may only read: create a read-and-write token to change anything.",
        "instance": "/api/v1/statements/",
    }


@pytest.mark.django_db
def test_the_rate_limit_counts_each_token_apart(delegate_a):
    rates = {"user": "2/min", "anonymous": "1/min"}
    first = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=delegate_a, name='1', scope='read')[1]}"
    )
    second = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=delegate_a, name='2', scope='read')[1]}"
    )

    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        answers = [first.get("/api/v1/processes/").status_code for _ in range(3)]
        other = second.get("/api/v1/processes/").status_code
        refused = first.get("/api/v1/processes/")
        anonymous = [Client().get("/api/v1/processes/").status_code for _ in range(2)]

    assert answers == [200, 200, 429]
    assert other == 200
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:hlderp:problem:throttled"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert anonymous == [200, 429]
