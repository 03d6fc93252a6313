"""Querysets compiled once and run raw (consultations/selectors/compiled.py), and the meeting
page's read built on them (selectors.programme.meeting_detail): the same rows and instances as
the ORM's, in one query each, with every relation the page reads set."""

import datetime

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from consultations.api.serializers import MeetingSerializer
from consultations.choices import ChairRole, InscriptionStatus
from consultations.models import Floor, Inscription, Meeting, MeetingChair, MeetingNote
from consultations.models import SpeakersList as SpeakersListModel
from consultations.selectors import programme
from consultations.selectors.compiled import ANY_ID, compile_once, run_instances, run_rows
from tests.factories import (
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    RoomFactory,
    SpeakersListFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _inscriptions():
    return Inscription.objects.filter(speakers_list_id=ANY_ID).order_by("position")


def test_a_compiled_values_list_reads_the_rows_the_orm_reads(db):
    speakers_list = SpeakersListFactory()
    spoken = datetime.datetime(2006, 9, 14, 15, 5, tzinfo=datetime.UTC)
    InscriptionFactory(speakers_list=speakers_list, position=1, is_illustrative=True)
    InscriptionFactory(
        speakers_list=speakers_list, position=2, status=InscriptionStatus.SPOKE, spoke_at=spoken
    )
    paths = ("position", "is_illustrative", "status", "spoke_at", "stakeholder__slug")
    compiled = compile_once(_inscriptions().values_list(*paths), placeholder=ANY_ID)

    with CaptureQueriesContext(connection) as queries:
        rows = run_rows(compiled, speakers_list.pk)

    expected = list(
        Inscription.objects.filter(speakers_list=speakers_list)
        .order_by("position")
        .values_list(*paths)
    )
    assert rows == expected
    # Converted as the ORM converts them (SQLite's 1 and text): the parts' keys are their repr.
    assert [repr(row) for row in rows] == [repr(row) for row in expected]
    assert rows[0][1] is True and rows[1][3] == spoken
    assert len(queries.captured_queries) == 1
    assert run_rows(compiled, speakers_list.pk + 1) == []


def test_compiled_instances_come_with_their_relations_set(db):
    speakers_list = SpeakersListFactory()
    InscriptionFactory(speakers_list=speakers_list, position=1, speaker=PersonFactory())
    InscriptionFactory(speakers_list=speakers_list, position=2, speaker=None)
    compiled = compile_once(
        _inscriptions().select_related("stakeholder", "speaker"), placeholder=ANY_ID
    )

    with CaptureQueriesContext(connection) as queries:
        first, second = run_instances(compiled, speakers_list.pk)
        names = (first.stakeholder.name, first.speaker.family_name, second.speaker)

    assert len(queries.captured_queries) == 1
    assert names == (
        Inscription.objects.get(pk=first.pk).stakeholder.name,
        Inscription.objects.get(pk=first.pk).speaker.family_name,
        None,
    )
    assert (first.pk, second.pk) == tuple(
        Inscription.objects.order_by("position").values_list("pk", flat=True)
    )


@pytest.fixture
def meeting(db):
    """A plenary with all that its page reads: room, theme, a speakers list whose sitting has
    begun, two chairs and two notes under one heading."""
    meeting = MeetingFactory(
        slug="plenary",
        title="Opening plenary",
        title_fr="Séance plénière d'ouverture",
        room=RoomFactory(name="Conference Room 4"),
        theme=ThemeFactory(name="Remittances"),
        is_illustrative=True,
    )
    MeetingChair.objects.create(
        meeting=meeting,
        role=ChairRole.CO_CHAIR,
        person=PersonFactory(given_name="Jan", family_name="Eliasson"),
        order=2,
    )
    MeetingChair.objects.create(
        meeting=meeting, stakeholder=MemberStateFactory(name="Ghana", slug="ghana"), order=1
    )
    for order, text in enumerate(("Opened the Dialogue.", "Heard 40 speakers.")):
        note = MeetingNote.objects.create(heading="Press release", text=text, order=order)
        note.meetings.add(meeting)
    Floor.objects.create(speakers_list=SpeakersListFactory(meeting=meeting), version=4)
    return meeting


def test_the_meeting_page_reads_its_meeting_in_three_queries_and_nothing_after(meeting):
    with CaptureQueriesContext(connection) as queries, translation.override("fr"):
        found = programme.meeting_detail(slug="plenary")  # French and English columns
        read = [
            found.title,
            found.process.short_title or found.process.title,
            found.process.slug,
            found.venue.name,
            found.venue.time_zone,
            found.room.name,
            found.theme.name,
            found.speakers_list.minutes_per_speaker,
            found.speakers_list.meeting is found,
            found.speakers_list.floor.version,
            [(str(chair), chair.is_illustrative) for chair in found.chairs.all()],
            [(note.heading, note.text, note.source) for note in found.notes.all()],
        ]

    assert len(queries.captured_queries) == 3  # the meeting, its chairs, its notes
    assert read == [
        "Séance plénière d'ouverture",
        str(meeting.process),
        meeting.process.slug,
        "United Nations Headquarters",
        "America/New_York",
        "Conference Room 4",
        "Remittances",
        5,
        True,
        4,
        [("Président(e): Ghana", False), ("Coprésident(e): Jan Eliasson", False)],
        [
            ("Press release", "Opened the Dialogue.", ""),
            ("Press release", "Heard 40 speakers.", ""),
        ],
    ]
    assert (found.start, found.end, found.is_illustrative) == (
        meeting.start,
        meeting.end,
        True,
    )


def test_a_meeting_without_a_speakers_list_or_a_floor_says_so_without_a_query(meeting):
    bare = MeetingFactory(slug="bare")
    Floor.objects.filter(speakers_list__meeting=meeting).delete()

    with CaptureQueriesContext(connection) as queries:
        without_list = programme.meeting_detail(slug="bare")
        without_floor = programme.meeting_detail(slug="plenary")
        with pytest.raises(SpeakersListModel.DoesNotExist):
            without_list.speakers_list  # noqa: B018
        with pytest.raises(Floor.DoesNotExist):
            without_floor.speakers_list.floor  # noqa: B018
        relations = (without_list.room, without_list.theme, list(without_list.chairs.all()))

    assert len(queries.captured_queries) == 6
    assert relations == (None, None, [])
    assert without_list.pk == bare.pk


def test_an_unknown_meeting_is_not_found(db):
    with pytest.raises(Meeting.DoesNotExist):
        programme.meeting_detail(slug="atlantis")


def test_the_meeting_query_is_compiled_once_per_language(meeting):
    programme._meeting_detail_sql.cache_clear()

    for language in ("en", "fr", "en", "fr", "ar"):
        with translation.override(language):
            programme.meeting_detail(slug="plenary")

    assert programme._meeting_detail_sql.cache_info().misses == 3
    assert programme._meeting_detail_sql.cache_info().hits == 2


def test_the_api_shows_the_meeting_read_with_no_query_more(meeting):
    found = programme.meeting_detail(slug="plenary")

    with CaptureQueriesContext(connection) as queries:
        data = MeetingSerializer(found).data

    assert len(queries.captured_queries) == 0
    assert (data["theme"], data["room"]) == (meeting.theme.slug, "Conference Room 4")
    assert [(chair["person"], chair["stakeholder"]) for chair in data["chairs"]] == [
        (None, {"slug": "ghana", "name": "Ghana", "kind": "member_state"}),
        (
            {
                "slug": meeting.chairs.get(order=2).person.slug,
                "honorific": "",
                "name": "Jan Eliasson",
            },
            None,
        ),
    ]


# --- Prepared on PostgreSQL ---------------------------------------------------------------------
def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL only: run with DATABASE_URL=postgres"
)
@pytest.mark.parametrize("prepared", [True, False], ids=["PREPARED_READS", "off"])
def test_a_compiled_read_is_prepared_once_per_connection_and_counted(settings, prepared):
    settings.PREPARED_READS = prepared
    compiled = compile_once(_inscriptions().values_list("position"), placeholder=ANY_ID)
    first, second = SpeakersListFactory(), SpeakersListFactory()
    InscriptionFactory(speakers_list=first, position=1)
    InscriptionFactory(speakers_list=second, position=4)
    before = len(_prepared_statements())

    with CaptureQueriesContext(connection) as queries:
        rows = [run_rows(compiled, first.pk), run_rows(compiled, second.pk)]

    assert rows == [[(1,)], [(4,)]]
    # The query log sees them, with their values, as it sees every other query.
    assert [query["sql"].split(" WHERE ")[1] for query in queries.captured_queries] == [
        f'"consultations_inscription"."speakers_list_id" = {pk} ORDER BY 1 ASC'
        for pk in (first.pk, second.pk)
    ]
    prepared_now = _prepared_statements()
    assert len(prepared_now) == before + (1 if prepared else 0)
    assert any('"consultations_inscription"."position"' in s for s in prepared_now) == prepared
    # What Django's own cursors run is never prepared.
    list(Inscription.objects.filter(speakers_list=first))
    assert len(_prepared_statements()) == len(prepared_now)


@pytest.fixture
def prepared_positions():
    """A compiled read of a list's places, run once (prepared on this connection), and the
    list's id."""
    compiled = compile_once(_inscriptions().values_list("position"), placeholder=ANY_ID)
    InscriptionFactory(speakers_list=(speakers_list := SpeakersListFactory()), position=3)
    assert run_rows(compiled, speakers_list.pk) == [(3,)]
    return compiled, speakers_list.pk


@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL only: run with DATABASE_URL=postgres"
)
@pytest.mark.django_db(transaction=True)
def test_a_prepared_read_reconnects_as_any_query_does_when_the_connection_was_lost(
    prepared_positions,
):
    compiled, list_id = prepared_positions
    connection.connection.close()  # the server went away between two requests
    connection.health_check_done = False  # a new request: Django checks the connection first

    assert run_rows(compiled, list_id) == [(3,)]


@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL only: run with DATABASE_URL=postgres"
)
@pytest.mark.django_db(transaction=True)
def test_a_prepared_read_made_stale_by_a_migration_is_made_again(prepared_positions):
    compiled, list_id = prepared_positions
    alter = "ALTER TABLE consultations_inscription ALTER COLUMN position TYPE {}"
    # What a release migrating on another connection does (psycopg forgets its own prepared
    # statements when its connection alters a table, but not when another one does).
    params = {**connection.get_connection_params(), "autocommit": True}
    with psycopg.connect(**params) as release:
        release.execute(alter.format("bigint"))
        try:
            assert run_rows(compiled, list_id) == [(3,)]
        finally:
            release.execute(alter.format("integer"))
