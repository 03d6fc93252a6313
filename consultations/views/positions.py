"""Pages of issues and positions: the public figures and the Chair's summary, the exports, the
delegate's own positions and the Secretariat's record.

The public pages are open to everybody (``?process=<slug>`` picks another process than the
current one). A delegate's queryset holds only the stakeholders they are focal point of, so
another delegation's position answers 404; the Secretariat's pages need
``consultations.record_positions``.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook

from consultations.choices import Stance
from consultations.forms.positions import (
    ParticipantsFilterForm,
    PositionFilterForm,
    PositionForm,
    RecordFilterForm,
)
from consultations.models import Issue, Process, Theme
from consultations.selectors import positions as selectors
from consultations.services import positions as services
from consultations.views.portal import current_process, process_or_404
from consultations.views.programme import ProcessSelectionMixin
from registry.models import RegionalGroup, Stakeholder
from registry.permissions import stakeholder_ids

# --- charts: inline SVG geometry (no script, no style attribute) ------------------------------
STANCE_COLOURS = {
    Stance.SUPPORTS: "#1a7f37",
    Stance.SUPPORTS_WITH_RESERVATIONS: "#8fbf3f",
    Stance.NEUTRAL: "#8c959f",
    Stance.OPPOSES: "#cf222e",
    Stance.NOT_STATED: "#d0d7de",
}
CHART_WIDTH = 640
LABEL_WIDTH = 200  # the text before each bar
BAR_WIDTH = 300  # a bar at 100%
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    url: str
    colour: str
    x: float
    y: float
    width: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6


@dataclass
class StackedRow:
    label: str
    total: int
    url: str
    y: float
    segments: list[Bar]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bars: list[Bar]
    rows: list[StackedRow]
    legend: list[tuple[str, str]]


def stance_chart(figures: selectors.IssueFigures) -> Chart:
    """One bar per stance, as a share of the base; then one stacked bar per regional group."""
    bars = [
        Bar(
            label=count.label,
            count=count.count,
            percent=count.percent,
            url=count.url,
            colour=STANCE_COLOURS[count.stance],
            x=LABEL_WIDTH,
            y=i * ROW_HEIGHT,
            width=round(BAR_WIDTH * count.share, 1),
        )
        for i, count in enumerate(figures.counts)
    ]
    top = len(bars) * ROW_HEIGHT + ROW_HEIGHT
    rows = []
    for i, group in enumerate(figures.groups):
        y = top + i * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for count in group.counts:
            width = round(BAR_WIDTH * count.share, 1)
            if count.count:
                segments.append(
                    Bar(
                        label=count.label,
                        count=count.count,
                        percent=count.percent,
                        url=count.url,
                        colour=STANCE_COLOURS[count.stance],
                        x=x,
                        y=y,
                        width=width,
                    )
                )
            x += width
        rows.append(
            StackedRow(
                label=group.group.short_name if group.group else group.name,
                total=group.total.count,
                url=group.total.url,
                y=y,
                segments=segments,
            )
        )
    return Chart(
        width=CHART_WIDTH,
        height=top + len(rows) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        bars=bars,
        rows=rows,
        legend=[(str(label), STANCE_COLOURS[value]) for value, label in Stance.choices],
    )


# --- public pages -----------------------------------------------------------------------------
class PublicProcessMixin(ProcessSelectionMixin):
    """The process of ``?process=`` or the current one; 404 when there is none at all."""

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
        context["process_query"] = (
            "" if self.process.is_current else urlencode({"process": self.process.slug})
        )
        return context


class PositionsView(PublicProcessMixin, TemplateView):
    """Every issue of the process: the question, what it cites, the counts as chart and table."""

    template_name = "consultations/positions/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.process_figures(process=self.process)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(RegionalGroup.objects.order_by("order", "name"))
        form = PositionFilterForm(self.request.GET or None, groups=groups)
        figures = selectors.issue_figures(issue=self.issue, kinds=form.kinds, with_statements=True)
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
        if not self.process.is_current:
            params.insert(0, ("process", self.process.slug))
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
        context["summary"] = summary = selectors.summary_figures(process=self.process)
        context["headline"] = summary.headline
        context["printed_at"] = timezone.now()
        return context


class ParticipantsView(PublicProcessMixin, TemplateView):
    """The stakeholders behind a number of the summary, each with their public statements."""

    template_name = "consultations/positions/participants.html"

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
EXPORT_COLUMNS = [
    "issue",
    "question",
    "stakeholder",
    "iso3",
    "regional_group",
    "stance",
    "stance_label",
    "statement_url",
    "updated",
]


class PositionsExportMixin(ProcessSelectionMixin):
    """The rows of every issue of the process (or ``?issue=<slug>``) with the list's filters."""

    filename_extension = ""

    def export_rows(self, request) -> list[list[str]]:
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
        self.process = process
        result = []
        for issue in issues:
            for row in selectors.rows_filter(
                rows[issue.pk], stances=form.stances, regional_group=form.group
            ):
                group = row.stakeholder.regional_group
                result.append(
                    [
                        issue.slug,
                        issue.title,
                        row.stakeholder.name,
                        row.stakeholder.iso3 or "",
                        group.code if group else "",
                        row.stance,
                        str(row.stance_label),
                        request.build_absolute_uri(row.statement.get_absolute_url())
                        if row.statement
                        else "",
                        row.updated.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
                        if row.updated
                        else "",
                    ]
                )
        return result

    def filename(self) -> str:
        return f"positions-{self.process.slug}.{self.filename_extension}"


class PositionsCSVView(PositionsExportMixin, View):
    filename_extension = "csv"

    def get(self, request, *args, **kwargs):
        rows = self.export_rows(request)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PositionsXLSXView(PositionsExportMixin, View):
    filename_extension = "xlsx"

    def get(self, request, *args, **kwargs):
        rows = self.export_rows(request)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="positions")
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


# --- delegates --------------------------------------------------------------------------------
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


class DelegatePositionsView(PermissionRequiredMixin, TemplateView):
    """The user's stakeholders' positions on each issue of the current process, a form each."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/positions/delegate_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = current_process()
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


class PositionRecordMixin:
    """Loads ``self.issue`` and ``self.stakeholder`` (from ``get_stakeholders()``: another's
    answers 404) and the row with the statements the position may point to."""

    template_name = "consultations/positions/record.html"
    base_template = "base.html"

    def get_stakeholders(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.issue = get_object_or_404(
            Issue.objects.select_related("process"), pk=kwargs["issue_id"]
        )
        self.stakeholder = get_object_or_404(
            self.get_stakeholders().select_related("regional_group"), pk=kwargs["stakeholder_id"]
        )
        return super().dispatch(request, *args, **kwargs)

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


class DelegatePositionRecordView(PermissionRequiredMixin, PositionRecordMixin, TemplateView):
    """Record one of the user's own stakeholders' positions, and see its history."""

    permission_required = "registry.access_delegate_portal"
    breadcrumb = "delegate"

    def get_stakeholders(self):
        return Stakeholder.objects.filter(pk__in=stakeholder_ids(self.request.user))

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


# --- Secretariat ------------------------------------------------------------------------------
class SecretariatPositionsMixin(PermissionRequiredMixin):
    permission_required = "consultations.record_positions"


class SecretariatPositionsView(SecretariatPositionsMixin, TemplateView):
    """Pick an issue of the process (``?process=``, else the current one)."""

    template_name = "consultations/positions/secretariat_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.request.GET.get("process")
        process = process_or_404(slug) if slug else current_process()
        context["process"] = process
        context["processes"] = list(Process.objects.only("slug", "title", "short_title"))
        if process is not None:
            recorded = selectors.recorded_counts(process=process)
            context["issues"] = [
                (figures, recorded.get(figures.issue.pk, 0))
                for figures in selectors.process_figures(process=process)
            ]
        return context


class SecretariatIssuePositionsView(SecretariatPositionsMixin, TemplateView):
    """Every stakeholder of a kind (Member States by default) with their recorded stance on
    the issue and a form per row."""

    template_name = "consultations/positions/secretariat_issue.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.issue = get_object_or_404(
            Issue.objects.select_related("process", "cites", "cites__part_of"),
            pk=kwargs["issue_id"],
        )
        return super().dispatch(request, *args, **kwargs)

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

    def get_stakeholders(self):
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
