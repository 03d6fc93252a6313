"""The admin of venues, rooms, meetings and their chairs."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.illustrative import IllustrativeAdminMixin
from consultations.models import (
    Meeting,
    MeetingChair,
    MeetingNote,
    Room,
    Venue,
)
from consultations.selectors.meetings import meeting_conflicts
from consultations.services.meetings import meeting_schedule, meeting_update
from consultations.venue_time import VenueTimeAdminMixin
from registry.admin_translation import TranslatedAdmin


class MeetingChairInline(admin.TabularInline):
    model = MeetingChair
    extra = 0
    fields = ["role", "person", "stakeholder", "order", "is_illustrative", "source"]
    autocomplete_fields = ["person", "stakeholder"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "city", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "city", "country"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "venue", "capacity"]
    list_filter = ["venue"]
    search_fields = ["name", "venue__name", "venue__city"]
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]


@admin.register(Meeting)
class MeetingAdmin(
    TranslatedAdmin, IllustrativeAdminMixin, VenueTimeAdminMixin, SimpleHistoryAdmin
):
    list_display = [
        "title",
        "kind",
        "number",
        "local_time",
        "venue",
        "room",
        "status",
        "process",
        "counts_in_figures",
    ]
    list_filter = ["process", "kind", "status", "venue", "on_record"]
    search_fields = ["title", "slug", "description", "theme__name"]
    list_select_related = ["process", "venue", "room", "room__venue"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["process", "theme", "venue", "room"]
    readonly_fields = ["local_time", "conflict_warnings"]
    inlines = [MeetingChairInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "process",
                    "kind",
                    "number",
                    "title",
                    "slug",
                    "theme",
                    "status",
                    "on_record",
                ]
            },
        ),
        (
            _("When and where"),
            {
                "fields": [
                    "venue",
                    "room",
                    "start",
                    "end",
                    "statement_deadline",
                    "local_time",
                    "capacity",
                    "conflict_warnings",
                ],
                "description": _("Start and end are the local time at the venue."),
            },
        ),
        (_("Description"), {"fields": ["description"]}),
    ]

    @admin.display(description=_("on the record"), boolean=True)
    def counts_in_figures(self, obj: Meeting) -> bool:
        return obj.is_on_record

    @admin.display(description=_("local time"), ordering="start")
    def local_time(self, obj: Meeting | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        start, end = obj.local_start, obj.local_end
        return f"{start:%Y-%m-%d %H:%M}\N{EN DASH}{end:%H:%M} {end.tzname()}"

    @admin.display(description=_("scheduling warnings"))
    def conflict_warnings(self, obj: Meeting | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        warnings = meeting_conflicts(meeting=obj)
        if not warnings:
            return _("None")
        return format_html(
            '<ul class="conflict-warnings">{}</ul>',
            format_html_join(
                "",
                "<li>{}{}</li>",
                ((w.message, self._other_link(w.other)) for w in warnings),
            ),
        )

    @staticmethod
    def _other_link(other: Meeting | None) -> str:
        if other is None:
            return ""
        url = reverse("admin:consultations_meeting_change", args=[other.pk])
        return format_html(' (<a href="{}">{}</a>)', url, _("open"))

    # The admin's own model permissions are not enough: meetings are scheduled by whoever the
    # scheduling service allows (consultations.schedule_meetings); others may only look.
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and self._may_schedule(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_schedule(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_schedule(request)

    @staticmethod
    def _may_schedule(request) -> bool:
        return request.user.has_perm("consultations.schedule_meetings")

    def save_model(self, request, obj, form, change) -> None:
        # Through the scheduling services: their permission check, full_clean and history row.
        # Their clash warnings are given once the chairs are saved too (save_related).
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            meeting_update(actor=request.user, meeting=obj, **fields)
            return
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data}
        meeting, _warnings = meeting_schedule(
            actor=request.user, process=fields.pop("process"), **fields
        )
        obj.pk = meeting.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change) -> None:
        # Chairs are saved with the inlines, after the meeting: check clashes once all is saved.
        super().save_related(request, form, formsets, change)
        for warning in meeting_conflicts(meeting=form.instance):
            messages.warning(request, warning.message)


@admin.register(MeetingChair)
class MeetingChairAdmin(IllustrativeAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "role", "person", "stakeholder", "order"]
    list_filter = ["role", "meeting__process", "meeting__kind"]
    search_fields = ["meeting__title", "person__family_name", "stakeholder__name"]
    list_select_related = ["meeting", "person", "stakeholder"]
    autocomplete_fields = ["meeting", "person", "stakeholder"]


@admin.register(MeetingNote)
class MeetingNoteAdmin(SimpleHistoryAdmin):
    list_display = ["heading", "order", "text", "source"]
    search_fields = ["heading", "text", "source"]
    autocomplete_fields = ["meetings"]
