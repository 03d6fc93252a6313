"""Every CSV and XLSX download, written in one place with its guards.

Exports carry text that delegations and the Secretariat typed (titles, posts, questions). A
spreadsheet reads a cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so such a cell gets a leading single quote (OWASP's advice for CSV
injection) in both formats, and XLSX cells of text are written as text, never as formulas.

A CSV download streams: its rows are written as the database hands them over, so that neither
time to first byte nor the worker's memory grows with the number of rows. An XLSX workbook is a
zip that can only be sent once complete, so it is built on the request path and capped at
``XLSX_MAX_ROWS`` rows; a larger export is the CSV's job (see ``xlsx_too_large``).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from consultations.models import Issue, Statement

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# At 40,000 statements an XLSX took 49 s to build against a 60 s worker timeout; 10,000 rows take
# about a quarter of that and a few tens of MB, and hold the statements of a whole process.
XLSX_MAX_ROWS = 10_000
# Statements read from the database per round trip while a CSV streams (their themes are
# prefetched per chunk).
STREAM_CHUNK_SIZE = 500

Row = Sequence[object]


def cell_text(value: str) -> str:
    """``value`` made safe to open in a spreadsheet: a leading quote if it could start a
    formula."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def _csv_value(value):
    return cell_text(value) if isinstance(value, str) else value


class _Echo:
    """A file whose ``write`` hands back what it is given: csv.writer then returns each line."""

    def write(self, value: str) -> str:
        return value


def stream_csv(*, columns: Sequence[str], rows: Iterable[Row]) -> Iterator[str]:
    """The header and ``rows`` as CSV lines, one at a time, as ``rows`` yields them (dates
    print as YYYY-MM-DD)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def render_csv(*, columns: Sequence[str], rows: Iterable[Row]) -> str:
    """The header and ``rows`` as one CSV text."""
    return "".join(stream_csv(columns=columns, rows=rows))


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return value
    # Control characters that XML cannot hold (pasted from word processors) are dropped first,
    # so that none can hide a formula from the guard.
    cell = WriteOnlyCell(sheet, value=cell_text(ILLEGAL_CHARACTERS_RE.sub("", value)))
    cell.data_type = "s"
    return cell


def render_xlsx(
    *, columns: Sequence[str], rows: Iterable[Row], sheet_title: str, freeze_header: bool = False
) -> bytes:
    """The header and ``rows`` as one sheet of a workbook; text cells are text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    if freeze_header:
        sheet.freeze_panes = "A2"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    *,
    kind: str,
    filename: str,
    columns: Sequence[str],
    rows: Iterable[Row],
    sheet_title: str = "",
    freeze_header: bool = False,
) -> HttpResponseBase:
    """A download of ``rows`` as ``kind`` (CSV or XLSX) named ``filename``. A CSV streams
    ``rows`` as they come (pass an iterator to keep memory flat); the page cache keeps no
    streaming response (hlderp/public_cache.py), which is what a download of any size needs."""
    if kind == CSV:
        response = StreamingHttpResponse(
            stream_csv(columns=columns, rows=rows), content_type=CONTENT_TYPES[kind]
        )
    else:
        body = render_xlsx(
            columns=columns, rows=rows, sheet_title=sheet_title, freeze_header=freeze_header
        )
        response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    ]


def xlsx_too_large(request, *, count: int, csv_url: str) -> TemplateResponse:
    """The page that answers an XLSX export of more than XLSX_MAX_ROWS rows: narrow the
    filters, or take the CSV, which streams at any size."""
    return TemplateResponse(
        request,
        "consultations/export_too_large.html",
        {"count": count, "limit": XLSX_MAX_ROWS, "csv_url": csv_url},
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
]


def position_row(issue: Issue, row, *, request) -> list[str]:
    """One stakeholder's position on ``issue`` (a selectors.positions.PositionRow) as the export
    columns; times in UTC."""
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
