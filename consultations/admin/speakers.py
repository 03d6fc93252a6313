"""The admin of speakers lists, inscriptions and the record of moves."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.widgets import LabelledDateTimesMixin
from consultations.models import (
    Inscription,
    InscriptionMove,
    SpeakersList,
)


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
class SpeakersListAdmin(LabelledDateTimesMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "opens_at", "closes_at", "minutes_per_speaker"]
    list_filter = ["meeting__process", "meeting__kind"]
    search_fields = ["meeting__title", "meeting__slug"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    inlines = [InscriptionInline]


@admin.register(Inscription)
class InscriptionAdmin(LabelledDateTimesMixin, SimpleHistoryAdmin):
    list_display = ["speakers_list", "position", "stakeholder", "speaker", "level", "status"]
    list_filter = ["status", "level", "speakers_list__meeting__process", "stakeholder__kind"]
    search_fields = ["stakeholder__name", "speaker__family_name", "speakers_list__meeting__title"]
    list_select_related = ["speakers_list__meeting", "stakeholder", "speaker"]
    autocomplete_fields = ["speakers_list", "stakeholder", "speaker"]
    readonly_fields = ["inscribed_by"]
    date_hierarchy = "inscribed_at"

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.inscribed_by = request.user
        super().save_model(request, obj, form, change)


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
