"""The programme's sections and menu kept whole (consultations/fragments_programme.py): rendered
once, taken from the cache while what they show is unchanged, and rendered again, alone, when
it changes."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import translation

from consultations import fragments_programme
from consultations.choices import MeetingKind
from consultations.fragments import values_of
from consultations.selectors.compiled import run_rows
from consultations.selectors.programme import programme_meetings
from tests.consultations.fragments_helpers import templates_rendered
from tests.factories import (
    MeetingFactory,
    ProcessFactory,
    RoomFactory,
    ThemeFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
DAYS = "consultations/programme/_days.html"
ROW = "consultations/programme/_meeting_row.html"
MENU = "consultations/programme/_process_menu.html"
UTC = datetime.UTC


def renders(client, url: str = "/p/busy/programme/") -> dict[str, int]:
    """What one visit renders: sections, rows and menus."""
    _response, names = templates_rendered(client, url)
    return {"days": names.count(DAYS), "rows": names.count(ROW), "menu": names.count(MENU)}


@pytest.fixture
def busy(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered: the fragments' cache only
    process = ProcessFactory(slug="busy", title="Busy", is_current=True)
    panel = MeetingFactory(
        process=process,
        kind=MeetingKind.PREPARATORY_PANEL,
        title="Panel 1",
        start=datetime.datetime(2006, 7, 6, 14, tzinfo=UTC),
        end=datetime.datetime(2006, 7, 6, 17, tzinfo=UTC),
    )
    plenaries = [MeetingFactory(process=process, title=f"Plenary {n}", number=n) for n in (1, 2)]
    return process, panel, plenaries


def test_each_section_and_the_menu_are_rendered_once_then_taken_whole_from_the_cache(client, busy):
    ProcessFactory(slug="other", title="Other")

    first = renders(client)
    page = client.get("/p/busy/programme/").content.decode()
    second = renders(client)

    assert first == {"days": 3, "rows": 3, "menu": 1}  # three sections, one of them empty
    assert second == {"days": 0, "rows": 0, "menu": 0}
    assert re.findall(r'id="day-([a-z-]+-[0-9-]+)"', page) == [
        "preparation-2006-07-06",
        "dialogue-2006-09-14",
    ]
    assert "No follow-up meeting scheduled yet." in page
    assert '<strong aria-current="page">Busy</strong>' in page


def test_a_meeting_changed_renders_its_section_and_its_row_again_and_nothing_else(client, busy):
    _process, _panel, plenaries = busy
    renders(client)

    plenaries[1].title = "Plenary 2, moved"
    plenaries[1].save()
    again = renders(client)
    page = client.get("/p/busy/programme/").content.decode()

    assert again == {"days": 1, "rows": 1, "menu": 0}
    assert "Plenary 2, moved" in page and "Panel 1" in page and "Plenary 1" in page


def test_a_meeting_moved_to_another_section_renders_both_sections(client, busy):
    _process, panel, _plenaries = busy
    renders(client)

    panel.kind = MeetingKind.FORUM
    panel.save()
    again = renders(client)
    page = client.get("/p/busy/programme/").content.decode()

    assert again == {"days": 2, "rows": 1, "menu": 0}
    assert "No preparatory panel." in page
    assert 'id="day-follow-up-2006-07-06"' in page


def test_a_section_whose_days_run_in_another_order_than_its_meetings_is_kept(client, busy):
    _process, _panel, plenaries = busy
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    # 02:00 on the 15th in Geneva, before the New York plenary at 23:30 on the 14th in UTC
    # (03:30 on the 15th): the days list New York first, the meetings are read Geneva first.
    plenaries[0].start = datetime.datetime(2006, 9, 15, 3, 30, tzinfo=UTC)
    plenaries[0].end = datetime.datetime(2006, 9, 15, 4, 30, tzinfo=UTC)
    plenaries[0].save()
    plenaries[1].venue = geneva
    plenaries[1].start = datetime.datetime(2006, 9, 15, 0, tzinfo=UTC)
    plenaries[1].end = datetime.datetime(2006, 9, 15, 1, tzinfo=UTC)
    plenaries[1].save()

    renders(client)
    page = client.get("/p/busy/programme/").content.decode()

    assert renders(client)["days"] == 0
    assert re.findall(r'id="day-dialogue-([0-9-]+)"', page) == ["2006-09-14", "2006-09-15"]


def test_the_menu_is_rendered_again_when_a_process_is_renamed_and_for_each_page(client, busy):
    other = ProcessFactory(slug="other", title="Other")
    renders(client)

    other.title = "Other, renamed"
    other.save()
    renamed = renders(client)
    page = client.get("/p/busy/programme/").content.decode()
    elsewhere = renders(client, "/p/other/programme/")

    assert renamed["menu"] == 1
    assert '<a href="/p/other/programme/">Other, renamed</a>' in page
    assert elsewhere["menu"] == 1  # the same rows, another process in bold
    assert renders(client, "/p/other/programme/")["menu"] == 0


def test_a_french_page_has_its_own_sections(client, busy):
    renders(client)

    client.cookies["django_language"] = "fr"
    french = renders(client)

    assert french == {"days": 3, "rows": 3, "menu": 0}  # one process: no menu


@pytest.mark.parametrize("language", ["en", "fr"])
def test_what_a_section_shows_is_read_as_its_rendered_meetings_show_it(busy, language):
    process, panel, plenaries = busy
    panel.room = RoomFactory(name="Salle XX", name_fr="Salle 20")
    panel.theme = ThemeFactory(name="Remittances", name_fr="")
    panel.title_fr = "Réunion-débat 1"
    panel.save()

    with translation.override(language):
        shown = run_rows(fragments_programme._rows_sql(connection.vendor, language), process.pk)
        rendered = [
            values_of(meeting, fragments_programme.row_paths(language))
            for meeting in programme_meetings(process=process)
        ]

    assert shown == rendered
    assert [row[2] for row in shown] == [panel.slug, plenaries[0].slug, plenaries[1].slug]


def test_a_renamed_venue_renders_the_sections_that_show_it(client, busy):
    _process, panel, _plenaries = busy
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    panel.venue = geneva
    panel.save()
    renders(client)

    geneva.name = "Palais des Nations (E building)"
    geneva.save()
    again = renders(client)
    page = client.get("/p/busy/programme/").content.decode()

    assert again == {"days": 1, "rows": 1, "menu": 0}  # the preparatory panels' section only
    assert "Palais des Nations (E building), Geneva" in page


def test_a_programme_of_the_only_process_has_no_menu(client, busy):
    first = renders(client)
    page = client.get("/p/busy/programme/").content.decode()

    assert first == {"days": 3, "rows": 3, "menu": 0}
    assert "Processes:" not in page
