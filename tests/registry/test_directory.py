"""The registry's directory lists and finds groupings and people, not only stakeholders; a
person's page shows each post with its dates as each source gives them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import AppointmentDate, GroupingEvent
from tests.factories import (
    AppointmentFactory,
    GroupingFactory,
    MembershipFactory,
    PersonFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.fixture
def groupings():
    gmg = GroupingFactory(
        name="Global Migration Group", short_name="GMG", slug="gmg", description="Inter-agency."
    )
    geneva = GroupingFactory(
        name="Geneva Migration Group",
        slug="geneva-migration-group",
        description="Expanded into the Global Migration Group in April 2006.",
    )
    core = GroupingFactory(name="Core Group of States", slug="core-group", description="")
    MembershipFactory(grouping=gmg, start=datetime.date(2006, 4, 1))
    MembershipFactory(grouping=gmg, start=datetime.date(2006, 4, 1))
    MembershipFactory(
        grouping=geneva, start=datetime.date(2003, 4, 1), end=datetime.date(2006, 3, 31)
    )
    return gmg, geneva, core


def test_registry_lists_every_grouping_with_its_current_members(client, groupings):
    response = client.get("/registry/")

    assert [(g.name, g.member_count) for g in response.context["groupings"]] == [
        ("Core Group of States", 0),
        ("Geneva Migration Group", 0),
        ("Global Migration Group", 2),
    ]
    assert 'href="/registry/groupings/gmg/"' in response.content.decode()
    assert "Global Migration Group (GMG) · Inter-agency coordination group · 2 current members" in (
        _text(response)
    )


def test_registry_search_finds_a_grouping_by_its_name_short_name_or_description(client, groupings):
    by_name = client.get("/registry/", {"q": "Global Migration Group"})
    by_short_name = client.get("/registry/", {"q": "gmg"})
    by_nothing = client.get("/registry/", {"q": "Nonexistent"})

    # The Geneva Migration Group's description names the Global Migration Group.
    assert [g.slug for g in by_name.context["groupings"]] == ["geneva-migration-group", "gmg"]
    assert [g.slug for g in by_short_name.context["groupings"]] == ["gmg"]
    assert list(by_nothing.context["groupings"]) == []
    assert "No grouping matches these words." in _text(by_nothing)


def test_registry_search_finds_a_person_by_name_or_post(client):
    person = PersonFactory(given_name="Peter", family_name="Sutherland", slug="peter-sutherland")
    AppointmentFactory(person=person, post="Special Representative")
    PersonFactory(given_name="Kofi", family_name="Annan")

    by_name = client.get("/registry/", {"q": "sutherland"})
    by_post = client.get("/registry/", {"q": "special representative"})
    unasked = client.get("/registry/")

    assert [p.slug for p in by_name.context["persons"]] == ["peter-sutherland"]
    assert [p.slug for p in by_post.context["persons"]] == ["peter-sutherland"]
    assert list(unasked.context["persons"]) == []
    assert 'href="/registry/people/peter-sutherland/"' in by_name.content.decode()


def test_person_page_shows_each_post_and_both_dates_where_sources_differ(client):
    person = PersonFactory(
        honorific="Mr.", given_name="Peter", family_name="Sutherland", slug="peter-sutherland"
    )
    office = StakeholderFactory(name="Office of the Special Representative", slug="srsg")
    company = StakeholderFactory(name="BP p.l.c.", slug="bp", kind="private_sector")
    appointment = AppointmentFactory(
        person=person,
        stakeholder=office,
        post="Special Representative",
        start=datetime.date(2006, 1, 23),
        source="Press release SG/A/976",
    )
    AppointmentFactory(person=person, stakeholder=company, post="Chairman", source="Briefing")
    AppointmentDate.objects.create(
        appointment=appointment,
        date=datetime.date(2005, 1, 1),
        date_label="January 2005",
        source="Briefing",
    )
    AppointmentDate.objects.create(
        appointment=appointment, date=datetime.date(2006, 1, 23), source="Press release SG/A/976"
    )

    text = _text(client.get("/registry/people/peter-sutherland/"))
    office_page = _text(client.get("/registry/srsg/"))

    assert (
        "Special Representative Office of the Special Representative 2006-01-23 "
        "January 2005, according to: Briefing "
        "23 January 2006, according to: Press release SG/A/976 "
        "The sources give different dates: each is shown with its source. — "
        "Press release SG/A/976"
    ) in text
    assert "Chairman BP p.l.c. — — Briefing" in text
    assert "January 2005, according to: Briefing" in office_page
    assert client.get("/registry/people/nobody/").status_code == 404


def test_grouping_page_shows_its_history_with_sources(client, groupings):
    gmg, geneva, _core = groupings
    event = GroupingEvent.objects.create(
        date=datetime.date(2005, 10, 31),
        date_label="End of October 2005",
        title="The Secretary-General meets the heads of UN entities",
        description="That meeting produced the decision to expand the Geneva Migration Group.",
        source="Briefing",
    )
    event.groupings.set([geneva, gmg])

    text = _text(client.get("/registry/groupings/geneva-migration-group/"))

    assert (
        "History End of October 2005 : The Secretary-General meets the heads of UN entities "
        "That meeting produced the decision to expand the Geneva Migration Group. "
        "Concerns: Geneva Migration Group, Global Migration Group Source: Briefing"
    ) in text


def test_person_page_query_count_does_not_grow_with_posts(client):
    person = PersonFactory(slug="someone")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/registry/people/someone/").status_code == 200
        return len(queries)

    AppointmentFactory(person=person)
    small = count()
    for _ in range(5):
        appointment = AppointmentFactory(person=person)
        AppointmentDate.objects.create(
            appointment=appointment, date=datetime.date(2000, 1, 1), source="A source"
        )

    assert count() == small
