"""Every CSV and XLSX download, written in one place with its guards.

This module holds the guards and the writers that every export goes through, and the public
exports (published statements, positions); ``staff`` holds the Secretariat's exports, each
export's columns listed once.

Exports carry text that delegations and the Secretariat typed (titles, posts, questions). A
spreadsheet reads a cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so such a cell gets a leading single quote (OWASP's advice for CSV
injection) in both formats, and XLSX cells of text are written as text, never as formulas.

Every export says which of its rows are illustrative (invented for a demonstration) and the
source of those that are facts: two columns at the end of each, written by ``mark_cells``
(public, machine-readable: true or false) and ``staff.mark_columns`` (the Secretariat's, in
words), both from the one rule, consultations.selectors.illustrative.row_mark.

Values are written by their type, the same way in every export: a date as YYYY-MM-DD, a time
(given without a zone: the export names the zone) as YYYY-MM-DD HH:MM:SS, a duration as
H:MM:SS; in XLSX each is a typed cell with that number format, and a number is a number.

A CSV download streams: its rows are written as the database hands them over, so that neither
time to first byte nor the worker's memory grows with the number of rows. An XLSX workbook is a
zip that can only be sent once complete, so it is built on the request path and capped at
``XLSX_MAX_ROWS`` rows; a larger export is the CSV's job (see ``xlsx_too_large``).

The byte order mark. The Secretariat's CSVs begin with one (UTF-8 with BOM), so that Excel
reads them as UTF-8 ("Côte d'Ivoire", not mojibake). The public CSVs do not: they are
the machine-readable contract (codes, ISO dates, times in UTC, one stable header) that scripts
read, and a BOM would change the name of their first column for every such reader; a member of
the public who wants a spreadsheet takes the XLSX, which Excel opens correctly.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from consultations.models import Issue, Statement
from consultations.selectors.illustrative import row_mark

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# At 40,000 statements an XLSX took 49 s to build against a 60 s worker timeout; 10,000 rows take
# about a quarter of that and a few tens of MB, and hold the statements of a whole process.
XLSX_MAX_ROWS = 10_000
# Statements read from the database per round trip while a CSV streams (their themes are
# prefetched per chunk).
STREAM_CHUNK_SIZE = 500
# The most characters an Excel cell holds; a longer text (a long statement) is cut there, with
# XLSX_CUT at its end, in the workbook only: the CSV holds it whole.
XLSX_TEXT_MAX = 32_767
XLSX_CUT = " […]"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
XLSX_NUMBER_FORMATS = {
    datetime.datetime: "yyyy-mm-dd hh:mm:ss",
    datetime.date: "yyyy-mm-dd",
    datetime.timedelta: "[h]:mm:ss",
}
HEADER_FONT = Font(bold=True)

Row = Sequence[object]


def cell_text(value: str) -> str:
    """``value`` made safe to open in a spreadsheet: a leading quote if it could start a
    formula."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def duration_text(value: datetime.timedelta) -> str:
    """A duration as H:MM:SS, e.g. 4 minutes 30 seconds as "0:04:30"."""
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def _without_zone(value: datetime.datetime) -> datetime.datetime:
    # Neither format holds a zone in a value: the export says which zone its times are in.
    if value.tzinfo is not None:
        raise ValueError("An exported time is given in its zone, without tzinfo.")
    return value.replace(microsecond=0)


def _csv_value(value):
    if isinstance(value, bool):  # before int: a bool is one
        return "true" if value else "false"
    if isinstance(value, Promise):  # a lazily translated label: the guard applies to it too
        value = str(value)
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, datetime.datetime):
        return _without_zone(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    return value


class _Echo:
    """A file whose ``write`` hands back what it is given: csv.writer then returns each line."""

    def write(self, value: str) -> str:
        return value


def stream_csv(*, columns: Sequence[str], rows: Iterable[Row], bom: bool = False) -> Iterator[str]:
    """The header and ``rows`` as CSV lines, one at a time, as ``rows`` yields them, after a
    byte order mark if ``bom``."""
    if bom:
        yield BOM
    writer = csv.writer(_Echo())
    yield writer.writerow([cell_text(str(column)) for column in columns])
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def render_csv(*, columns: Sequence[str], rows: Iterable[Row], bom: bool = False) -> str:
    """The header and ``rows`` as one CSV text."""
    return "".join(stream_csv(columns=columns, rows=rows, bom=bom))


def _xlsx_text(value: str) -> str:
    # Control characters that XML cannot hold (pasted from word processors) are dropped first,
    # so that none can hide a formula from the guard.
    text = cell_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    if len(text) > XLSX_TEXT_MAX:
        text = text[: XLSX_TEXT_MAX - len(XLSX_CUT)] + XLSX_CUT
    return text


def _xlsx_cell(sheet, value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime.datetime):
        value = _without_zone(value)
    number_format = next(
        (fmt for kind, fmt in XLSX_NUMBER_FORMATS.items() if isinstance(value, kind)), None
    )
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _xlsx_header(sheet, title) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_xlsx_text(str(title)))
    cell.font = HEADER_FONT
    return cell


def render_xlsx(
    *,
    columns: Sequence[str],
    rows: Iterable[Row],
    sheet_title: str,
    freeze_header: bool = False,
    widths: Sequence[int] = (),
) -> bytes:
    """The header (bold) and ``rows`` as one sheet of a workbook; text cells are text, dates,
    times, durations and numbers typed; ``widths`` in characters, column by column."""
    workbook = Workbook(write_only=True)
    # The workbook says the language its headers and words are in (?lang= or the request's).
    workbook.properties.language = translation.get_language()
    sheet = workbook.create_sheet(str(sheet_title))
    if freeze_header:
        sheet.freeze_panes = "A2"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.append([_xlsx_header(sheet, title) for title in columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _in_language(lines: Iterator[str], language: str | None) -> Iterator[str]:
    """``lines`` generated in ``language``: a streamed body is written after the view has
    returned, and its labels must still be in the language of the request."""
    with translation.override(language):
        yield from lines


def export_response(
    *,
    kind: str,
    filename: str,
    columns: Sequence[str],
    rows: Iterable[Row],
    sheet_title: str = "",
    freeze_header: bool = False,
    widths: Sequence[int] = (),
    bom: bool = False,
) -> HttpResponseBase:
    """A download of ``rows`` as ``kind`` (CSV or XLSX) named ``filename``. A CSV streams
    ``rows`` as they come (pass an iterator to keep memory flat), in the language active now,
    after a byte order mark if ``bom``; the page cache keeps no streaming response
    (hlderp/public_cache.py), which is what a download of any size needs."""
    if kind == CSV:
        lines = stream_csv(columns=columns, rows=rows, bom=bom)
        response = StreamingHttpResponse(
            _in_language(lines, translation.get_language()), content_type=CONTENT_TYPES[kind]
        )
    else:
        body = render_xlsx(
            columns=columns,
            rows=rows,
            sheet_title=sheet_title,
            freeze_header=freeze_header,
            widths=widths,
        )
        response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the illustrative mark ----------------------------------------------------------------------
MARK_COLUMNS = ["illustrative", "source"]


def mark_cells(row, *, statement_makers: frozenset[int] = frozenset()) -> list:
    """Whether ``row`` is illustrative and the source of the fact it records: the last two
    cells of every public export's row (MARK_COLUMNS)."""
    mark = row_mark(row, statement_makers=statement_makers)
    return [mark.illustrative, mark.source]


# --- statements -------------------------------------------------------------------------------
STATEMENT_COLUMNS = [
    "id",
    "title",
    "stakeholder",
    "iso3",
    "regional_group",
    "kind",
    "meeting",
    "date",
    "language",
    "themes",
    "speaker",
    "post",
    "url",
    *MARK_COLUMNS,
]


def statement_row(statement: Statement, *, request) -> list:
    """One statement as the export columns (codes for kind and language, as the feeds do)."""
    stakeholder = statement.stakeholder
    return [
        statement.pk,
        statement.title,
        stakeholder.name,
        stakeholder.iso3 or "",
        stakeholder.regional_group.name if stakeholder.regional_group_id else "",
        stakeholder.kind,
        statement.meeting.title,
        statement.meeting.local_start.date(),
        statement.language,
        "; ".join(str(theme) for theme in statement.themes.all()),
        str(statement.speaker) if statement.speaker_id else "",
        statement.speaker_post,
        request.build_absolute_uri(statement.get_absolute_url()),
        *mark_cells(statement),
    ]


def xlsx_too_large(request, *, count: int, csv_url: str, prepare_url: str = "") -> TemplateResponse:
    """The page that answers an XLSX export of more than XLSX_MAX_ROWS rows: narrow the
    filters, or take the CSV, which streams at any size; with ``prepare_url`` (the
    Secretariat's exports), or have the Excel file prepared in the background."""
    return TemplateResponse(
        request,
        "consultations/export_too_large.html",
        {"count": count, "limit": XLSX_MAX_ROWS, "csv_url": csv_url, "prepare_url": prepare_url},
    )


def statements_response(statements: QuerySet[Statement], *, kind: str, request) -> HttpResponseBase:
    """``statements`` as statements.csv (streamed from a server-side cursor) or
    statements.xlsx (which the caller keeps within XLSX_MAX_ROWS)."""
    # iterator(): rows are read in chunks as they are written, never all held at once.
    chunks = statements.iterator(chunk_size=STREAM_CHUNK_SIZE)
    return export_response(
        kind=kind,
        filename=f"statements.{kind}",
        columns=STATEMENT_COLUMNS,
        rows=(statement_row(statement, request=request) for statement in chunks),
        sheet_title=_("Statements"),
        freeze_header=True,
    )


# --- positions --------------------------------------------------------------------------------
POSITION_COLUMNS = [
    "issue",
    "question",
    "stakeholder",
    "iso3",
    "regional_group",
    "stance",
    "stance_label",
    "statement_url",
    "updated",
    *MARK_COLUMNS,
]


def position_row(
    issue: Issue, row, *, request, statement_makers: frozenset[int] = frozenset()
) -> list:
    """One stakeholder's position on ``issue`` (a selectors.positions.PositionRow) as the export
    columns; times in UTC. A row with no recorded stance is illustrative when its stakeholder's
    statements are (``statement_makers``, selectors.illustrative)."""
    group = row.stakeholder.regional_group
    return [
        issue.slug,
        issue.title,
        row.stakeholder.name,
        row.stakeholder.iso3 or "",
        group.code if group else "",
        row.stance,
        str(row.stance_label),
        request.build_absolute_uri(row.statement.get_absolute_url()) if row.statement else "",
        row.updated.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
        if row.updated
        else "",
        *mark_cells(row, statement_makers=statement_makers),
    ]


def positions_response(rows: Iterable[Row], *, kind: str, process_slug: str) -> HttpResponseBase:
    """Position rows (from ``position_row``) as positions-<process>.csv or .xlsx."""
    return export_response(
        kind=kind,
        filename=f"positions-{process_slug}.{kind}",
        columns=POSITION_COLUMNS,
        rows=rows,
        sheet_title="positions",
    )
