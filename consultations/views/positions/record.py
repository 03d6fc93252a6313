"""Recording positions: the delegate's own stakeholders' positions (another delegation's answers
404) and the Secretariat's record of every stakeholder's (``consultations.record_positions``)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from consultations.forms.positions import PositionForm, RecordFilterForm
from consultations.models import Issue
from consultations.selectors import positions as selectors
from consultations.selectors.programme import processes_for_user
from consultations.services import positions as services
from consultations.views.base import ScopedObjectMixin, UserProcessMixin
from registry.models import RegionalGroup, Stakeholder
from registry.permissions import stakeholder_ids


def form_prefix(issue: Issue, stakeholder: Stakeholder) -> str:
    return f"p{issue.pk}-{stakeholder.pk}"


def position_form(row: selectors.RecordRow, *, action: str, data=None, compact=False):
    position = row.position
    return PositionForm(
        data,
        prefix=form_prefix(row.issue, row.stakeholder),
        initial={
            "stance": row.stance,
            "statement": position.statement_id if position else None,
            "note": position.note if position else "",
        },
        statements=row.statements,
        action=action,
        compact=compact,
    )


class DelegatePositionsView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """The user's stakeholders' positions on each issue of the current process, a form each."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/positions/delegate_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context["process"] = process
        if process is None:
            return context
        try:
            services.position_check_open(process=process, at=timezone.now())
        except services.PositionsClosed as error:
            context["closed_message"] = str(error)
        entries = []
        for row in selectors.delegate_positions(user=self.request.user, process=process):
            action = reverse("delegate:position-record", args=[row.issue.pk, row.stakeholder.pk])
            entries.append((row, position_form(row, action=action)))
        context["entries"] = entries
        return context


class PositionRecordMixin(ScopedObjectMixin):
    """After the permission check, loads ``self.issue`` and ``self.stakeholder`` (from
    ``get_queryset()``, the stakeholders the user may record for: another's answers 404) and the
    row with the statements the position may point to."""

    template_name = "consultations/positions/record.html"
    base_template = "base.html"

    def get_queryset(self):
        raise NotImplementedError

    def issues(self):
        """The issues this user may record on."""
        return Issue.objects.all()

    def load_objects(self, **kwargs) -> None:
        self.issue = get_object_or_404(
            self.issues().select_related("process"), pk=kwargs["issue_id"]
        )
        self.stakeholder = get_object_or_404(
            self.get_queryset().select_related("regional_group"), pk=kwargs["stakeholder_id"]
        )

    def row(self) -> selectors.RecordRow:
        return selectors.record_rows(
            issues=[self.issue], stakeholders=[self.stakeholder], process=self.issue.process
        )[0]

    def success_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = kwargs.get("row") or self.row()
        context["row"] = row
        context["issue"] = self.issue
        context["stakeholder"] = self.stakeholder
        context["process"] = self.issue.process
        context.setdefault("form", position_form(row, action=self.request.get_full_path()))
        context["history"] = (
            selectors.position_history(position=row.position) if row.position else []
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        row = self.row()
        form = position_form(row, action=request.get_full_path(), data=request.POST)
        if form.is_valid():
            try:
                services.position_record(
                    actor=request.user,
                    issue=self.issue,
                    stakeholder=self.stakeholder,
                    stance=form.cleaned_data["stance"],
                    statement=form.cleaned_data["statement"],
                    note=form.cleaned_data["note"],
                )
            except PermissionDenied:
                raise Http404 from None
            except services.PositionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The position of %(name)s on “%(issue)s” is recorded.")
                    % {"name": self.stakeholder, "issue": self.issue},
                )
                return HttpResponseRedirect(self.success_url())
        return self.render_to_response(self.get_context_data(row=row, form=form))


class DelegatePositionRecordView(PositionRecordMixin, TemplateView):
    """Record one of the user's own stakeholders' positions, and see its history."""

    permission_required = "registry.access_delegate_portal"

    def get_queryset(self):
        return Stakeholder.objects.filter(pk__in=stakeholder_ids(self.request.user))

    def issues(self):
        # Only the processes the user may choose: another process's issue is a 404.
        return Issue.objects.filter(process__in=processes_for_user(user=self.request.user))

    def success_url(self) -> str:
        return reverse("delegate:positions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = "delegate"
        context["back_url"] = reverse("delegate:positions")
        try:
            services.position_check_open(process=self.issue.process, at=timezone.now())
        except services.PositionsClosed as error:
            context["closed_message"] = str(error)
        return context


class SecretariatPositionsMixin(PermissionRequiredMixin):
    permission_required = "consultations.record_positions"


class SecretariatPositionsView(UserProcessMixin, SecretariatPositionsMixin, TemplateView):
    """Pick an issue of the process (``?process=``, else the current one)."""

    template_name = "consultations/positions/secretariat_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context["process"] = process
        if process is not None:
            recorded = selectors.recorded_counts(process=process)
            context["issues"] = [
                (figures, recorded.get(figures.issue.pk, 0))
                for figures in selectors.process_figures(process=process)
            ]
        return context


class SecretariatIssuePositionsView(SecretariatPositionsMixin, ScopedObjectMixin, TemplateView):
    """Every stakeholder of a kind (Member States by default) with their recorded stance on
    the issue and a form per row."""

    template_name = "consultations/positions/secretariat_issue.html"
    object_name = "issue"
    pk_url_kwarg = "issue_id"

    def get_queryset(self):
        return Issue.objects.select_related("process", "cites", "cites__part_of")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        form = RecordFilterForm(self.request.GET or None, groups=groups)
        back = back_query(form)
        entries = []
        for row in selectors.issue_record_rows(
            issue=self.issue, kinds=[form.kind_value], regional_group=form.group
        ):
            action = reverse(
                "secretariat:position-record", args=[self.issue.pk, row.stakeholder.pk]
            )
            if back:
                action = f"{action}?{back}"
            entries.append((row, position_form(row, action=action, compact=True)))
        context.update(issue=self.issue, process=self.issue.process, form=form, entries=entries)
        return context


def back_query(form: RecordFilterForm) -> str:
    """The table's filters, to come back to the same rows after a save."""
    params = []
    if form.is_bound and form.is_valid():
        if form.kind_value != selectors.MEMBER_STATES[0]:
            params.append(("kind", form.kind_value))
        if form.group:
            params.append(("regional_group", form.group))
    return urlencode(params)


class SecretariatPositionRecordView(SecretariatPositionsMixin, PositionRecordMixin, TemplateView):
    """Record or correct any stakeholder's position at any time; its history, who and when."""

    def get_queryset(self):
        return Stakeholder.objects.all()

    def success_url(self) -> str:
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        back = back_query(RecordFilterForm(self.request.GET or None, groups=groups))
        url = reverse("secretariat:positions-issue", args=[self.issue.pk])
        return (
            f"{url}?{back}#row-{self.stakeholder.pk}"
            if back
            else (f"{url}#row-{self.stakeholder.pk}")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = "secretariat"
        context["back_url"] = reverse("secretariat:positions-issue", args=[self.issue.pk])
        return context
