"""The programme's parts kept in the default cache under a key of what they show.

Each section of the timeline (the preparatory panels, the Dialogue's meetings, the follow-up)
is kept whole, as the meeting page's parts are (consultations/fragments_meeting.py): what it
shows is read on every request as columns of its meetings, their venue, room and theme, in one
compiled query, with no model instance built. Only a section missing from the cache reads its
meetings whole and renders them, each row from the rows' own cache when a row showing the same
was rendered before (``fragments_render``): a meeting changed renders its section and its own
row again, not the other rows. The menu of every process is kept under its rows and the
process shown in bold.
"""

import functools
from typing import NamedTuple

from django.db import connection
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from consultations import addresses
from consultations.fragments import (
    Fragment,
    code_version,
    fragments_render,
    fragments_render_many,
    template_version,
    values_of,
)
from consultations.models import Meeting, processes
from consultations.selectors import programme as selectors
from consultations.selectors.compiled import ANY_ID, Compiled, compile_once, run_rows
from consultations.templatetags import addresses as addresses_tags
from registry.collation import page_columns, page_language

ROW_TEMPLATE = "consultations/programme/_meeting_row.html"
DAYS_TEMPLATE = "consultations/programme/_days.html"
MENU_TEMPLATE = "consultations/programme/_process_menu.html"


class Section(NamedTuple):
    """A section of the timeline: the prefix of its days' ids, the kinds of meeting it lists
    and what it says when it has none."""

    id: str
    kinds: list[str]
    empty_text: str


SECTIONS = {  # by the name the programme's template prints it under
    "preparation": Section("preparation", selectors.PREPARATORY_KINDS, _("No preparatory panel.")),
    "dialogue": Section(
        "dialogue",
        selectors.DIALOGUE_KINDS,
        _("No plenary meeting or round table scheduled yet."),
    ),
    "follow_up": Section(
        "follow-up", selectors.FOLLOW_UP_KINDS, _("No follow-up meeting scheduled yet.")
    ),
}


def row_paths(language: str) -> tuple[str, ...]:
    """What a row of the programme shows (templates/consultations/programme/_meeting_row.html)
    of its meeting, venue, room and theme, on a page in ``language``: change one, and the row
    and its section are rendered again. ``kind`` is first: it places the row in its section."""
    return (
        "kind",
        "pk",
        "slug",
        "number",
        "status",
        "start",
        "end",
        "is_illustrative",
        "source",
        "room_id",
        "theme_id",
        *page_columns("title", language=language),
        "venue__time_zone",
        *page_columns("venue__name", "venue__city", "room__name", "theme__name", language=language),
    )


@functools.cache
def _rows_sql(vendor: str, language: str) -> Compiled:
    # rewrite(False): modeltranslation's values_list would read the columns in an order of its own.
    meetings = Meeting.objects.rewrite(False).filter(process_id=ANY_ID)
    meetings = meetings.order_by(*selectors.MEETING_ORDER)
    return compile_once(meetings.values_list(*row_paths(language)), placeholder=ANY_ID)


def _section_shows(section: Section, rows: list[tuple]) -> tuple:
    """What a section shows, ``rows`` being what each of its meetings' rows shows in order: a
    section prints its rows' HTML, so the text of their template is part of it."""
    return section.id, template_version(get_template(ROW_TEMPLATE).template), rows


def _menu_code() -> str:
    """What writes the menu besides its template and rows: its tag, the addresses it reverses
    and the label of a process."""
    return code_version(addresses_tags, addresses, processes)


def programme_fragments(*, process, menu: list) -> dict[str, SafeString]:
    """The HTML of the timeline's sections of ``process`` by name (``preparation``,
    ``dialogue``, ``follow_up``) and, where there is more than one process, of its ``menu`` of
    processes (the rows of selectors.programme.process_menu). One query, and only for a
    section missing from the cache one more (its meetings whole)."""
    language = page_language()
    shown = run_rows(_rows_sql(connection.vendor, language), process.pk)
    meetings = _Meetings(process, row_paths(language))
    parts = {
        name: Fragment(
            template_name=DAYS_TEMPLATE,
            shows=_section_shows(section, [row for row in shown if row[0] in section.kinds]),
            context=functools.partial(meetings.section_context, section),
            rendered_shows=meetings.rendered_shows,
        )
        for name, section in SECTIONS.items()
    }
    if len(menu) > 1:  # the programme shows no menu of a single process
        menu_shows = (_menu_code(), menu, process.pk)
        parts["menu"] = Fragment(
            template_name=MENU_TEMPLATE,
            shows=menu_shows,
            context={"processes": menu, "process": process},
            rendered_shows=lambda context: menu_shows,
        )
    return fragments_render_many(parts)


class _Meetings:
    """The meetings of a process, read whole once, when a section missing from the cache
    first needs them; ``paths``: what a row shows of each (``row_paths``)."""

    def __init__(self, process, paths: tuple[str, ...]):
        self.process = process
        self.paths = paths
        self._meetings = None

    def section_context(self, section: Section) -> dict:
        if self._meetings is None:
            self._meetings = selectors.programme_meetings(process=self.process)
        meetings = [meeting for meeting in self._meetings if meeting.kind in section.kinds]
        shown = {id(meeting): values_of(meeting, self.paths) for meeting in meetings}
        fragments_render(
            meetings, template_name=ROW_TEMPLATE, shows=lambda m: shown[id(m)], name="meeting"
        )
        return {
            "section": section.id,  # the prefix of its days' ids
            "days": selectors.meetings_by_day(meetings=meetings),
            "empty_text": section.empty_text,
            # What it is kept under: what its rows show, in the order read.
            "shows": _section_shows(section, list(shown.values())),
        }

    @staticmethod
    def rendered_shows(context: dict) -> tuple:
        return context["shows"]
