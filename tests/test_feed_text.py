"""Text that goes into the iCalendar feeds: control characters in a meeting's title, venue,
room or description are made safe, never a server error."""

import icalendar
import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, RoomFactory


@pytest.mark.django_db
def test_meeting_feed_escapes_a_newline_and_drops_control_characters(client):
    meeting = MeetingFactory(
        title="Round table 1\nMigration\x0b and\x01 development\r",
        description="First line\nSecond\x07 line",
    )
    meeting.venue.name = "Hall\x1b A"
    meeting.venue.city = "New\nYork"
    meeting.venue.save()
    meeting.room = RoomFactory(venue=meeting.venue, name="Room\x0c 4")
    meeting.save()

    response = client.get(reverse("meeting_ics", kwargs={"slug": meeting.slug}))

    assert response.status_code == 200
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Round table 1\nMigration and development"
    assert str(event["location"]) == "Room 4, Hall A, New\nYork"
    assert str(event["description"]).endswith("First line\nSecond line")
    # icalendar reads an X- property back as it is written: the escaped line break shows.
    assert b"X-WR-CALNAME:Round table 1\\nMigration and development\r\n" in response.content


@pytest.mark.django_db
def test_programme_feed_takes_a_process_title_with_a_newline(client):
    meeting = MeetingFactory(title="Plenary\n1")
    process = meeting.process
    process.title = "High-level\nDialogue"
    process.short_title = "HLD\n2006"
    process.save()

    response = client.get(reverse("programme_ics"), {"process": process.slug})

    assert response.status_code == 200
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Plenary\n1"
    assert b"X-WR-CALNAME:" + str(process).replace("\n", "\\n").encode() + b"\r\n" in (
        response.content
    )
