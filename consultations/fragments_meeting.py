"""The parts of a meeting's page kept in the default cache under a key of what they show.

A busy meeting's page (60 delegations expected, 40 speakers) spent most of its time building model
instances and rendering rows that had not changed since the last request. As for the programme's
parts (consultations/fragments_programme.py), each expensive part (the head with the chairs and the
notes, the delegations expected or a round table's seats and co-chairs, the speakers list, the
floor panel before the first sitting) is kept as HTML under a hash of exactly what it shows, the
language and the text of its template and of those it includes. What a part shows is read on every
request, narrowly (the head: from the meeting, loaded anyway): ``values_list`` of the columns its
template prints, no model instance built, no URL reversed, no translation looked up. A part missing
from the cache reads its rows in full (the view's lazy context) and is rendered with its own
template, as before; it is kept under what those rows show, so that a write between the two reads
keeps it under the newer rows, never the older. No write has to invalidate anything, and the page
cache's generations play no part: a changed row makes a new key on the next request.

The cache is an accelerator: when it is unreachable every part is rendered, as without it.
"""

import functools
from typing import NamedTuple

from django.db import connection
from django.templatetags.static import static
from django.utils.safestring import SafeString

from consultations.choices import InscriptionStatus, MeetingKind
from consultations.fragments import UNKEPT, Fragment, fragments_render_many, values_of
from consultations.models import Floor, Meeting, SpeakersList
from consultations.selectors.compiled import ANY_ID, Compiled, compile_once, run_rows
from consultations.selectors.floor import NEXT_SHOWN
from consultations.selectors.illustrative import illustrative_note
from consultations.selectors.programme import delegations_expected
from consultations.selectors.seats import meeting_co_chairs, meeting_seats_published
from consultations.selectors.speakers import speakers_list_inscriptions
from consultations.templatetags.floor import floor_panel
from registry.collation import page_columns, page_language
from registry.models import Person

# --- The meeting page ---------------------------------------------------------------------------


def meeting_fragments(*, request, meeting, context: dict) -> dict[str, SafeString]:
    """The HTML of the parts of ``meeting``'s page: its ``head`` (with its chairs and notes),
    ``participants`` (a round table's seats and co-chairs, else the delegations expected),
    ``speakers`` and, where the meeting has a speakers list, its live ``floor`` panel.
    ``context`` is the view's, whose ``expected``, ``seats`` and ``speakers`` are read only by
    the parts rendered. A query for the participants (two at a round table) and one for the
    speakers; none for the head but the illustrative note's counts where it shows the note."""
    participants = _seats if context["is_round_table"] else _expected
    parts = {
        "head": _head(meeting),
        "participants": participants(meeting, context),
    }
    speakers_list = context["speakers_list"]
    if speakers_list is None:
        parts["speakers"] = Fragment(_SPEAKERS, None, {"speakers": None}, lambda context: None)
    else:
        on_list = run_rows(_narrow_reads().speakers, speakers_list.pk)
        parts["floor"] = _floor(request, speakers_list, on_list)
        parts["speakers"] = _speakers(meeting, context, on_list)
    return fragments_render_many(parts)


def _note(process, rows: list[tuple]) -> str:
    """The process's illustrative note, which a part shows where one of its ``rows`` (each
    starting with its ``is_illustrative``) is illustrative."""
    return illustrative_note(process=process).text if any(row[0] for row in rows) else ""


def _head(meeting) -> Fragment:
    """What the meeting is, where and when, its chairs and notes: kept under every column
    loaded of the meeting, its process, venue, room and theme, and of its notes, what its
    chairs show and the illustrative note where one of them is illustrative (all loaded with
    the meeting; the note's counts are a query of their own). Taken again once rendered: a
    column the head read by a query of its own would make the two keys differ, never a stale
    head."""
    return Fragment(
        template_name="consultations/programme/_meeting_head.html",
        shows=_head_shows(meeting),
        context={"meeting": meeting},
        rendered_shows=lambda context: _head_shows(meeting),
    )


def _head_shows(meeting) -> tuple:
    paths = (
        "is_illustrative",
        "source",
        "role",
        *Person.name_columns("person"),
        "stakeholder__slug",
        *page_columns("stakeholder__name"),
    )
    chairs = [values_of(chair, paths) for chair in meeting.chairs.all()]
    related = (meeting.process, meeting.venue, meeting.room, meeting.theme)
    return (
        [_loaded(row) for row in (meeting, *related)],
        chairs,
        [_loaded(note) for note in meeting.notes.all()],
        _note(meeting.process, [(meeting.is_illustrative,), *chairs]),
    )


def _loaded(row) -> tuple | None:
    """Every column loaded of the model instance ``row`` (None for none): whatever a template
    prints of it is among them (a column not loaded would be read by a query of its own)."""
    if row is None:
        return None
    loaded = row.__dict__
    return tuple(
        (field.attname, loaded[field.attname])
        for field in row._meta.concrete_fields
        if field.attname in loaded
    )


def _expected(meeting, context: dict) -> Fragment:
    paths = _expected_paths()
    return Fragment(
        template_name="consultations/programme/_expected_delegations.html",
        shows=run_rows(_narrow_reads().expected, meeting.process_id),
        context={"expected": context["expected"]},
        rendered_shows=lambda context: [values_of(d, paths) for d in context["expected"]],
    )


def _expected_paths() -> tuple[str, ...]:
    return ("stakeholder__slug", *page_columns("stakeholder__short_name", "stakeholder__name"))


def _seats(meeting, context: dict) -> Fragment:
    seat_paths = _seat_paths()
    chair_paths = _co_chair_paths()

    def shown(seats: list[tuple], chairs: list[tuple]) -> tuple:
        return _note(meeting.process, [*seats, *chairs]), seats, chairs

    def rendered_shows(context: dict) -> tuple:
        seats = context["seats"]
        return shown(
            [values_of(seat, seat_paths) for seat in seats],
            [values_of(chair, chair_paths) for chair in seats.co_chairs],
        )

    reads = _narrow_reads()
    return Fragment(
        template_name="consultations/seats/_meeting_seats.html",
        shows=shown(run_rows(reads.seats, meeting.pk), run_rows(reads.co_chairs, meeting.pk)),
        context={"meeting": meeting, "seats": context["seats"]},
        rendered_shows=rendered_shows,
    )


def _seat_paths() -> tuple[str, ...]:
    return (
        "is_illustrative",
        "delegation__stakeholder__slug",
        *page_columns(
            "delegation__stakeholder__name", "delegation__stakeholder__regional_group__name"
        ),
    )


def _co_chair_paths() -> tuple[str, ...]:
    return (
        "is_illustrative",
        "source",
        *Person.name_columns("person"),
        "stakeholder__slug",
        *page_columns("stakeholder__name", "stakeholder__regional_group__name"),
    )


_SPEAKERS = "consultations/speakers/_meeting_speakers.html"


def _speaker_paths() -> tuple[str, ...]:
    """What the speakers list and the floor panel show of an inscription."""
    return (
        "is_illustrative",
        "source",
        "position",
        "status",
        "spoke_seconds",
        "spoke_at",
        "level",
        "speaker_post",
        "speaker_name",
        *Person.name_columns("speaker"),
        "stakeholder__slug",
        "stakeholder__kind",
        *page_columns("stakeholder__name"),
    )


def _speakers(meeting, context: dict, on_list: list[tuple]) -> Fragment:
    speakers_list = context["speakers_list"]
    paths = _speaker_paths()
    # The expected times follow from these and each row's status and seconds spoken.
    times = (speakers_list.minutes_per_speaker, meeting.start, meeting.end, meeting.venue.time_zone)

    def shown(rows: list[tuple]) -> tuple:
        return times, _note(meeting.process, rows), rows

    return Fragment(
        template_name=_SPEAKERS,
        shows=shown(on_list),
        context={"speakers": context["speakers"]},
        rendered_shows=lambda context: shown(
            [values_of(row.inscription, paths) for row in context["speakers"].rows]
        ),
    )


class _NarrowReads(NamedTuple):
    """The parts' narrow reads, by the id of the process, the meeting or the speakers list."""

    expected: Compiled
    seats: Compiled
    co_chairs: Compiled
    speakers: Compiled


def _narrow_reads() -> _NarrowReads:
    """What the parts show, read narrowly: each query compiled once per worker and language
    (``_narrow_sql``), the selector's own with an id no row has in place of the meeting's."""
    return _narrow_sql(connection.vendor, page_language())


@functools.cache
def _narrow_sql(vendor: str, language: str) -> _NarrowReads:
    meeting = Meeting(pk=ANY_ID, process_id=ANY_ID, kind=MeetingKind.PLENARY)
    return _NarrowReads(
        expected=compile_once(
            delegations_expected(meeting=meeting).values_list(*_expected_paths()),
            placeholder=ANY_ID,
        ),
        seats=compile_once(
            meeting_seats_published(meeting=meeting).values_list(*_seat_paths()),
            placeholder=ANY_ID,
        ),
        co_chairs=compile_once(
            meeting_co_chairs(meeting=meeting).values_list(*_co_chair_paths()),
            placeholder=ANY_ID,
        ),
        speakers=compile_once(
            speakers_list_inscriptions(speakers_list=SpeakersList(pk=ANY_ID))
            .filter(status__in=InscriptionStatus.on_list())
            .values_list(*_speaker_paths()),
            placeholder=ANY_ID,
        ),
    )


def _floor(request, speakers_list, on_list: list[tuple]) -> Fragment:
    """The live floor panel. Before the first sitting (no floor yet) it shows the speakers
    next in the list's order, in the page's language; once a floor exists its clock, the turn
    on it, the speakers passed over and the replies change it, and it is rendered each time."""
    paths = _speaker_paths()
    status = paths.index("status")
    script = static("js/floor-live.js")  # a release's script has an address of its own

    def shown(rows: list[tuple]) -> tuple:
        return script, request.get_full_path(), rows[:NEXT_SHOWN]

    def rendered_shows(context: dict):
        state = context["state"]
        if state.floor is not None:
            return UNKEPT
        return shown([values_of(entry.inscription, paths) for entry in state.upcoming])

    try:
        sitting = speakers_list.floor  # loaded with the meeting
    except Floor.DoesNotExist:
        sitting = None
    return Fragment(
        template_name="consultations/floor/_panel.html",
        shows=UNKEPT
        if sitting is not None
        else shown([row for row in on_list if row[status] == InscriptionStatus.INSCRIBED]),
        context=lambda: floor_panel({"request": request}, speakers_list),
        rendered_shows=rendered_shows,
    )
