"""Fragments kept in the cache under a key of what they show (consultations/fragments.py): the
programme's rows, rendered once, and again only when something a row shows changes; the one
lookup every fragment goes through (``kept_many``)."""

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.core.cache import cache
from django.urls import set_script_prefix
from django.utils import translation

from consultations import fragments
from consultations.fragments import fragment_key, kept_many
from tests.consultations.fragments_helpers import renders_of
from tests.factories import MeetingFactory, ProcessFactory, RoomFactory

pytestmark = pytest.mark.django_db
ROW = "consultations/programme/_meeting_row.html"


def rows_rendered(client, url) -> tuple[str, int]:
    response, count = renders_of(client, url, ROW)
    return response.content.decode(), count


@pytest.fixture
def programme(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered: the rows' own cache only
    process = ProcessFactory(slug="busy", is_current=True)
    rooms = [RoomFactory(name=f"Room {n}") for n in range(1, 4)]
    return [
        MeetingFactory(process=process, title=f"Plenary {n}", venue=room.venue, room=room)
        for n, room in enumerate(rooms, start=1)
    ]


def test_each_row_is_rendered_once_then_taken_from_the_cache(client, programme):
    first, rendered_first = rows_rendered(client, "/p/busy/programme/")
    second, rendered_second = rows_rendered(client, "/p/busy/programme/")

    assert (rendered_first, rendered_second) == (3, 0)
    assert second == first
    assert all(f"Plenary {n}" in second for n in range(1, 4))


def test_a_row_is_rendered_again_when_what_it_shows_changes(client, programme):
    rows_rendered(client, "/p/busy/programme/")

    programme[1].title = "Plenary 2, moved"
    programme[1].save()
    room = programme[2].room
    room.name = "Room 9"
    room.save()
    page, rendered = rows_rendered(client, "/p/busy/programme/")

    assert rendered == 2
    assert "Plenary 2, moved" in page
    assert "Room 9, United Nations Headquarters" in page
    assert "Room 3, United Nations Headquarters" not in page
    assert "Room 1, United Nations Headquarters" in page  # the first row, unchanged


def test_each_language_has_its_own_rows(client, programme):
    rows_rendered(client, "/p/busy/programme/")

    client.cookies["django_language"] = "fr"
    page, rendered = rows_rendered(client, "/p/busy/programme/")

    assert rendered == 3
    assert 'lang="fr"' in page


def test_rows_kept_by_an_earlier_release_of_the_row_template_are_not_served(
    client, programme, settings, tmp_path
):
    rows_rendered(client, "/p/busy/programme/")
    # The next release's row template: a changed text under the same name.
    row = tmp_path / ROW
    row.parent.mkdir(parents=True)
    row.write_text("<tr><td>{{ meeting.title }} (new row)</td></tr>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    page, rendered = rows_rendered(client, "/p/busy/programme/")

    assert rendered == 3
    assert "Plenary 1 (new row)" in page


class Unreachable:
    """A cache whose server does not answer."""

    def get_many(self, keys):
        raise ConnectionRefusedError

    def set_many(self, values, timeout=None):
        raise AssertionError("nothing is kept when the cache is unreachable")


def test_kept_many_renders_only_what_the_cache_misses_and_keeps_it_under_the_key_given():
    cache.set("fragment:a", "<p>kept</p>")
    rendered = []

    def render(name):
        rendered.append(name)
        return f"<p>{name}</p>", {"b": "fragment:b2", "c": None}[name]

    html = kept_many({"a": "fragment:a", "b": "fragment:b", "c": None}, render)

    assert html == {"a": "<p>kept</p>", "b": "<p>b</p>", "c": "<p>c</p>"}
    assert rendered == ["b", "c"]  # "c" has no key: never looked up, always rendered
    assert cache.get_many(["fragment:b", "fragment:b2"]) == {"fragment:b2": "<p>b</p>"}


def test_kept_many_renders_everything_when_the_cache_is_unreachable(monkeypatch):
    monkeypatch.setattr(fragments, "cache", Unreachable())

    html = kept_many({"a": "fragment:a"}, lambda name: ("<p>a</p>", "fragment:a"))

    assert html == {"a": "<p>a</p>"}


def test_a_fragment_key_holds_the_language_and_what_it_shows():
    with translation.override("fr"):
        french = fragment_key("row", 1)
        assert fragment_key("row", 1) == french
        assert fragment_key("row", 2) != french
    with translation.override("en"):
        assert fragment_key("row", 1) != french


def test_a_fragment_key_holds_the_script_prefix_its_addresses_are_reversed_under():
    here = fragment_key("row", 1)
    set_script_prefix("/hld/")
    try:
        elsewhere = fragment_key("row", 1)
    finally:
        set_script_prefix("/")

    assert elsewhere != here
    assert fragment_key("row", 1) == here


def test_a_release_that_changes_only_a_translation_makes_new_keys(settings, tmp_path):
    catalogue = tmp_path / "fr" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path]
    keys = []
    for programme in ("Programme", "Programme des travaux"):
        compiled = Catalog(locale="fr")
        compiled.add("Programme", programme)
        with catalogue.open("wb") as file:
            write_mo(file, compiled)
        fragments._translations_version.cache_clear()  # a new release starts new workers
        with translation.override("fr"):
            keys.append(fragment_key("row", 1))
    fragments._translations_version.cache_clear()

    assert keys[0] != keys[1]


def test_a_row_is_rendered_again_when_its_title_in_the_page_language_or_in_english_changes(
    client, programme
):
    client.cookies["django_language"] = "fr"
    first, _ = rows_rendered(client, "/p/busy/programme/")
    meeting = programme[0]

    meeting.title_en = "Plenary 1, moved"
    meeting.save()
    fallback, rendered_fallback = rows_rendered(client, "/p/busy/programme/")
    meeting.title_fr = "Plénière 1"
    meeting.save()
    french, rendered_french = rows_rendered(client, "/p/busy/programme/")

    assert '<a href="/meetings/' in first and '<span lang="en">Plenary 1</span>' in first
    assert (rendered_fallback, rendered_french) == (1, 1)
    assert '<span lang="en">Plenary 1, moved</span>' in fallback
    assert ">Plénière 1</a>" in french
    assert '<span lang="en">Plenary 2</span>' in french  # the other rows, unchanged
