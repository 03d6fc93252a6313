"""Illustrative means labelled, everywhere: the demo's invented rows carry the mark in every
format (HTML, CSV, XLSX, iCalendar, JSON) and a fact of the briefing does not; the note is
generated from the rows, so that it and the exports follow a change of the data."""

import csv
import io
import json
import re

import icalendar
import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from consultations.models import Inscription, Meeting, Position, Process, Statement
from consultations.selectors.illustrative import illustrative_note


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, rolled back at its end (as in test_demo.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", keep_passwords=False, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(db, _demo):
    return Process.objects.get(slug="hld-2006")


NOTE = (
    "Invented for a demonstration, not the record of HLD 2006: the times of day and rooms of "
    "11 meetings; 8 chairs or co-chairs; the levels of representation of 194 delegations; 576 "
    "round-table choices; 192 round-table seats; 130 places on speakers lists; 147 "
    "statements; 128 recorded stances. Each is marked “Illustrative” where it is shown; facts "
    "are not, and name their source."
)
FIGURES = (
    "The Chair's summary figures are computed from these rows and are illustrative too: "
    "127 Member States made statements."
)
PANEL_SOURCE = (
    "A/RES/60/227; Briefing “The High-Level Dialogue on International Migration and "
    "Development”, “First Panel (New York)”"
)


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(response, element_id: str) -> str:
    """The HTML of the element with ``element_id`` up to the end of its section."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def staff_url(name: str, kind: str) -> str:
    return reverse("secretariat:export", kwargs={"name": name, "kind": kind}) + "?process=hld-2006"


# --- the note ---------------------------------------------------------------------------------
def test_note_says_which_rows_are_invented_and_how_many(demo):
    assert illustrative_note(process=demo).text == NOTE
    assert illustrative_note(process=demo, with_figures=True).text == f"{NOTE} {FIGURES}"
    assert demo.illustrative_note == ""  # no figure is stored: the note is counted


def test_note_follows_a_change_of_the_data(client, demo):
    # An invented statement with exactly one invented stance, the same on every database.
    statement = (
        Statement.objects.filter(meeting__process=demo, is_illustrative=True)
        .annotate(stances=Count("positions", filter=Q(positions__is_illustrative=True)))
        .filter(stances=1)
        .order_by("pk")
        .first()
    )
    Statement.objects.filter(pk=statement.pk).update(is_illustrative=False)
    Position.objects.filter(issue__process=demo, statement=statement).update(is_illustrative=False)

    note = illustrative_note(process=Process.objects.get(pk=demo.pk)).text
    page = text_of(client.get("/p/hld-2006/programme/"))

    changed = NOTE.replace("147 statements", "146 statements").replace(
        "128 recorded stances", "127 recorded stances"
    )
    assert note == changed
    assert changed in page


def test_process_of_the_record_has_no_note(db):
    from tests.factories import MeetingFactory, ProcessFactory

    process = ProcessFactory()
    MeetingFactory(process=process)

    assert illustrative_note(process=process).text == ""
    process.illustrative_note = "Seats are being checked."
    assert illustrative_note(process=Process.objects.get(pk=process.pk)).text == ""
    process.save()
    assert illustrative_note(process=Process.objects.get(pk=process.pk)).text == (
        "Seats are being checked."
    )


# --- HTML pages -------------------------------------------------------------------------------
def test_meeting_page_marks_the_invented_co_chairs_beside_them(client, demo):
    response = client.get("/meetings/round-table-1/")
    html = response.content.decode()
    chairs = html[
        html.index('id="meeting-chairs"') : html.index("</ul>", html.index("meeting-chairs"))
    ]

    assert chairs.count("illustrative-mark") == 2
    assert html.index('class="alert alert-warning illustrative"') < html.index("meeting-chairs")
    assert NOTE in text_of(response)


def test_panel_speakers_facts_of_the_briefing_are_not_under_the_note(client, demo):
    panel = section(client.get("/meetings/panel-new-york-2006/"), "speakers-list")
    plenary = section(client.get("/meetings/plenary-1/"), "speakers-list")

    assert "illustrative" not in panel
    assert panel.count("fact-source") == 9
    assert f"Source: {PANEL_SOURCE}" in panel
    assert 'class="alert alert-warning illustrative"' in plenary
    assert (
        plenary.count("illustrative-mark")
        == Inscription.objects.filter(speakers_list__meeting__slug="plenary-1").count()
    )


def test_programme_notes_the_invented_times_and_rooms(client, demo):
    response = client.get("/programme/")
    html = response.content.decode()

    assert NOTE in text_of(response)
    assert html.count("illustrative-mark") == 11
    Meeting.objects.filter(slug="plenary-1").update(is_illustrative=False)
    assert client.get("/programme/").content.decode().count("illustrative-mark") == 10


def test_front_page_notes_its_invented_meeting_times(client, demo):
    response = client.get("/")

    assert NOTE in text_of(response)
    assert response.content.decode().count("illustrative-mark") == 3  # the 3 most recent


def test_statement_pages_mark_each_statement(client, demo):
    statement = Statement.objects.filter(meeting__process=demo, state="published").first()

    listing = client.get("/p/hld-2006/statements/").content.decode()
    detail = client.get(statement.get_absolute_url()).content.decode()

    assert listing.count("illustrative-mark") == listing.count("<tr>") - 1
    assert "illustrative-mark" in detail


def test_seat_rules_are_shown_as_assumptions_until_a_source_is_given(secretariat_client, demo):
    page = text_of(secretariat_client.get("/secretariat/seats/?process=hld-2006"))
    assert "Assumed for this demonstration; no source states these rules: A Member State" in page

    Process.objects.filter(pk=demo.pk).update(seat_rules_source="A/60/864")
    page = text_of(secretariat_client.get("/secretariat/seats/?process=hld-2006"))
    assert "Rules (source: A/60/864): A Member State joins at most 1 round table" in page
    assert "Assumed for this demonstration" not in page


# --- CSV and XLSX, public and staff -----------------------------------------------------------
def test_public_statements_csv_and_xlsx_mark_each_row(client, demo):
    fact = Statement.objects.filter(meeting__process=demo, state="published").first()
    Statement.objects.filter(pk=fact.pk).update(is_illustrative=False, source="A/61/515")

    rows = csv_rows(client.get("/p/hld-2006/statements.csv"))
    sheet = xlsx_rows(client.get("/p/hld-2006/statements.xlsx"))

    assert rows[0][-2:] == ["illustrative", "source"]
    marks = {row[0]: row[-2:] for row in rows[1:]}
    assert marks.pop(str(fact.pk)) == ["false", "A/61/515"]
    assert set(map(tuple, marks.values())) == {("true", "")}
    assert sheet[0][-2:] == ["illustrative", "source"]
    by_id = {row[0]: row[-2:] for row in sheet[1:]}
    assert by_id.pop(fact.pk) == [False, "A/61/515"]
    assert set(map(tuple, by_id.values())) == {(True, None)}


def test_public_positions_csv_follows_a_changed_flag(client, demo):
    before = csv_rows(client.get("/p/hld-2006/positions.csv?issue=global-forum"))
    position = Position.objects.get(issue__slug="global-forum", stakeholder__iso3="BEL")
    Position.objects.filter(pk=position.pk).update(is_illustrative=False)
    after = csv_rows(client.get("/p/hld-2006/positions.csv?issue=global-forum"))

    assert {row[-2] for row in before[1:]} == {"true"}
    assert len(before) == 1 + 127
    belgium = next(row for row in after if row[2] == "Belgium")
    assert belgium[-2:] == ["false", ""]
    assert sum(row[-2] == "true" for row in after[1:]) == 126


def test_staff_speakers_export_marks_invented_places_and_cites_the_panels(secretariat_client, demo):
    rows = csv_rows(secretariat_client.get(staff_url("speakers", "csv")))
    sheet = xlsx_rows(secretariat_client.get(staff_url("speakers", "xlsx")))

    assert rows[0][-2:] == ["Illustrative or record", "Recorded in"]
    panel = [row for row in rows[1:] if row[0] == "First preparatory panel (New York)"]
    plenary = [row for row in rows[1:] if row[0].startswith("High-level Dialogue")]
    assert [row[-2:] for row in panel] == [["Record", PANEL_SOURCE]] * 9
    assert {tuple(row[-2:]) for row in plenary} == {("Illustrative", "")}
    assert len(plenary) == 130
    assert sheet[0][-2:] == ["Illustrative or record", "Recorded in"]
    assert sorted({row[-2] for row in sheet[1:]}) == ["Illustrative", "Record"]


def test_staff_seats_and_statements_exports_mark_each_row(secretariat_client, demo):
    for name in ("seats", "statements", "positions", "delegations"):
        rows = csv_rows(secretariat_client.get(staff_url(name, "csv")))
        assert rows[0][-2:] == ["Illustrative or record", "Recorded in"], name
        assert "Illustrative" in {row[-2] for row in rows[1:]}, name

    Statement.objects.filter(meeting__process=demo).update(is_illustrative=False)
    rows = csv_rows(secretariat_client.get(staff_url("statements", "csv")))
    assert {row[-2] for row in rows[1:]} == {"Record"}


# --- feeds and JSON ---------------------------------------------------------------------------
def test_ics_marks_each_invented_event_and_not_a_fact(client, demo):
    Meeting.objects.filter(slug="panel-geneva-2006").update(is_illustrative=False)

    calendar = icalendar.Calendar.from_ical(client.get("/p/hld-2006/programme.ics").content)
    events = {str(e["URL"]).rsplit("/", 2)[-2]: e for e in calendar.walk("VEVENT")}

    # The note as the feed writes it: a TEXT value, its commas and semicolons escaped.
    body = client.get("/p/hld-2006/programme.ics").content.decode().replace("\r\n ", "")
    line = next(x for x in body.split("\r\n") if x.startswith("X-WR-CALDESC:"))
    note = line.removeprefix("X-WR-CALDESC:").replace("\\,", ",").replace("\\;", ";")
    assert note == NOTE.replace("11 meetings", "10 meetings")
    assert "X-HLDERP-ILLUSTRATIVE" not in events["panel-geneva-2006"]
    assert str(events["panel-new-york-2006"]["X-HLDERP-ILLUSTRATIVE"]) == "TRUE"
    assert str(events["panel-new-york-2006"]["DESCRIPTION"]).endswith(
        "Illustrative: the times of day and room were invented for a demonstration.\n"
        f"Source: {PANEL_SOURCE}"
    )
    table = str(events["round-table-1"]["DESCRIPTION"])
    assert "Co-chair: Mexico (illustrative); Co-chair: Philippines (illustrative)" in table
    assert "Illustrative: the chairs were invented for a demonstration." in table
    assert sum("X-HLDERP-ILLUSTRATIVE" in e for e in events.values()) == 10


def test_programme_json_carries_the_note_and_a_mark_per_row(client, demo):
    data = json.loads(client.get("/p/hld-2006/programme.json").content)
    meetings = {m["slug"]: m for m in data["meetings"]}

    assert data["illustrative_note"] == NOTE
    assert (
        meetings["panel-new-york-2006"]["illustrative"],
        meetings["panel-new-york-2006"]["source"],
    ) == (
        True,
        PANEL_SOURCE,
    )
    assert [(c["stakeholder"], c["illustrative"]) for c in meetings["round-table-1"]["chairs"]] == [
        ("Mexico", True),
        ("Philippines", True),
    ]

    Meeting.objects.filter(slug="panel-new-york-2006").update(is_illustrative=False)
    data = json.loads(client.get("/p/hld-2006/programme.json").content)
    assert (
        next(m for m in data["meetings"] if m["slug"] == "panel-new-york-2006")["illustrative"]
        is False
    )
    assert data["illustrative_note"] == NOTE.replace("11 meetings", "10 meetings")
