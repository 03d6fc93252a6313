"""A document symbol links to the official document (consultations/templatetags/documents.py)."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def _render(symbol: str) -> str:
    return Template("{% load documents %}{{ symbol|symbol_link }}").render(
        Context({"symbol": symbol})
    )


def test_a_symbol_links_to_undocs_by_default():
    assert _render("A/61/515") == (
        '<a class="font-monospace" href="https://undocs.org/A/61/515" rel="noopener" '
        'lang="en">A/61/515</a>'
    )


def test_the_address_is_a_setting(settings):
    settings.DOCUMENT_SYMBOL_URL = "https://documents.example.org/find?s={symbol}"

    assert 'href="https://documents.example.org/find?s=A/RES/60/227"' in _render("A/RES/60/227")


def test_without_an_address_the_symbol_shows_unlinked(settings):
    settings.DOCUMENT_SYMBOL_URL = ""

    assert _render("A/61/515") == '<span class="font-monospace">A/61/515</span>'


def test_the_programme_links_its_outcome_document_s_symbol(client, hld):
    page = client.get("/programme/").content.decode()

    assert (
        '<a class="font-monospace" href="https://undocs.org/A/61/515" rel="noopener" '
        'lang="en">A/61/515</a>'
    ) in page
