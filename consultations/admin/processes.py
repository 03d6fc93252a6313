"""The admin of processes, documents, delegations and themes."""

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.illustrative import IllustrativeAdminMixin
from consultations.models import (
    Delegation,
    DelegationMember,
    Document,
    DocumentVersion,
    Process,
    ProcessDocument,
    ProcessLink,
    SeatPreference,
    Theme,
)
from consultations.venue_time import VenueTimeAdminMixin
from registry.admin_translation import TranslatedAdmin


class ProcessDocumentInline(admin.TabularInline):
    model = ProcessDocument
    extra = 0
    autocomplete_fields = ["document"]


class ProcessLinkInline(admin.TabularInline):
    model = ProcessLink
    extra = 0
    fields = ["title", "url", "source", "order"]


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


class ThemeInline(admin.TabularInline):
    model = Theme
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Process)
class ProcessAdmin(TranslatedAdmin, VenueTimeAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "short_title", "start_date", "end_date", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title", "short_title", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}
    date_hierarchy = "start_date"
    inlines = [ProcessDocumentInline, ProcessLinkInline, DelegationInline]
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
                    "seat_preferences_deadline",
                    "seat_rules_source",
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


class DocumentVersionInline(admin.TabularInline):
    """The document in each of the six languages: pending, or issued with its date and a file
    or a link. One row per language (the database refuses a second)."""

    model = DocumentVersion
    fields = ["language", "status", "issued_on", "file", "url"]
    extra = 0
    max_num = 6
    verbose_name = _("language version")
    verbose_name_plural = _(
        "Language versions (each language pending until issued; an issued one needs its date "
        "and a file or a link)"
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Document)
class DocumentAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "symbol", "date", "author", "languages_issued"]
    list_filter = ["kind", "process_links__process"]
    search_fields = ["symbol", "title", "number"]
    list_select_related = ["author", "part_of"]
    autocomplete_fields = ["author", "part_of"]
    date_hierarchy = "date"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [DocumentVersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    @admin.display(description=_("languages issued"))
    def languages_issued(self, obj):
        issued = [v.language for v in obj.language_versions() if v.is_issued]
        return ", ".join(issued) or "—"


@admin.register(ProcessDocument)
class ProcessDocumentAdmin(admin.ModelAdmin):
    list_display = ["document", "process", "role", "order"]
    list_filter = ["role", "process"]
    search_fields = ["document__symbol", "document__title", "process__title"]
    list_select_related = ["document", "document__part_of", "process"]
    autocomplete_fields = ["process", "document"]


@admin.register(Delegation)
class DelegationAdmin(IllustrativeAdminMixin, SimpleHistoryAdmin):
    list_display = ["stakeholder", "process", "head", "head_post", "level"]
    list_filter = ["process", "level", "stakeholder__kind", "stakeholder__regional_group"]
    search_fields = ["stakeholder__name", "stakeholder__iso3", "head__family_name"]
    list_select_related = ["stakeholder", "process", "head"]
    autocomplete_fields = ["process", "stakeholder", "head"]
    inlines = [DelegationMemberInline, SeatPreferenceInline]


@admin.register(DelegationMember)
class DelegationMemberAdmin(IllustrativeAdminMixin, admin.ModelAdmin):
    list_display = ["person", "delegation", "post", "rank"]
    list_filter = ["rank", "delegation__process"]
    search_fields = ["person__family_name", "post", "delegation__stakeholder__name"]
    list_select_related = ["person", "delegation__stakeholder", "delegation__process"]
    autocomplete_fields = ["delegation", "person"]


@admin.register(Theme)
class ThemeAdmin(TranslatedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "slug", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "parent__name"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ThemeInline]
