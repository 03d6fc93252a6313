"""The admin of round-table seats and seat preferences."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin.illustrative import IllustrativeAdminMixin
from consultations.admin.workflow import NoRevertMixin
from consultations.choices import MeetingKind
from consultations.models import Seat, SeatPreference
from consultations.services.seats import SeatError, SeatRuleError, seat_add, seat_move, seat_remove
from consultations.services.seats.rules import seat_edit_check


@admin.register(SeatPreference)
class SeatPreferenceAdmin(IllustrativeAdminMixin, SimpleHistoryAdmin):
    list_display = ["delegation", "rank", "meeting", "updated"]
    list_filter = ["rank", "meeting__process", "meeting"]
    search_fields = ["delegation__stakeholder__name", "meeting__title"]
    list_select_related = ["delegation__stakeholder", "delegation__process", "meeting"]
    autocomplete_fields = ["delegation", "meeting"]
    readonly_fields = ["updated"]


class SeatAdminForm(forms.ModelForm):
    """A seat added, or moved to another table: checked against the rules of the process
    (``seat_edit_check``, as the seats pages do) so that a broken rule is a form error."""

    class Meta:
        model = Seat
        fields = ["delegation", "meeting"]

    def clean(self):
        cleaned = super().clean()
        delegation = cleaned.get("delegation") or getattr(self.instance, "delegation", None)
        meeting = cleaned.get("meeting")
        if delegation is None or meeting is None:
            return cleaned
        before = list(
            Seat.objects.draft().filter(
                meeting__process=meeting.process, meeting__kind=MeetingKind.ROUND_TABLE
            )
        )
        seat = Seat(pk=self.instance.pk, delegation=delegation, meeting=meeting)
        after = [s for s in before if s.pk != seat.pk or seat.pk is None] + [seat]
        try:
            seat_edit_check(process=meeting.process, before=before, after=after)
        except SeatRuleError as error:
            raise forms.ValidationError(error.messages) from None
        return cleaned


@admin.register(Seat)
class SeatAdmin(IllustrativeAdminMixin, NoRevertMixin, SimpleHistoryAdmin):
    """Seats are added, moved and removed through the seat services, which check the rules of
    the process, record who did it and keep the source ("hand") and the choice right; the
    fields those services own are read-only, and a seat cannot change delegation."""

    form = SeatAdminForm
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
    readonly_fields = ["source", "choice", "assigned_by", "assigned_at"]
    date_hierarchy = "assigned_at"
    revert_refused = _(
        "Move, add or remove seats on the seats pages, which check the rules of the process."
    )

    def get_queryset(self, request):
        # The draft only: the published copy changes only through seats_publish.
        return super().get_queryset(request).draft()

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ["delegation", *self.readonly_fields]

    def get_actions(self, request):
        # The bulk delete would skip seat_remove and its regional-balance check.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            seat = seat_add(actor=request.user, delegation=obj.delegation, meeting=obj.meeting)
        elif "meeting" in form.changed_data:
            seat = seat_move(
                actor=request.user,
                seat=Seat.objects.select_related("meeting__process", "delegation").get(pk=obj.pk),
                meeting=obj.meeting,
                reason=str(_("Moved in the admin.")),
            )
        else:
            return  # nothing the form may change has changed
        obj.pk = seat.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj) -> None:
        seat_remove(actor=request.user, seat=obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form checked the rules; the service checks them again under the process's lock,
        # and a seat taken meanwhile is refused there (the transaction is rolled back).
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SeatError as error:
            return self._refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except SeatError as error:
            return self._refused(request, error)

    @staticmethod
    def _refused(request, error: SeatError) -> HttpResponseRedirect:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())
