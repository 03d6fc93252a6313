"""The Secretariat's exports (consultations/exports/staff.py, /secretariat/exports/): every
field of every record of the chosen process, human labels, times on the venue's clock, the CSV
in UTF-8 with a byte order mark and the XLSX typed, with a frozen header."""

import pytest
from django.urls import reverse

from consultations import exports
from consultations.exports import staff
from tests.consultations.exports_staff_helpers import (
    HEADERS,
    MADE_AT,
    as_csv,
    as_xlsx,
    csv_rows,
    csv_text,
    expected_rows,
    make_world,
    workbook,
    xlsx_rows,
)
from tests.factories import FocalPointFactory, UserFactory

# clock: the exports show dates and times.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NAMES = list(staff.STAFF_EXPORTS)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(MADE_AT, tick=False)
    return make_world()


def url(name: str, kind: str, process: str = "hld-2006") -> str:
    return reverse("secretariat:export", kwargs={"name": name, "kind": kind}) + (
        f"?process={process}" if process else ""
    )


def test_every_export_is_offered():
    assert NAMES == ["statements", "positions", "delegations", "seats", "speakers", "speaking-time"]


@pytest.mark.parametrize("name", NAMES)
def test_staff_csv_holds_every_field_with_human_labels(world, secretariat_client, name):
    response = secretariat_client.get(url(name, "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{name}-hld-2006.csv"'
    assert csv_rows(response) == [
        HEADERS[name],
        *[[as_csv(value) for value in row] for row in expected_rows(world)[name]],
    ]


@pytest.mark.parametrize("name", NAMES)
def test_staff_xlsx_holds_every_field_typed_with_human_labels(world, secretariat_client, name):
    response = secretariat_client.get(url(name, "xlsx"))

    assert response["Content-Type"] == exports.CONTENT_TYPES[exports.XLSX]
    assert response["Content-Disposition"] == f'attachment; filename="{name}-hld-2006.xlsx"'
    assert xlsx_rows(response) == [
        HEADERS[name],
        *[[as_xlsx(value) for value in row] for row in expected_rows(world)[name]],
    ]


def test_staff_csv_keeps_cote_d_ivoire_intact_after_its_byte_order_mark(world, secretariat_client):
    text = csv_text(secretariat_client.get(url("delegations", "csv")))

    assert text.splitlines()[1].startswith("Côte d'Ivoire,Member State,CIV,African States,")


def test_staff_xlsx_freezes_its_bold_header_and_sizes_and_types_its_columns(
    world, secretariat_client
):
    sheet = workbook(secretariat_client.get(url("speakers", "xlsx"))).active

    assert sheet.title == "Speakers lists"
    assert sheet.freeze_panes == "A2"
    assert [cell.font.b for cell in sheet[1]] == [True] * len(HEADERS["speakers"])
    assert [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]] == [
        column.width for column in staff.SPEAKERS.columns
    ]
    meeting_date, place, inscribed, spoke_for = (sheet[2][i] for i in (1, 3, 14, 18))
    assert [
        (c.data_type, c.number_format) for c in (meeting_date, place, inscribed, spoke_for)
    ] == [("d", "yyyy-mm-dd"), ("n", "General"), ("d", "yyyy-mm-dd hh:mm:ss"), ("d", "[h]:mm:ss")]


def test_staff_export_labels_are_in_the_readers_language(world, secretariat_client):
    secretariat_client.cookies["django_language"] = "fr"

    rows = csv_rows(secretariat_client.get(url("statements", "csv")))

    assert rows[0][:4] == ["N°", "Titre", "Partie prenante", "Type"]
    assert [(row[3], row[8], row[12]) for row in rows[1:]] == [
        ("État Membre", "Français", "Publiée"),
        ("État Membre", "Anglais", "Renvoyée pour correction"),
    ]


def test_staff_exports_hold_only_the_chosen_process(world, secretariat_client):
    rows = csv_rows(secretariat_client.get(url("statements", "csv", process="forum-2007")))

    assert [row[1] for row in rows] == ["Title", "At the Forum"]


def test_staff_export_without_a_process_in_the_query_exports_the_one_chosen_last(
    world, secretariat_client
):
    secretariat_client.get(reverse("secretariat:exports"), {"process": "forum-2007"})

    response = secretariat_client.get(url("statements", "csv", process=""))

    assert response["Content-Disposition"] == 'attachment; filename="statements-forum-2007.csv"'


def test_staff_xlsx_beyond_the_cap_answers_a_page_pointing_to_the_csv(
    world, secretariat_client, monkeypatch
):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)

    response = secretariat_client.get(url("statements", "xlsx"))

    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "These filters match 2 rows; an Excel download holds at most 1." in page
    assert 'href="/secretariat/exports/statements.csv?process=hld-2006"' in page


@pytest.mark.parametrize(
    "path",
    ["/secretariat/exports/minutes.csv", "/secretariat/exports/statements.pdf"],
)
def test_an_unknown_export_or_format_answers_404(world, secretariat_client, path):
    assert secretariat_client.get(path).status_code == 404


def test_a_delegate_may_not_export(world, client):
    client.force_login(FocalPointFactory().user)

    statuses = [client.get(url(name, "csv")).status_code for name in NAMES]

    assert statuses == [403] * len(NAMES)
    assert client.get(reverse("secretariat:exports")).status_code == 403


def test_a_signed_in_user_without_a_role_may_not_export(world, client):
    client.force_login(UserFactory())

    assert client.get(url("statements", "xlsx")).status_code == 403


def test_the_exports_page_links_each_export_of_the_chosen_process(world, secretariat_client):
    response = secretariat_client.get(reverse("secretariat:exports"), {"process": "hld-2006"})

    links = [(export.name, urls) for export, urls in response.context["exports"]]
    assert links == [
        (name, [(kind, url(name, kind)) for kind in ("csv", "xlsx")]) for name in NAMES
    ]
    page = response.content.decode()
    assert 'href="/secretariat/exports/seats.xlsx?process=hld-2006"' in page


def test_the_dashboard_links_the_exports_page(world, secretariat_client):
    page = secretariat_client.get(reverse("secretariat:dashboard")).content.decode()

    assert 'href="/secretariat/exports/"' in page
