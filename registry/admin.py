from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from registry import admin_otp  # noqa: F401  (registers the authenticator admin)
from registry.admin_translation import TranslatedAdmin
from registry.models import (
    Appointment,
    AppointmentDate,
    FocalPoint,
    Grouping,
    GroupingEvent,
    Membership,
    Person,
    RegionalGroup,
    Stakeholder,
    User,
)
from registry.resources import PersonResource, StakeholderResource


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user", "stakeholder"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["grouping", "stakeholder"]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["person", "stakeholder"]


class AppointmentDateInline(admin.TabularInline):
    model = AppointmentDate
    extra = 0
    fields = ["date", "date_label", "source"]


class GroupingEventInline(admin.TabularInline):
    model = GroupingEvent.groupings.through
    extra = 0
    autocomplete_fields = ["groupingevent"]
    verbose_name = _("event of a grouping")
    verbose_name_plural = _("events of groupings")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    inlines = [FocalPointInline]


@admin.register(RegionalGroup)
class RegionalGroupAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Stakeholder)
class StakeholderAdmin(TranslatedAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [StakeholderResource]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "short_name",
        "kind",
        "un_entity_type",
        "iso3",
        "regional_group",
        "admission_date",
        "dissolved",
    ]
    list_filter = ["kind", "un_entity_type", "regional_group", "groupings"]
    search_fields = ["name", "short_name", "iso3", "slug"]
    list_select_related = ["regional_group"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "regional_group"]
    date_hierarchy = "admission_date"
    inlines = [MembershipInline, AppointmentInline, FocalPointInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "un_entity_type", "parent"]}),
        (_("States"), {"fields": ["iso3", "admission_date", "regional_group"]}),
        (_("Other details"), {"fields": ["established", "dissolved", "website", "description"]}),
    ]


@admin.register(Grouping)
class GroupingAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "established"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, GroupingEventInline]


@admin.register(GroupingEvent)
class GroupingEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "date_label", "source"]
    search_fields = ["title", "description", "source"]
    autocomplete_fields = ["groupings"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["stakeholder", "grouping", "start", "end"]
    list_filter = ["grouping"]
    search_fields = ["stakeholder__name", "grouping__name"]
    list_select_related = ["stakeholder", "grouping"]
    autocomplete_fields = ["grouping", "stakeholder"]


@admin.register(Person)
class PersonAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["__str__", "family_name", "given_name", "family_name_first", "slug"]
    search_fields = ["family_name", "given_name", "slug"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    inlines = [AppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "post", "stakeholder", "rank", "start", "end"]
    list_filter = ["rank", "stakeholder__kind"]
    search_fields = ["person__family_name", "post", "stakeholder__name"]
    list_select_related = ["person", "stakeholder"]
    autocomplete_fields = ["person", "stakeholder"]
    inlines = [AppointmentDateInline]


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["user", "stakeholder", "title", "created"]
    list_filter = ["stakeholder__kind"]
    search_fields = ["user__email", "stakeholder__name", "stakeholder__iso3"]
    list_select_related = ["user", "stakeholder"]
    autocomplete_fields = ["user", "stakeholder"]
