"""Feeds that calendars keep (issue 16, item 4): each event's UID is globally unique and stable,
SEQUENCE and LAST-MODIFIED move when a meeting changes, each event links to its meeting's page,
and a cancelled meeting stays in the feed as cancelled."""

import datetime

import icalendar
import pytest
from django.test import override_settings

from consultations import ical
from consultations.choices import MeetingStatus
from consultations.models import MeetingChair
from tests.factories import (
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    RoomFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _feed(client, process) -> dict[str, icalendar.Event]:
    response = client.get(f"/p/{process.slug}/programme.ics")
    assert response.status_code == 200
    return _events(response.content)


def test_two_processes_feeds_give_disjoint_uids(client):
    one, two = ProcessFactory(), ProcessFactory()
    for process in (one, two):
        for _ in range(3):
            MeetingFactory(process=process)

    first, second = _feed(client, one), _feed(client, two)

    assert len(first) == len(second) == 3
    assert not set(first) & set(second)
    # Unique beyond this site too: the site's domain, not the bare "@hlderp" of a row number.
    assert all(uid.endswith("@testserver") for uid in (*first, *second))
    assert not any(uid.startswith("meeting-") and uid.endswith("@hlderp") for uid in first)


@override_settings(SITE_URL="https://hlderp.un.example")
def test_the_uid_takes_the_sites_domain_from_site_url(client):
    meeting = MeetingFactory(slug="plenary-7")

    events = _events(client.get("/meetings/plenary-7.ics").content)

    assert list(events) == ["plenary-7@hlderp.un.example"]
    # The same UID in the process's feed and in the every-process feed.
    assert "plenary-7@hlderp.un.example" in _feed(client, meeting.process)


@pytest.mark.clock
def test_a_changed_meeting_keeps_its_uid_and_raises_its_sequence(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    meeting = MeetingFactory()
    before = _feed(client, meeting.process)
    (uid,) = before

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC), tick=False)
    meeting.start += datetime.timedelta(hours=1)
    meeting.end += datetime.timedelta(hours=1)
    meeting.save()
    after = _feed(client, meeting.process)

    assert list(after) == [uid]
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")
    assert after[uid].decoded("LAST-MODIFIED") == datetime.datetime(
        2026, 3, 2, 9, 30, tzinfo=datetime.UTC
    )

    # A new chair changes the event (its description) too.
    time_machine.move_to(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC), tick=False)
    MeetingChair.objects.create(meeting=meeting, person=PersonFactory(), role="chair")
    chaired = _feed(client, meeting.process)
    assert int(chaired[uid]["SEQUENCE"]) > int(after[uid]["SEQUENCE"])
    assert chaired[uid].decoded("LAST-MODIFIED") > after[uid].decoded("LAST-MODIFIED")


def test_a_new_meeting_starts_at_sequence_zero(client):
    meeting = MeetingFactory()

    (event,) = _events(client.get(f"/meetings/{meeting.slug}.ics").content).values()

    assert int(event["SEQUENCE"]) == 0


def test_each_event_links_to_its_meeting_page(client):
    meeting = MeetingFactory(slug="round-table-2")

    (event,) = _feed(client, meeting.process).values()

    assert str(event["URL"]) == "http://testserver/meetings/round-table-2/"
    assert client.get(str(event["URL"]).removeprefix("http://testserver")).status_code == 200


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client):
    meeting = MeetingFactory(status=MeetingStatus.CONFIRMED)
    (uid,) = _feed(client, meeting.process)

    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    events = _feed(client, meeting.process)

    assert list(events) == [uid]
    assert str(events[uid]["STATUS"]) == "CANCELLED"
    assert int(events[uid]["SEQUENCE"]) == 1


def test_long_lines_fold_at_75_octets_without_splitting_a_character(client):
    title = "Диалог высокого уровня по вопросу о международной миграции; 対話, 2006"  # noqa: RUF001
    meeting = MeetingFactory(title=title, description="é" * 200)

    body = client.get(f"/meetings/{meeting.slug}.ics").content

    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # each physical line is whole UTF-8
    (event,) = _events(body).values()
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).endswith("é" * 200)


def test_text_escapes_what_rfc_5545_asks():
    assert ical.text(" a\\b;c,d\r\ne\rf\x07 ") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_events_sharing_a_room_or_a_theme_each_name_their_own_in_the_page_language(client):
    """Each place and theme is written once a feed and shared by its events: each event still
    names its own room and theme, in the feed's language."""
    process = ProcessFactory(slug="shared")
    first_room = RoomFactory(name="Room 1", name_fr="Salle 1")
    second_room = RoomFactory(name="Room 2", venue=first_room.venue)
    theme = ThemeFactory(name="Remittances", name_fr="Envois de fonds")
    for slug, room, with_theme in [
        ("one", first_room, True),
        ("two", second_room, True),
        ("three", first_room, False),
    ]:
        MeetingFactory(
            process=process,
            slug=slug,
            venue=first_room.venue,
            room=room,
            theme=theme if with_theme else None,
        )

    events = _events(client.get("/p/shared/programme.ics", {"lang": "fr"}).content)

    assert {uid: str(event["LOCATION"]) for uid, event in events.items()} == {
        "one@testserver": "Salle 1, United Nations Headquarters, New York",
        "two@testserver": "Room 2, United Nations Headquarters, New York",
        "three@testserver": "Salle 1, United Nations Headquarters, New York",
    }
    assert {uid: str(event["DESCRIPTION"]) for uid, event in events.items()} == {
        "one@testserver": "Séance plénière\nThème\u00a0: Envois de fonds",
        "two@testserver": "Séance plénière\nThème\u00a0: Envois de fonds",
        "three@testserver": "Séance plénière",
    }


@pytest.mark.clock
def test_revisions_count_a_meetings_and_its_chairs_changes_in_one_query(
    time_machine, django_assert_num_queries
):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    changed = MeetingFactory()
    untouched = MeetingFactory(process=changed.process)
    MeetingFactory()  # another process's
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
    changed.title = "Moved"
    changed.save()
    time_machine.move_to(datetime.datetime(2026, 3, 1, 11, 0, tzinfo=datetime.UTC), tick=False)
    MeetingChair.objects.create(meeting=changed, person=PersonFactory(), role="chair")

    with django_assert_num_queries(1):
        revisions = ical.meeting_revisions(process=changed.process)

    assert revisions == {
        changed.pk: ical.Revision(2, datetime.datetime(2026, 3, 1, 11, 0, tzinfo=datetime.UTC)),
        untouched.pk: ical.Revision(0, datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)),
    }
