"""How many statements the public may read, counted without reading them on PostgreSQL.

The public list of every process shows its count on each page; at 80,000 statements counting
them took 9 ms of the database's time a request, more than the rest of the page. On PostgreSQL
triggers (migration 0018_statement_tally) add a row of +1 or -1 by state for every statement
added, deleted or moved to another state, in the same transaction as the change: the number of
published statements is the sum of its rows, read from the same snapshot as the statements. Less
those still under embargo (a few, found by index), that is the public count, at any moment and
with no write when an embargo ends.

The triggers only add rows, so that two transactions never wait for each other on the tally;
when there are more than COMPACT_AFTER rows, the reader sums them into one row a state. SQLite
counts the statements themselves.
"""

import datetime
import logging

from django.db import DatabaseError, connection, transaction

from consultations.choices import StatementState
from consultations.models import Statement

TALLY = "consultations_statement_tally"
COMPACT_AFTER = 1000
_COMPACTING = 20_061_214  # the advisory lock a compaction holds: one at a time

logger = logging.getLogger(__name__)


def public_statement_count(*, now: datetime.datetime) -> int:
    """How many statements ``Statement.objects.public(now=now)`` holds. One query."""
    if connection.vendor != "postgresql":
        return Statement.objects.public(now=now).count()
    embargoed = Statement.objects.embargoed(now=now).order_by().values("pk")
    embargoed, params = embargoed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(n), 0) FROM {TALLY} WHERE state = %s)"
            f" - (SELECT COUNT(*) FROM ({embargoed}) AS embargoed),"
            f" (SELECT COUNT(*) FROM {TALLY})",
            [StatementState.PUBLISHED, *params],
        )
        count, rows = cursor.fetchone()
    if rows > COMPACT_AFTER:
        compact_tally()
    return int(count)  # the sum of bigints is a numeric


def compact_tally() -> None:
    """Sum the tally's rows into one a state (PostgreSQL). Rows added meanwhile by other
    transactions are left as they are. One reader at a time compacts (the others go on: the
    count they read is right either way), and a compaction that fails is logged, not raised:
    the page asking has its count."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_COMPACTING])
            (ours,) = cursor.fetchone()
            if ours:
                cursor.execute(
                    f"WITH gone AS (DELETE FROM {TALLY} RETURNING state, n)"
                    f" INSERT INTO {TALLY} (state, n)"
                    " SELECT state, SUM(n) FROM gone GROUP BY state"
                )
    except DatabaseError:
        logger.exception("The statement tally could not be compacted")
