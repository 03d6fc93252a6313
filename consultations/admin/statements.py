"""The admin of statements, issues and positions."""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.illustrative import IllustrativeAdminMixin
from consultations.admin.workflow import NoRevertMixin, RequestFormMixin, service_check
from consultations.models import (
    Issue,
    Position,
    Statement,
)
from consultations.services.positions import PositionError, position_record
from consultations.uploads import statement_file_validate
from consultations.venue_time import VenueTimeAdminMixin
from registry.admin_translation import TranslatedAdmin


@admin.register(Statement)
class StatementAdmin(
    IllustrativeAdminMixin, NoRevertMixin, VenueTimeAdminMixin, SimpleHistoryAdmin
):
    """State changes (submit, return, publish, withdraw) go through the Secretariat's review
    pages, which check the transition, keep the revision and tell the delegation: here the
    state and its dates are read-only and the history cannot be reverted. A draft is the
    delegation's own until it is first submitted: the admin does not show it."""

    revert_refused = _(
        "Its state changes only through the review pages, which check the transition, keep "
        "the revision and tell the delegation."
    )

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

    def has_add_permission(self, request) -> bool:
        # A statement is made through statement_create (for a stakeholder, its file checked)
        # on the portal, and starts as a draft, which the admin does not show.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A statement leaves through statement_withdraw and stays in the record with its
        # history and file; the admin's delete (and its bulk action) would skip both.
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            # The portal's checks (name, size, the file's own bytes): a web page or a program
            # renamed .pdf is refused here as it is on the delegate's form.
            field.validators.append(statement_file_validate)
        return field

    def get_queryset(self, request):
        # Staff see a statement from its first submission on (a draft withdrawn unsubmitted
        # included): the rule is the queryset's.
        return super().get_queryset(request).seen_by_secretariat()

    def _hidden(self, request, object_id) -> bool:
        """A statement that exists but that the admin does not show (a draft): its history
        pages, which read the history table, would show it otherwise."""
        if not str(object_id).isdigit():
            return False  # not a statement's id: the history view answers 404 itself
        return (
            Statement.objects.filter(pk=object_id).exists()
            and not self.get_queryset(request).filter(pk=object_id).exists()
        )

    def history_view(self, request, object_id, extra_context=None):
        if self._hidden(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._hidden(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["stakeholder", "statement"]
    readonly_fields = ["recorded_by", "updated"]


@admin.register(Issue)
class IssueAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "process", "order", "cites"]
    list_filter = ["process"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cites"]


class PositionAdminForm(forms.ModelForm):
    """A position as ``position_record`` takes it; its domain errors are form errors."""

    request = None  # set by RequestFormMixin

    class Meta:
        model = Position
        fields = ["issue", "stakeholder", "stance", "statement", "note"]

    def record(self, instance: Position | None = None) -> Position:
        position = instance or self.instance
        cleaned = self.cleaned_data
        return position_record(
            actor=self.request.user,
            issue=cleaned.get("issue") or position.issue,
            stakeholder=cleaned.get("stakeholder") or position.stakeholder,
            stance=cleaned["stance"],
            statement=cleaned.get("statement"),
            note=cleaned.get("note", ""),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            service_check(self.record)
        except PositionError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


@admin.register(Position)
class PositionAdmin(IllustrativeAdminMixin, RequestFormMixin, NoRevertMixin, SimpleHistoryAdmin):
    """Positions are recorded through ``position_record``, which checks the stance and the
    statement cited and records who did it; a position's issue and State are fixed once made."""

    form = PositionAdminForm
    list_display = ["stakeholder", "issue", "stance", "statement", "recorded_by", "updated"]
    list_filter = ["stance", "issue__process", "issue", "stakeholder__regional_group"]
    search_fields = ["stakeholder__name", "stakeholder__iso3", "issue__title"]
    list_select_related = ["stakeholder", "issue", "statement", "recorded_by"]
    autocomplete_fields = ["issue", "stakeholder", "statement"]
    readonly_fields = ["recorded_by", "updated"]
    revert_refused = _("Record positions on the positions pages, which check what is cited.")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ["issue", "stakeholder", *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        position = form.record(obj)
        obj.pk = position.pk
        obj.refresh_from_db()
        obj._state.adding = False
