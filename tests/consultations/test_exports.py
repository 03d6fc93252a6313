"""Every CSV and XLSX download goes through consultations/exports/ and its guard: text that a
spreadsheet would read as a formula gets a leading single quote, and XLSX text cells are text."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from consultations.choices import Stance
from consultations.exports import (
    XLSX_CUT,
    XLSX_TEXT_MAX,
    cell_text,
    render_csv,
    render_xlsx,
)
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


# --- the writers: typed values, Excel's cell limit ----------------------------------------------
def test_values_are_written_by_their_type_in_both_formats():
    row = [
        7,
        datetime.date(2006, 9, 14),
        datetime.datetime(2006, 9, 14, 10, 4, 30, 999),
        datetime.timedelta(minutes=64, seconds=5),
        None,
        "=1",
    ]

    text = render_csv(columns=["a", "b", "c", "d", "e", "f"], rows=[row], bom=True)
    sheet = load_workbook(
        io.BytesIO(render_xlsx(columns=list("abcdef"), rows=[row], sheet_title="S"))
    ).active

    assert text == "\ufeffa,b,c,d,e,f\r\n7,2006-09-14,2006-09-14 10:04:30,1:04:05,,'=1\r\n"
    assert [(cell.value, cell.number_format) for cell in sheet[2]] == [
        (7, "General"),
        (datetime.datetime(2006, 9, 14), "yyyy-mm-dd"),
        (datetime.datetime(2006, 9, 14, 10, 4, 30), "yyyy-mm-dd hh:mm:ss"),
        (datetime.timedelta(minutes=64, seconds=5), "[h]:mm:ss"),
        (None, "General"),
        ("'=1", "General"),
    ]


def test_a_time_with_its_zone_is_refused_rather_than_written_ambiguously():
    moment = datetime.datetime(2006, 9, 14, 14, 0, tzinfo=datetime.UTC)

    with pytest.raises(ValueError, match="without tzinfo"):
        render_csv(columns=["at"], rows=[[moment]])


def test_xlsx_cuts_a_text_at_excels_cell_limit_and_the_csv_keeps_it_whole():
    text = "x" * (XLSX_TEXT_MAX + 10)

    sheet = load_workbook(
        io.BytesIO(render_xlsx(columns=["text"], rows=[[text]], sheet_title="S"))
    ).active
    cell = sheet["A2"].value

    assert (len(cell), cell.endswith(XLSX_CUT)) == (XLSX_TEXT_MAX, True)
    assert render_csv(columns=["text"], rows=[[text]]) == f"text\r\n{text}\r\n"


@pytest.mark.parametrize("lead", TRIGGERS)
def test_staff_exports_quote_typed_text_that_could_start_a_formula(secretariat_client, lead):
    issue = position_world("")
    position = issue.positions.get()
    position.note = f"{lead}SUM(1)"
    position.save()

    rows = csv_rows_bom(
        secretariat_client.get(f"/secretariat/exports/positions.csv?process={issue.process.slug}")
    )
    response = secretariat_client.get(
        f"/secretariat/exports/positions.xlsx?process={issue.process.slug}"
    )

    assert [row[6] for row in rows[1:]] == [f"'{lead}SUM(1)"]
    assert xlsx_cells(response, 6) == [(f"'{read_back(lead)}SUM(1)", "s")]


def csv_rows_bom(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))
