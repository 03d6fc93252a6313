"""Feeds and exports follow ``?lang=`` or the request's language, and say which (issue 14
item 6; hlderp/language.py)."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultations.choices import DocumentRole
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(db):
    return ProcessFactory(slug="hld-2006", is_current=True)


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [
        ({}, {}, "en"),
        ({"lang": "fr"}, {}, "fr"),
        ({"lang": "zh-hans"}, {"HTTP_ACCEPT_LANGUAGE": "ru"}, "zh-hans"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "ru"}, "ru"),
        ({"lang": "xx"}, {"HTTP_ACCEPT_LANGUAGE": "es"}, "es"),
    ],
)
def test_programme_json_is_in_the_language_asked_for_and_says_which(
    client, process, query, headers, language
):
    response = client.get("/programme.json", query, **headers)

    assert response["Content-Language"] == language
    assert json.loads(response.content)["language"] == language


def test_the_language_asked_for_wins_over_the_cookie(client, process, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    assert client.get("/programme.ics", {"lang": "es"})["Content-Language"] == "es"
    assert client.get("/programme.ics")["Content-Language"] == "ar"


def test_statements_export_in_the_language_asked_for_says_which(client, process):
    csv = client.get("/statements.csv", {"lang": "ru"})
    xlsx = client.get("/statements.xlsx", {"lang": "ar"})
    workbook = load_workbook(io.BytesIO(xlsx.content))

    assert (csv.status_code, csv["Content-Language"]) == (200, "ru")
    assert (xlsx["Content-Language"], workbook.properties.language) == ("ar", "ar")


def test_cached_public_pages_are_kept_apart_by_the_language_asked_for(client, process, settings):
    from consultations.models import Document, ProcessDocument

    document = Document.objects.create(kind="report", title="Report")
    ProcessDocument.objects.create(process=process, document=document, role=DocumentRole.MANDATE)

    english = client.get("/programme/").content.decode()
    french = client.get("/programme/", {"lang": "fr"}).content.decode()
    english_again = client.get("/programme/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        french_again = client.get("/programme/", {"lang": "fr"}).content.decode()

    assert '<html lang="en"' in english and '<html lang="en"' in english_again
    assert '<html lang="fr"' in french
    assert (french_again, len(queries)) == (french, 0)  # kept, under its language
