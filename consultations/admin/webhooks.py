"""Webhooks in the admin: the Secretariat registers hooks (its own, or a delegation's), reads
every delivery with its attempts, and replays one."""

from django import forms
from django.contrib import admin, messages
from django.core.validators import URLValidator
from django.utils.html import format_html

from consultations.choices import WebhookEvent
from consultations.models import Webhook, WebhookAttempt, WebhookDelivery
from consultations.models.webhooks import WEBHOOK_SCHEMES
from consultations.services.webhooks import delivery_replay


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=WEBHOOK_SCHEMES)],
    )
    events = forms.MultipleChoiceField(
        label="events", choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["url", "events", "stakeholder", "description", "is_active"]


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["created_at", "event", "object_id", "state", "attempts", "response_status",
              "duration_ms", "error"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-pk")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "stakeholder", "events_shown", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description", "stakeholder__name"]
    readonly_fields = ["secret_shown", "created_by", "created_at"]
    inlines = [DeliveryInline]

    @admin.display(description="events")
    def events_shown(self, obj: Webhook) -> str:
        return ", ".join(obj.events or [])

    @admin.display(description="secret")
    def secret_shown(self, obj: Webhook) -> str:
        if not obj.pk:
            return "Made when the hook is saved."
        return format_html("<code>{}</code>", obj.secret)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["at", "response_status", "duration_ms", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "object_id", "webhook", "state", "attempts",
                    "response_status", "duration_ms", "replay_of"]  # fmt: skip
    list_filter = ["state", "event"]
    search_fields = ["webhook__url", "event_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [AttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("consultations.manage_webhooks"):
            actions.pop("replay", None)
        return actions

    @admin.action(description="Replay the selected deliveries (send the same body again)")
    def replay(self, request, queryset):
        replays = [delivery_replay(actor=request.user, delivery=d) for d in queryset]
        self.message_user(
            request,
            f"{len(replays)} delivery(ies) queued again.",
            messages.SUCCESS,
        )
