"""Round-table seats: the delegate's choices and the Secretariat's allocation and edits.

Every view names its permission; the delegate's queryset holds only the delegations of the
stakeholders the user is focal point of, so another delegation answers 404. A refused edit
shows each broken rule as a message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from consultations.choices import MeetingKind
from consultations.forms.seats import (
    AllocationPublishForm,
    AllocationRunForm,
    CoChairsForm,
    PreferencesDeadlineForm,
    SeatAddForm,
    SeatMoveForm,
    SeatPreferencesForm,
    SeatRemoveForm,
    SeatSwapForm,
)
from consultations.models import Delegation, Meeting, Process, Seat
from consultations.selectors import seats as selectors
from consultations.services import seats as services
from consultations.views.base import (
    ActionView,
    ScopedObjectMixin,
    UserProcessMixin,
)
from registry.choices import StakeholderKind
from registry.models import Person, Stakeholder
from registry.permissions import stakeholder_ids

REPORT_SESSION_KEY = "seats_allocation_report"


def _error_messages(request, error: services.SeatError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Delegates ----------------------------------------------------------------------------------
class PreferencesFormMixin:
    """A delegation's ranked choices on a form (``self.delegation``, ``self.tables`` loaded):
    the delegate's page and the Secretariat's share it; the service says who may save."""

    def load_objects(self, **kwargs) -> None:
        super().load_objects(**kwargs)
        self.tables = selectors.round_tables(process=self.delegation.process)
        self.deadline = selectors.preferences_deadline(process=self.delegation.process)

    @property
    def takes_seats(self) -> bool:
        return self.delegation.stakeholder.kind == StakeholderKind.MEMBER_STATE

    def get_form(self, data=None) -> SeatPreferencesForm:
        detail = selectors.delegation_seats(delegation=self.delegation)
        self.detail = detail
        initial = {f"choice_{p.rank}": p.meeting_id for p in detail.preferences}
        return SeatPreferencesForm(
            data, tables=[(m.pk, m.title) for m in self.tables], initial=initial
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            delegation=self.delegation,
            process=self.delegation.process,
            detail=self.detail,
            tables=self.tables,
            takes_seats=self.takes_seats,
            deadline=self.deadline,
        )
        return context

    def saved(self) -> HttpResponseRedirect:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not self.takes_seats or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        by_id = {m.pk: m for m in self.tables}
        try:
            services.seat_preferences_set(
                actor=request.user,
                delegation=self.delegation,
                meetings=[by_id[pk] for pk in form.cleaned_data["meeting_ids"]],
            )
        except services.SeatPreferenceError as error:
            _error_messages(request, error)
            return self.render_to_response(self.get_context_data(form=form))
        return self.saved()


class DelegationSeatsView(PreferencesFormMixin, ScopedObjectMixin, TemplateView):
    """A delegation's ranked choices of round table, and the seats it holds (published)."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/seats/delegation.html"
    object_name = "delegation"
    pk_url_kwarg = "delegation_id"

    def get_queryset(self):
        return Delegation.objects.filter(
            stakeholder_id__in=stakeholder_ids(self.request.user)
        ).select_related("stakeholder", "process")

    def load_objects(self, **kwargs) -> None:
        super().load_objects(**kwargs)
        if not self.request.user.has_perm("consultations.act_for", self.delegation):
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # After the deadline the form goes: only the Secretariat changes the choices.
        context["closed"] = bool(
            self.deadline
            and self.deadline.passed
            and not self.request.user.has_perm("consultations.manage_seats")
        )
        return context

    def saved(self) -> HttpResponseRedirect:
        messages.success(self.request, _("Your round-table choices are saved."))
        return HttpResponseRedirect(self.request.path)


# --- Secretariat --------------------------------------------------------------------------------
class SecretariatSeatsMixin(UserProcessMixin, PermissionRequiredMixin):
    """The Secretariat's seat pages: ``consultations.manage_seats``, one process at a time."""

    permission_required = "consultations.manage_seats"

    def get_process(self) -> Process:
        process = super().get_process()
        if process is None:
            raise Http404
        return process

    @staticmethod
    def dashboard_url(process: Process) -> str:
        return f"{reverse('secretariat:seats')}?{urlencode({'process': process.slug})}"


class SeatsDashboardView(SecretariatSeatsMixin, TemplateView):
    """Round tables with their seats, counts, balance, misses; the allocation; hand edits."""

    template_name = "consultations/seats/secretariat.html"

    @staticmethod
    def deadline_form(process: Process) -> PreferencesDeadlineForm:
        return PreferencesDeadlineForm(
            process=process,
            initial={"deadline": process.seat_preferences_deadline},
            action=reverse("secretariat:seats-deadline")
            + f"?{urlencode({'process': process.slug})}",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        overview = selectors.seats_overview(process=process)
        query = f"?{urlencode({'process': process.slug})}"
        add_forms = [
            (
                table,
                SeatAddForm(
                    delegations=[
                        d
                        for d in overview.delegations
                        if d[0] not in {s.delegation_id for s in table.seats}
                    ],
                    action=reverse("secretariat:seats-add", args=[table.meeting.pk]),
                    name=f"add-{table.meeting.pk}",
                ),
            )
            for table in overview.tables
        ]
        report = self.request.session.pop(REPORT_SESSION_KEY, None)
        context.update(
            process=process,
            overview=overview,
            add_forms=add_forms,
            run_form=AllocationRunForm(action=reverse("secretariat:seats-run") + query),
            publish_form=AllocationPublishForm(action=reverse("secretariat:seats-publish") + query),
            deadline=selectors.preferences_deadline(process=process),
            deadline_form=self.deadline_form(process),
            # What publication would refuse, said before the Secretariat tries.
            problems=services.seat_rules_check(
                process=process, seats=[seat for table in overview.tables for seat in table.seats]
            ),
            report=services.AllocationReport.from_dict(report)
            if report and report["process_id"] == process.pk
            else None,
        )
        return context


class ProcessSeatsActionView(SecretariatSeatsMixin, ActionView):
    """POST one confirmed action on the seats of the process, then back to its dashboard."""

    http_method_names = ["post"]
    refusals = (services.SeatRuleError,)
    errors_as_messages = True
    unconfirmed = ""  # the message when the box is not ticked

    @cached_property
    def process(self) -> Process:
        return self.get_process()

    def get_success_url(self) -> str:
        return self.dashboard_url(self.process)

    def form_invalid(self, form):
        if not self.unconfirmed:
            return super().form_invalid(form)
        messages.error(self.request, self.unconfirmed)
        return HttpResponseRedirect(self.get_failure_url())


class AllocationRunView(ProcessSeatsActionView):
    form_class = AllocationRunForm
    unconfirmed = gettext_lazy("Tick the box to confirm: the allocation replaces seats.")

    def perform(self, form) -> str:
        report = services.seats_allocate(actor=self.request.user, process=self.process)
        self.request.session[REPORT_SESSION_KEY] = report.as_dict()
        return _("The allocation seated %(seats)d delegations in %(ms)s ms.") % {
            "seats": report.seats_created,
            "ms": report.elapsed_ms,
        }


class AllocationPublishView(ProcessSeatsActionView):
    """POST: publish the draft seats of the process (``seats_publish``)."""

    form_class = AllocationPublishForm
    unconfirmed = gettext_lazy("Tick the box to confirm: publishing shows the seats.")

    def perform(self, form) -> str:
        count = services.seats_publish(actor=self.request.user, process=self.process)
        return ngettext(
            "%(n)d seat published: the public and the delegations see it now.",
            "%(n)d seats published: the public and the delegations see them now.",
            count,
        ) % {"n": count}


class PreferencesDeadlineView(ProcessSeatsActionView):
    """POST: set or clear the deadline for round-table choices, typed in the venue's zone."""

    form_class = PreferencesDeadlineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "process": self.process}

    def perform(self, form) -> str:
        process = services.seat_preferences_deadline_set(
            actor=self.request.user, process=self.process, deadline=form.cleaned_data["deadline"]
        )
        deadline = selectors.preferences_deadline(process=process)
        if deadline is None:
            return _("The round-table choices have no deadline now.")
        return _("Round-table choices close on %(when)s.") % {"when": deadline.label}


class SeatMixin(SecretariatSeatsMixin, ScopedObjectMixin):
    """``self.seat``: the URL's ``seat_id`` (any seat: the Secretariat edits them all)."""

    object_name = "seat"
    pk_url_kwarg = "seat_id"

    def get_queryset(self):
        # The draft only: the published copy changes only by publishing.
        return Seat.objects.draft().select_related(
            "meeting__process", "meeting__room", "delegation__stakeholder__regional_group"
        )

    def seat_forms(self, seat: Seat, overview) -> dict:
        return {
            "move_form": SeatMoveForm(
                tables=[
                    (t.meeting.pk, t.meeting.title)
                    for t in overview.tables
                    if t.meeting.pk != seat.meeting_id
                ],
                action=reverse("secretariat:seat-move", args=[seat.pk]),
            ),
            "swap_form": SeatSwapForm(
                seats=[
                    (pk, label)
                    for t in overview.tables
                    if t.meeting.pk != seat.meeting_id
                    for pk, label in [
                        (s.pk, f"{s.delegation.stakeholder.name} — {t.meeting.title}")
                        for s in t.seats
                    ]
                ],
                action=reverse("secretariat:seat-swap", args=[seat.pk]),
            ),
            "remove_form": SeatRemoveForm(
                action=reverse("secretariat:seat-remove", args=[seat.pk])
            ),
        }


class SeatEditView(SeatMixin, TemplateView):
    """One seat: move it, swap it with another, remove it."""

    template_name = "consultations/seats/seat.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        seat = self.seat
        process = seat.meeting.process
        if seat.meeting.kind != MeetingKind.ROUND_TABLE:
            raise Http404
        overview = selectors.seats_overview(process=process)
        context.update(
            seat=seat,
            process=process,
            dashboard_url=self.dashboard_url(process),
            **self.seat_forms(seat, overview),
        )
        return context


class SeatActionView(SeatMixin, ActionView):
    """POST one hand edit of a seat; a refused edit goes back to the seat with its reasons."""

    http_method_names = ["post"]
    refusals = (services.SeatError,)
    errors_as_messages = True
    form_class = SeatRemoveForm

    def get_success_url(self) -> str:
        return self.dashboard_url(self.seat.meeting.process)

    def get_failure_url(self) -> str:
        return reverse("secretariat:seat", args=[self.seat.pk])


def _round_table(process: Process, pk: int | None) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("process", "room"), pk=pk, process=process
    )


class SeatMoveView(SeatActionView):
    def get_form(self, form_class=None):
        tables = selectors.round_tables(process=self.seat.meeting.process)
        return SeatMoveForm(**self.get_form_kwargs(), tables=[(m.pk, m.title) for m in tables])

    def perform(self, form) -> str:
        seat = self.seat
        meeting = _round_table(seat.meeting.process, form.cleaned_data["meeting"])
        services.seat_move(
            actor=self.request.user, seat=seat, meeting=meeting, reason=form.cleaned_data["reason"]
        )
        return _("%(state)s moved to %(table)s.") % {
            "state": seat.delegation.stakeholder.name,
            "table": meeting.title,
        }


class SeatSwapView(SeatActionView):
    def get_form(self, form_class=None):
        seat = self.seat
        others = (
            Seat.objects.draft().filter(meeting__process=seat.meeting.process).exclude(pk=seat.pk)
        )
        return SeatSwapForm(
            **self.get_form_kwargs(),
            seats=[(pk, str(pk)) for pk in others.values_list("pk", flat=True)],
        )

    def perform(self, form) -> str:
        seat = self.seat
        other = get_object_or_404(
            Seat.objects.draft().select_related("meeting__process", "delegation__stakeholder"),
            pk=form.cleaned_data["other"],
        )
        services.seats_swap(actor=self.request.user, seat_a=seat, seat_b=other)
        return _("%(a)s and %(b)s swapped round tables.") % {
            "a": seat.delegation.stakeholder.name,
            "b": other.delegation.stakeholder.name,
        }


class SeatRemoveView(SeatActionView):
    def perform(self, form) -> str:
        seat = self.seat
        services.seat_remove(actor=self.request.user, seat=seat)
        return _("The seat of %(state)s at %(table)s is removed.") % {
            "state": seat.delegation.stakeholder.name,
            "table": seat.meeting.title,
        }


class SeatAddView(SecretariatSeatsMixin, ScopedObjectMixin, ActionView):
    """POST: seat a delegation at the round table ``meeting_id``."""

    http_method_names = ["post"]
    object_name = "meeting"
    pk_url_kwarg = "meeting_id"
    refusals = (services.SeatError,)
    errors_as_messages = True

    def get_queryset(self):
        return Meeting.objects.select_related("process", "room")

    def delegations(self):
        return Delegation.objects.filter(process=self.meeting.process).select_related("stakeholder")

    def get_form(self, form_class=None) -> SeatAddForm:
        return SeatAddForm(
            **self.get_form_kwargs(),
            delegations=list(self.delegations().values_list("pk", "stakeholder__name")),
        )

    def get_success_url(self) -> str:
        return self.dashboard_url(self.meeting.process)

    def perform(self, form) -> str:
        delegation = self.delegations().get(pk=form.cleaned_data["delegation"])
        services.seat_add(actor=self.request.user, delegation=delegation, meeting=self.meeting)
        return _("%(state)s seated at %(table)s.") % {
            "state": delegation.stakeholder.name,
            "table": self.meeting.title,
        }


class CoChairsView(SecretariatSeatsMixin, ScopedObjectMixin, TemplateView):
    """The co-chairs of one round table."""

    template_name = "consultations/seats/co_chairs.html"
    object_name = "meeting"
    pk_url_kwarg = "meeting_id"

    def get_queryset(self):
        return Meeting.objects.select_related("process", "room").filter(
            kind=MeetingKind.ROUND_TABLE
        )

    def get_form(self, data=None) -> CoChairsForm:
        process = self.meeting.process
        chairs = selectors.meeting_seats(meeting=self.meeting).co_chairs
        initial = {}
        for i, chair in enumerate(chairs, start=1):
            initial[f"stakeholder_{i}"] = chair.stakeholder_id
            initial[f"person_{i}"] = chair.person_id
        states = Stakeholder.objects.filter(kind=StakeholderKind.MEMBER_STATE).select_related(
            "regional_group"
        )
        return CoChairsForm(
            data,
            initial=initial,
            count=process.co_chairs_per_round_table,
            member_states=[
                (s.pk, f"{s.name} ({s.regional_group.short_name})") for s in states.order_by("name")
            ],
            persons=[(p.pk, str(p)) for p in Person.objects.order_by("family_name", "given_name")],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            meeting=self.meeting,
            process=self.meeting.process,
            dashboard_url=self.dashboard_url(self.meeting.process),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        pairs = form.pairs()
        persons = Person.objects.in_bulk([p for p, _s in pairs if p])
        stakeholders = Stakeholder.objects.select_related("regional_group").in_bulk(
            [s for _p, s in pairs]
        )
        try:
            services.round_table_co_chairs_set(
                actor=request.user,
                meeting=self.meeting,
                chairs=[(persons.get(p) if p else None, stakeholders[s]) for p, s in pairs],
            )
        except services.CoChairError as error:
            _error_messages(request, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("The co-chairs of %(table)s are saved.") % {"table": self.meeting.title}
        )
        return HttpResponseRedirect(self.dashboard_url(self.meeting.process))


class DelegationPreferencesView(
    PreferencesFormMixin, SecretariatSeatsMixin, ScopedObjectMixin, TemplateView
):
    """The Secretariat changes a Member State's choices, before or after the deadline."""

    template_name = "consultations/seats/preferences.html"
    object_name = "delegation"
    pk_url_kwarg = "delegation_id"

    def get_queryset(self):
        return Delegation.objects.filter(
            stakeholder__kind=StakeholderKind.MEMBER_STATE
        ).select_related("stakeholder", "process")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard_url"] = self.dashboard_url(self.delegation.process)
        return context

    def saved(self) -> HttpResponseRedirect:
        messages.success(
            self.request,
            _("The round-table choices of %(state)s are saved.")
            % {"state": self.delegation.stakeholder.name},
        )
        return HttpResponseRedirect(self.dashboard_url(self.delegation.process))
