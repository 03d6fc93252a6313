"""Webhooks delivered to a receiver the test starts on 127.0.0.1 (tests/jobs_helpers.py):
signed with the hook's secret, a failure retried, a replay from the admin, a slow receiver
that does not slow the request that caused the event, and only what the owner may read.

The jobs run on the database backend (the production one), in the test's thread
(``run_jobs``), after the request has answered."""

import socket
import time

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from consultations.choices import DeliveryState, WebhookEvent
from consultations.models import Webhook, WebhookDelivery
from consultations.services.statements import statement_publish, statement_withdraw
from consultations.services.webhooks import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_check,
)
from tests.consultations.statements_helpers import draft, submitted
from tests.jobs_helpers import Receiver, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def _verified(receiver: Receiver, index: int, secret: str) -> bool:
    request = receiver.requests[index]
    return signature_check(
        secret,
        request["headers"][TIMESTAMP_HEADER],
        request["body"],
        request["headers"][SIGNATURE_HEADER],
    )


@pytest.fixture
def statement(delegate_a, state_a, meeting, delegation_a):
    return submitted(delegate_a, state_a, meeting, title="Remittances")


@pytest.mark.clock
def test_a_delivery_is_signed_retried_after_a_failure_and_replayed_from_the_admin(
    database_jobs, statement, secretariat_client
):
    with Receiver(statuses=[500]) as receiver:
        hook = Webhook.objects.create(url=receiver.url, events=["statement.published"])

        response = secretariat_client.post(f"/secretariat/statements/{statement.pk}/publish/")
        assert response.status_code == 302
        assert receiver.requests == []  # nothing sent by the request itself
        run_jobs()

        # The first attempt got 500, the retry 200: the same body, each signed.
        assert len(receiver.requests) == 2
        assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
        assert [_verified(receiver, i, hook.secret) for i in (0, 1)] == [True, True]
        assert not signature_check(
            "another secret",
            receiver.requests[1]["headers"][TIMESTAMP_HEADER],
            receiver.requests[1]["body"],
            receiver.requests[1]["headers"][SIGNATURE_HEADER],
        )
        headers = receiver.requests[1]["headers"]
        assert headers[EVENT_HEADER] == "statement.published"
        assert headers["Content-Type"] == "application/json"
        body = receiver.json(1)
        assert body["event"] == "statement.published"
        assert body["id"] == headers[DELIVERY_HEADER]
        assert body["data"]["statement"]["id"] == statement.pk
        assert body["data"]["statement"]["title"] == "Remittances"
        assert body["data"]["statement"]["state"] == "published"

        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.attempts, delivery.response_status) == (
            DeliveryState.DELIVERED, 2, 200,
        )  # fmt: skip
        assert list(delivery.attempt_log.values_list("response_status", flat=True)) == [500, 200]
        assert all(a.duration_ms is not None for a in delivery.attempt_log.all())

        # The admin's deliveries list shows it; its replay sends the same body again.
        page = secretariat_client.get("/admin/consultations/webhookdelivery/")
        assert page.status_code == 200 and "statement.published" in page.content.decode()
        response = secretariat_client.post(
            "/admin/consultations/webhookdelivery/",
            {"action": "replay", "_selected_action": [str(delivery.pk)]},
        )
        assert response.status_code == 302
        run_jobs()

        assert len(receiver.requests) == 3
        assert receiver.requests[2]["body"] == receiver.requests[0]["body"]
        assert _verified(receiver, 2, hook.secret)
        replay = WebhookDelivery.objects.get(replay_of=delivery)
        assert (replay.state, replay.response_status) == (DeliveryState.DELIVERED, 200)


def test_a_slow_receiver_does_not_slow_the_request(database_jobs, statement, secretariat_client):
    with Receiver(delay=5) as receiver:
        Webhook.objects.create(url=receiver.url, events=["statement.published"])

        started = time.monotonic()
        response = secretariat_client.post(f"/secretariat/statements/{statement.pk}/publish/")
        elapsed = time.monotonic() - started

        assert response.status_code == 302
        assert elapsed < 2, f"the request took {elapsed:.1f} s"
        assert DBTaskResult.objects.filter(task_path__endswith="webhook_deliver").count() == 1

        run_jobs()

        delivery = WebhookDelivery.objects.get()
        assert delivery.state == DeliveryState.DELIVERED
        assert delivery.duration_ms >= 5000


def test_a_delegation_hook_receives_its_own_drafts_fate_and_only_public_news_of_others(
    database_jobs, delegate_a, delegate_b, state_a, state_b, meeting, delegation_a,
    delegation_b, secretariat_user,
):  # fmt: skip
    events = [e.value for e in WebhookEvent]
    with Receiver() as receiver_a, Receiver() as receiver_b, Receiver() as staff:
        hook_a = Webhook.objects.create(url=receiver_a.url, events=events, stakeholder=state_a)
        Webhook.objects.create(url=receiver_b.url, events=events, stakeholder=state_b)
        Webhook.objects.create(url=staff.url, events=events)

        statement = submitted(delegate_a, state_a, meeting, title="Remittances")
        private = draft(delegate_a, state_a, meeting, title="Never sent")
        statement_withdraw(actor=delegate_a, statement=private)
        run_jobs()

        # A's hook hears of A's submission and A's withdrawn draft; B's hook of neither; the
        # Secretariat's of the submission only (a draft never submitted is A's alone).
        assert receiver_a.events() == ["statement.submitted", "statement.withdrawn"]
        assert _verified(receiver_a, 0, hook_a.secret)
        assert receiver_b.requests == []
        assert staff.events() == ["statement.submitted"]

        statement_publish(actor=secretariat_user, statement=statement)
        run_jobs()

        # Published: public now, so B's hook hears of it too, with public data.
        published = receiver_b.json(0)
        assert published["event"] == "statement.published"
        assert published["data"]["statement"]["public"] is True
        assert published["data"]["statement"]["url"].endswith(f"/statements/{statement.pk}/")
        assert WebhookDelivery.objects.filter(webhook__stakeholder=state_b).count() == 1


@pytest.mark.clock
def test_an_embargoed_statement_reaches_other_delegations_when_its_embargo_lifts(
    database_jobs, delegate_a, state_a, state_b, meeting, delegation_a, secretariat_user
):
    import datetime

    from django.utils import timezone

    lift = timezone.now() + datetime.timedelta(hours=2)
    statement = submitted(delegate_a, state_a, meeting, title="Embargoed")
    statement.embargo_until = lift
    statement.save(update_fields=["embargo_until"])
    with Receiver() as receiver_b:
        Webhook.objects.create(
            url=receiver_b.url, events=["statement.published"], stakeholder=state_b
        )
        statement_publish(actor=secretariat_user, statement=statement)
        run_jobs()

        assert receiver_b.requests == []
        job = DBTaskResult.objects.get(task_path__endswith="webhook_deliver")
        assert (job.status, job.run_after) == ("READY", lift)


def test_a_meeting_change_and_a_speakers_list_change_are_one_event_each_with_public_data(
    database_jobs, secretariat_user, speakers_list, list_delegations, state_a, state_b
):
    from django.db import transaction

    from consultations.services.meetings import meeting_update
    from consultations.services.speakers import inscription_create

    meeting = speakers_list.meeting
    with Receiver() as receiver:
        hook = Webhook.objects.create(
            url=receiver.url,
            events=["meeting.changed", "speakers_list.changed"],
            stakeholder=state_b,
        )
        meeting_update(actor=secretariat_user, meeting=meeting, title="Plenary 1 (room 2)")
        with transaction.atomic():  # two inscriptions, places renumbered: one event
            for stakeholder in (state_a, state_b):
                inscription_create(
                    actor=secretariat_user, speakers_list=speakers_list, stakeholder=stakeholder,
                    at=speakers_list.opens_at,
                )  # fmt: skip
        run_jobs()

        assert receiver.events() == ["meeting.changed", "speakers_list.changed"]
        assert [_verified(receiver, i, hook.secret) for i in (0, 1)] == [True, True]
        changed = receiver.json(0)["data"]["meeting"]
        assert (changed["slug"], changed["title"]) == (meeting.slug, "Plenary 1 (room 2)")
        listed = receiver.json(1)["data"]["speakers_list"]
        assert listed["id"] == speakers_list.pk
        assert [(s["place"], s["stakeholder"]["name"]) for s in listed["speakers"]] == [
            (1, "State A"), (2, "State B"),
        ]  # fmt: skip


def test_a_hook_on_a_loopback_address_is_refused_in_production(
    database_jobs, statement, secretariat_user
):
    database_jobs.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    database_jobs.JOBS_MAX_ATTEMPTS = 1
    with Receiver() as receiver:
        Webhook.objects.create(url=receiver.url, events=["statement.published"])
        statement_publish(actor=secretariat_user, statement=statement)
        run_jobs()

        assert receiver.requests == []
        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.response_status) == (DeliveryState.FAILED, None)
        assert delivery.error == "127.0.0.1 resolves to 127.0.0.1, which is not a public address"


def test_a_name_that_answers_a_private_address_after_the_check_is_never_reached(
    database_jobs, statement, secretariat_user, monkeypatch
):
    """DNS rebinding: the name answers a public address to the check, then the loopback. The
    delivery connects to the address checked, never to the one answered after."""
    database_jobs.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    database_jobs.JOBS_MAX_ATTEMPTS = 1
    answers = iter(["93.184.216.34"])  # public, then 127.0.0.1 for every later lookup
    resolve, connect = socket.getaddrinfo, socket.create_connection
    dialled = []

    def rebinding(host, *args, **kwargs):
        if host == "hooks.example":
            host = next(answers, "127.0.0.1")
        return resolve(host, *args, **kwargs)

    def dial(address, *args, **kwargs):
        dialled.append(address)
        if address[0] == "93.184.216.34":  # no route out of the test machine
            raise ConnectionRefusedError("refused")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", dial)
    with Receiver() as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        Webhook.objects.create(
            url=receiver.url.replace("127.0.0.1", "hooks.example"), events=["statement.published"]
        )
        statement_publish(actor=secretariat_user, statement=statement)
        run_jobs()

        assert receiver.requests == []
        assert dialled == [("93.184.216.34", int(port))]
        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.error) == (DeliveryState.FAILED, "<urlopen error refused>")


def test_a_delivery_tries_each_address_checked_in_turn(
    database_jobs, statement, secretariat_user, monkeypatch
):
    """A name with two addresses whose first does not answer (an IPv6 address without a route,
    say) is still reached at its second, as a connection by name would be."""
    resolve, connect = socket.getaddrinfo, socket.create_connection
    dialled = []

    def two_addresses(host, *args, **kwargs):
        if host == "hooks.example":
            return resolve("192.0.2.1", *args, **kwargs) + resolve("127.0.0.1", *args, **kwargs)
        return resolve(host, *args, **kwargs)

    def dial(address, *args, **kwargs):
        dialled.append(address[0])
        if address[0] == "192.0.2.1":
            raise ConnectionRefusedError("refused")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    monkeypatch.setattr(socket, "create_connection", dial)
    with Receiver() as receiver:
        Webhook.objects.create(
            url=receiver.url.replace("127.0.0.1", "hooks.example"), events=["statement.published"]
        )
        statement_publish(actor=secretariat_user, statement=statement)
        run_jobs()

        assert receiver.events() == ["statement.published"]
        assert dialled == ["192.0.2.1", "127.0.0.1"]
        assert WebhookDelivery.objects.get().state == DeliveryState.DELIVERED


@pytest.mark.clock
def test_a_statement_withdrawn_under_embargo_never_reaches_another_delegation(
    database_jobs, delegate_a, state_a, state_b, meeting, delegation_a, secretariat_user
):
    import datetime

    from django.utils import timezone

    statement = submitted(delegate_a, state_a, meeting, title="Withdrawn under embargo")
    statement.embargo_until = timezone.now() + datetime.timedelta(hours=2)
    statement.save(update_fields=["embargo_until"])
    events = [e.value for e in WebhookEvent]
    with Receiver() as receiver_a, Receiver() as receiver_b:
        Webhook.objects.create(url=receiver_a.url, events=events, stakeholder=state_a)
        Webhook.objects.create(url=receiver_b.url, events=events, stakeholder=state_b)
        statement_publish(actor=secretariat_user, statement=statement)
        statement_withdraw(actor=delegate_a, statement=statement)
        run_jobs()
        # The published delivery waited for the embargo: sent now, it finds the statement
        # withdrawn before it was ever public, and sends nothing.
        with time_machine.travel(statement.embargo_until + datetime.timedelta(hours=1)):
            run_jobs()

        assert receiver_a.events() == ["statement.published", "statement.withdrawn"]
        assert receiver_b.requests == []
        assert list(
            WebhookDelivery.objects.filter(webhook__stakeholder=state_b).values_list("state")
        ) == [(DeliveryState.SKIPPED,)]


def test_a_delivery_to_an_address_not_http_is_a_logged_failure(
    database_jobs, statement, secretariat_user
):
    # The retry waits a minute: within the one round below it is not ready, whatever the speed
    # of the machine (at the suite's 10 ms the round could run it too).
    database_jobs.JOBS_RETRY_BACKOFF_SECONDS = 60
    hook = Webhook.objects.create(url="ftp://127.0.0.1/hook", events=["statement.published"])

    statement_publish(actor=secretariat_user, statement=statement)
    run_jobs(rounds=1)

    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert (delivery.state, delivery.attempts, delivery.response_status, delivery.error) == (
        DeliveryState.RETRYING, 1, None, "ftp://127.0.0.1/hook is not an http or https address"
    )  # fmt: skip
