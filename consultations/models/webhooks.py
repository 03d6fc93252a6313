"""Webhooks: a URL that the Secretariat or a delegation registers, the events it wants, and
the log of each delivery to it (consultations/services/webhooks.py sends them)."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from consultations.choices import DeliveryState, WebhookEvent


def webhook_secret() -> str:
    return secrets.token_hex(32)


# A hook is posted to over HTTP(S) only (urllib would follow ftp:// and file:// too).
WEBHOOK_SCHEMES = ["https", "http"]


class Webhook(models.Model):
    """A receiver of events. Owned by a delegation's stakeholder (it receives what that
    delegation may read) or, with no stakeholder, by the Secretariat (what the Secretariat may
    read). The secret signs each delivery; it is kept as given, since signing needs it."""

    url = models.URLField("URL", max_length=500)
    events = models.JSONField("events", default=list)
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
        verbose_name="delegation",
        help_text="Empty: the Secretariat's hook, which receives what the Secretariat reads.",
    )
    description = models.CharField("description", max_length=200, blank=True)
    secret = models.CharField("secret", max_length=64, default=webhook_secret, editable=False)
    is_active = models.BooleanField("active", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        verbose_name = "webhook"
        verbose_name_plural = "webhooks"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return self.is_active and event in (self.events or [])


class WebhookDelivery(models.Model):
    """One event to one hook: its body, fixed at the first attempt (a retry or a replay sends
    the same bytes), and how its attempts went."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name="webhook"
    )
    event = models.CharField("event", max_length=40, choices=WebhookEvent.choices)
    event_id = models.UUIDField("event id", default=uuid.uuid4)
    object_id = models.PositiveBigIntegerField("object")
    body = models.TextField("body", blank=True)
    state = models.CharField(
        "state", max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("attempts", default=0)
    response_status = models.PositiveSmallIntegerField("response code", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("time (ms)", null=True, blank=True)
    error = models.TextField("error", blank=True)
    not_before = models.DateTimeField("not before", null=True, blank=True)
    replay_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replays",
        verbose_name="replay of",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    last_attempt_at = models.DateTimeField("last attempt", null=True, blank=True)
    delivered_at = models.DateTimeField("delivered", null=True, blank=True)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.object_id} → {self.webhook}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: its response code (none if it never answered), its time."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField("at")
    response_status = models.PositiveSmallIntegerField("response code", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("time (ms)")
    error = models.TextField("error", blank=True)

    class Meta:
        verbose_name = "webhook attempt"
        verbose_name_plural = "webhook attempts"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.response_status or self.error}"
