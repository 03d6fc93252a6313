"""The CSV and Excel exports of the public statements (consultations/views/statements_public.py)."""

import csv
import datetime
import io

import openpyxl
import pytest

from consultations.models import Statement

# clock: the world's embargoed statement is under embargo until two hours from now.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


# --- Exports ------------------------------------------------------------------------------------
def expected_rows(world) -> dict[str, list[str]]:
    return {
        "senegal_arabic": [
            str(world["senegal_arabic"].pk),
            "بيان السنغال",
            "Senegal",
            "SEN",
            "African States",
            "member_state",
            "First plenary",
            "2006-09-14",
            "ar",
            "",
            "",
            "",
            f"http://testserver/statements/{world['senegal_arabic'].pk}/",
            "false",
            "",
        ],
        "senegal_evening": [
            str(world["senegal_evening"].pk),
            "Déclaration du Sénégal",
            "Senegal",
            "SEN",
            "African States",
            "member_state",
            "Evening plenary",
            "2006-09-14",
            "fr",
            "Remittances",
            "H.E. Mr. Cheikh Tidiane Gadio",
            "Minister for Foreign Affairs",
            f"http://testserver/statements/{world['senegal_evening'].pk}/",
            "false",
            "",
        ],
        "iom_panel": [
            str(world["iom_panel"].pk),
            "IOM at the Geneva panel",
            "International Organization for Migration",
            "",
            "",
            "igo",
            "Geneva panel",
            "2006-07-06",
            "en",
            "Root causes of migration",
            "",
            "",
            f"http://testserver/statements/{world['iom_panel'].pk}/",
            "false",
            "",
        ],
        "belgium_speaks": [
            str(world["belgium_speaks"].pk),
            "Belgium offers to host the Global Forum",
            "Belgium",
            "BEL",
            "Western European and other States",
            "member_state",
            "First plenary",
            "2006-09-14",
            "en",
            "Root causes of migration: Poverty",
            "",
            "",
            f"http://testserver/statements/{world['belgium_speaks'].pk}/",
            "false",
            "",
        ],
    }


HEADER = [
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
    "illustrative",
    "source",
]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook["Statements"].iter_rows(values_only=True)]


def test_csv_export_gives_the_filtered_statements_in_list_order(client, world):
    response = client.get("/statements.csv", {"regional_group": "AFRICAN"})

    rows = expected_rows(world)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv"'
    assert csv_rows(response) == [HEADER, rows["senegal_arabic"], rows["senegal_evening"]]


def test_csv_export_without_filters_gives_every_public_statement(client, world):
    rows = expected_rows(world)

    assert csv_rows(client.get("/statements.csv")) == [
        HEADER,
        rows["senegal_arabic"],
        rows["senegal_evening"],
        rows["belgium_speaks"],
        rows["iom_panel"],
    ]


def test_csv_export_applies_theme_and_search(client, world):
    rows = expected_rows(world)

    by_theme = csv_rows(client.get("/statements.csv", {"theme": "root-causes"}))
    by_search = csv_rows(client.get("/statements.csv", {"q": '"global forum"'}))

    assert by_theme == [HEADER, rows["belgium_speaks"], rows["iom_panel"]]
    assert by_search == [HEADER, rows["belgium_speaks"]]


def test_xlsx_export_gives_the_filtered_statements_with_numbers_and_dates(client, world):
    response = client.get("/statements.xlsx", {"theme": "root-causes", "date_by": "meeting"})

    rows = expected_rows(world)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="statements.xlsx"'

    def typed(row):
        return [
            int(row[0]),
            *[value or None for value in row[1:7]],
            datetime.datetime.fromisoformat(row[7]),
            *[value or None for value in row[8:-2]],
            row[-2] == "true",  # a boolean cell
            row[-1] or None,
        ]

    assert xlsx_rows(response) == [
        HEADER,
        typed(rows["belgium_speaks"]),
        typed(rows["iom_panel"]),
    ]


def test_xlsx_export_keeps_a_title_that_looks_like_a_formula_as_text(client, world):
    Statement.objects.filter(pk=world["iom_panel"].pk).update(title='=HYPERLINK("x","y")\x0b')

    response = client.get("/statements.xlsx", {"stakeholder": "iom"})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cell = workbook["Statements"]["B2"]
    # Text, and quoted as the CSV is (consultations.exports): re-typing the cell keeps it text.
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("x","y")', "s")


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
def test_export_with_an_invalid_filter_is_refused_rather_than_exporting_everything(
    client, world, path
):
    response = client.get(path, {"meeting": "atlantis"})

    assert response.status_code == 400
    assert response.content.decode() == (
        "Invalid filter: meeting: Select a valid choice. "
        "atlantis is not one of the available choices."
    )


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
def test_exports_leave_out_what_the_public_may_not_read(client, world, path, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get(path, {"stakeholder": "belgium"})

    rows = csv_rows(response) if path.endswith(".csv") else xlsx_rows(response)
    assert [row[1] for row in rows] == ["title", "Belgium offers to host the Global Forum"]
