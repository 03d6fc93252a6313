"""Webhooks: which changes are events, who receives each, the signed delivery.

**One place.** Every service that changes a statement, a meeting or a speakers list saves it
with a history row (django-simple-history), and so does the admin. ``history_saved`` below
receives each new history row and names the event, if any: a statement that became submitted,
published or withdrawn; a meeting scheduled or changed; a speakers list or one of its
inscriptions changed. Views know nothing of webhooks.

**In the change's transaction, never blocking it.** For each active hook that wants the event
(and may read it), a WebhookDelivery row and its ``webhook_deliver`` job are written in the
transaction of the change (consultations/jobs.py): rolled back, nothing is sent; committed, a
job worker sends it, never the request. One change that writes many history rows (a speakers
list renumbered) makes one event per object and transaction.

**Only what the owner may read.** A Secretariat hook (no stakeholder) gets what the Secretariat
reads: statements once submitted. A delegation's hook gets its own stakeholder's statements in
any of these states, another's only once public (published and past its "check against
delivery" time: the delivery waits for it) and its withdrawal only if it had been published.
Meetings and speakers lists are public. The body is built when it is first sent, from the
object as it is then, and kept: a retry or a replay sends the same bytes.

**Signed.** Each request carries ``X-Hlderp-Timestamp`` (Unix seconds) and
``X-Hlderp-Signature: sha256=<hex>``, the HMAC-SHA256 with the hook's secret of
``<timestamp>.<body>`` (docs/webhooks.md says how to check it).
"""

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from consultations.choices import DeliveryState, StatementState, WebhookEvent
from consultations.jobs import enqueue
from consultations.models import (
    Inscription,
    Meeting,
    SpeakersList,
    Statement,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from consultations.models.webhooks import WEBHOOK_SCHEMES

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hlderp-Signature"
TIMESTAMP_HEADER = "X-Hlderp-Timestamp"
EVENT_HEADER = "X-Hlderp-Event"
DELIVERY_HEADER = "X-Hlderp-Delivery"

_STATEMENT_EVENTS = {
    StatementState.SUBMITTED: WebhookEvent.STATEMENT_SUBMITTED,
    StatementState.PUBLISHED: WebhookEvent.STATEMENT_PUBLISHED,
    StatementState.WITHDRAWN: WebhookEvent.STATEMENT_WITHDRAWN,
}


# --- which change is which event -----------------------------------------------------------
def _hooks_wanting(event: str) -> list[Webhook]:
    return [hook for hook in Webhook.objects.filter(is_active=True) if hook.wants(event)]


def _state_changed(history_instance) -> bool:
    """True unless the statement's previous history row has the same state."""
    previous = (
        type(history_instance)
        .objects.filter(id=history_instance.id, history_id__lt=history_instance.history_id)
        .order_by("-history_id")
        .values_list("state", flat=True)
        .first()
    )
    return previous != history_instance.state


def history_saved(sender, instance, history_instance, **kwargs) -> None:
    """simple_history's post_create_historical_record (``sender`` is the history model): the
    one place events come from. Without a hook that wants the event, one query."""
    if isinstance(instance, Statement):
        event = _STATEMENT_EVENTS.get(history_instance.state)
        if (
            event
            and history_instance.history_type != "-"
            and _hooks_wanting(event)
            and _state_changed(history_instance)
        ):
            event_raise(event, instance)
    elif isinstance(instance, Meeting):
        event_raise(WebhookEvent.MEETING_CHANGED, instance)
    elif isinstance(instance, SpeakersList):
        event_raise(WebhookEvent.SPEAKERS_LIST_CHANGED, instance)
    elif isinstance(instance, Inscription):
        event_raise(WebhookEvent.SPEAKERS_LIST_CHANGED, instance.speakers_list)


def _seen_in_this_transaction(key: tuple) -> bool:
    """True if ``key`` was raised already in the current transaction (then one event is
    enough); outside a transaction, never."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    state = getattr(connection, "_webhook_events", None)
    # The marker is a callback registered on commit: while it is still waiting there, this is
    # the same transaction; once it ran (commit) or was dropped (rollback), a new one began.
    if state is None or not any(entry[1] is state[0] for entry in connection.run_on_commit):

        def marker() -> None:
            return None

        state = (marker, set())
        connection._webhook_events = state
        transaction.on_commit(marker)
    if key in state[1]:
        return True
    state[1].add(key)
    return False


def event_raise(event: str, obj) -> list[WebhookDelivery]:
    """Queue the deliveries of ``event`` about ``obj`` to every hook that wants it and may
    read it (in the current transaction)."""
    hooks = _hooks_wanting(event)
    if not hooks or _seen_in_this_transaction((event, type(obj).__name__, obj.pk)):
        return []
    deliveries = []
    now = timezone.now()
    for hook in hooks:
        not_before = _not_before(hook, event, obj, now)
        if not_before is False:
            continue
        delivery = WebhookDelivery.objects.create(
            webhook=hook, event=event, object_id=obj.pk, not_before=not_before
        )
        _enqueue_delivery(delivery)
        deliveries.append(delivery)
    return deliveries


def _owns(hook: Webhook, statement: Statement) -> bool:
    return hook.stakeholder_id is None or hook.stakeholder_id == statement.stakeholder_id


def _not_before(hook: Webhook, event: str, obj, now) -> datetime.datetime | bool | None:
    """None: send now; a time: send from then (an embargoed statement, to another delegation);
    False: never (the hook's owner may not read it)."""
    if not isinstance(obj, Statement):
        return None
    if hook.stakeholder_id is None and not obj.seen_by_secretariat:
        return False  # a draft never submitted is its delegation's alone
    if _owns(hook, obj):
        return None
    if event == WebhookEvent.STATEMENT_PUBLISHED:
        if obj.is_public(now=now):
            return None
        return obj.embargo_until if obj.embargo_until else False
    if event == WebhookEvent.STATEMENT_WITHDRAWN and obj.was_public(now=now):
        return None
    return False


def _enqueue_delivery(delivery: WebhookDelivery) -> None:
    job = webhook_deliver
    deferred = delivery.not_before and delivery.not_before > timezone.now()
    if deferred and task_backends[job.backend].supports_defer:
        job = webhook_deliver.using(run_after=delivery.not_before)
    enqueue(job, delivery_id=delivery.pk)


# --- the body ------------------------------------------------------------------------------
def _absolute(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _meeting_data(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "slug": meeting.slug,
        "title": meeting.title,
        "kind": meeting.kind,
        "process": meeting.process.slug,
        "status": meeting.status,
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "time_zone": meeting.venue.time_zone,
        "venue": str(meeting.venue),
        "url": _absolute(meeting.get_absolute_url()),
    }


def _statement_data(statement: Statement, *, hook: Webhook, now) -> dict | None:
    """What the hook's owner may read of the statement, or None if nothing."""
    public = statement.is_public(now=now)
    if _owns(hook, statement):
        if hook.stakeholder_id is None and not statement.seen_by_secretariat:
            return None
    elif not statement.was_public(now=now):
        return None  # never public (a withdrawal under embargo included): not another's to know
    data = {
        "id": statement.pk,
        "state": statement.state,
        "stakeholder": {"slug": statement.stakeholder.slug, "name": statement.stakeholder.name},
        "meeting": {"slug": statement.meeting.slug, "title": statement.meeting.title},
    }
    if statement.state == StatementState.WITHDRAWN and not _owns(hook, statement):
        return data  # that it is gone, nothing more
    data.update(
        title=statement.title,
        language=getattr(statement, "language", ""),
        submitted_at=_iso(statement.submitted_at),
        published_at=_iso(statement.published_at),
        embargo_until=_iso(statement.embargo_until),
        public=public,
        url=_absolute(statement.get_absolute_url()) if public else None,
    )
    return data


def _speakers_list_data(speakers_list: SpeakersList) -> dict:
    from consultations.selectors.speakers import speakers_list_detail

    detail = speakers_list_detail(speakers_list=speakers_list)
    return {
        "id": speakers_list.pk,
        "meeting": _meeting_data(speakers_list.meeting),
        "status": speakers_list.status,
        "speakers": [
            {
                "place": row.place,
                "stakeholder": {
                    "slug": row.inscription.stakeholder.slug,
                    "name": row.inscription.stakeholder.name,
                },
                "speaker": row.inscription.speaker_name
                or (str(row.inscription.speaker) if row.inscription.speaker_id else ""),
                "expected_at": _iso(row.expected_at),
                "status": row.status,
            }
            for row in detail.rows
        ],
    }


def _data(delivery: WebhookDelivery, now) -> dict | None:
    event = delivery.event
    if event.startswith("statement."):
        statement = (
            Statement.objects.select_related("stakeholder", "meeting")
            .filter(pk=delivery.object_id)
            .first()
        )
        if statement is None:
            return None
        data = _statement_data(statement, hook=delivery.webhook, now=now)
        return None if data is None else {"statement": data}
    if event == WebhookEvent.MEETING_CHANGED:
        meeting = (
            Meeting.objects.select_related("venue", "process").filter(pk=delivery.object_id).first()
        )
        return {"meeting": _meeting_data(meeting) if meeting else {"id": delivery.object_id,
                                                                    "deleted": True}}  # fmt: skip
    if event == WebhookEvent.SPEAKERS_LIST_CHANGED:
        speakers_list = (
            SpeakersList.objects.select_related("meeting__venue", "meeting__process")
            .filter(pk=delivery.object_id)
            .first()
        )
        if speakers_list is None:
            return {"speakers_list": {"id": delivery.object_id, "deleted": True}}
        return {"speakers_list": _speakers_list_data(speakers_list)}
    return None


def delivery_body(delivery: WebhookDelivery, now) -> str | None:
    data = _data(delivery, now)
    if data is None:
        return None
    envelope = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": _iso(delivery.created_at),
        "data": data,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- signing and sending -------------------------------------------------------------------
def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` with ``secret``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signature_check(secret: str, timestamp: str, body: bytes, header: str,
                    *, tolerance: int = 300, now: float | None = None) -> bool:  # fmt: skip
    """What a receiver does (docs/webhooks.md): the signature matches and the timestamp is
    within ``tolerance`` seconds of now (an old request replayed by a third party fails)."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(signature(secret, timestamp, body), header)


class WebhookFailed(Exception):
    """The receiver did not answer 2xx: the job is tried again."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _target_addresses(url: str) -> list[str]:
    """The addresses a delivery to ``url`` may connect to: its host's, resolved once. Unless
    WEBHOOK_ALLOW_PRIVATE_TARGETS, a host with a loopback, private, link-local or reserved
    address among its answers is refused: a hook must not reach the inside."""
    host = urlsplit(url).hostname or ""
    addresses = [info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)]
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for address in map(ipaddress.ip_address, addresses):
            if not address.is_global:
                raise WebhookFailed(f"{host} resolves to {address}, which is not a public address")
    return addresses


def _connect(addresses: list[str], port: int, *args):
    """A connection to the first of ``addresses`` that answers, as ``socket.create_connection``
    tries each address of a name in turn (an IPv6 address without a route, then the IPv4)."""
    for address in addresses:
        try:
            return socket.create_connection((address, port), *args)
        except OSError as error:
            failure = error
    raise failure


def _opener(addresses: list[str]) -> urllib.request.OpenerDirector:
    """An opener that connects to one of ``addresses`` whatever the host's name resolves to
    when it connects: a name that answers a public address to the check and a private one to
    the connection (DNS rebinding) still reaches an address checked. The name is still sent, as
    the Host header and, over TLS, for SNI and the certificate's check. No redirect is
    followed, and no proxy is used: either would lead elsewhere than the addresses checked."""

    def pinned(connection_class):
        def connection(host, **kwargs):
            made = connection_class(host, **kwargs)
            made._create_connection = lambda target, *args: _connect(addresses, target[1], *args)
            return made

        return connection

    class Http(urllib.request.HTTPHandler):
        def http_open(self, request):
            return self.do_open(pinned(http.client.HTTPConnection), request)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, request):
            return self.do_open(pinned(http.client.HTTPSConnection), request, context=self._context)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects, Http, Https)


def _post(url: str, body: bytes, headers: dict) -> int:
    """POST and return the response code; raise OSError if nothing answers."""
    if urlsplit(url).scheme not in WEBHOOK_SCHEMES:
        raise WebhookFailed(f"{url} is not an http or https address")
    opener = _opener(_target_addresses(url))
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            response.read(65536)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _last_attempt(context) -> bool:
    by_task = getattr(settings, "JOBS_MAX_ATTEMPTS_BY_TASK", {}) or {}
    limit = int(by_task.get(webhook_deliver.module_path, settings.JOBS_MAX_ATTEMPTS))
    return context.attempt >= limit


@task(takes_context=True)
def webhook_deliver(context, delivery_id: int) -> int | None:
    """The job: send one delivery, log the attempt; raise WebhookFailed (to be tried again)
    unless the receiver answered 2xx."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.state in (DeliveryState.DELIVERED, DeliveryState.SKIPPED):
        return None
    now = timezone.now()
    if not delivery.body:
        body = delivery_body(delivery, now)
        if body is None:
            delivery.state = DeliveryState.SKIPPED
            delivery.save(update_fields=["state"])
            return None
        delivery.body = body
        delivery.save(update_fields=["body"])
    payload = delivery.body.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "hlderp-webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.event_id),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(delivery.webhook.secret, timestamp, payload),
    }
    started = time.monotonic()
    status, error = None, ""
    try:
        status = _post(delivery.webhook.url, payload, headers)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except (OSError, WebhookFailed) as failure:
        error = str(failure) or repr(failure)
    duration = int((time.monotonic() - started) * 1000)
    WebhookAttempt.objects.create(
        delivery=delivery, at=now, response_status=status, duration_ms=duration, error=error
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.duration_ms = duration
    delivery.error = error
    if not error:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = timezone.now()
    else:
        delivery.state = DeliveryState.FAILED if _last_attempt(context) else DeliveryState.RETRYING
    delivery.save()
    if error:
        logger.warning("Webhook delivery %s to %s failed: %s", delivery.pk, delivery.webhook.url,
                       error)  # fmt: skip
        raise WebhookFailed(error)
    return status


def delivery_replay(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send ``delivery``'s body again, as a new delivery (the admin's replay)."""
    if not actor.has_perm("consultations.manage_webhooks"):
        raise PermissionDenied
    with transaction.atomic():
        replay = WebhookDelivery.objects.create(
            webhook=delivery.webhook,
            event=delivery.event,
            event_id=delivery.event_id,
            object_id=delivery.object_id,
            body=delivery.body,
            replay_of=delivery,
        )
        _enqueue_delivery(replay)
    return replay


def webhook_create(*, actor, url: str, events: list[str], stakeholder=None,
                   description: str = "") -> Webhook:  # fmt: skip
    """Register a hook for ``stakeholder`` (a delegation ``actor`` acts for) or, with none, for
    the Secretariat; unknown events are left out. Raises PermissionDenied."""
    allowed = (
        actor.has_perm("consultations.act_for", stakeholder)
        if stakeholder is not None
        else actor.has_perm("consultations.manage_webhooks")
    )
    if not allowed:
        raise PermissionDenied
    valid = {value for value, _label in WebhookEvent.choices}
    return Webhook.objects.create(
        url=url,
        events=[e for e in events if e in valid],
        stakeholder=stakeholder,
        description=description,
        created_by=actor,
    )


def webhook_delete(*, actor, webhook: Webhook) -> None:
    """Delete ``webhook`` and its deliveries. Raises PermissionDenied unless ``actor`` acts
    for its delegation (or is the Secretariat)."""
    if not actor.has_perm("consultations.act_for", webhook) and not actor.has_perm(
        "consultations.manage_webhooks"
    ):
        raise PermissionDenied
    webhook.delete()
