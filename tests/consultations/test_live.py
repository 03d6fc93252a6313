"""The live pages' event stream (consultations/live.py): a viewer gets the floor as it is, then
each change once its transaction commits, in the viewer's language; through the ASGI
application as a browser meets it. One process here: the hub delivers in memory (the
two-server test, tests/test_live_servers.py, sends it through Redis)."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.urls import reverse

from consultations import live
from consultations.services import floor as services
from tests.consultations.speakers_helpers import at, inscribe, state
from tests.factories import MeetingFactory, SecretariatUserFactory, SpeakersListFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sitting():
    user = SecretariatUserFactory()
    speakers_list = SpeakersListFactory(meeting=MeetingFactory(slug="plenary-1"))
    for day, name in enumerate(("Belgium", "Mexico", "Ghana"), start=2):
        inscribe(user, speakers_list, state(name), at(day))
    services.floor_call_next(actor=user, speakers_list=speakers_list)
    return user, speakers_list


def event(frame: bytes) -> tuple[str, dict]:
    lines = frame.decode().strip().split("\n")
    fields = dict(line.split(": ", 1) for line in lines)
    return fields["id"], json.loads(fields["data"])


def test_a_viewer_gets_the_floor_then_each_change_in_its_language(sitting):
    user, speakers_list = sitting

    async def watch():
        stream = live.floor_stream(speakers_list_id=speakers_list.pk, language="fr")
        assert await anext(stream) == b"retry: 2000\n\n"
        first = event(await anext(stream))
        await sync_to_async(services.floor_start, thread_sensitive=False)(
            actor=user, speakers_list=speakers_list
        )
        second = event(await asyncio.wait_for(anext(stream), 5))
        await sync_to_async(services.floor_call_next, thread_sensitive=False)(
            actor=user, speakers_list=speakers_list
        )
        third = event(await asyncio.wait_for(anext(stream), 5))
        await stream.aclose()
        return first, second, third

    first, second, third = asyncio.run(watch())

    assert (first[0], first[1]["current"]["stakeholder"], first[1]["current"]["status"]) == (
        "1",
        "Belgium",
        "called",
    )
    assert first[1]["current"]["level"] == "Autre chef de délégation"
    assert [entry["stakeholder"] for entry in first[1]["next"]] == ["Mexico", "Ghana"]
    assert (second[0], second[1]["current"]["running"]) == ("2", True)
    assert (third[0], third[1]["current"]["stakeholder"], third[1]["current"]["level"]) == (
        "3",
        "Mexico",
        "Autre chef de délégation",
    )
    assert live.hub.viewers == 0  # the viewer who left is forgotten


def test_a_slow_viewer_gets_the_latest_state_not_a_backlog(sitting):
    user, speakers_list = sitting

    async def watch():
        stream = live.floor_stream(speakers_list_id=speakers_list.pk, language="en")
        await anext(stream)
        await anext(stream)
        for service in (services.floor_start, services.floor_pause, services.floor_start):
            await sync_to_async(service, thread_sensitive=False)(
                actor=user, speakers_list=speakers_list
            )
        latest = event(await asyncio.wait_for(anext(stream), 5))
        await stream.aclose()
        return latest

    version, payload = asyncio.run(watch())

    assert (version, payload["current"]["status"]) == ("4", "speaking")


@pytest.mark.parametrize(
    ("lang", "announced"),
    [
        ("en", "On the floor: Belgium (Other head of delegation)."),
        ("FR", "A la parole : Belgium ("),  # ?lang= read as on every page, a variant included
    ],
)
def test_the_event_stream_through_the_asgi_application(sitting, lang, announced):
    async def read():
        response = await AsyncClient().get(
            reverse("floor-events", args=["plenary-1"]), {"lang": lang}
        )
        stream = response.streaming_content
        chunks = [await anext(stream), await anext(stream)]
        await stream.aclose()
        return response, chunks

    response, chunks = asyncio.run(read())

    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response["Cache-Control"] == "no-cache, no-store"
    version, payload = event(chunks[1])
    assert (version, payload["current"]["stakeholder"]) == ("1", "Belgium")
    assert payload["announce"].startswith(announced)


def test_a_meeting_without_a_speakers_list_has_no_stream(db):
    MeetingFactory(slug="no-list")

    async def read():
        return await AsyncClient().get(reverse("floor-events", args=["no-list"]))

    assert asyncio.run(read()).status_code == 404
