"""The Django admin of consultations, as the Secretariat uses it.

Models with history use SimpleHistoryAdmin, so every change page links to its history.
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Delegation,
    DelegationMember,
    Document,
    Inscription,
    InscriptionMove,
    Issue,
    Meeting,
    MeetingChair,
    Position,
    Process,
    ProcessDocument,
    Room,
    Seat,
    SeatPreference,
    SpeakersList,
    Statement,
    Theme,
    Venue,
)
from consultations.selectors.meetings import meeting_conflicts


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs, each with a name of its own: "Start, date", "Start, time".

    Django's admin writes the field's <label> with no ``for`` (the field has two inputs) and
    "Date:" and "Time:" as plain text beside them, so neither input has a name.
    """

    def __init__(self, attrs=None, *, label: str = ""):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.label:
            labels = (
                _("%(field)s, date") % {"field": self.label},
                _("%(field)s, time") % {"field": self.label},
            )
        else:
            labels = (context["date_label"], context["time_label"])
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["attrs"]["aria-label"] = label
        return context


class LabelledDateTimesMixin:
    """For every admin (or inline) that edits a DateTimeField: its two inputs are named."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs["widget"] = LabelledSplitDateTime(label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- Inlines ---------------------------------------------------------------------------------


class ProcessDocumentInline(admin.TabularInline):
    model = ProcessDocument
    extra = 0
    autocomplete_fields = ["document"]


class DelegationInline(admin.TabularInline):
    """Read-only: a process has up to ~200 delegations, and an editable row with autocomplete
    widgets costs two queries each. Delegations are added and edited on their own pages."""

    model = Delegation
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["stakeholder", "level", "head", "head_post"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("stakeholder", "head", "process")


class MeetingChairInline(admin.TabularInline):
    model = MeetingChair
    extra = 0
    fields = ["role", "person", "stakeholder", "order"]
    autocomplete_fields = ["person", "stakeholder"]


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


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0
    autocomplete_fields = ["person"]


class SeatPreferenceInline(admin.TabularInline):
    model = SeatPreference
    extra = 0
    fields = ["rank", "meeting", "updated"]
    readonly_fields = ["updated"]
    autocomplete_fields = ["meeting"]
    ordering = ["rank"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


# --- Processes and documents -----------------------------------------------------------------


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_title", "start_date", "end_date", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title", "short_title", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}
    date_hierarchy = "start_date"
    inlines = [ProcessDocumentInline, DelegationInline]
    readonly_fields = ["delegation_links"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "short_title",
                    "slug",
                    "start_date",
                    "end_date",
                    "is_current",
                    "description",
                    "follow_up",
                    "illustrative_note",
                ]
            },
        ),
        (
            _("Round-table seats"),
            {
                "fields": [
                    "round_tables_per_state",
                    "round_table_cap",
                    "regional_balance",
                    "co_chairs_per_round_table",
                ]
            },
        ),
        (_("Speakers lists"), {"fields": ["minutes_per_speaker"]}),
        (_("Delegations"), {"fields": ["delegation_links"]}),
    ]

    @admin.display(description=_("delegations"))
    def delegation_links(self, obj: Process | None) -> str:
        if obj is None or obj.pk is None:
            return _("Save the process first.")
        return format_html(
            '<a href="{}?process__id__exact={}">{}</a> · <a href="{}?process={}">{}</a>',
            reverse("admin:consultations_delegation_changelist"),
            obj.pk,
            _("List and edit"),
            reverse("admin:consultations_delegation_add"),
            obj.pk,
            _("Add a delegation"),
        )


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "symbol", "date", "author"]
    list_filter = ["kind", "process_links__process"]
    search_fields = ["symbol", "title", "number"]
    list_select_related = ["author", "part_of"]
    autocomplete_fields = ["author", "part_of"]
    date_hierarchy = "date"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProcessDocument)
class ProcessDocumentAdmin(admin.ModelAdmin):
    list_display = ["document", "process", "role", "order"]
    list_filter = ["role", "process"]
    search_fields = ["document__symbol", "document__title", "process__title"]
    list_select_related = ["document", "document__part_of", "process"]
    autocomplete_fields = ["process", "document"]


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["stakeholder", "process", "head", "head_post", "level"]
    list_filter = ["process", "level", "stakeholder__kind", "stakeholder__regional_group"]
    search_fields = ["stakeholder__name", "stakeholder__iso3", "head__family_name"]
    list_select_related = ["stakeholder", "process", "head"]
    autocomplete_fields = ["process", "stakeholder", "head"]
    inlines = [DelegationMemberInline, SeatPreferenceInline]


@admin.register(DelegationMember)
class DelegationMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "delegation", "post", "rank"]
    list_filter = ["rank", "delegation__process"]
    search_fields = ["person__family_name", "post", "delegation__stakeholder__name"]
    list_select_related = ["person", "delegation__stakeholder", "delegation__process"]
    autocomplete_fields = ["delegation", "person"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "parent__name"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ThemeInline]


# --- Venues and meetings ---------------------------------------------------------------------


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "city", "country"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(SimpleHistoryAdmin):
    list_display = ["name", "venue", "capacity"]
    list_filter = ["venue"]
    search_fields = ["name", "venue__name", "venue__city"]
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]


@admin.register(Meeting)
class MeetingAdmin(LabelledDateTimesMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "number", "local_time", "venue", "room", "status", "process"]
    list_filter = ["process", "kind", "status", "venue"]
    search_fields = ["title", "slug", "description", "theme__name"]
    list_select_related = ["process", "venue", "room", "room__venue"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["process", "theme", "venue", "room"]
    readonly_fields = ["local_time", "conflict_warnings"]
    inlines = [MeetingChairInline]
    fieldsets = [
        (None, {"fields": ["process", "kind", "number", "title", "slug", "theme", "status"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "venue",
                    "room",
                    "start",
                    "end",
                    "local_time",
                    "capacity",
                    "conflict_warnings",
                ],
                "description": _("Start and end are entered in UTC."),
            },
        ),
        (_("Description"), {"fields": ["description"]}),
    ]

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

    def save_related(self, request, form, formsets, change) -> None:
        # Chairs are saved with the inlines, after the meeting: check clashes once all is saved.
        super().save_related(request, form, formsets, change)
        for warning in meeting_conflicts(meeting=form.instance):
            messages.warning(request, warning.message)


@admin.register(MeetingChair)
class MeetingChairAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "role", "person", "stakeholder", "order"]
    list_filter = ["role", "meeting__process", "meeting__kind"]
    search_fields = ["meeting__title", "person__family_name", "stakeholder__name"]
    list_select_related = ["meeting", "person", "stakeholder"]
    autocomplete_fields = ["meeting", "person", "stakeholder"]


# --- Seats -----------------------------------------------------------------------------------


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


# --- Speakers lists --------------------------------------------------------------------------


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
