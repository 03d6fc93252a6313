"""The Secretariat's exports of one process: statements, positions, delegations, seats and
speakers lists, each as CSV (UTF-8 with a byte order mark) and XLSX.

Each export's columns are listed once, in ``STAFF_EXPORTS``: a column is its header (translated
into the language of the request), how its value is read from a record of the export's
selector (consultations/selectors/exports.py) and its width in the workbook. A column is added
by adding one line.

Labels are human and in the reader's language ("Published", "Member State", "English"), never
the stored codes. Times are given in their venue's time zone (a position's, which belongs to no
meeting, in its process's: ``process_zone``) without an offset: the headers say "local
time" and each row's "Time zone" column names the zone.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations import exports
from consultations.choices import (
    FloorTurnKind,
    InscriptionStatus,
    Language,
    LevelRequestStatus,
    SeatSource,
    SpeakersListState,
    Stance,
    StatementState,
)
from consultations.models import Process
from consultations.selectors import exports as selectors
from consultations.selectors.floor_time import spoken_turns
from consultations.selectors.illustrative import row_mark
from registry.choices import ProtocolRank, StakeholderKind


@dataclass(frozen=True)
class Column:
    """One column: its header, its value in a record, its width (characters) in XLSX."""

    header: str
    value: Callable[[Any], object]
    width: int = 16


@dataclass(frozen=True)
class StaffExport:
    """One export: ``name`` is its address and file name, ``records`` reads its records of a
    process; ``count``, for an export that may pass exports.XLSX_MAX_ROWS, counts them."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    records: Callable[[Process], Iterable]
    count: Callable[[Process], int] | None = None


# --- how values show ----------------------------------------------------------------------------
def local(moment: datetime.datetime | None, tz: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """``moment`` on the clock of ``tz``, without the zone (the export names it)."""
    return moment.astimezone(tz).replace(tzinfo=None) if moment else None


def label(choices, value) -> str:
    """The human label of a stored choice; "" for none."""
    return str(choices(value).label) if value not in (None, "") else ""


def name(obj) -> str:
    """A person, user or other object as it reads; "" for none."""
    return str(obj) if obj is not None else ""


def stakeholder_columns(stakeholder_of: Callable[[Any], Any]) -> tuple[Column, ...]:
    """Who a record belongs to: name, kind, ISO code and regional group."""
    return (
        Column(_("Stakeholder"), lambda r: stakeholder_of(r).name, 30),
        Column(_("Kind"), lambda r: label(StakeholderKind, stakeholder_of(r).kind), 20),
        Column(_("ISO code"), lambda r: stakeholder_of(r).iso3 or "", 8),
        Column(_("Regional group"), lambda r: name(stakeholder_of(r).regional_group), 24),
    )


def zone_column(tz_of: Callable[[Any], zoneinfo.ZoneInfo]) -> Column:
    return Column(_("Time zone"), lambda r: str(tz_of(r)), 20)


def seconds(value: int | None) -> datetime.timedelta | None:
    return datetime.timedelta(seconds=value) if value is not None else None


def members_text(delegation) -> str:
    """Each member with their post: "H.E. Mr. A B (Minister); Ms. C D"."""
    return "; ".join(
        f"{member.person} ({member.post})" if member.post else str(member.person)
        for member in delegation.members.all()
    )


ILLUSTRATIVE_WORDS = {
    True: pgettext_lazy("illustrative row", "Illustrative"),
    False: pgettext_lazy("illustrative row", "Record"),
}


def mark_columns(record_of: Callable[[Any], Any] = lambda r: r) -> tuple[Column, ...]:
    """Whether a record is illustrative (invented for a demonstration) or the record, and the
    source of a fact: the last two columns of every export (selectors.illustrative.row_mark)."""
    return (
        Column(
            _("Illustrative or record"),
            lambda r: str(ILLUSTRATIVE_WORDS[row_mark(record_of(r)).illustrative]),
            14,
        ),
        Column(_("Recorded in"), lambda r: row_mark(record_of(r)).source, 30),
    )


# --- the exports --------------------------------------------------------------------------------
def _statement_tz(record) -> zoneinfo.ZoneInfo:
    return record.statement.meeting.venue.tzinfo


def _statement_records(process: Process) -> Iterator:
    return selectors.staff_statement_records(process=process, chunk_size=exports.STREAM_CHUNK_SIZE)


STATEMENTS = StaffExport(
    name="statements",
    title=_("Statements"),
    description=_(
        "Every statement submitted to the Secretariat, in any state: text, file, language, "
        "meeting, dates and who submitted and published it."
    ),
    columns=(
        Column(_("ID"), lambda r: r.statement.pk, 8),
        Column(_("Title"), lambda r: r.statement.title, 40),
        *stakeholder_columns(lambda r: r.statement.stakeholder),
        Column(_("Meeting"), lambda r: r.statement.meeting.title, 30),
        Column(_("Meeting date"), lambda r: r.statement.meeting.local_start.date(), 12),
        Column(_("Language"), lambda r: label(Language, r.statement.language), 12),
        Column(_("Speaker"), lambda r: name(r.statement.speaker), 28),
        Column(_("Speaker's post"), lambda r: r.statement.speaker_post, 28),
        Column(_("Themes"), lambda r: "; ".join(str(t) for t in r.statement.themes.all()), 30),
        Column(_("State"), lambda r: label(StatementState, r.statement.state), 14),
        Column(_("Reason for return"), lambda r: r.statement.return_reason, 30),
        Column(
            _("Submitted (local time)"),
            lambda r: local(r.statement.submitted_at, _statement_tz(r)),
            20,
        ),
        Column(_("Submitted by"), lambda r: name(r.submitted_by), 24),
        Column(
            _("Published (local time)"),
            lambda r: local(r.statement.published_at, _statement_tz(r)),
            20,
        ),
        Column(_("Published by"), lambda r: name(r.published_by), 24),
        Column(
            _("Check against delivery until (local time)"),
            lambda r: local(r.statement.embargo_until, _statement_tz(r)),
            20,
        ),
        zone_column(_statement_tz),
        Column(
            _("File"),
            lambda r: PurePosixPath(r.statement.file.name).name if r.statement.file else "",
            24,
        ),
        Column(_("Text"), lambda r: r.statement.text, 80),
        *mark_columns(lambda r: r.statement),
    ),
    records=_statement_records,
    count=lambda process: selectors.staff_statements(process=process).count(),
)

POSITIONS = StaffExport(
    name="positions",
    title=_("Positions"),
    description=_(
        "Every stance recorded on the process's issues, with its note, the statement that "
        "shows it, who recorded it and when."
    ),
    columns=(
        Column(_("Issue"), lambda r: r.position.issue.title, 40),
        *stakeholder_columns(lambda r: r.position.stakeholder),
        Column(_("Stance"), lambda r: label(Stance, r.position.stance), 24),
        Column(_("Note"), lambda r: r.position.note, 40),
        Column(_("Statement"), lambda r: name(r.position.statement), 40),
        Column(_("Statement ID"), lambda r: r.position.statement_id, 10),
        Column(
            _("Statement state"),
            lambda r: label(StatementState, getattr(r.position.statement, "state", None)),
            14,
        ),
        Column(_("Recorded by"), lambda r: name(r.position.recorded_by), 24),
        Column(_("Recorded (local time)"), lambda r: local(r.position.updated, r.tz), 20),
        zone_column(lambda r: r.tz),
        *mark_columns(lambda r: r.position),
    ),
    records=lambda process: selectors.staff_positions(process=process),
)

DELEGATIONS = StaffExport(
    name="delegations",
    title=_("Delegations"),
    description=_(
        "Every delegation to the process: its level of representation, its head and its "
        "members with their posts."
    ),
    columns=(
        *stakeholder_columns(lambda d: d.stakeholder),
        Column(_("Level of representation"), lambda d: label(ProtocolRank, d.level), 28),
        Column(_("Head of delegation"), lambda d: name(d.head), 28),
        Column(_("Post of the head of delegation"), lambda d: d.head_post, 28),
        Column(_("Number of members"), lambda d: len(d.members.all()), 10),
        Column(_("Members and their posts"), members_text, 60),
        Column(_("Notes"), lambda d: d.notes, 30),
        *mark_columns(),
    ),
    records=lambda process: selectors.staff_delegations(process=process),
)


SEAT_COPY = {
    True: pgettext_lazy("seat allocation", "Published"),
    False: pgettext_lazy("seat allocation", "Draft"),
}


def _seat_tz(seat) -> zoneinfo.ZoneInfo:
    return seat.meeting.venue.tzinfo


SEATS = StaffExport(
    name="seats",
    title=_("Seats"),
    description=_(
        "Every round-table seat: the table, the State, the choice it obtained and how the "
        "seat was given."
    ),
    columns=(
        Column(_("Allocation"), lambda s: str(SEAT_COPY[s.is_published]), 12),
        Column(_("Round table"), lambda s: s.meeting.title, 30),
        Column(_("Round table number"), lambda s: s.meeting.number, 10),
        Column(_("Theme"), lambda s: name(s.meeting.theme), 30),
        *stakeholder_columns(lambda s: s.delegation.stakeholder),
        Column(_("Choice obtained"), lambda s: s.choice, 10),
        Column(_("Source"), lambda s: label(SeatSource, s.source), 24),
        Column(_("Assigned by"), lambda s: name(s.assigned_by), 24),
        Column(_("Assigned (local time)"), lambda s: local(s.assigned_at, _seat_tz(s)), 20),
        zone_column(_seat_tz),
        *mark_columns(),
    ),
    records=lambda process: selectors.staff_seats(process=process),
)


def _speaker_tz(record) -> zoneinfo.ZoneInfo:
    return record.meeting.venue.tzinfo


SPEAKERS = StaffExport(
    name="speakers",
    title=_("Speakers lists"),
    description=_(
        "Every speakers list in order: each speaker's place, level, when they were expected "
        "and took the floor, and for how long they spoke."
    ),
    columns=(
        Column(_("Meeting"), lambda r: r.meeting.title, 30),
        Column(_("Meeting date"), lambda r: r.meeting.local_start.date(), 12),
        Column(
            _("List state"),
            lambda r: label(
                SpeakersListState, r.inscription.speakers_list.state_at(timezone.now())
            ),
            14,
        ),
        Column(_("Place"), lambda r: r.inscription.position, 8),
        *stakeholder_columns(lambda r: r.inscription.stakeholder),
        Column(_("Speaker"), lambda r: r.inscription.speaker_display, 28),
        Column(_("Speaker's post"), lambda r: r.inscription.speaker_post, 28),
        Column(
            _("Level of representation"), lambda r: label(ProtocolRank, r.inscription.level), 28
        ),
        Column(
            _("Requested level"),
            lambda r: label(ProtocolRank, r.inscription.requested_level),
            28,
        ),
        Column(
            _("Level request"),
            lambda r: label(LevelRequestStatus, r.inscription.level_request_status),
            20,
        ),
        Column(_("Status"), lambda r: label(InscriptionStatus, r.inscription.status), 12),
        Column(
            _("Inscribed (local time)"),
            lambda r: local(r.inscription.inscribed_at, _speaker_tz(r)),
            20,
        ),
        Column(_("Inscribed by"), lambda r: name(r.inscription.inscribed_by), 24),
        Column(
            _("Expected to take the floor (local time)"),
            lambda r: local(r.expected_at, _speaker_tz(r)),
            20,
        ),
        Column(
            _("Took the floor (local time)"),
            lambda r: local(r.inscription.spoke_at, _speaker_tz(r)),
            20,
        ),
        Column(_("Spoke for"), lambda r: seconds(r.inscription.spoke_seconds), 10),
        zone_column(_speaker_tz),
        *mark_columns(lambda r: r.inscription),
    ),
    records=lambda process: selectors.staff_speakers(process=process),
)


class _Nobody:
    """The stakeholder columns of a turn that is no delegation's (the Chair's)."""

    name = kind = iso3 = ""
    regional_group = None


def _turn_tz(turn) -> zoneinfo.ZoneInfo:
    return turn.floor.speakers_list.meeting.venue.tzinfo


def _overrun(turn) -> datetime.timedelta | None:
    if not turn.limit_seconds:
        return None
    return seconds(max(0, turn.spoken_seconds - turn.limit_seconds))


SPEAKING_TIME = StaffExport(
    name="speaking-time",
    title=_("Speaking time"),
    description=_(
        "Every turn at the floor, as the Secretariat's timer measured it: who spoke, for how "
        "long, against which limit, and by how much they overran."
    ),
    columns=(
        Column(_("Meeting"), lambda t: t.floor.speakers_list.meeting.title, 30),
        Column(_("Turn"), lambda t: label(FloorTurnKind, t.kind), 18),
        Column(_("Right of reply number"), lambda t: t.reply_number, 8),
        *stakeholder_columns(lambda t: t.stakeholder or _Nobody),
        Column(
            _("Speaker"),
            lambda t: t.inscription.speaker_display if t.inscription_id else t.speaker_name,
            28,
        ),
        Column(_("Started (local time)"), lambda t: local(t.started_at, _turn_tz(t)), 20),
        Column(_("Spoke for"), lambda t: seconds(t.spoken_seconds), 10),
        Column(_("Time limit"), lambda t: seconds(t.limit_seconds), 10),
        Column(_("Overrun"), _overrun, 10),
        zone_column(_turn_tz),
        *mark_columns(),
    ),
    records=lambda process: spoken_turns(process=process),
    count=lambda process: spoken_turns(process=process).count(),
)

STAFF_EXPORTS: dict[str, StaffExport] = {
    export.name: export
    for export in (STATEMENTS, POSITIONS, DELEGATIONS, SEATS, SPEAKERS, SPEAKING_TIME)
}
KINDS = (exports.CSV, exports.XLSX)


def staff_rows(export: StaffExport, *, process: Process) -> Iterator[list]:
    """The values of each record of ``export`` of ``process``, column by column, as they are
    read."""
    for record in export.records(process):
        yield [column.value(record) for column in export.columns]


def staff_export_response(export: StaffExport, *, process: Process, kind: str) -> HttpResponseBase:
    """``export`` of ``process`` as <name>-<process>.csv (with a byte order mark, streamed) or
    .xlsx (frozen header, typed cells, the columns' widths). The caller keeps an XLSX within
    exports.XLSX_MAX_ROWS (``export.count``)."""
    return exports.export_response(
        kind=kind,
        filename=f"{export.name}-{process.slug}.{kind}",
        columns=[column.header for column in export.columns],
        rows=staff_rows(export, process=process),
        sheet_title=export.title,
        freeze_header=True,
        widths=[column.width for column in export.columns],
        bom=True,
    )
