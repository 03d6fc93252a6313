"""The rows of the public statements list, read as plain values and kept as fragments.

Fifty rows of 100,000 statements spent most of the page's time in building seven model
instances a row and rendering each row (a dozen filters, three URLs, translated names, a date
localised). A row is read here as the values it shows, with two queries (the statements, their
themes); those values and the language are the row's key in consultations.fragments, so the
rows rendered before are taken from the cache and only the others are rendered, from model
instances made of the same values (never saved, never read again). A changed title, a renamed
stakeholder or theme, another language: another key, and the row is rendered afresh.

The filter form above the rows (crispy, ten fields, hundreds of options) is one fragment too,
kept under what it shows: the values asked for, the options offered (read each time) and the
language, and the code that writes it.
"""

import functools
from functools import cached_property

from crispy_forms.utils import render_crispy_form
from django.db import connection
from django.template.loader import get_template
from django.utils.safestring import SafeString

from consultations import filters, widgets
from consultations.fragments import (
    code_version,
    fragment_render,
    fragments_render,
    template_version,
)
from consultations.models import Meeting, Statement, Theme, Venue
from consultations.selectors.compiled import Compiled, compile_once, id_slots, run_dicts
from registry.collation import page_columns, page_language
from registry.models import RegionalGroup, Stakeholder

ROW_TEMPLATE = "consultations/statements/_statement_row.html"


def _translations(values: dict, path: str, field: str) -> dict:
    """The translations of ``field`` read at ``path`` in ``values``, as model keyword arguments."""
    start = f"{path}__{field}_"
    return {
        name[len(path) + 2 :]: value for name, value in values.items() if name.startswith(start)
    }


class ListedStatement:
    """One row of the list: what it shows (``values``, ``themes``), ``pk``, ``title`` and
    ``language`` for the view, and the model instances its template reads, made on demand."""

    def __init__(self, values: dict, themes: list[dict]):
        self.values = values
        self.themes_values = themes
        self.pk = values["id"]
        self.title = values["title"]
        self.language = values["language"]
        self.process_id = values["meeting__process_id"]

    def shows(self) -> tuple:
        return (
            tuple(self.values.items()),
            tuple(tuple(theme.items()) for theme in self.themes_values),
        )

    @cached_property
    def statement(self) -> Statement:
        v = self.values
        return Statement(
            pk=v["id"],
            title=v["title"],
            language=v["language"],
            is_illustrative=v["is_illustrative"],
            source=v["source"],
        )

    @cached_property
    def stakeholder(self) -> Stakeholder:
        v = self.values
        group = None
        if v["stakeholder__regional_group_id"] is not None:
            group = RegionalGroup(
                pk=v["stakeholder__regional_group_id"],
                **_translations(v, "stakeholder__regional_group", "short_name"),
            )
        return Stakeholder(
            pk=v["stakeholder_id"],
            slug=v["stakeholder__slug"],
            regional_group=group,
            **_translations(v, "stakeholder", "name"),
        )

    @cached_property
    def meeting(self) -> Meeting:
        v = self.values
        return Meeting(
            pk=v["meeting_id"],
            slug=v["meeting__slug"],
            start=v["meeting__start"],
            venue=Venue(pk=v["meeting__venue_id"], time_zone=v["meeting__venue__time_zone"]),
            **_translations(v, "meeting", "title"),
        )

    @cached_property
    def themes(self) -> list[Theme]:
        themes = []
        for v in self.themes_values:
            parent = None
            if v["theme__parent_id"] is not None:
                parent = Theme(
                    pk=v["theme__parent_id"], **_translations(v, "theme__parent", "name")
                )
            themes.append(
                Theme(
                    pk=v["theme_id"],
                    slug=v["theme__slug"],
                    parent=parent,
                    **_translations(v, "theme", "name"),
                )
            )
        return themes


# A page of the list has at most this many rows: their reads are compiled once per worker and
# language with a slot for each id (consultations/selectors/compiled.py).
PAGE_ROWS = 50


def _rows_queryset(ids, language: str):
    return Statement.objects.filter(pk__in=ids).values(
        "id",
        "title",
        "language",
        "is_illustrative",
        "source",
        "stakeholder_id",
        "stakeholder__slug",
        *page_columns("stakeholder__name", language=language),
        "stakeholder__regional_group_id",
        *page_columns("stakeholder__regional_group__short_name", language=language),
        "meeting_id",
        "meeting__slug",
        *page_columns("meeting__title", language=language),
        "meeting__start",
        "meeting__venue_id",
        "meeting__venue__time_zone",
        "meeting__process_id",
    )


def _themes_queryset(ids, language: str):
    # In the themes' own order (Theme.Meta.ordering, by the page's language).
    return (
        Statement.themes.through.objects.filter(statement_id__in=ids)
        .order_by("theme__order", page_columns("theme__name", language=language)[0], "theme_id")
        .values(
            "statement_id",
            "theme_id",
            "theme__slug",
            *page_columns("theme__name", language=language),
            "theme__parent_id",
            *page_columns("theme__parent__name", language=language),
        )
    )


@functools.cache
def _compiled(vendor: str, language: str, themes: bool) -> Compiled:
    slots = id_slots(PAGE_ROWS)
    build = _themes_queryset if themes else _rows_queryset
    return compile_once(build(slots, language), placeholder=slots)


def statement_rows(*, ids: list[int]) -> list[ListedStatement]:
    """The rows of the statements ``ids`` (one page of the list, chosen and ordered by the
    caller), in that order, each with what it shows in the page's language. Two queries,
    compiled once per worker and language for up to ``PAGE_ROWS`` ids."""
    ids = list(ids)
    if not ids:
        return []
    language = page_language()
    if len(ids) <= PAGE_ROWS:
        values = run_dicts(_compiled(connection.vendor, language, False), ids)
        theme_rows = run_dicts(_compiled(connection.vendor, language, True), ids)
    else:
        values = list(_rows_queryset(ids, language))
        theme_rows = list(_themes_queryset(ids, language))
    by_id = {row["id"]: row for row in values}
    themes: dict[int, list[dict]] = {pk: [] for pk in by_id}
    for theme in theme_rows:
        themes[theme.pop("statement_id")].append(theme)
    return [ListedStatement(by_id[pk], themes[pk]) for pk in ids if pk in by_id]


def statement_rows_html(rows: list[ListedStatement]) -> SafeString:
    """The HTML of the page's ``rows``, in order: kept whole under what they show in the page's
    language; when missing, each row from the cache when a row showing the same values was
    rendered before, else rendered now (a page of which one statement changed renders that
    row only)."""
    version = template_version(get_template(ROW_TEMPLATE).template)

    def render() -> str:
        fragments_render(rows, template_name=ROW_TEMPLATE, shows=ListedStatement.shows, name="row")
        return "".join(row.row_html for row in rows)

    shows = (ROW_TEMPLATE, version, "statement-rows", [row.shows() for row in rows])
    return fragment_render(shows=shows, render=render)


def _filter_form_code() -> str:
    """What writes the filter form besides its data: the form, its widget and the packages
    that render it."""
    return code_version(
        filters, widgets, packages=("django", "django-crispy-forms", "crispy-bootstrap5")
    )


def filter_form_render(*, filterset) -> str:
    """The HTML of ``filterset``'s form (consultations.filters.StatementFilter, validated),
    from the cache when the same values with the same options were shown before."""
    form = filterset.form
    shows = (
        "statement-filters",
        _filter_form_code(),
        tuple((name, tuple(form.data.getlist(name))) for name in form.fields),
        filterset.choices,
    )
    return fragment_render(shows=shows, render=lambda: render_crispy_form(form))
