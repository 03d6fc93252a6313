"""Every CSV and XLSX download, written in one place with its guards.

Exports carry text that delegations and the Secretariat typed (titles, posts, questions). A
spreadsheet reads a cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so such a cell gets a leading single quote (OWASP's advice for CSV
injection) in both formats, and XLSX cells of text are written as text, never as formulas.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
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

Row = Sequence[object]


def cell_text(value: str) -> str:
    """``value`` made safe to open in a spreadsheet: a leading quote if it could start a
    formula."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def _csv_value(value):
    return cell_text(value) if isinstance(value, str) else value


def render_csv(*, columns: Sequence[str], rows: Iterable[Row]) -> str:
    """The header and ``rows`` as CSV (dates print as YYYY-MM-DD)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    return out.getvalue()


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
) -> HttpResponse:
    """A download of ``rows`` as ``kind`` (CSV or XLSX) named ``filename``."""
    if kind == CSV:
        body = render_csv(columns=columns, rows=rows)
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


def statements_response(statements: Iterable[Statement], *, kind: str, request) -> HttpResponse:
    """``statements`` as statements.csv or statements.xlsx."""
    return export_response(
        kind=kind,
        filename=f"statements.{kind}",
        columns=STATEMENT_COLUMNS,
        rows=[statement_row(statement, request=request) for statement in statements],
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


def positions_response(rows: Iterable[Row], *, kind: str, process_slug: str) -> HttpResponse:
    """Position rows (from ``position_row``) as positions-<process>.csv or .xlsx."""
    return export_response(
        kind=kind,
        filename=f"positions-{process_slug}.{kind}",
        columns=POSITION_COLUMNS,
        rows=rows,
        sheet_title="positions",
    )
