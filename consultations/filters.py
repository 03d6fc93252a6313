"""Filters of the public statements list and its exports (/statements/, .csv, .xlsx)."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from consultations.choices import Language
from consultations.models import Statement
from consultations.search import (
    SEARCH_MAX_WORD_LENGTH,
    SEARCH_MAX_WORDS,
    search_query_bounded,
    statements_matching,
)
from consultations.selectors import statements_public as selectors
from consultations.selectors.statements_public import DateBasis
from consultations.widgets import OptionsSelect
from registry.validators import validate_year_in_range

DATE_BASIS_CHOICES = [
    (DateBasis.MEETING, _("Meeting date")),
    (DateBasis.PUBLISHED, _("Publication date")),
]


class StatementFilterForm(forms.Form):
    @cached_property
    def helper(self) -> FormHelper:
        """How crispy-forms lays the form out: made when the form is rendered (the list keeps
        the form's HTML: consultations/fragments_statements.py)."""
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        # One process's list (under /p/<slug>/) has no process to choose.
        first_row = [Column("q", css_class="col-md-4")]
        if "process" in self.fields:
            first_row.append(Column("process", css_class="col-md-3"))
        helper.layout = Layout(
            Row(
                *first_row,
                Column("meeting", css_class="col-md-3"),
                Column("language", css_class="col-md-2"),
                css_class="g-2",
            ),
            Row(
                Column("stakeholder", css_class="col-md-4"),
                Column("regional_group", css_class="col-md-3"),
                Column("theme", css_class="col-md-5"),
                css_class="g-2",
            ),
            Row(
                Column("date_from", css_class="col-md-3"),
                Column("date_to", css_class="col-md-3"),
                Column("date_by", css_class="col-md-3"),
                Column(
                    Submit("", _("Filter"), css_class="btn-primary"),
                    css_class="col-md-3 d-flex align-items-end mb-3",
                ),
                css_class="g-2",
            ),
        )
        return helper

    def clean_q(self) -> str:
        bounded = search_query_bounded(self.cleaned_data.get("q") or "")
        if bounded.cut:
            # Said under the search box, so that nobody takes the results for the whole query's.
            # (The bound field copied the help text when validation began: set it there.)
            self["q"].help_text = _(
                "Only the first %(words)s words, of %(length)s characters at most, were searched."
            ) % {"words": SEARCH_MAX_WORDS, "length": SEARCH_MAX_WORD_LENGTH}
        return bounded.text

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the date range comes before its start."))
        return cleaned


class Options(tuple):
    """A filter's options, read for one request and never changed: the form copies its fields
    (deeply) when it is made, and copying hundreds of options one by one cost more than
    rendering them. Every copy shares these."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


class OptionsChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter whose options are written by OptionsSelect (hundreds of them, fast)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", OptionsSelect)
        super().__init__(*args, **kwargs)


class StatementFilter(django_filters.FilterSet):
    """Meeting, stakeholder, regional group, language, theme (with its narrower themes), a date
    range and full-text search. The options are read once, in the view, not while rendering.

    ``process`` (a Process): the list of that process only, whose meetings the meeting filter
    offers; there is then no process filter."""

    q = django_filters.CharFilter(
        label=_("Words or “a phrase”"), method="filter_search", max_length=200
    )
    process = OptionsChoiceFilter(
        label=_("Process"),
        method="filter_process",
        empty_label=_("Any process"),
    )
    meeting = OptionsChoiceFilter(
        label=_("Meeting"),
        method="filter_meeting",
        empty_label=_("Any meeting"),
    )
    stakeholder = OptionsChoiceFilter(
        label=_("Stakeholder"),
        method="filter_stakeholder",
        empty_label=_("Anybody"),
    )
    regional_group = OptionsChoiceFilter(
        label=_("Regional group"),
        method="filter_regional_group",
        empty_label=_("Any group"),
    )
    language = OptionsChoiceFilter(
        label=_("Language"),
        choices=Language.choices,
        empty_label=_("Any language"),
    )
    theme = OptionsChoiceFilter(label=_("Theme"), method="filter_theme", empty_label=_("Any theme"))
    # Bounded years: the range's last day plus one, or a venue's midnight in UTC, would
    # overflow Python's dates at 9999-12-31 or 0001-01-01.
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_year_in_range],
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_year_in_range],
    )
    date_by = OptionsChoiceFilter(
        label=_("Dates of"),
        choices=DATE_BASIS_CHOICES,
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Statement
        fields = [
            "q",
            "process",
            "meeting",
            "stakeholder",
            "regional_group",
            "language",
            "theme",
            "date_from",
            "date_to",
            "date_by",
        ]
        form = StatementFilterForm

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data or {}
        self.choices = choices = selectors.statement_filter_choices(
            process=process.slug if process else str(data.get("process") or ""),
            meeting="" if process else str(data.get("meeting") or ""),
        )
        if process is None:
            self.filters["process"].extra["choices"] = Options(choices.processes)
        else:
            del self.filters["process"]
        self.filters["meeting"].extra["choices"] = Options(choices.meetings)
        self.filters["stakeholder"].extra["choices"] = Options(choices.stakeholders)
        self.filters["regional_group"].extra["choices"] = Options(choices.regional_groups)
        self.filters["theme"].extra["choices"] = Options(choices.themes)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return selectors.statements_in_date_range(
            queryset,
            start=data.get("date_from"),
            end=data.get("date_to"),
            by=data.get("date_by") or DateBasis.MEETING,
        )

    def narrows(self) -> bool:
        """Whether the form asks for fewer than every statement: a value in any filter (an
        invalid one too: the list then shows none), but the basis of the dates alone, which
        filters nothing without a date."""
        form = self.form
        if not form.is_bound:
            return False
        if not form.is_valid():
            return True
        return any(value for name, value in form.cleaned_data.items() if name != "date_by")

    def filter_nothing(self, queryset, name, value):
        return queryset  # the date range is applied as a whole in filter_queryset

    def filter_search(self, queryset, name, value):
        # Parsed with the configuration of the language asked for, else of the page's.
        language = self.form.cleaned_data.get("language") or None
        return statements_matching(queryset, value, language=language)

    def filter_process(self, queryset, name, value: str):
        return queryset.filter(meeting__process__slug=value)

    def filter_meeting(self, queryset, name, value):
        return queryset.filter(meeting__slug=value)

    def filter_stakeholder(self, queryset, name, value):
        return queryset.filter(stakeholder__slug=value)

    def filter_regional_group(self, queryset, name, value: str):
        return queryset.filter(stakeholder__regional_group__code=value)

    def filter_theme(self, queryset, name, value: str):
        return selectors.statements_with_theme(queryset, slug=value)
