"""The options of the statement filters (consultations/selectors/statements_public.py): labels
in the page's language with English where it has none, and the meetings of one process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from consultations.selectors.statements_public import statement_filter_choices
from tests.factories import (
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    RegionalGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes():
    current = ProcessFactory(slug="current", title="Dialogue", is_current=True)
    other = ProcessFactory(slug="other", title="Forum", short_title="GFMD", title_fr="Forum")
    MeetingFactory(process=current, slug="opening", title="Opening")
    MeetingFactory(process=other, slug="forum-plenary", title="Forum plenary")
    MemberStateFactory(slug="senegal", name="Senegal", name_fr="Sénégal")
    MemberStateFactory(slug="belgium", name="Belgium")
    causes = ThemeFactory(slug="causes", name="Root causes", name_fr="Causes profondes", order=2)
    ThemeFactory(slug="poverty", name="Poverty", parent=causes, order=1)
    ThemeFactory(slug="remittances", name="Remittances", name_fr="Transferts de fonds", order=1)
    RegionalGroupFactory(code="AF", name="African States", name_fr="États d'Afrique", order=1)
    RegionalGroupFactory(code="EEG", name="Eastern European States", order=2)
    return current, other


def test_labels_are_in_the_page_language_else_english(processes):
    with translation.override("fr"):
        choices = statement_filter_choices()

    # (Sorted here: the order by the French column puts an untranslated name first on SQLite,
    # last on PostgreSQL, as modeltranslation's order_by("name") did.)
    assert sorted(choices.stakeholders) == [("belgium", "Belgium"), ("senegal", "Sénégal")]
    assert sorted(choices.processes) == [("current", "Dialogue"), ("other", "GFMD")]
    assert dict(choices.regional_groups) == {
        "AF": "États d'Afrique",
        "EEG": "Eastern European States",
        "WEOG": "WEOG States",  # the Member States' group (the factory's)
    }
    # Broader themes in their order, each followed by its narrower ones.
    assert choices.themes == [
        ("remittances", "Transferts de fonds"),
        ("causes", "Causes profondes"),
        ("poverty", "Causes profondes: Poverty"),
    ]


def test_meetings_are_the_chosen_process_else_the_chosen_meetings_else_the_current_one(
    processes,
):
    with CaptureQueriesContext(connection) as queries:
        by_meeting = statement_filter_choices(meeting="forum-plenary")

    assert by_meeting.meetings[0][0] == "GFMD"
    assert [slug for slug, _ in by_meeting.meetings[0][1]] == ["forum-plenary"]
    assert [slug for slug, _ in statement_filter_choices(process="other").meetings[0][1]] == [
        "forum-plenary"
    ]
    assert [slug for slug, _ in statement_filter_choices(process="nope").meetings[0][1]] == [
        "opening"
    ]
    assert len(queries.captured_queries) == 5
