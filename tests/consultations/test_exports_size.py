"""Exports that cannot hurt the server (consultations/exports/): the CSV streams from a
server-side iterator; the XLSX is capped at exports.XLSX_MAX_ROWS rows."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import exports
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def test_statements_csv_streams_its_rows_as_they_are_read(client, monkeypatch):
    monkeypatch.setattr(exports, "STREAM_CHUNK_SIZE", 2)
    statements = StatementFactory.create_batch(5, published=True)
    with CaptureQueriesContext(connection) as before_body:
        response = client.get("/statements.csv")
    # Nothing is read until the body is: the view answers at once, whatever the size.
    assert response.streaming is True
    title = '"consultations_statement"."title"'
    assert [q["sql"] for q in before_body.captured_queries if title in q["sql"]] == []
    with CaptureQueriesContext(connection) as reading:
        body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == exports.STATEMENT_COLUMNS
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(s.pk for s in statements)
    # One query, read from its cursor in chunks of two (three chunks), each chunk's themes
    # prefetched as it comes.
    sql = [q["sql"] for q in reading.captured_queries]
    assert len([q for q in sql if title in q]) == 1
    assert len([q for q in sql if '"consultations_statement_themes"' in q]) == 3


def test_statements_csv_stream_keeps_the_formula_guard(client):
    StatementFactory(published=True, title='=HYPERLINK("http://evil")')
    response = client.get("/statements.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_statements_xlsx_beyond_the_cap_answers_a_page_pointing_to_the_csv(client, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    StatementFactory.create_batch(3, published=True, language="en")
    response = client.get("/statements.xlsx", {"language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "These filters match 3 rows; an Excel download holds at most 2." in page
    assert 'href="/statements.csv?language=en"' in page


def test_statements_xlsx_at_the_cap_is_a_workbook(client, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    StatementFactory.create_batch(2, published=True)
    response = client.get("/statements.xlsx")
    assert response["Content-Type"] == exports.CONTENT_TYPES[exports.XLSX]
    assert response["Content-Disposition"] == 'attachment; filename="statements.xlsx"'
