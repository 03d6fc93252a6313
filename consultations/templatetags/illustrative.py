"""The illustrative mark in HTML, one helper for every page: ``{% load illustrative %}``.

``{% illustrative_note process %}`` writes the process's generated note (nothing when it has no
illustrative row); ``{{ row|illustrative_mark }}`` writes the mark beside a row that is
illustrative, or the source of a fact; ``rows|any_illustrative`` tells whether a block of rows
needs the note at all (the panels' speakers, facts of the briefing, do not).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from consultations.selectors.illustrative import any_illustrative as rows_any_illustrative
from consultations.selectors.illustrative import illustrative_note as note_of
from consultations.selectors.illustrative import row_mark

register = template.Library()


@register.simple_tag
def illustrative_note(process, summary=None):
    if process is None:
        return ""
    note = note_of(process=process, summary=summary)
    if not note:
        return ""
    return format_html(
        '<aside class="alert alert-warning illustrative" role="note">'
        "<strong>{}:</strong> {}</aside>",
        gettext("Illustrative data"),
        note.text,
    )


@register.simple_tag
def seat_rules_label(process) -> str:
    """What the seat rules of ``process`` rest on: their source; else, where its seats are
    illustrative, that the demonstration assumed them; else plain "Rules:"."""
    if process.seat_rules_source:
        return gettext("Rules (source: %(source)s):") % {"source": process.seat_rules_source}
    counts = note_of(process=process).counts
    if counts["seats"] or counts["preferences"]:
        return gettext("Assumed for this demonstration; no source states these rules:")
    return gettext("Rules:")


@register.filter
def illustrative_mark(row) -> str:
    mark = row_mark(row)
    if mark.illustrative:
        return format_html(
            '<span class="badge text-bg-warning illustrative-mark" title="{}">{}</span>',
            gettext("Invented for a demonstration: not the record."),
            gettext("Illustrative"),
        )
    if mark.source:
        return format_html(
            '<span class="small text-body-secondary fact-source">{}</span>',
            gettext("Source: %(source)s") % {"source": mark.source},
        )
    return ""


@register.filter
def any_illustrative(rows) -> bool:
    return rows_any_illustrative(rows or ())
