"""Every CSV and XLSX download goes through consultations/exports.py and its guard: text that a
spreadsheet would read as a formula gets a leading single quote, and XLSX text cells are text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from consultations.choices import Stance
from consultations.exports import cell_text
from consultations.models import Process
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    PositionFactory,
    ProcessFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

# OWASP's list for CSV injection: each of these may start a formula.
TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))


def xlsx_cells(response, column: int) -> list[tuple[object, str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [(row[column].value, row[column].data_type) for row in sheet.iter_rows(min_row=2)]


def read_back(lead: str) -> str:
    """``lead`` as a cell reads back from an XLSX file: XML parsers turn a carriage return
    into a line feed (XML 1.0, end-of-line handling)."""
    return lead.replace("\r", "\n")


def statement_world(lead: str):
    process = ProcessFactory(slug="hld", is_current=True)
    meeting = MeetingFactory(process=process)
    return StatementFactory(
        meeting=meeting,
        published=True,
        title=f"{lead}HYPERLINK(1)",
        speaker_post=f"{lead}cmd|' /C calc'!A0",
    )


def position_world(lead: str):
    statement = statement_world("")
    issue = IssueFactory(process=statement.meeting.process, slug="forum", title=f"{lead}SUM(1)")
    PositionFactory(
        issue=issue, stakeholder=statement.stakeholder, stance=Stance.SUPPORTS, statement=statement
    )
    return issue


@pytest.mark.parametrize("lead", TRIGGERS)
def test_cell_text_quotes_a_value_that_could_start_a_formula(lead):
    assert cell_text(f"{lead}1+1") == f"'{lead}1+1"


def test_cell_text_leaves_other_text_alone():
    assert [cell_text(v) for v in ["Ghana", "", " =1", "a=1", "'=1"]] == [
        "Ghana",
        "",
        " =1",
        "a=1",
        "'=1",
    ]


@pytest.mark.parametrize("lead", TRIGGERS)
def test_statements_csv_quotes_title_and_post_that_could_start_a_formula(client, lead):
    statement_world(lead)

    rows = csv_rows(client.get("/statements.csv"))

    assert [(row[1], row[11]) for row in rows[1:]] == [
        (f"'{lead}HYPERLINK(1)", f"'{lead}cmd|' /C calc'!A0")
    ]


@pytest.mark.parametrize("lead", TRIGGERS)
def test_statements_xlsx_writes_title_and_post_as_quoted_text(client, lead):
    statement_world(lead)

    response = client.get("/statements.xlsx")

    assert xlsx_cells(response, 1) == [(f"'{read_back(lead)}HYPERLINK(1)", "s")]
    assert xlsx_cells(response, 11) == [(f"'{read_back(lead)}cmd|' /C calc'!A0", "s")]


@pytest.mark.parametrize("lead", TRIGGERS)
def test_positions_csv_quotes_an_issue_title_that_could_start_a_formula(client, lead):
    position_world(lead)

    rows = csv_rows(client.get("/positions.csv"))

    assert [(row[0], row[1], row[5]) for row in rows[1:]] == [
        ("forum", f"'{lead}SUM(1)", "supports")
    ]


@pytest.mark.parametrize("lead", TRIGGERS)
def test_positions_xlsx_writes_an_issue_title_as_quoted_text(client, lead):
    position_world(lead)

    response = client.get("/positions.xlsx")

    assert xlsx_cells(response, 1) == [(f"'{read_back(lead)}SUM(1)", "s")]


def test_exports_leave_plain_text_as_it_is(client):
    statement_world("")
    issue = IssueFactory(process=Process.objects.get(), slug="forum")

    statements = csv_rows(client.get("/statements.csv"))
    positions = csv_rows(client.get("/positions.csv"))

    assert (statements[1][1], statements[1][11]) == ("HYPERLINK(1)", "cmd|' /C calc'!A0")
    assert [row[1] for row in positions[1:]] == [issue.title]
