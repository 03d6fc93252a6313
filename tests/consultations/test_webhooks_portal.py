"""A delegation's webhooks on the delegate portal: list, add (the secret shown once), delete,
recent deliveries; another delegation's hook is out of reach."""

import pytest

from consultations.choices import DeliveryState
from consultations.models import Webhook, WebhookDelivery
from tests.servers import text

pytestmark = pytest.mark.django_db


def test_a_delegate_adds_a_hook_sees_its_secret_once_and_deletes_it(client, delegate_a, state_a):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/webhooks/",
        {
            "stakeholder": state_a.pk,
            "url": "https://example.org/hook",
            "events": ["statement.published", "speakers_list.changed"],
            "description": "Mission website",
        },
    )

    assert response.status_code == 200
    hook = Webhook.objects.get()
    assert (hook.stakeholder, hook.url, hook.events, hook.created_by) == (
        state_a, "https://example.org/hook", ["statement.published", "speakers_list.changed"],
        delegate_a,
    )  # fmt: skip
    assert hook.secret in response.content.decode()
    page = client.get("/delegate/webhooks/").content.decode()
    assert "https://example.org/hook" in page
    assert hook.secret not in page  # once only

    response = client.post(f"/delegate/webhooks/{hook.pk}/delete/")
    assert response.status_code == 302
    assert not Webhook.objects.exists()


def test_the_list_shows_recent_deliveries_with_code_and_time(client, delegate_a, state_a):
    hook = Webhook.objects.create(url="https://example.org/h", events=[], stakeholder=state_a)
    WebhookDelivery.objects.create(
        webhook=hook, event="statement.submitted", object_id=1, state=DeliveryState.DELIVERED,
        attempts=2, response_status=204, duration_ms=87,
    )  # fmt: skip
    client.force_login(delegate_a)

    page = text(client.get("/delegate/webhooks/").content.decode())

    assert "statement.submitted Delivered 204 87 2" in page


def test_another_delegations_hook_is_neither_listed_nor_deleted(client, delegate_b, state_a,
                                                                state_b):  # fmt: skip
    hook = Webhook.objects.create(url="https://a.example/h", events=[], stakeholder=state_a)
    client.force_login(delegate_b)

    assert "https://a.example/h" not in client.get("/delegate/webhooks/").content.decode()
    assert client.post(f"/delegate/webhooks/{hook.pk}/delete/").status_code == 404
    response = client.post(
        "/delegate/webhooks/",
        {"stakeholder": state_a.pk, "url": "https://b.example/h", "events": ["meeting.changed"]},
    )
    assert response.status_code == 400  # State A is not among B's choices
    assert Webhook.objects.count() == 1


def test_a_hook_is_an_http_or_https_address_only(client, delegate_a, state_a):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/webhooks/",
        {"stakeholder": state_a.pk, "url": "ftp://example.org/hook", "events": ["meeting.changed"]},
    )

    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not Webhook.objects.exists()
