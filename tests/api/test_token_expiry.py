"""Personal API tokens expire: each opens the API for the days chosen when it is made (90 unless
asked), then answers 401 with a problem that says to make a new one."""

import datetime

import pytest
from django.test import Client

from registry.choices import ApiTokenScope
from registry.models import ApiToken
from registry.services import api_token_create

MADE = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.mark.clock
def test_a_token_made_in_the_portal_opens_the_api_for_the_days_chosen(
    client, delegate_a, time_machine
):
    time_machine.move_to(MADE, tick=False)
    client.force_login(delegate_a)
    form = client.get("/accounts/api-tokens/").content.decode()

    client.post("/accounts/api-tokens/", {"name": "Site", "scope": "read", "days": "30"})

    assert '<option value="90" selected>90 days</option>' in form
    assert ApiToken.objects.get().expires_at == MADE + datetime.timedelta(days=30)
    listed = client.get("/accounts/api-tokens/").content.decode()
    assert "<td>31 Mar 2026 09:30 UTC</td>" in listed


@pytest.mark.clock
def test_an_expired_token_answers_401_and_is_listed_as_expired(client, delegate_a, time_machine):
    time_machine.move_to(MADE, tick=False)
    row, token = api_token_create(actor=delegate_a, name="Old", scope=ApiTokenScope.READ)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert row.expires_at == MADE + datetime.timedelta(days=90)

    time_machine.move_to(row.expires_at - datetime.timedelta(seconds=1), tick=False)
    before = api.get("/api/v1/processes/").status_code
    time_machine.move_to(row.expires_at, tick=False)
    after = api.get("/api/v1/processes/")
    client.force_login(delegate_a)
    listed = client.get("/accounts/api-tokens/").content.decode()

    assert (before, after.status_code) == (200, 401)
    assert after.json()["detail"] == (
        "This token has expired: make a new one at /accounts/api-tokens/."
    )
    assert '<span class="badge text-bg-secondary">Expired</span>' in listed


def test_a_token_made_before_tokens_expired_opens_the_api_until_revoked(delegate_a):
    row, token = api_token_create(actor=delegate_a, name="Older", scope=ApiTokenScope.READ)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=None)

    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/processes/")

    assert answer.status_code == 200


def test_a_lifetime_not_offered_is_refused(client, delegate_a):
    client.force_login(delegate_a)

    answer = client.post("/accounts/api-tokens/", {"name": "Site", "scope": "read", "days": "7"})

    assert answer.status_code == 200
    assert ApiToken.objects.count() == 0
    refused = "Select a valid choice. 7 is not one of the available choices."
    assert refused in answer.content.decode()
    with pytest.raises(ValueError, match="Unknown lifetime 7"):
        api_token_create(actor=delegate_a, name="Site", scope=ApiTokenScope.READ, days=7)
