"""A delegate's own time zone: set on the settings page, shown beside the venue's on the
portal (consultations/views/portal.py, consultations/templatetags/zones.py)."""

import pytest
from django.urls import reverse

from tests.factories import DelegationFactory, MeetingFactory, SpeakersListFactory

pytestmark = pytest.mark.django_db


def test_a_delegate_sets_their_own_time_zone(client, delegate_a):
    client.force_login(delegate_a)

    response = client.post(
        reverse("delegate:settings"), {"language": "en", "time_zone": "Europe/Brussels"}
    )

    delegate_a.refresh_from_db()
    assert (response.status_code, response.url) == (302, "/delegate/settings/")
    assert delegate_a.time_zone == "Europe/Brussels"


def test_a_time_zone_zoneinfo_does_not_know_is_refused(client, delegate_a):
    client.force_login(delegate_a)

    response = client.post(
        reverse("delegate:settings"), {"language": "en", "time_zone": "Mars/Olympus_Mons"}
    )

    delegate_a.refresh_from_db()
    assert delegate_a.time_zone == ""
    assert response.context["form"].errors == {
        "time_zone": [
            "Mars/Olympus_Mons is not a time zone name such as America/New_York or Europe/Zurich."
        ]
    }


@pytest.mark.clock
def test_the_portal_shows_times_in_the_delegate_s_own_zone_too(client, delegate_a, state_a):
    delegate_a.time_zone = "Europe/Brussels"
    delegate_a.save()
    meeting = MeetingFactory(title="Plenary 1")  # 10:00 EDT in New York: 16:00 CEST
    SpeakersListFactory(meeting=meeting)
    DelegationFactory(process=meeting.process, stakeholder=state_a)
    client.force_login(delegate_a)

    page = client.get(reverse("delegate:speakers")).content.decode()

    assert "14 September 2006, 10:00 EDT (16:00 CEST your time)" in page
