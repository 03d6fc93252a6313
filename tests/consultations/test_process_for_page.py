"""How a page loads its process (selectors.programme.process_for_page): by id, by slug or the
current one, whole, with its illustrative counts and main venue's zone, in one query."""

import datetime

import pytest

from consultations.models import Process
from consultations.selectors.illustrative import illustrative_note
from consultations.selectors.programme import process_for_page
from consultations.venue_time import process_zone
from tests.factories import MeetingFactory, ProcessFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes():
    older = ProcessFactory(
        slug="hld-2006", start_date=datetime.date(2006, 9, 14), end_date=datetime.date(2006, 9, 15)
    )
    latest = ProcessFactory(
        slug="forum-2007", start_date=datetime.date(2007, 7, 9), end_date=datetime.date(2007, 7, 11)
    )
    venue = VenueFactory(time_zone="Europe/Brussels")
    MeetingFactory(process=older, venue=venue, is_illustrative=True)
    return older, latest


def test_a_process_is_found_by_id_or_slug_with_its_counts_and_zone(
    processes, django_assert_num_queries
):
    older, _latest = processes

    with django_assert_num_queries(1):
        by_slug = process_for_page(slug="hld-2006")
        note, zone = illustrative_note(process=by_slug), process_zone(by_slug)

    assert by_slug == older == process_for_page(pk=older.pk)
    assert by_slug.title == older.title
    assert str(zone) == "Europe/Brussels"
    assert note.counts["meetings"] == 1


def test_without_a_slug_the_current_process_else_the_latest(processes):
    older, latest = processes

    assert process_for_page() == latest
    older.is_current = True
    older.save()
    assert process_for_page() == older


def test_no_process_at_all_is_none_and_an_unknown_one_does_not_exist():
    assert process_for_page() is None
    with pytest.raises(Process.DoesNotExist):
        process_for_page(slug="no-such-process")
    with pytest.raises(Process.DoesNotExist):
        process_for_page(slug="bad\x00slug")  # never reaches the database
    with pytest.raises(Process.DoesNotExist):
        process_for_page(pk=123456)
