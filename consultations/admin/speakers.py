"""The admin of speakers lists, inscriptions and the record of moves."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.illustrative import IllustrativeAdminMixin
from consultations.admin.workflow import NoRevertMixin, RequestFormMixin, service_check
from consultations.choices import SpeakersListStatus
from consultations.models import (
    Inscription,
    InscriptionMove,
    SpeakersList,
)
from consultations.services.speakers import SpeakersError, inscription_create
from consultations.venue_time import VenueTimeAdminMixin


class InscriptionInline(admin.TabularInline):
    """Read-only: a plenary list holds ~150 inscriptions, and places change only through the
    speakers-list pages, which record every move with its reason. Each row links to its page."""

    model = Inscription
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["position", "stakeholder", "speaker", "level", "status", "inscribed_at", "spoke_at"]
    readonly_fields = fields
    ordering = ["position"]
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("stakeholder", "speaker", "speakers_list__meeting")
        )


@admin.register(SpeakersList)
class SpeakersListAdmin(VenueTimeAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "status", "opens_at", "closes_at", "minutes_per_speaker"]
    list_filter = ["meeting__process", "meeting__kind"]
    # Opened, closed, suspended on the staff pages, whose services record who and when; a
    # closed list keeps the closing time they recorded (the database requires one).
    readonly_fields = ["status"]

    def get_readonly_fields(self, request, obj=None):
        closed = obj is not None and obj.status == SpeakersListStatus.CLOSED
        return [*self.readonly_fields, *(["closes_at"] if closed else [])]

    search_fields = ["meeting__title", "meeting__slug"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    inlines = [InscriptionInline]


class InscriptionAdminForm(forms.ModelForm):
    """A new inscription as ``inscription_create`` takes it: the service gives it its place in
    the protocol order and its time; its domain errors are form errors."""

    request = None  # set by RequestFormMixin

    class Meta:
        model = Inscription
        fields = ["speakers_list", "stakeholder", "speaker", "speaker_post", "level"]

    def inscribe(self) -> Inscription:
        cleaned = self.cleaned_data
        return inscription_create(
            actor=self.request.user,
            speakers_list=cleaned["speakers_list"],
            stakeholder=cleaned["stakeholder"],
            speaker=cleaned.get("speaker"),
            speaker_post=cleaned.get("speaker_post", ""),
            level=cleaned.get("level"),
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not self.errors:
            try:
                service_check(self.inscribe)
            except SpeakersError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned


@admin.register(Inscription)
class InscriptionAdmin(
    IllustrativeAdminMixin, RequestFormMixin, NoRevertMixin, VenueTimeAdminMixin, SimpleHistoryAdmin
):
    """Inscriptions are made through ``inscription_create`` (their place in the protocol
    order); places, status and times change only on the speakers-list pages, which record every
    move with its reason. Here only the speaker can be corrected, and nothing deleted (a
    withdrawal keeps the row and closes the gap)."""

    form = InscriptionAdminForm
    list_display = ["speakers_list", "position", "stakeholder", "speaker", "level", "status"]
    list_filter = ["status", "level", "speakers_list__meeting__process", "stakeholder__kind"]
    search_fields = ["stakeholder__name", "speaker__family_name", "speakers_list__meeting__title"]
    list_select_related = ["speakers_list__meeting", "stakeholder", "speaker"]
    autocomplete_fields = ["speakers_list", "stakeholder", "speaker"]
    service_fields = [
        "position",
        "status",
        "inscribed_at",
        "inscribed_by",
        "spoke_at",
        "spoke_seconds",
    ]
    readonly_fields = ["inscribed_by"]
    date_hierarchy = "inscribed_at"
    revert_refused = _(
        "Move, withdraw or mark speakers on the speakers-list pages, which record every move."
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ["speakers_list", "stakeholder", "level", *self.service_fields]

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*InscriptionAdminForm._meta.fields]
        return [
            "speakers_list",
            "stakeholder",
            "speaker",
            "speaker_post",
            "level",
            *self.service_fields,
        ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        inscription = form.inscribe()
        obj.pk = inscription.pk
        obj.refresh_from_db()
        obj._state.adding = False


@admin.register(InscriptionMove)
class InscriptionMoveAdmin(admin.ModelAdmin):
    """The record of moves on speakers lists: written by the speakers service, never by hand."""

    list_display = ["inscription", "from_position", "to_position", "reason", "moved_by", "moved_at"]
    list_filter = ["inscription__speakers_list__meeting__process"]
    search_fields = ["inscription__stakeholder__name", "reason", "moved_by__email"]
    list_select_related = ["inscription__stakeholder", "moved_by"]
    date_hierarchy = "moved_at"
    readonly_fields = [
        "inscription",
        "from_position",
        "to_position",
        "reason",
        "moved_by",
        "moved_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
