"""A delegation's speakers and round-table choices through the API: the speakers and seats
services, their refusals as problems, another delegation's objects as 404."""

import datetime

import pytest
import time_machine

from consultations.models import Inscription, SeatPreference
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    RoundTableFactory,
    SpeakersListFactory,
)

pytestmark = [pytest.mark.clock]
NOW = datetime.datetime(2006, 9, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plenary(state_a, state_b):
    meeting = MeetingFactory(slug="plenary", process__slug="hld")
    for state in (state_a, state_b):
        DelegationFactory(process=meeting.process, stakeholder=state)
    return SpeakersListFactory(meeting=meeting)


def test_a_delegate_inscribes_and_withdraws_its_own_speaker(
    frozen, a_writer, b_writer, state_a, plenary
):
    inscribed = a_writer.post(
        "/api/v1/meetings/plenary/speakers/", {"stakeholder": "state-a"}, "application/json"
    )
    again = a_writer.post(
        "/api/v1/meetings/plenary/speakers/", {"stakeholder": "state-a"}, "application/json"
    )
    pk = inscribed.json()["id"]
    by_b = b_writer.post(f"/api/v1/inscriptions/{pk}/withdraw/")
    for_a_by_b = b_writer.post(
        "/api/v1/meetings/plenary/speakers/", {"stakeholder": "state-a"}, "application/json"
    )
    withdrawn = a_writer.post(f"/api/v1/inscriptions/{pk}/withdraw/")

    assert inscribed.status_code == 201
    assert inscribed.json() == {
        "id": pk,
        "meeting": "plenary",
        "stakeholder": {"slug": "state-a", "name": "State A", "kind": "member_state"},
        "speaker": None,
        "speaker_name": "",
        "speaker_post": "",
        "level": 6,
        "requested_level": None,
        "level_request_status": "",
        "status": "inscribed",
        "place": 1,
        "inscribed_at": "2006-09-10T12:00:00Z",
    }
    assert (again.status_code, again.json()["type"]) == (
        409,
        "urn:hlderp:problem:already_inscribed",
    )
    assert (by_b.status_code, for_a_by_b.status_code) == (404, 404)
    assert (withdrawn.status_code, withdrawn.json()["status"], withdrawn.json()["place"]) == (
        200,
        "withdrawn",
        None,
    )
    assert Inscription.objects.get(pk=pk).status == "withdrawn"


def test_a_closed_list_refuses_a_delegate_with_its_time(frozen, a_writer, plenary):
    plenary.closes_at = datetime.datetime(2006, 9, 9, 22, 0, tzinfo=datetime.UTC)
    plenary.save()

    answer = a_writer.post(
        "/api/v1/meetings/plenary/speakers/", {"stakeholder": "state-a"}, "application/json"
    )

    assert answer.json() == {
        "type": "urn:hlderp:problem:speakers_list_closed",
        "title": "Conflict",
        "status": 409,
        "detail": "The speakers list closed on 9 September 2006 at 18:00 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn.",
        "instance": "/api/v1/meetings/plenary/speakers/",
    }


def test_a_delegation_ranks_its_round_tables(frozen, a_writer, b_writer, state_a):
    delegation = DelegationFactory(stakeholder=state_a, process__slug="hld")
    first = RoundTableFactory(process=delegation.process, slug="rt-1")
    second = RoundTableFactory(process=delegation.process, slug="rt-2")
    MeetingFactory(process=delegation.process, slug="plenary-x", title="Plenary X")
    url = f"/api/v1/delegations/{delegation.pk}/round-tables/"

    ranked = a_writer.put(url, {"round_tables": ["rt-2", "rt-1"]}, "application/json")
    plenary = a_writer.put(url, {"round_tables": ["plenary-x"]}, "application/json")
    by_b = b_writer.put(url, {"round_tables": ["rt-1"]}, "application/json")

    assert (ranked.status_code, ranked.json()["round_tables"]) == (200, ["rt-2", "rt-1"])
    assert (plenary.status_code, plenary.json()["detail"]) == (
        422,
        "Plenary X is not a round table of this process.",
    )
    assert plenary.json()["type"] == "urn:hlderp:problem:seat_preference_error"
    assert by_b.status_code == 404
    assert [(p.rank, p.meeting) for p in SeatPreference.objects.filter(delegation=delegation)] == [
        (1, second),
        (2, first),
    ]
