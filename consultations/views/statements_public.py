"""Public pages of statements: the list with search and filters, its exports, one statement.

The list and its exports hold every process's statements at the root (``/statements/``) and one
process's under ``/p/<slug>/`` (``/p/<slug>/statements/``).

Public: anybody reads what is published and past its "check against delivery" time; the
Secretariat and the statement's own delegation may also open one that is not (the detail page
only: their lists are on their own pages). Anything else answers 404.
"""

from pathlib import PurePath

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from consultations import exports
from consultations.addresses import process_addresses, process_reverse
from consultations.choices import StatementState
from consultations.filters import StatementFilter
from consultations.fragments_statements import (
    filter_form_render,
    statement_rows,
    statement_rows_html,
)
from consultations.models import Process, Statement
from consultations.search import SEARCH_COUNT_LIMIT, SearchResults, search_results
from consultations.selectors import statements_public as selectors
from consultations.selectors.illustrative import illustrative_counts_prime, processes_counted
from consultations.selectors.statement_tally import public_statement_count
from consultations.views.base import process_or_404


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class StatementsProcessMixin:
    """The process of the address under ``/p/<slug>/`` (404 if unknown), None at the root: the
    statements are then those of every process."""

    def get_statements_process(self) -> Process | None:
        if not hasattr(self, "_statements_process"):
            slug = self.kwargs.get("process")
            self._statements_process = process_or_404(slug) if slug else None
        return self._statements_process

    @cached_property
    def now(self):
        return timezone.now()  # one moment for the page: its statements and their count

    def statements_scoped(self):
        return selectors.statements_public(now=self.now, process=self.get_statements_process())


class StatementListView(StatementsProcessMixin, FilterView):
    """``/statements/``: published statements, filtered and searched, 50 a page."""

    filterset_class = StatementFilter
    template_name = "consultations/statements/list.html"
    paginate_by = 50
    context_object_name = "statements"

    search: SearchResults | None = None

    def get_queryset(self):
        return self.statements_scoped()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["process"] = self.get_statements_process()
        return kwargs

    def get_context_data(self, **kwargs):
        query = self.filterset.form.cleaned_data.get("q") if self.filterset.is_valid() else ""
        if query:
            # Counted up to a limit, and ranked (PostgreSQL) below it: consultations.search.
            language = self.filterset.form.cleaned_data.get("language") or None
            self.search = search_results(
                self.object_list, query, limit=SEARCH_COUNT_LIMIT, language=language
            )
            self.object_list = kwargs["object_list"] = self.search.statements
        context = super().get_context_data(**kwargs)
        rows = context["statements"]
        context["rows_html"] = statement_rows_html(rows)
        context["processes"] = processes_counted([row.process_id for row in rows])
        context["export_query"] = _query_without_page(self.request)
        process = self.get_statements_process()
        context["process"] = process
        if process is not None:
            context["process_urls"] = process_addresses(process=process)
        else:
            context["process_urls"] = {
                name: reverse(name) for name in ("statements_csv", "statements_xlsx")
            }
        context["filter_form"] = filter_form_render(filterset=self.filterset)
        context["search"] = self.search
        context["ranked"] = bool(self.search and self.search.ranked)
        return context

    def paginate_queryset(self, queryset, page_size):
        # The page's rows as the values they show (consultations/fragments_statements.py). Its
        # statements are chosen by a query of their ids alone, then read with what they show:
        # the rows a deep page skips (75,000 at page 1,500) are never joined.
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = statement_rows(ids=rows.values_list("pk", flat=True))
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.search is not None:
            count = min(self.search.count, SEARCH_COUNT_LIMIT)
        elif self.get_statements_process() is None and not self.filterset.narrows():
            count = public_statement_count(now=self.now)  # every public statement
        else:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page)
        return CountedPaginator(
            queryset,
            per_page,
            count=count,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )


class CountedPaginator(Paginator):
    """A paginator told its count (a search's, capped at SEARCH_COUNT_LIMIT, or every public
    statement's): the pages beyond the count are not offered, and no second count is made."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


class StatementDetailView(DetailView):
    """``/statements/<pk>/``: the text in its language and direction, its positions, history."""

    template_name = "consultations/statements/detail.html"
    context_object_name = "statement"

    def get_object(self, queryset=None) -> Statement:
        self.now = timezone.now()
        try:
            return selectors.statement_for_reader(
                user=self.request.user, pk=self.kwargs["pk"], now=self.now
            )
        except Statement.DoesNotExist:
            raise Http404(_("No such statement.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        context["process"] = process = statement.meeting.process
        illustrative_counts_prime(processes=[process])
        context["process_urls"] = process_addresses(process=process, root=process.is_current)
        context["time_zone"] = statement.meeting.venue.time_zone
        context["is_public"] = statement.is_public(now=self.now)
        context["state"] = StatementState(statement.state)
        context["positions"] = selectors.statement_positions(statement=statement)
        context["revisions"] = selectors.statement_revisions(statement=statement)
        context["file_kind"] = (
            PurePath(statement.file.name).suffix.lstrip(".").upper() if statement.file else ""
        )
        return context


# --- Exports --------------------------------------------------------------------------------
class StatementExportView(StatementsProcessMixin, View):
    """The statements of the list, every page of it, with the same filters, written by
    consultations.exports; a filter that does not validate answers 400 rather than exporting
    more than was asked for. The CSV streams at any size; an XLSX of more than
    exports.XLSX_MAX_ROWS statements answers a page that points to the CSV instead."""

    kind = ""
    cache_query_params = tuple(StatementFilter.base_filters)

    def get(self, request, *args, **kwargs):
        process = self.get_statements_process()
        filterset = StatementFilter(
            request.GET or None, queryset=self.statements_scoped(), request=request, process=process
        )
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
            )
            return HttpResponseBadRequest(
                _("Invalid filter: %(errors)s") % {"errors": errors},
                content_type="text/plain; charset=utf-8",
            )
        statements = filterset.qs
        if self.kind == exports.XLSX:
            count = statements.count()
            if count > exports.XLSX_MAX_ROWS:
                csv_url = (
                    process_reverse("statements_csv", process=process)
                    if process
                    else reverse("statements_csv")
                )
                if request.GET:
                    csv_url += f"?{request.GET.urlencode()}"
                return exports.xlsx_too_large(request, count=count, csv_url=csv_url)
        return exports.statements_response(statements, kind=self.kind, request=request)


class StatementCSVView(StatementExportView):
    kind = exports.CSV


class StatementXLSXView(StatementExportView):
    kind = exports.XLSX
