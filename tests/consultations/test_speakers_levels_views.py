"""Pages of a requested level of representation: the delegate sees its request pending, the
Secretariat confirms or refuses it from the speakers list (consultations/views/speakers.py)."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages

from consultations.choices import LevelRequestStatus
from consultations.models import Inscription
from consultations.services.speakers import inscription_create
from registry.choices import ProtocolRank
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    DelegationMemberFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    SpeakersListFactory,
)

# clock: the list is open on the frozen day; decisions show their time.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
NOW = datetime.datetime(2006, 9, 10, 14, 30, tzinfo=datetime.UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def names(speakers_list) -> list[str]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("stakeholder__name", flat=True)
    )


@pytest.fixture
def plenary(db, time_machine, secretariat_user, state_a):
    """Alpha (minister) and Beta (other head of delegation) inscribed by the Secretariat; State
    A registered at "other head of delegation", its speaker a minister."""
    time_machine.move_to(NOW, tick=False)
    process = ProcessFactory(title="High-level Dialogue", is_current=True)
    speakers_list = SpeakersListFactory(
        meeting=MeetingFactory(process=process, title="Plenary 1"),
        opens_at=NOW - datetime.timedelta(days=1),
        closes_at=NOW + datetime.timedelta(days=1),
    )
    for minutes, (name, level) in enumerate(
        (("Alpha", ProtocolRank.MINISTER), ("Beta", ProtocolRank.HEAD_OF_DELEGATION))
    ):
        stakeholder = MemberStateFactory(name=name)
        DelegationFactory(process=process, stakeholder=stakeholder, level=level)
        inscription_create(
            actor=secretariat_user,
            speakers_list=speakers_list,
            stakeholder=stakeholder,
            at=NOW - datetime.timedelta(minutes=10 - minutes),
        )
    delegation = DelegationFactory(
        process=process, stakeholder=state_a, level=ProtocolRank.HEAD_OF_DELEGATION
    )
    minister = PersonFactory(honorific="H.E.", given_name="Mina", family_name="Minister")
    DelegationMemberFactory(delegation=delegation, person=minister)
    AppointmentFactory(
        person=minister,
        stakeholder=state_a,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    return speakers_list, minister


@pytest.fixture
def pending(plenary, client, delegate_a, state_a) -> Inscription:
    speakers_list, minister = plenary
    client.force_login(delegate_a)
    response = client.post(
        f"/delegate/speakers/{speakers_list.pk}/inscribe/",
        {"stakeholder": state_a.pk, "speaker": minister.pk, "speaker_post": "", "level": "1"},
    )
    assert response.status_code == 302
    client.logout()
    return Inscription.objects.get(stakeholder=state_a)


def test_a_delegate_asking_for_head_of_state_sees_it_pending(plenary, client, delegate_a, state_a):
    speakers_list, minister = plenary
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/speakers/{speakers_list.pk}/inscribe/",
        {"stakeholder": state_a.pk, "speaker": minister.pk, "speaker_post": "", "level": "1"},
    )
    page = client.get("/delegate/speakers/")

    inscription = Inscription.objects.get(stakeholder=state_a)
    assert (inscription.level, inscription.requested_level, inscription.level_request_status) == (
        ProtocolRank.MINISTER,
        ProtocolRank.HEAD_OF_STATE,
        LevelRequestStatus.PENDING,
    )
    assert names(speakers_list) == ["Alpha", "State A", "Beta"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "State A is inscribed on the speakers list of Plenary 1.",
        "Requested level: Head of State, pending confirmation by the Secretariat. Until then "
        "the list places the speaker at the registered level: Deputy Prime Minister / Minister.",
    ]
    assert (
        "Deputy Prime Minister / Minister requested: Head of State, pending confirmation 2"
        in text(page)
    )


def test_the_secretariat_page_offers_confirm_and_refuse(pending, secretariat_client):
    speakers_list = pending.speakers_list

    response = secretariat_client.get(f"/secretariat/speakers/{speakers_list.pk}/")

    html = response.content.decode()
    assert [i.pk for i in response.context["speakers"].pending_level_requests] == [pending.pk]
    assert (
        "Requests for a higher level Each speaker below is placed at the level the registry "
        "supports until you confirm the level the delegation asked for. Pending requests for a "
        "higher level, in list order Place Stakeholder "
        "Speaker Registered level Requested level Actions 2 State A H.E. Mina Minister, "
        "Minister for Foreign Affairs Deputy Prime Minister / Minister Head of State Confirm Refuse"
    ) in text(response)
    assert f'href="/secretariat/speakers/inscriptions/{pending.pk}/level/confirm/"' in html
    assert f'href="/secretariat/speakers/inscriptions/{pending.pk}/level/refuse/"' in html


def test_the_secretariat_confirms_and_the_speaker_moves_up(
    pending, secretariat_client, secretariat_user
):
    speakers_list = pending.speakers_list
    url = f"/secretariat/speakers/inscriptions/{pending.pk}/level/confirm/"
    before = names(speakers_list)

    response = secretariat_client.post(url, {})

    pending.refresh_from_db()
    assert before == ["Alpha", "State A", "Beta"]
    assert names(speakers_list) == ["State A", "Alpha", "Beta"]
    assert response.url == f"/secretariat/speakers/{speakers_list.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "State A speaks at the level of Head of State, in place 1."
    ]
    assert (
        pending.level,
        pending.level_request_status,
        pending.level_decided_by,
        pending.level_decided_at,
    ) == (ProtocolRank.HEAD_OF_STATE, LevelRequestStatus.CONFIRMED, secretariat_user, NOW)
    page = text(secretariat_client.get(response.url))
    assert (
        "Decisions on requested levels Decisions on requested levels, latest first When Who "
        "Stakeholder Requested level Decision Why 10 September 2006, 10:30:00 EDT "
        "secretariat@example.org State A Head of State Confirmed"
    ) in page


def test_the_secretariat_refuses_with_a_reason(pending, secretariat_client, secretariat_user):
    speakers_list = pending.speakers_list
    url = f"/secretariat/speakers/inscriptions/{pending.pk}/level/refuse/"

    blank = secretariat_client.post(url, {"reason": " "}, follow=True)
    blank_messages = [str(m) for m in blank.context["messages"]]
    response = secretariat_client.post(url, {"reason": "The Minister is registered."})

    pending.refresh_from_db()
    assert blank_messages == ["Say why the requested level is refused."]
    assert names(speakers_list) == ["Alpha", "State A", "Beta"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The requested level of State A is refused; it keeps place 2."
    ]
    assert (
        pending.level,
        pending.level_request_status,
        pending.level_decided_by,
        pending.level_decision_reason,
    ) == (
        ProtocolRank.MINISTER,
        LevelRequestStatus.REFUSED,
        secretariat_user,
        "The Minister is registered.",
    )


def test_the_delegate_sees_the_refusal_and_its_reason(
    pending, client, delegate_a, secretariat_client
):
    secretariat_client.post(
        f"/secretariat/speakers/inscriptions/{pending.pk}/level/refuse/",
        {"reason": "The Minister is registered."},
    )
    client.force_login(delegate_a)

    page = text(client.get("/delegate/speakers/"))

    assert (
        "Deputy Prime Minister / Minister requested: Head of State, refused: "
        "The Minister is registered. 2"
    ) in page


def test_a_delegate_cannot_confirm_its_own_request(pending, client, delegate_a):
    client.force_login(delegate_a)

    response = client.post(f"/secretariat/speakers/inscriptions/{pending.pk}/level/confirm/")

    pending.refresh_from_db()
    assert response.status_code == 403
    assert (pending.level, pending.level_request_status) == (
        ProtocolRank.MINISTER,
        LevelRequestStatus.PENDING,
    )
    assert names(pending.speakers_list) == ["Alpha", "State A", "Beta"]


def test_confirming_twice_is_refused_with_a_message(pending, secretariat_client):
    url = f"/secretariat/speakers/inscriptions/{pending.pk}/level/confirm/"
    secretariat_client.post(url, {}, follow=True)  # the page shows, and so uses, its message

    response = secretariat_client.post(url, {})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "There is no pending request for a higher level on this inscription."
    ]
    assert names(pending.speakers_list) == ["State A", "Alpha", "Beta"]
