"""The public record through the API: exact payloads (times in UTC and in the venue's zone,
with their offsets), the speaking order, the statements' filters, and list endpoints whose
number of queries does not grow with their rows."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.choices import ChairRole
from consultations.models import MeetingChair
from consultations.search import statement_search_refresh_all
from tests.factories import (
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    SpeakersListFactory,
    StatementFactory,
    ThemeFactory,
    VenueFactory,
)

UTC = datetime.UTC


@pytest.mark.clock
def test_a_meeting_has_its_chairs_and_times_in_utc_and_at_the_venue(client, db):
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    meeting = MeetingFactory(
        slug="panel-geneva",
        title="Panel (Geneva)",
        process__slug="hld",
        venue=geneva,
        start=datetime.datetime(2006, 7, 6, 8, 0, tzinfo=UTC),
        end=datetime.datetime(2006, 7, 6, 11, 0, tzinfo=UTC),
    )
    chair = PersonFactory(slug="chair-1", given_name="Ana", family_name="Chair")
    MeetingChair.objects.create(meeting=meeting, person=chair, role=ChairRole.CHAIR)

    answer = client.get("/api/v1/meetings/panel-geneva/")

    assert answer.json() == {
        "slug": "panel-geneva",
        "process": "hld",
        "kind": "plenary",
        "number": None,
        "title": "Panel (Geneva)",
        "theme": None,
        "status": "planned",
        "venue": {
            "name": "Palais des Nations",
            "city": "Geneva",
            "country": "",
            "time_zone": "Europe/Zurich",
        },
        "room": None,
        "start": "2006-07-06T08:00:00Z",
        "end": "2006-07-06T11:00:00Z",
        "start_local": "2006-07-06T10:00:00+02:00",
        "end_local": "2006-07-06T13:00:00+02:00",
        "chairs": [
            {
                "role": "chair",
                "person": {"slug": "chair-1", "honorific": "", "name": "Ana Chair"},
                "stakeholder": None,
                "is_illustrative": False,
            }
        ],
        "is_illustrative": False,
    }


@pytest.mark.clock
def test_the_speakers_list_is_in_speaking_order_with_expected_times(client, db):
    meeting = MeetingFactory(slug="plenary")  # 14:00-17:00 UTC, New York
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=4)
    first = InscriptionFactory(
        speakers_list=speakers_list, stakeholder=MemberStateFactory(slug="a"), position=1
    )
    InscriptionFactory(
        speakers_list=speakers_list,
        stakeholder=MemberStateFactory(slug="b"),
        position=2,
        status="spoke",
        spoke_seconds=300,
    )
    InscriptionFactory(
        speakers_list=speakers_list,
        stakeholder=first.stakeholder.__class__.objects.create(slug="c", name="C", kind="igo"),
        position=3,
    )

    with time_machine.travel(datetime.datetime(2006, 9, 14, 15, 0, tzinfo=UTC), tick=False):
        answer = client.get("/api/v1/meetings/plenary/speakers/").json()

    assert {key: answer[key] for key in ("meeting", "status", "state", "expected_end")} == {
        "meeting": "plenary",
        "status": "open",
        "state": "open",
        "expected_end": "2006-09-14T14:13:00Z",
    }
    assert [
        (row["place"], row["stakeholder"]["slug"], row["expected_at"], row["expected_at_local"])
        for row in answer["speakers"]
    ] == [
        (1, "a", "2006-09-14T14:00:00Z", "2006-09-14T10:00:00-04:00"),
        (2, "b", "2006-09-14T14:04:00Z", "2006-09-14T10:04:00-04:00"),
        (3, "c", "2006-09-14T14:09:00Z", "2006-09-14T10:09:00-04:00"),
    ]
    assert [row["spoke_seconds"] for row in answer["speakers"]] == [None, 300, None]


@pytest.mark.clock
def test_statements_take_the_search_and_filters_of_the_public_list(client, db):
    theme = ThemeFactory(slug="remittances")
    fr = StatementFactory(published=True, title="Les transferts de fonds", language="fr")
    fr.themes.set([theme])
    StatementFactory(published=True, title="Remittances", language="en")
    StatementFactory(title="A draft about remittances")  # not public
    StatementFactory(
        published=True,
        title="Remittances later",
        embargo_until=datetime.datetime(2999, 1, 1, tzinfo=UTC),
    )
    statement_search_refresh_all()  # the factories write no search vector (PostgreSQL)

    def ids(query: str) -> list[str]:
        return [
            row["title"] for row in client.get(f"/api/v1/statements/?{query}").json()["results"]
        ]

    assert ids("q=remittances") == ["Remittances"]
    assert ids("language=fr") == ["Les transferts de fonds"]
    assert ids("theme=remittances") == ["Les transferts de fonds"]
    assert ids("") == ["Remittances", "Les transferts de fonds"]


def _count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    assert answer.status_code == 200, answer.content
    return len(queries)


def _statements(n: int, process) -> None:
    meeting = MeetingFactory(process=process)
    theme = ThemeFactory()
    for _ in range(n):
        StatementFactory(published=True, meeting=meeting, themes=[theme])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statements/",
        "/api/v1/meetings/",
        "/api/v1/processes/",
        "/api/v1/registry/stakeholders/",
        "/api/v1/processes/p/positions/",
        "/api/v1/processes/p/summary/",
    ],
)
def test_lists_cost_the_same_queries_at_two_sizes(client, db, path):
    process = ProcessFactory(slug="p")
    _statements(2, process)
    small = _count_queries(client, path)
    _statements(12, process)
    ProcessFactory.create_batch(5)
    large = _count_queries(client, path)

    assert small == large


def test_an_unknown_address_and_a_bad_cursor_are_problems(client, db):
    unknown = client.get("/api/v1/nothing/")
    cursor = client.get("/api/v1/processes/?cursor=bad")
    method = client.delete("/api/v1/processes/")

    assert (unknown.status_code, unknown.json()["type"]) == (404, "urn:hlderp:problem:not_found")
    assert (cursor.status_code, cursor.json()["invalid_params"]) == (
        404,
        [{"name": "cursor", "reason": "Invalid cursor."}],
    )
    assert (method.status_code, method["Content-Type"]) == (405, "application/problem+json")
