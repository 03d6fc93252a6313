"""The public exports stay public-only, whoever asks: no draft, submitted, returned, withdrawn
or embargoed statement, and no stance shown by one; and their CSVs carry no byte order mark
(consultations/exports/__init__.py says why: they are the machine-readable contract)."""

import csv
import io

import openpyxl
import pytest

from consultations.choices import StatementState
from tests.consultations.statements_public_helpers import ALL_PUBLIC
from tests.consultations.test_summary import hld_world
from tests.factories import FocalPointFactory, StatementFactory

# clock: the worlds' embargoes run from now.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOT_PUBLIC = [
    "Belgian draft",
    "Belgium under embargo",
    "Withdrawn by Senegal",
    "Returned to Senegal",
    "Submitted by Senegal",
]


def rows_of(response) -> list[list]:
    if response.streaming:
        body = b"".join(response.streaming_content).decode("utf-8")
        return list(csv.reader(io.StringIO(body, newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def submitted(world):
    return StatementFactory(
        meeting=world["plenary"],
        stakeholder=world["senegal"],
        title="Submitted by Senegal",
        text="Global Forum.",
        state=StatementState.SUBMITTED,
    )


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
@pytest.mark.parametrize("who", ["anonymous", "secretariat", "delegate"])
def test_statement_exports_hold_only_public_statements_whoever_asks(
    client, world, submitted, secretariat_user, path, who
):
    if who == "secretariat":
        client.force_login(secretariat_user)
    elif who == "delegate":  # Belgium's focal point, whose draft and embargoed ones exist
        client.force_login(FocalPointFactory(stakeholder=world["belgium"]).user)

    titles = [row[1] for row in rows_of(client.get(path))[1:]]

    assert sorted(titles) == sorted(ALL_PUBLIC)
    assert [title for title in NOT_PUBLIC if title in titles] == []


@pytest.mark.parametrize("path", ["/positions.csv", "/positions.xlsx"])
def test_position_exports_show_no_stance_or_link_of_a_statement_not_public(
    client, secretariat_user, path
):
    world = hld_world()
    client.force_login(secretariat_user)

    rows = rows_of(client.get(path, {"issue": "forum"}))[1:]

    # Japan (a draft), France (under embargo) and Spain (withdrawn) made no public statement.
    assert [row[2] for row in rows] == [
        "Austria",
        "Belgium",
        "Canada",
        "Chile",
        "Ghana",
        "Mali",
        "Mexico",
        "Philippines",
        "Senegal",
    ]
    # Chile's stance is shown in a statement still under embargo: not stated, no link.
    assert [row[5:8] for row in rows if row[2] == "Chile"] == [["not_stated", "Not stated", ""]]
    hidden = [world.statements[k].pk for k in ("Chile embargoed", "Japan", "France", "Spain")]
    links = {row[7] for row in rows}
    assert [pk for pk in hidden if f"http://testserver/statements/{pk}/" in links] == []


def test_public_csvs_carry_no_byte_order_mark(client, world):
    statements = b"".join(client.get("/statements.csv").streaming_content)
    positions = b"".join(client.get("/positions.csv", {"process": "hld"}).streaming_content)

    assert (statements[:3], positions[:6]) == (b"id,", b"issue,")
