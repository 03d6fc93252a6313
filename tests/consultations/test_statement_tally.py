"""The count of public statements (consultations/selectors/statement_tally.py): on PostgreSQL
read from a tally its triggers keep, on SQLite counted; the same number either way, whatever
wrote the statements, and when an embargo ends with no write."""

import datetime

import pytest
import time_machine
from django.db import connection

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.selectors import statement_tally
from consultations.selectors.statement_tally import compact_tally, public_statement_count
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC)


def postgresql_only(test):
    test = pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="PostgreSQL only: run with DATABASE_URL=postgres",
    )(test)
    return pytest.mark.postgres(test)


def _tally() -> dict[str, tuple[int, int]]:
    """The tally's sum and number of rows by state."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, SUM(n), COUNT(*) FROM consultations_statement_tally GROUP BY state"
        )
        return {state: (int(total), rows) for state, total, rows in cursor.fetchall()}


def _states() -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in Statement.objects.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


@pytest.fixture
def statements():
    meeting = MeetingFactory()
    published = StatementFactory.create_batch(3, meeting=meeting, published=True)
    embargoed = StatementFactory(
        meeting=meeting, published=True, embargo_until=NOW + datetime.timedelta(hours=2)
    )
    past_embargo = StatementFactory(
        meeting=meeting, published=True, embargo_until=NOW - datetime.timedelta(hours=2)
    )
    drafts = StatementFactory.create_batch(2, meeting=meeting)
    return {"published": published, "embargoed": embargoed, "past": past_embargo, "drafts": drafts}


def test_the_count_is_the_public_statements_and_grows_when_an_embargo_ends(statements):
    assert public_statement_count(now=NOW) == 4  # three, and the one whose embargo has ended
    assert public_statement_count(now=NOW + datetime.timedelta(hours=3)) == 5
    assert Statement.objects.public(now=NOW).count() == 4


def test_every_published_statement_is_public_or_under_embargo(statements):
    for now in (NOW - datetime.timedelta(hours=3), NOW, NOW + datetime.timedelta(hours=3)):
        public = set(Statement.objects.public(now=now).values_list("pk", flat=True))
        embargoed = set(Statement.objects.embargoed(now=now).values_list("pk", flat=True))
        published = Statement.objects.filter(state=StatementState.PUBLISHED)

        assert public.isdisjoint(embargoed)
        assert public | embargoed == set(published.values_list("pk", flat=True))


@postgresql_only
def test_the_tally_follows_every_kind_of_write(statements):
    draft = statements["drafts"][0]
    draft.state = StatementState.PUBLISHED  # a save of every column
    draft.published_at = NOW
    draft.save()
    Statement.objects.filter(pk=statements["published"][0].pk).update(
        state=StatementState.WITHDRAWN
    )  # a queryset update
    Statement.objects.filter(pk=statements["drafts"][1].pk).delete()
    with connection.cursor() as cursor:  # raw SQL, seen by the triggers as well
        cursor.execute(
            "UPDATE consultations_statement SET state = %s WHERE id = %s",
            [StatementState.SUBMITTED, statements["past"].pk],
        )
    rows = sum(rows for _total, rows in _tally().values())
    statements["published"][1].save()  # a save that changes no state adds no row

    assert sum(rows for _total, rows in _tally().values()) == rows
    assert {state: total for state, (total, _rows) in _tally().items() if total} == _states()
    assert public_statement_count(now=NOW) == Statement.objects.public(now=NOW).count() == 3


@postgresql_only
def test_the_reader_sums_the_rows_into_one_a_state_past_the_limit(statements, monkeypatch):
    before = {state: total for state, (total, _rows) in _tally().items()}
    assert max(rows for _total, rows in _tally().values()) > 1  # a row for each statement

    monkeypatch.setattr(statement_tally, "COMPACT_AFTER", 3)
    assert public_statement_count(now=NOW) == 4

    assert _tally() == {state: (total, 1) for state, total in before.items()}
    assert public_statement_count(now=NOW) == 4


@postgresql_only
def test_a_second_compaction_keeps_the_rows_added_since_the_first(statements):
    compact_tally()
    StatementFactory(meeting=statements["past"].meeting, published=True)
    compact_tally()

    assert _tally()["published"] == (6, 1)
    assert public_statement_count(now=NOW) == 5


@postgresql_only
def test_emptying_the_statements_table_empties_the_tally(statements):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as a flush between tests runs it
        cursor.execute("TRUNCATE consultations_statement CASCADE")

    assert _tally() == {}
    assert public_statement_count(now=NOW) == 0


def test_the_list_of_every_process_shows_the_public_count(client, statements, time_machine):
    time_machine.move_to(NOW)

    response = client.get("/statements/")

    assert "4 statements" in response.content.decode()


@postgresql_only
def test_the_list_of_every_process_reads_its_count_from_the_tally(client, statements, time_machine):
    time_machine.move_to(NOW)
    with connection.cursor() as cursor:  # a tally out of step shows that the page reads it
        cursor.execute(
            "INSERT INTO consultations_statement_tally (state, n) VALUES ('published', 10)"
        )

    every = client.get("/statements/").content.decode()
    of_one_meeting = client.get(
        "/statements/", {"meeting": statements["past"].meeting.slug}
    ).content.decode()

    assert "14 statements" in every
    assert "4 statements" in of_one_meeting  # a filtered list counts its statements


@postgresql_only
@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"page": "1"}, "14 statements"),  # a page of every statement: the tally
        ({"date_by": "published"}, "14 statements"),  # a basis without dates filters nothing
        ({"language": "en"}, "4 statements"),  # any filter: the statements counted
        ({"date_from": "2000-01-01"}, "4 statements"),
        ({"date_by": "nope"}, "0 statements"),  # an invalid filter lists none
    ],
)
def test_only_the_list_of_every_statement_reads_the_tally(client, statements, query, count):
    with time_machine.travel(NOW, tick=False), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consultations_statement_tally (state, n) VALUES ('published', 10)"
        )
        page = client.get("/statements/", query).content.decode()

    assert count in page
