"""Programme rows kept in the cache under a key of what they show (consultations/fragments.py):
rendered once, and again only when something a row shows changes."""

import pytest

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
