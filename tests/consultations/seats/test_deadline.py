"""The deadline for round-table preferences: shown in the venue's time zone with its label;
after it, only the Secretariat changes a delegation's choices."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied

from consultations.models import SeatPreference
from consultations.selectors.seats import preferences_deadline
from consultations.services.seats import (
    SeatPreferenceError,
    seat_preferences_deadline_set,
    seat_preferences_set,
)
from consultations.venue_time import process_zone
from tests.consultations.seats.helpers import prefer, seat_process
from tests.factories import DelegationFactory, ProcessFactory, StakeholderFactory, VenueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
DEADLINE = datetime.datetime(2006, 9, 1, 18, 0, tzinfo=NEW_YORK)  # 22:00 UTC
BEFORE = datetime.datetime(2006, 9, 1, 21, 59, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2006, 9, 1, 22, 0, tzinfo=datetime.UTC)
PASSED = (
    "The deadline for round-table choices was 1 September 2006, 18:00 EDT: only the "
    "Secretariat changes them now."
)


@pytest.fixture
def belgium(state_a):
    """State A's delegation to a process whose choices close on 1 September 2006, 18:00 in
    New York; it chose round table 1."""
    process, tables = seat_process(seat_preferences_deadline=DEADLINE, is_current=True)
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    prefer(delegation, tables[0])
    return delegation, tables


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _ranked(delegation) -> list[str]:
    return list(
        delegation.seat_preferences.order_by("rank").values_list("meeting__title", flat=True)
    )


# --- The deadline -------------------------------------------------------------------------------
def test_the_deadline_is_shown_in_the_venues_zone_with_its_label(belgium):
    delegation, _tables = belgium

    with time_machine.travel(BEFORE, tick=False):
        deadline = preferences_deadline(process=delegation.process)

    assert (deadline.label, deadline.passed) == ("1 September 2006, 18:00 EDT", False)
    assert deadline.at == AFTER


def test_a_deadline_in_geneva_is_shown_in_geneva_time(state_a):
    process, (rt1, _rt2) = seat_process(
        seat_preferences_deadline=datetime.datetime(2006, 7, 5, 16, 0, tzinfo=datetime.UTC)
    )
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    type(rt1).objects.filter(process=process).update(venue=geneva)

    with time_machine.travel(BEFORE, tick=False):
        label = preferences_deadline(process=process).label

    assert label == "5 July 2006, 18:00 CEST"


def test_a_process_without_meetings_shows_its_deadline_in_utc():
    process = ProcessFactory(seat_preferences_deadline=AFTER)

    assert process_zone(process) == zoneinfo.ZoneInfo("UTC")
    assert preferences_deadline(process=process, now=BEFORE).label == (
        "1 September 2006, 22:00 UTC"
    )


def test_no_deadline_means_none():
    assert preferences_deadline(process=ProcessFactory(), now=AFTER) is None


# --- The service --------------------------------------------------------------------------------
def test_a_delegate_changes_the_choices_until_the_deadline(delegate_a, belgium):
    delegation, (rt1, rt2) = belgium

    with time_machine.travel(BEFORE, tick=False):
        seat_preferences_set(actor=delegate_a, delegation=delegation, meetings=[rt2, rt1])

    assert _ranked(delegation) == ["Round table 2", "Round table 1"]


def test_after_the_deadline_a_delegates_change_is_refused_with_the_time(delegate_a, belgium):
    delegation, (rt1, rt2) = belgium

    with time_machine.travel(AFTER, tick=False), pytest.raises(SeatPreferenceError) as error:
        seat_preferences_set(actor=delegate_a, delegation=delegation, meetings=[rt2, rt1])

    assert error.value.messages == [PASSED]
    assert _ranked(delegation) == ["Round table 1"]


def test_after_the_deadline_the_secretariat_changes_the_choices(secretariat_user, belgium):
    delegation, (_rt1, rt2) = belgium

    with time_machine.travel(AFTER, tick=False):
        seat_preferences_set(actor=secretariat_user, delegation=delegation, meetings=[rt2])

    assert _ranked(delegation) == ["Round table 2"]
    assert delegation.seat_preferences.get().history.latest().history_user == secretariat_user


# --- The delegate's pages -----------------------------------------------------------------------
def test_the_delegate_page_shows_when_choices_close(client, delegate_a, belgium):
    delegation, _tables = belgium
    client.force_login(delegate_a)

    with time_machine.travel(BEFORE, tick=False):
        page = client.get(f"/delegate/seats/{delegation.pk}/")
        portal = client.get("/delegate/")

    assert "Your choices" in _text(page)
    assert "Choices close on 1 September 2006, 18:00 EDT." in _text(page)
    assert 'id="preferences-form"' in page.content.decode()
    assert "Choices close on 1 September 2006, 18:00 EDT." in _text(portal)


def test_after_the_deadline_the_delegate_page_has_no_form_and_refuses_a_post(
    client, delegate_a, belgium
):
    delegation, (_rt1, rt2) = belgium
    client.force_login(delegate_a)
    url = f"/delegate/seats/{delegation.pk}/"

    with time_machine.travel(AFTER, tick=False):
        page = client.get(url)
        posted = client.post(url, {"choice_1": rt2.pk})
        portal = client.get("/delegate/")

    assert f"{PASSED} Round table 1" in _text(page)
    assert 'id="preferences-form"' not in page.content.decode()
    assert [str(m) for m in get_messages(posted.wsgi_request)] == [PASSED]
    assert _ranked(delegation) == ["Round table 1"]
    assert PASSED in _text(portal)


# --- The Secretariat's page ---------------------------------------------------------------------
def test_the_secretariat_changes_a_delegations_choices_after_the_deadline(
    client, secretariat_user, belgium
):
    delegation, (rt1, rt2) = belgium
    client.force_login(secretariat_user)
    url = f"/secretariat/seats/preferences/{delegation.pk}/"

    with time_machine.travel(AFTER, tick=False):
        page = client.get(url)
        response = client.post(url, {"choice_1": rt2.pk, "choice_2": rt1.pk}, follow=True)
        dashboard = _text(client.get(f"/secretariat/seats/?process={delegation.process.slug}"))

    assert f"Round-table choices of State A {delegation.process.title} {PASSED}" in _text(page)
    assert page.context["form"].initial == {"choice_1": rt1.pk}
    assert response.redirect_chain == [
        (f"/secretariat/seats/?process={delegation.process.slug}", 302)
    ]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The round-table choices of State A are saved."
    ]
    assert _ranked(delegation) == ["Round table 2", "Round table 1"]
    assert PASSED in dashboard
    assert "Change a Member State's round-table choices State A" in dashboard


def test_the_secretariat_page_answers_404_for_a_delegation_that_takes_no_seat(
    client, secretariat_user, belgium
):
    delegation, _tables = belgium
    other = DelegationFactory(process=delegation.process, stakeholder=StakeholderFactory())
    client.force_login(secretariat_user)

    response = client.get(f"/secretariat/seats/preferences/{other.pk}/")

    assert response.status_code == 404
    assert SeatPreference.objects.filter(delegation=other).count() == 0


# --- The Secretariat sets the deadline, typed in the venue's zone -------------------------------
def test_the_secretariat_sets_the_deadline_in_the_venues_zone(client, secretariat_user, belgium):
    delegation, _tables = belgium
    process = delegation.process
    process.seat_preferences_deadline = None
    process.save(update_fields=["seat_preferences_deadline"])
    client.force_login(secretariat_user)
    dashboard = f"/secretariat/seats/?process={process.slug}"

    with time_machine.travel(BEFORE, tick=False):
        response = client.post(
            f"/secretariat/seats/deadline/?process={process.slug}",
            {"deadline": "2006-09-01T18:00"},
            follow=True,
        )

    process.refresh_from_db()
    assert process.seat_preferences_deadline == AFTER
    assert process.history.order_by("-history_id").first().history_user == secretariat_user
    assert response.redirect_chain == [(dashboard, 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Round-table choices close on 1 September 2006, 18:00 EDT."
    ]
    assert 'value="2006-09-01T18:00"' in response.content.decode()
    assert "Time in New York (EST/EDT). Empty: no deadline." in _text(response)


def test_a_deadline_typed_for_geneva_is_read_in_geneva_time(client, secretariat_user):
    process, tables = seat_process()
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    type(tables[0]).objects.filter(process=process).update(venue=geneva)
    client.force_login(secretariat_user)

    client.post(
        f"/secretariat/seats/deadline/?process={process.slug}", {"deadline": "2006-07-05T18:00"}
    )

    process.refresh_from_db()
    assert process.seat_preferences_deadline == datetime.datetime(
        2006, 7, 5, 16, 0, tzinfo=datetime.UTC
    )


def test_a_time_the_clocks_skip_is_refused_and_an_empty_one_clears(
    client, secretariat_user, belgium
):
    delegation, _tables = belgium
    process = delegation.process
    client.force_login(secretariat_user)
    url = f"/secretariat/seats/deadline/?process={process.slug}"

    skipped = client.post(url, {"deadline": "2006-04-02T02:30"}, follow=True)
    kept = type(process).objects.get(pk=process.pk).seat_preferences_deadline
    cleared = client.post(url, {"deadline": ""}, follow=True)

    assert [str(m) for m in get_messages(skipped.wsgi_request)] == [
        "2006-04-02 02:30:00 couldn\u2019t be interpreted in time zone America/New_York; it may be "
        "ambiguous or it may not exist."
    ]
    assert kept == AFTER
    assert [str(m) for m in get_messages(cleared.wsgi_request)] == [
        "The round-table choices have no deadline now."
    ]
    process.refresh_from_db()
    assert process.seat_preferences_deadline is None


def test_a_delegate_cannot_set_the_deadline(delegate_a, belgium):
    delegation, _tables = belgium

    with pytest.raises(PermissionDenied):
        seat_preferences_deadline_set(actor=delegate_a, process=delegation.process, deadline=None)

    assert (
        type(delegation.process).objects.get(pk=delegation.process_id).seat_preferences_deadline
        == AFTER
    )
