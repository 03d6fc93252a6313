"""The meeting admin schedules through the meeting services: only who may schedule meetings
(``consultations.schedule_meetings``) saves, whatever admin permissions a user was given
(consultations/admin/meetings.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations.choices import MeetingKind, MeetingStatus
from consultations.models import Meeting
from tests.factories import MeetingFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_without_scheduling(db):
    """A staff user given the admin's meeting permissions but not the Secretariat's role (with
    the second factor every staff user needs, so that only the permission is in question)."""
    user = UserFactory(email="clerk@example.org", is_staff=True)
    TOTPDeviceFactory(user=user)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="consultations",
            codename__in=["view_meeting", "add_meeting", "change_meeting", "delete_meeting"],
        )
    )
    return user


def english_fields(data: dict[str, str]) -> dict[str, str]:
    """The admin's form has a field per language: the title and description given are English."""
    for field in ("title", "description"):
        if field in data:
            data[f"{field}_en"] = data.pop(field)
    return data


def form(meeting: Meeting, **overrides) -> dict[str, str]:
    data = {
        "process": str(meeting.process_id),
        "kind": meeting.kind,
        "number": "",
        "title": meeting.title,
        "slug": meeting.slug,
        "theme": "",
        "status": MeetingStatus.PLANNED,
        "venue": str(meeting.venue_id),
        "room": "",
        "start_0": "2006-09-14",
        "start_1": "14:00:00",
        "end_0": "2006-09-14",
        "end_1": "17:00:00",
        "capacity": "",
        "description": "",
        "chairs-TOTAL_FORMS": "0",
        "chairs-INITIAL_FORMS": "0",
        "chairs-MIN_NUM_FORMS": "0",
        "chairs-MAX_NUM_FORMS": "1000",
        **overrides,
    }
    return english_fields(data)


def test_staff_without_the_scheduling_permission_cannot_change_a_meeting(
    client, staff_without_scheduling
):
    meeting = MeetingFactory(title="Plenary 1", kind=MeetingKind.PLENARY)
    client.force_login(staff_without_scheduling)

    response = client.post(
        reverse("admin:consultations_meeting_change", args=[meeting.pk]),
        form(meeting, title="Plenary 1, moved", start_1="09:00:00"),
    )

    meeting.refresh_from_db()
    assert response.status_code == 403
    assert (meeting.title, meeting.start.hour) == ("Plenary 1", 14)


def test_staff_without_the_scheduling_permission_cannot_add_a_meeting(
    client, staff_without_scheduling
):
    template = MeetingFactory(title="Plenary 1")
    client.force_login(staff_without_scheduling)

    response = client.post(
        reverse("admin:consultations_meeting_add"),
        form(template, title="Press briefing", slug="press-briefing"),
    )

    assert response.status_code == 403
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Plenary 1"]


def test_the_secretariat_changes_a_meeting_through_meeting_update(
    secretariat_client, secretariat_user
):
    meeting = MeetingFactory(title="Plenary 1", kind=MeetingKind.PLENARY)

    response = secretariat_client.post(
        reverse("admin:consultations_meeting_change", args=[meeting.pk]),
        form(meeting, title="Plenary 1, moved"),
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.title == "Plenary 1, moved"
    assert meeting.history.first().history_user == secretariat_user
