"""The admin of statements, issues and positions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.widgets import LabelledDateTimesMixin
from consultations.models import (
    Issue,
    Position,
    Statement,
)


@admin.register(Statement)
class StatementAdmin(LabelledDateTimesMixin, SimpleHistoryAdmin):
    """State changes (submit, return, publish, withdraw) go through the Secretariat's review
    pages, which check the transition, keep the revision and tell the delegation."""

    list_display = ["title", "stakeholder", "meeting", "language", "state", "published_at"]
    list_filter = ["state", "language", "meeting__process", "meeting", "stakeholder__kind"]
    search_fields = ["title", "text", "stakeholder__name", "stakeholder__iso3"]
    list_select_related = ["stakeholder", "meeting"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["meeting", "stakeholder", "speaker"]
    filter_horizontal = ["themes"]
    readonly_fields = [
        "state",
        "return_reason",
        "submitted_at",
        "published_at",
        "created_by",
        "created",
        "updated",
    ]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["stakeholder", "statement"]
    readonly_fields = ["recorded_by", "updated"]


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["title", "process", "order", "cites"]
    list_filter = ["process"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cites"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["stakeholder", "issue", "stance", "statement", "recorded_by", "updated"]
    list_filter = ["stance", "issue__process", "issue", "stakeholder__regional_group"]
    search_fields = ["stakeholder__name", "stakeholder__iso3", "issue__title"]
    list_select_related = ["stakeholder", "issue", "statement", "recorded_by"]
    autocomplete_fields = ["issue", "stakeholder", "statement"]
    readonly_fields = ["recorded_by", "updated"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
