"""The programme's menu of every process (templatetags/addresses.py ``process_menu``): written
in Python from narrow rows (selectors.programme.process_menu), as the template loop wrote it."""

import datetime
import re

import pytest

from consultations.selectors.programme import ProcessMenuRow, process_menu
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    return [
        ProcessFactory(
            slug="hld-2006",
            title="High-level Dialogue",
            title_fr="Dialogue de haut niveau",
            short_title="HLD 2006",
            short_title_fr="DHN 2006",
            start_date=datetime.date(2006, 6, 1),
            end_date=datetime.date(2006, 9, 30),
            is_current=True,
        ),
        ProcessFactory(
            slug="ldc-iv",
            title="LDC-IV",
            title_fr="PMA-IV",
            start_date=datetime.date(2011, 5, 9),
            end_date=datetime.date(2011, 5, 13),
        ),
        ProcessFactory(
            slug="forum",
            title="Forum <&> Dialogue",
            start_date=datetime.date(999, 1, 1),
            end_date=datetime.date(999, 1, 2),
        ),
    ]


def menu_items(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    menu = re.search(r'<ul class="list-inline d-inline">\n    (.*?)\n  </ul>', page, re.DOTALL)
    return menu.group(1).split("\n    \n    ")


def test_the_menu_links_every_other_process_latest_first_and_names_the_one_shown(client, processes):
    assert menu_items(client, "/p/ldc-iv/programme/") == [
        '\n    <li class="list-inline-item"><strong aria-current="page">LDC-IV</strong>'
        ' <span class="text-body-secondary small">(2011)</span></li>',
        '<li class="list-inline-item"><a href="/p/hld-2006/programme/">HLD 2006</a>'
        ' <span class="text-body-secondary small">(2006)</span></li>',
        '<li class="list-inline-item"><a href="/p/forum/programme/">Forum &lt;&amp;&gt; Dialogue'
        '</a> <span class="text-body-secondary small">(0999)</span></li>\n    ',
    ]


def test_the_menu_names_each_process_in_the_page_language_else_in_english(client, processes):
    client.cookies["django_language"] = "fr"

    assert menu_items(client, "/programme/") == [
        '\n    <li class="list-inline-item"><a href="/p/ldc-iv/programme/">PMA-IV</a>'
        ' <span class="text-body-secondary small">(2011)</span></li>',
        '<li class="list-inline-item"><strong aria-current="page">DHN 2006</strong>'
        ' <span class="text-body-secondary small">(2006)</span></li>',
        '<li class="list-inline-item"><a href="/p/forum/programme/">Forum &lt;&amp;&gt; Dialogue'
        '</a> <span class="text-body-secondary small">(0999)</span></li>\n    ',
    ]


def test_a_menu_row_is_labelled_as_its_process(processes):
    rows = process_menu()

    assert [str(row) for row in rows] == ["LDC-IV", "HLD 2006", "Forum <&> Dialogue"]
    assert rows[1] == ProcessMenuRow(
        pk=processes[0].pk,
        slug="hld-2006",
        title="High-level Dialogue",
        short_title="HLD 2006",
        start_date=datetime.date(2006, 6, 1),
        is_current=True,
    )
