"""The options of the statement filters (consultations/selectors/statements_public.py): labels
in the page's language with English where it has none, and the meetings of one process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from consultations.selectors.statements_public import statement_filter_choices
from tests.factories import MeetingFactory, MemberStateFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes():
    current = ProcessFactory(slug="current", title="Dialogue", is_current=True)
    other = ProcessFactory(slug="other", title="Forum", short_title="GFMD", title_fr="Forum")
    MeetingFactory(process=current, slug="opening", title="Opening")
    MeetingFactory(process=other, slug="forum-plenary", title="Forum plenary")
    MemberStateFactory(slug="senegal", name="Senegal", name_fr="Sénégal")
    MemberStateFactory(slug="belgium", name="Belgium")
    return current, other


def test_labels_are_in_the_page_language_else_english(processes):
    with translation.override("fr"):
        choices = statement_filter_choices()

    assert choices.stakeholders == [("belgium", "Belgium"), ("senegal", "Sénégal")]
    assert sorted(choices.processes) == [("current", "Dialogue"), ("other", "GFMD")]


def test_meetings_are_the_chosen_process_else_the_chosen_meetings_else_the_current_one(
    processes,
):
    with CaptureQueriesContext(connection) as queries:
        by_meeting = statement_filter_choices(meeting="forum-plenary")

    assert [slug for slug, _ in by_meeting.meetings[0][1]] == ["forum-plenary"]
    assert [slug for slug, _ in statement_filter_choices(process="other").meetings[0][1]] == [
        "forum-plenary"
    ]
    assert [slug for slug, _ in statement_filter_choices(process="nope").meetings[0][1]] == [
        "opening"
    ]
    assert len(queries.captured_queries) == 5
