"""The programme's reads (selectors.programme): its documents in two queries and its meetings,
grouped by day, in one, whatever the number of meetings and chairs; and the chairs the feeds
read (programme_chairs)."""

import datetime

import pytest

from consultations.models import MeetingChair
from consultations.selectors.programme import (
    meetings_by_day,
    programme_chairs,
    programme_documents,
    programme_meetings,
)
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_reads_documents_and_meetings_and_no_chairs(
    hld, panel, django_assert_num_queries
):
    MeetingChair.objects.create(meeting=panel, person=PersonFactory())

    with django_assert_num_queries(3):  # documents, their versions, meetings
        programme = programme_documents(process=hld)
        days = meetings_by_day(meetings=programme_meetings(process=hld))
        rows = [
            (day.date, meeting.title, meeting.process is hld, meeting.venue.name, meeting.room.name)
            for day in days
            for meeting in day.meetings
            if meeting.kind == "preparatory_panel"
        ]

    assert rows == [
        (
            datetime.date(2006, 7, 6),
            "Interactive panel on migration and development",
            True,
            "Palais des Nations",
            "Salle XX",
        )
    ]
    assert [link.document.symbol for link in programme.mandate] == ["A/RES/58/208"]


def test_the_chairs_of_a_programme_come_by_meeting_in_their_order_in_one_query(
    hld, panel, late_plenary, django_assert_num_queries
):
    moderator = panel.chairs.get()  # the panel's own, first (order 0)
    second = MeetingChair.objects.create(meeting=panel, person=PersonFactory(), order=2)
    first = MeetingChair.objects.create(meeting=panel, person=PersonFactory(), order=1)
    plenary = MeetingChair.objects.create(meeting=late_plenary, person=PersonFactory())
    elsewhere = MeetingChair.objects.create(meeting=MeetingFactory(), person=PersonFactory())

    with django_assert_num_queries(1):
        chairs = programme_chairs(process=hld)
        people = {pk: [chair.person for chair in rows] for pk, rows in chairs.items()}
    every = programme_chairs()

    assert people == {
        panel.pk: [moderator.person, first.person, second.person],
        late_plenary.pk: [plenary.person],
    }
    assert every[elsewhere.meeting_id] == [elsewhere]
    assert every[panel.pk] == [moderator, first, second]
