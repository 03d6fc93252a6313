"""The admin of round-table seats and seat preferences."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Seat,
    SeatPreference,
)


@admin.register(SeatPreference)
class SeatPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["delegation", "rank", "meeting", "updated"]
    list_filter = ["rank", "meeting__process", "meeting"]
    search_fields = ["delegation__stakeholder__name", "meeting__title"]
    list_select_related = ["delegation__stakeholder", "delegation__process", "meeting"]
    autocomplete_fields = ["delegation", "meeting"]
    readonly_fields = ["updated"]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["delegation", "meeting", "source", "choice", "assigned_by", "assigned_at"]
    list_filter = ["source", "choice", "meeting__process", "meeting"]
    search_fields = ["delegation__stakeholder__name", "meeting__title"]
    list_select_related = [
        "delegation__stakeholder",
        "delegation__process",
        "meeting",
        "assigned_by",
    ]
    autocomplete_fields = ["meeting", "delegation"]
    readonly_fields = ["assigned_by", "assigned_at"]
    date_hierarchy = "assigned_at"

    def save_model(self, request, obj, form, change) -> None:
        obj.assigned_by = request.user
        super().save_model(request, obj, form, change)
