"""A list of delegations in a CSV or XLSX file: read it, check every row, say what it would do.

One row per person of a delegation (a row without a person registers the delegation alone):

    stakeholder  ISO 3166 alpha-3 code or registry slug (BEL, european-union)   required
    person       the registry slug of a person                                   optional
    post         the post the person holds in the delegation                     optional
    rank         protocol rank code (head_of_state ... head_of_delegation, other) optional
    head         "yes" for the head of delegation (one per delegation)           optional

A CSV is read with the csv module as the registry loader (registry/loading.py) reads its data
files, so that each row keeps its line in the file, blank lines counted (tablib, under the
admin's import, drops blank lines and with them the line numbers); an XLSX with openpyxl, the
reader under django-import-export's XLSX format. ``import_rows_read`` only parses;
``import_rows_check`` reads the registry and the process and returns a plan in which every row
carries its line number and its errors. Nothing here writes:
``consultations.services.delegations.delegations_import`` does, after checking the rows again
in its transaction.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Delegation, Process
from consultations.selectors.delegations import (
    delegations_by_stakeholder,
    persons_by_slug,
    stakeholders_by_reference,
)
from registry.choices import ProtocolRank
from registry.models import Person, Stakeholder

COLUMNS = ["stakeholder", "person", "post", "rank", "head"]
REQUIRED_COLUMNS = ["stakeholder"]
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
MAX_SHEET_ROWS = 100_000  # rows of a sheet read at most, blank ones included
MAX_POST_LENGTH = 200
YES = {"yes", "y", "true", "1", "x", "oui", "sí", "si"}
NO = {"", "no", "n", "false", "0", "non"}
TEMPLATE_ROWS = [
    ["BEL", "guy-verhofstadt", "Prime Minister", "head_of_government", "yes"],
    ["BEL", "", "Permanent Representative", "head_of_delegation", ""],
    ["european-union", "", "", "", ""],
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, header, size); nothing is kept."""


@dataclass
class ImportRow:
    """One row of the file: its line (the header is line 1) and its text values."""

    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    stakeholder: Stakeholder | None = None
    person: Person | None = None
    post: str = ""
    rank: int = ProtocolRank.OTHER
    head: bool = False
    action: str = ""

    def as_data(self) -> dict:
        return {"line": self.line, "values": self.values}


@dataclass
class ImportPlan:
    rows: list[ImportRow]

    @property
    def errors(self) -> list[str]:
        """Every error, each with its line: "Line 3: ..."."""
        return [
            _("Line %(line)d: %(reason)s") % {"line": row.line, "reason": error}
            for row in self.rows
            for error in row.errors
        ]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def new_delegations(self) -> int:
        return len({r.stakeholder.pk for r in self.rows if r.action == ACTION_NEW_DELEGATION})


ACTION_NEW_DELEGATION = "new-delegation"
ACTION_NEW_MEMBER = "new-member"
ACTION_UPDATE_MEMBER = "update-member"
ACTION_NOTHING = "nothing"
ACTION_LABELS = {
    ACTION_NEW_DELEGATION: gettext_lazy("new delegation"),
    ACTION_NEW_MEMBER: gettext_lazy("new member"),
    ACTION_UPDATE_MEMBER: gettext_lazy("member updated"),
    ACTION_NOTHING: gettext_lazy("already registered"),
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_lines(content: bytes) -> Iterator[tuple[int, list]]:
    """(line, values) of each record of a CSV file, as the registry loader reads its files: the
    csv module, whose ``line_num`` counts blank lines and line breaks inside quotes too."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not in UTF-8.")) from None
    if "\x00" in text:
        raise ImportFileError(_("The CSV file contains a NUL character."))
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for values in reader:
        yield line, values
        line = reader.line_num + 1


def _xlsx_lines(content: bytes) -> Iterator[tuple[int, list]]:
    """(row number, values) of each row of the workbook's first sheet, blank rows included."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        for line, values in enumerate(book.active.iter_rows(values_only=True), start=1):
            if line > MAX_SHEET_ROWS:
                return
            yield line, list(values)
    finally:
        book.close()


def _rows(records: Iterator[tuple[int, list]]) -> list[ImportRow]:
    header = next(records, None)
    headers = [_text(h).lower() for h in (header[1] if header else [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            _("Line 1: the header has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for line, raw in records:
        values = dict.fromkeys(COLUMNS, "")
        for column, value in zip(headers, raw, strict=False):
            if column in values and not values[column]:
                values[column] = _text(value)
        if not any(values.values()):
            continue  # a blank line
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS}
            )
        rows.append(ImportRow(line=line, values=values))
    return rows


def import_rows_read(*, name: str, content: bytes) -> list[ImportRow]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file, by its extension, each with
    its line in the file (the header is line 1); blank lines are left out.

    Raises ImportFileError when the file is too large, not UTF-8, not a workbook, has no
    ``stakeholder`` column, more than ``MAX_ROWS`` rows, or none.
    """
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("csv", "xlsx"):
        raise ImportFileError(_("Choose a .csv or .xlsx file."))
    try:
        rows = _rows(_csv_lines(content) if extension == "csv" else _xlsx_lines(content))
    except ImportFileError:
        raise
    except Exception:  # a file from outside: any parser failure is a refusal
        raise ImportFileError(_("The file cannot be read as CSV or XLSX.")) from None
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    return rows


def _check_values(row: ImportRow) -> None:
    values = row.values
    for column, value in values.items():
        if any(ord(c) < 32 or c == "\x7f" for c in value):
            row.errors.append(
                _("column “%(column)s” contains a control character.") % {"column": column}
            )
            return
    if not values["stakeholder"]:
        row.errors.append(_("column “stakeholder” is empty."))
    if len(values["post"]) > MAX_POST_LENGTH:
        row.errors.append(
            _("the post is longer than %(max)d characters.") % {"max": MAX_POST_LENGTH}
        )
    row.post = values["post"]
    if values["rank"]:
        try:
            row.rank = ProtocolRank.from_code(values["rank"]).value
        except ValueError:
            row.errors.append(
                _("“%(value)s” is not a protocol rank; use one of %(valid)s.")
                % {
                    "value": values["rank"][:40],
                    "valid": ", ".join(rank.name.lower() for rank in ProtocolRank),
                }
            )
    head = values["head"].lower()
    if head in YES:
        row.head = True
    elif head not in NO:
        row.errors.append(
            _("column “head” is “%(value)s”: write yes or leave it empty.")
            % {"value": values["head"][:40]}
        )
    if row.head and not values["person"]:
        row.errors.append(_("a head of delegation row needs a person."))
    if (values["post"] or values["rank"]) and not values["person"]:
        row.errors.append(_("a post or rank needs a person."))


def import_rows_check(*, process: Process, rows: list[ImportRow]) -> ImportPlan:
    """Check every row against the registry and ``process``; say what each would do.

    A row's errors name its reason; the plan is valid only if no row has one. Rules: the
    stakeholder and the person exist; a person is once in a delegation of the file; a
    delegation has at most one head in the file. An existing delegation keeps its other
    members; a person already a member gets the file's post and rank. Five queries.
    """
    for row in rows:
        row.errors = []
        _check_values(row)
    stakeholders = stakeholders_by_reference(references={r.values["stakeholder"] for r in rows})
    persons = persons_by_slug(slugs={r.values["person"] for r in rows})
    for row in rows:
        reference, slug = row.values["stakeholder"], row.values["person"]
        row.stakeholder = stakeholders.get(reference) if reference else None
        if reference and row.stakeholder is None:
            row.errors.append(
                _("no stakeholder with ISO code or slug “%(value)s”.") % {"value": reference[:60]}
            )
        row.person = persons.get(slug) if slug else None
        if slug and row.person is None:
            row.errors.append(_("no person with slug “%(value)s”.") % {"value": slug[:60]})
    existing = delegations_by_stakeholder(
        process=process, stakeholder_ids={r.stakeholder.pk for r in rows if r.stakeholder}
    )
    seen_people: dict[tuple[int, int], int] = {}
    heads: dict[int, int] = {}
    new_delegations: set[int] = set()
    for row in rows:
        if row.stakeholder is None:
            continue
        key = row.stakeholder.pk
        if row.person is not None:
            first = seen_people.setdefault((key, row.person.pk), row.line)
            if first != row.line:
                row.errors.append(
                    _("%(person)s is already in this delegation on line %(line)d.")
                    % {"person": row.person, "line": first}
                )
        if row.head:
            first = heads.setdefault(key, row.line)
            if first != row.line:
                row.errors.append(
                    _("the delegation already has its head on line %(line)d.") % {"line": first}
                )
        delegation: Delegation | None = existing.get(key)
        if delegation is None and key not in new_delegations:
            new_delegations.add(key)
            row.action = ACTION_NEW_DELEGATION
        elif row.person is None:
            row.action = ACTION_NOTHING
        elif delegation is not None and row.person.pk in delegation.member_person_ids:
            row.action = ACTION_UPDATE_MEMBER
        else:
            row.action = ACTION_NEW_MEMBER
    return ImportPlan(rows=rows)


def import_rows_from_data(data) -> list[ImportRow]:
    """Rows back from ``ImportRow.as_data`` (the confirmation form's signed payload); raises
    ImportFileError on anything else."""
    if not isinstance(data, list) or not data or len(data) > MAX_ROWS:
        raise ImportFileError(_("The list to confirm is not valid; upload the file again."))
    rows = []
    for item in data:
        values = item.get("values") if isinstance(item, dict) else None
        line = item.get("line") if isinstance(item, dict) else None
        if (
            not isinstance(values, dict)
            or not isinstance(line, int)
            or set(values) != set(COLUMNS)
            or not all(isinstance(v, str) for v in values.values())
        ):
            raise ImportFileError(_("The list to confirm is not valid; upload the file again."))
        rows.append(ImportRow(line=line, values=dict(values)))
    return rows


def import_template(*, file_format: str) -> bytes:
    """The template file: the header and three example rows, as CSV (UTF-8 with BOM, so that
    Excel reads it right) or XLSX."""
    dataset = tablib.Dataset(*TEMPLATE_ROWS, headers=COLUMNS)
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")
