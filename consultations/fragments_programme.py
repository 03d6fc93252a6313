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
import hashlib
from pathlib import Path
from typing import NamedTuple

from django.db import connection
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from consultations.fragments import (
    Fragment,
    fragments_render,
    fragments_render_many,
    template_version,
    values_of,
)
from consultations.models import Meeting
from consultations.selectors import programme as selectors
from consultations.selectors.compiled import ANY_ID, Compiled, compile_once, run_rows
from consultations.templatetags import addresses
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


def row_paths() -> tuple[str, ...]:
    """What a row of the programme shows (templates/consultations/programme/_meeting_row.html)
    of its meeting, venue, room and theme, in the page's language: change one, and the row and
    its section are rendered again. ``kind`` is first: it places the row in its section."""
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
        *page_columns("title"),
        "venue__time_zone",
        *page_columns("venue__name", "venue__city", "room__name", "theme__name"),
    )


@functools.cache
def _rows_sql(vendor: str, language: str) -> Compiled:
    # rewrite(False): modeltranslation's values_list would read the columns in an order of its own.
    meetings = Meeting.objects.rewrite(False).filter(process_id=ANY_ID)
    meetings = meetings.order_by(*selectors.MEETING_ORDER)
    return compile_once(meetings.values_list(*row_paths()), placeholder=ANY_ID)


def _rows_version() -> str:
    """A section prints its rows' HTML: the text of their template is part of what it shows."""
    return template_version(get_template(ROW_TEMPLATE).template)


@functools.cache
def _menu_code() -> str:
    """A digest of the code that writes the menu besides its template (its tag): a release that
    changes it never meets menus kept by the one before."""
    return hashlib.sha256(Path(addresses.__file__).read_bytes()).hexdigest()[:16]


def programme_fragments(*, process, menu: list) -> dict[str, SafeString]:
    """The HTML of the timeline's sections of ``process`` by name (``preparation``,
    ``dialogue``, ``follow_up``) and of its ``menu`` of processes (the rows of
    selectors.programme.process_menu). One query, and only for a section missing from the
    cache one more (its meetings whole)."""
    shown = run_rows(_rows_sql(connection.vendor, page_language()), process.pk)
    meetings = _Meetings(process)
    parts = {
        name: Fragment(
            template_name=DAYS_TEMPLATE,
            shows=(section.id, _rows_version(), [row for row in shown if row[0] in section.kinds]),
            context=functools.partial(meetings.section_context, section),
            rendered_shows=meetings.rendered_shows,
        )
        for name, section in SECTIONS.items()
    }
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
    first needs them."""

    def __init__(self, process):
        self.process = process
        self._meetings = None

    def section_context(self, section: Section) -> dict:
        if self._meetings is None:
            self._meetings = selectors.programme_meetings(process=self.process)
        meetings = [meeting for meeting in self._meetings if meeting.kind in section.kinds]
        paths = row_paths()
        fragments_render(
            meetings,
            template_name=ROW_TEMPLATE,
            shows=lambda meeting: values_of(meeting, paths),
            name="meeting",
        )
        return {
            "section": section.id,
            "meetings": meetings,  # in the order read: the key it is kept under
            "days": selectors.meetings_by_day(meetings=meetings),
            "empty_text": section.empty_text,
        }

    @staticmethod
    def rendered_shows(context: dict) -> tuple:
        paths = row_paths()
        rows = [values_of(meeting, paths) for meeting in context["meetings"]]
        return context["section"], _rows_version(), rows
