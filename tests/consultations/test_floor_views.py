"""The floor's pages: the Secretariat's desk and its plain forms, the projector in the screen's
language, the live panel on the public meeting page and the delegate portal, and the speaking
times page (consultations/views/floor.py, floor_time.py)."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from consultations.choices import FloorTurnKind
from consultations.services import floor as services
from tests.consultations.speakers_helpers import at, inscribe, state
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    PersonFactory,
    RegionalGroupFactory,
)
from tests.servers import text

pytestmark = pytest.mark.clock

T0 = datetime.datetime(2006, 9, 14, 14, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sitting(clock, secretariat_user, speakers_list):
    """A, B, C, D, E, F, G inscribed; A has the floor, speaking for 70 s of their 5 minutes."""
    names = "ABCDEFG"
    inscriptions = [
        inscribe(secretariat_user, speakers_list, state(name), at(2 + i))
        for i, name in enumerate(names)
    ]
    person = PersonFactory(given_name="Ana", family_name="Alvarez")
    first = inscriptions[0]
    first.speaker = person
    first.save(update_fields=["speaker"])
    for inscription in inscriptions:
        DelegationFactory(
            process=speakers_list.meeting.process, stakeholder=inscription.stakeholder
        )
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    services.floor_call_next(**kw)
    services.floor_start(**kw)
    clock.move_to(T0 + datetime.timedelta(seconds=70))
    return inscriptions


def desk(speakers_list, action="") -> str:
    if action:
        return reverse(f"secretariat:floor-{action}", args=[speakers_list.pk])
    return reverse("secretariat:floor", args=[speakers_list.pk])


def live_panel(page: str) -> str:
    """The text of the floor panel as it shows: its hidden parts left out."""
    match = re.search(r'<section class="floor-live.*?</section>', page, re.S)
    if not match or re.match(r"<section[^>]*\shidden>", match.group(0)):
        return ""
    shown = re.sub(r"<(\w+)[^>]*\shidden>.*?</\1>", "", match.group(0), flags=re.S)
    return text(shown)


def test_the_desk_shows_the_floor_the_timer_and_who_waits(
    secretariat_client, speakers_list, sitting
):
    page = secretariat_client.get(desk(speakers_list)).content.decode()

    assert live_panel(page) == (
        "On the floor now Ana Alvarez A Other head of delegation ⚠ Time left 3:50 Speaking "
        "Next speakers B (Other head of delegation) C (Other head of delegation) "
        "D (Other head of delegation) E (Other head of delegation) F (Other head of delegation) "
        "Refresh"
    )
    assert 'data-shortcut="n" data-target="floor-next-submit"' in page
    events = f"/meetings/{speakers_list.meeting.slug}/floor/events/?lang=en"
    assert f'data-floor-events="{events}"' in page
    assert re.findall(r'<th scope="row" class="fw-normal">(\w)', page)[:6] == list("BCDEFG")


def test_the_next_speaker_is_called_with_a_plain_form(secretariat_client, speakers_list, sitting):
    response = secretariat_client.post(desk(speakers_list, "next"), follow=True)

    assert response.redirect_chain == [(desk(speakers_list), 302)]
    page = response.content.decode()
    assert "B has the floor." in text(page)
    assert live_panel(page).startswith(
        "On the floor now B Other head of delegation ⚠ Time left 5:00 Called"
    )


def test_a_skip_without_a_reason_is_refused_on_the_desk(secretariat_client, speakers_list, sitting):
    secretariat_client.post(desk(speakers_list, "stop"))
    secretariat_client.post(desk(speakers_list, "next"))

    response = secretariat_client.post(desk(speakers_list, "skip"), {"reason": ""}, follow=True)

    assert "This field is required." in text(response.content.decode())
    assert live_panel(response.content.decode()).startswith("On the floor now B")


def test_a_point_of_order_and_a_right_of_reply_through_the_forms(
    secretariat_client, speakers_list, sitting
):
    c = sitting[2].stakeholder
    secretariat_client.post(
        desk(speakers_list, "out-of-order"),
        {"kind": FloorTurnKind.POINT_OF_ORDER, "stakeholder": c.pk, "speaker_name": ""},
    )
    page = secretariat_client.get(desk(speakers_list)).content.decode()
    assert live_panel(page).startswith("On the floor now C Point of order ⚠ Speaking for 0:00")

    for _ in range(3):
        response = secretariat_client.post(
            desk(speakers_list, "reply"), {"stakeholder": c.pk}, follow=True
        )
    assert "C has already had its 2 rights of reply at this meeting" in text(
        response.content.decode()
    )


def test_a_delegate_cannot_open_the_desk(client, speakers_list, sitting):
    delegate = FocalPointFactory(stakeholder=sitting[0].stakeholder).user
    client.force_login(delegate)

    assert client.get(desk(speakers_list)).status_code == 403
    assert client.post(desk(speakers_list, "next")).status_code == 403


def test_the_projector_speaks_the_screens_language_right_to_left_in_arabic(
    client, speakers_list, sitting
):
    url = reverse("floor-projector", args=[speakers_list.meeting.slug])

    page = client.get(url + "?lang=ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert (
        'data-floor-events="/meetings/' + speakers_list.meeting.slug + '/floor/events/?lang=ar"'
        in page
    )
    assert "Ana Alvarez" in page
    english = text(client.get(url + "?lang=en").content.decode())
    assert "Time left 3:50" in english
    assert "Next speakers B (Other head of delegation)" in english


def test_the_projector_reads_lang_as_every_page_does_a_variant_included(
    client, speakers_list, sitting
):
    url = reverse("floor-projector", args=[speakers_list.meeting.slug])

    response = client.get(url + "?lang=ZH")

    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans" dir="ltr">' in response.content.decode()
    assert "/floor/events/?lang=zh-hans" in response.content.decode()


def test_the_projector_shows_the_overrun_in_words_and_colour(clock, client, speakers_list, sitting):
    clock.move_to(T0 + datetime.timedelta(seconds=312))
    page = client.get(
        reverse("floor-projector", args=[speakers_list.meeting.slug])
    ).content.decode()

    assert '<section class="floor-live floor-overrun"' in page
    assert "⚠ Overrun +0:12 Speaking" in live_panel(page)


def test_the_meeting_page_and_the_portal_show_the_floor_in_session(
    client, speakers_list, sitting, secretariat_user
):
    meeting_page = client.get(reverse("meeting", args=[speakers_list.meeting.slug])).content
    assert live_panel(meeting_page.decode()).startswith("On the floor now Ana Alvarez A")
    assert b"/static/js/floor-live.js" in meeting_page

    delegate = FocalPointFactory(stakeholder=sitting[1].stakeholder).user
    client.force_login(delegate)
    portal = client.get(reverse("delegate:portal")).content.decode()
    assert live_panel(portal).startswith(f"{speakers_list.meeting.title}: On the floor now Ana")

    services.floor_close(actor=secretariat_user, speakers_list=speakers_list)
    portal = client.get(reverse("delegate:portal")).content.decode()
    assert live_panel(portal) == ""


def test_speaking_time_by_delegation_and_group_with_overruns(
    clock, secretariat_client, secretariat_user, speakers_list, sitting
):
    african = RegionalGroupFactory(code="AG", name="African States")
    for inscription in sitting[:2]:
        inscription.stakeholder.regional_group = african
        inscription.stakeholder.save()
    kw = {"actor": secretariat_user, "speakers_list": speakers_list}
    clock.move_to(T0 + datetime.timedelta(seconds=330))  # A: 5:30, 30 s over
    services.floor_call_next(**kw)
    services.floor_start(**kw)
    clock.move_to(T0 + datetime.timedelta(seconds=570))  # B: 4:00
    services.floor_stop(**kw)

    page = secretariat_client.get(
        reverse("secretariat:floor-time"), {"process": speakers_list.meeting.process.slug}
    ).content.decode()

    table = re.search(r'<table[^>]*id="time-by-group".*?</table>', page, re.S).group(0)
    assert text(table) == (
        "Speaking time by regional group "
        "Who Turns Time spoken Average Average limit Of the limit Overruns Time over "
        "African States 2 9:30 4:45 5:00 95 % 1 0:30"
    )
    table = re.search(r'<table[^>]*id="time-by-delegation".*?</table>', page, re.S).group(0)
    assert text(table).endswith(
        "A African States 1 5:30 5:30 5:00 110 % 1 0:30 "
        "B African States 1 4:00 4:00 5:00 80 % 0 0:00"
    )


def test_speaking_time_exports_every_turn(
    clock, secretariat_client, secretariat_user, speakers_list, sitting
):
    services.floor_stop(actor=secretariat_user, speakers_list=speakers_list)
    url = reverse("secretariat:export", args=["speaking-time", "csv"])

    response = secretariat_client.get(url, {"process": speakers_list.meeting.process.slug})

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Meeting,Turn,Right of reply number,Stakeholder,Kind,ISO code,Regional group,Speaker,"
        "Started (local time),Spoke for,Time limit,Overrun,Time zone,"
        "Illustrative or record,Recorded in"
    )
    assert lines[1].split(",")[1:4] == ["Speaker on the list", "", "A"]
    assert lines[1].split(",")[7:] == [
        "Ana Alvarez",
        "2006-09-14 10:00:00",
        "0:01:10",
        "0:05:00",
        "0:00:00",
        "America/New_York",
        "Record",
        "",
    ]
