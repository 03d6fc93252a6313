"""The programme's timeline (selectors.programme.programme_timeline): what its rows show, read
in three queries, whatever the number of meetings and chairs."""

import datetime

import pytest

from consultations.models import MeetingChair
from consultations.selectors.programme import programme_timeline
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_reads_documents_and_meetings_and_no_chairs(
    hld, panel, django_assert_num_queries
):
    MeetingChair.objects.create(meeting=panel, person=PersonFactory())

    with django_assert_num_queries(3):  # documents, their versions, meetings
        programme = programme_timeline(process=hld)
        rows = [
            (day.date, meeting.title, meeting.process is hld, meeting.venue.name, meeting.room.name)
            for day in programme.preparatory
            for meeting in day.meetings
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
