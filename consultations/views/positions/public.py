"""The public pages of issues and positions: the figures, the stakeholders behind a number, the
Chair's summary, and the exports. Open to everybody; at ``/p/<slug>/`` each process's own, at the
root the current one's (or ``?process=<slug>``'s)."""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from consultations import exports
from consultations.choices import Stance
from consultations.forms.positions import ParticipantsFilterForm, PositionFilterForm
from consultations.models import Issue, Theme
from consultations.selectors import positions as selectors
from consultations.selectors.illustrative import illustrative_statement_makers
from consultations.views.base import ProcessSelectionMixin
from consultations.views.positions.charts import stance_chart
from registry.models import RegionalGroup


# --- public pages -----------------------------------------------------------------------------
class PublicProcessMixin(ProcessSelectionMixin):
    """The process of the address (ProcessSelectionMixin); 404 when there is none at all."""

    def dispatch(self, request, *args, **kwargs):
        self.process = self.get_process()
        if self.process is None:
            raise Http404(_("No process yet."))
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs) -> None:
        """Load what the URL names, within ``self.process``; 404 when it is not there."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["process"] = self.process
        return context


class PositionsView(PublicProcessMixin, TemplateView):
    """Every issue of the process: the question, what it cites, the counts as chart and table."""

    template_name = "consultations/positions/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.process_figures(process=self.process, root=self.at_root)
        context["issues"] = [(f, stance_chart(f)) for f in figures]
        context["stances"] = Stance.choices
        return context


class IssueMixin(PublicProcessMixin):
    """``self.issue``: the process's issue with the URL's ``slug``."""

    def load_objects(self, **kwargs) -> None:
        self.issue = get_object_or_404(
            Issue.objects.select_related("process", "cites", "cites__part_of"),
            process=self.process,
            slug=kwargs["slug"],
        )


class PositionListView(IssueMixin, TemplateView):
    """The stakeholders behind a number: ``?stance=`` (repeatable), ``?regional_group=``,
    ``?kind=`` (repeatable; Member States by default), with their statements."""

    template_name = "consultations/positions/list.html"
    cache_query_params = ("process", *PositionFilterForm.base_fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        form = PositionFilterForm(self.request.GET or None, groups=groups)
        figures = selectors.issue_figures(
            issue=self.issue, kinds=form.kinds, with_statements=True, root=self.at_root
        )
        rows = selectors.rows_filter(figures.rows, stances=form.stances, regional_group=form.group)
        context.update(
            issue=self.issue,
            form=form,
            figures=figures,
            rows=rows,
            stance_labels=[
                label for value, label in form.fields["stance"].choices if value in form.stances
            ],
            group_name=next(
                (
                    label
                    for value, label in form.fields["regional_group"].choices
                    if value and value == form.group
                ),
                None,
            ),
            export_query=self.export_query(form),
        )
        return context

    def export_query(self, form: PositionFilterForm) -> str:
        params = [("issue", self.issue.slug)]
        if form.is_bound and form.is_valid():
            params.extend(("stance", s) for s in form.stances)
            if form.group:
                params.append(("regional_group", form.group))
            params.extend(("kind", k) for k in form.cleaned_data.get("kind") or [])
        return urlencode(params)


class SummaryView(PublicProcessMixin, TemplateView):
    """The Chair's summary figures, printable: who made statements, stances, themes."""

    template_name = "consultations/positions/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = summary = selectors.summary_figures(
            process=self.process, root=self.at_root
        )
        context["headline"] = summary.headline
        context["printed_at"] = timezone.now()
        return context


class ParticipantsView(PublicProcessMixin, TemplateView):
    """The stakeholders behind a number of the summary, each with their public statements."""

    template_name = "consultations/positions/participants.html"
    cache_query_params = ("process", *ParticipantsFilterForm.base_fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        form = ParticipantsFilterForm(self.request.GET or None, groups=groups)
        data = form.cleaned_data if form.is_valid() else {}
        theme = None
        if data.get("theme"):
            theme = Theme.objects.select_related("parent").filter(slug=data["theme"]).first()
            if theme is None:
                raise Http404(_("No such theme."))
        kinds = data.get("kind") or []
        group = data.get("regional_group") or None
        context.update(
            form=form,
            theme=theme,
            kind_labels=[label for value, label in form.fields["kind"].choices if value in kinds],
            group_name=next(
                (
                    label
                    for value, label in form.fields["regional_group"].choices
                    if value and value == group
                ),
                None,
            ),
            stakeholders=selectors.participants_list(
                process=self.process, kinds=kinds, regional_group=group, theme=theme
            ),
        )
        return context


# --- exports ----------------------------------------------------------------------------------
class PositionsExportView(ProcessSelectionMixin, View):
    """The rows of every issue of the process (or ``?issue=<slug>``) with the list's filters,
    written by consultations.exports; unknown filter values answer 400."""

    kind = ""
    cache_query_params = ("process", *PositionFilterForm.base_fields)

    def get(self, request, *args, **kwargs):
        process = self.get_process()
        if process is None:
            raise Http404(_("No process yet."))
        issues = selectors.process_issues(process=process)
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        form = PositionFilterForm(request.GET or None, groups=groups, issues=issues)
        if form.is_bound and not form.is_valid():
            raise BadRequest(_("Unknown filter values."))
        if form.issue_slug:
            issues = [issue for issue in issues if issue.slug == form.issue_slug]
        rows = selectors.position_rows(process=process, issues=issues, kinds=form.kinds)
        makers = illustrative_statement_makers(process=process)
        export = [
            exports.position_row(issue, row, request=request, statement_makers=makers)
            for issue in issues
            for row in selectors.rows_filter(
                rows[issue.pk], stances=form.stances, regional_group=form.group
            )
        ]
        return exports.positions_response(export, kind=self.kind, process_slug=process.slug)


class PositionsCSVView(PositionsExportView):
    kind = exports.CSV


class PositionsXLSXView(PositionsExportView):
    kind = exports.XLSX
