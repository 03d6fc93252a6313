"""Reads compiled with slots for several ids, and the processes of a statement list's page read
with the counts of their illustrative rows in one such read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Process
from consultations.selectors import illustrative
from consultations.selectors.compiled import compile_once, id_slots, run_rows
from consultations.selectors.illustrative import (
    COMPILED_PROCESSES,
    illustrative_counts,
    processes_counted,
)
from tests.factories import (
    MeetingFactory,
    ProcessFactory,
    SeatPreferenceFactory,
    StatementFactory,
)


def test_a_read_compiled_with_slots_reads_the_ids_it_is_given_and_no_more(db):
    processes = ProcessFactory.create_batch(4)
    slots = id_slots(3)
    compiled = compile_once(
        Process.objects.filter(pk__in=slots).order_by("pk").values_list("slug"),
        placeholder=slots,
    )
    first, second, third, fourth = processes

    with CaptureQueriesContext(connection) as queries:
        rows = run_rows(compiled, [third.pk, first.pk])

    assert rows == [(first.slug,), (third.slug,)]
    assert len(queries.captured_queries) == 1
    assert run_rows(compiled, [fourth.pk, second.pk, first.pk]) == [
        (first.slug,),
        (second.slug,),
        (fourth.slug,),
    ]
    assert run_rows(compiled, []) == []
    with pytest.raises(ValueError, match="4 values for 3 slots"):
        run_rows(compiled, [p.pk for p in processes])


def _with_illustrative_rows(process, meetings: int, statements: int) -> None:
    made = MeetingFactory.create_batch(meetings, process=process, is_illustrative=True)
    for _ in range(statements):
        StatementFactory(meeting=made[0], is_illustrative=True)


def test_the_processes_of_a_page_come_whole_in_the_order_asked_with_their_counts(db):
    plain, invented, unknown_pk = ProcessFactory(), ProcessFactory(), -1
    _with_illustrative_rows(invented, meetings=2, statements=3)
    SeatPreferenceFactory(delegation__process=invented, is_illustrative=True)
    expected = {
        p.pk: illustrative_counts(process=Process.objects.get(pk=p.pk)) for p in (plain, invented)
    }

    with CaptureQueriesContext(connection) as queries:
        found = processes_counted([invented.pk, unknown_pk, plain.pk, invented.pk])

    assert len(queries.captured_queries) == 1
    assert [p.pk for p in found] == [invented.pk, plain.pk]
    assert found[0].title == invented.title and found[0].start_date == invented.start_date
    assert found[0]._illustrative_counts == expected[invented.pk]
    assert expected[invented.pk]["meetings"] == 2
    assert expected[invented.pk]["statements"] == 3
    assert expected[invented.pk]["preferences"] == 1
    assert found[1]._illustrative_counts == expected[plain.pk]
    assert set(expected[plain.pk].values()) == {0}
    with CaptureQueriesContext(connection) as queries:
        illustrative.illustrative_counts_prime(processes=found)  # kept: nothing to count
    assert queries.captured_queries == []
    assert processes_counted([]) == []


@pytest.mark.parametrize("extra", [0, 1], ids=["as many as the slots", "one more"])
def test_the_processes_counted_are_one_query_whatever_their_number(db, extra):
    processes = ProcessFactory.create_batch(COMPILED_PROCESSES + extra)
    _with_illustrative_rows(processes[-1], meetings=1, statements=2)
    pks = [p.pk for p in reversed(processes)]

    loaded = list(Process.objects.filter(pk__in=pks))

    with CaptureQueriesContext(connection) as queries:
        found = processes_counted(pks)
    with CaptureQueriesContext(connection) as primed:
        illustrative.illustrative_counts_prime(processes=loaded)

    assert len(queries.captured_queries) == 1
    assert len(primed.captured_queries) == 1
    assert [p.pk for p in found] == pks
    assert found[0]._illustrative_counts["statements"] == 2
    assert found[0]._illustrative_counts["meetings"] == 1
    assert sum(sum(p._illustrative_counts.values()) for p in found[1:]) == 0
    by_pk = {p.pk: p._illustrative_counts for p in loaded}
    assert {p.pk: p._illustrative_counts for p in found} == by_pk
