"""Querysets compiled once per worker and run as raw SQL, for the reads a page makes on every
request with one value changed (a slug, an id).

Building a queryset's SQL (its joins, its columns: seven for each translated field) costs about
a millisecond of Python each time, several times what the database spends running it.
``compile_once`` builds it once, with a placeholder for the value that changes; ``run_rows``,
``run_dicts`` and ``run_instances`` run it with the value and read the rows as the ORM would:
each column through its converters (SQLite's booleans and datetimes), and each row into a tuple
(a ``values_list``), a dict (a ``values``) or a model instance with its ``select_related``
relations and annotations set (a missing relation set to None: reading it makes no query).

On PostgreSQL each is a prepared statement of the connection (``PREPARED_READS``, on by
default): planning a meeting page's read took the database 0.7 ms, running it 0.1 ms. Django
turns psycopg's preparing off and binds on the client; these reads bind on the server and ask
for it, and nothing else is prepared. They go through Django's cursor wrapper all the same, so
that the query log, the execute wrappers and the tests' query counts see them.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import Query

# An id no row has, and a slug no row has (a slug has no space): placeholders for the value.
ANY_ID = -7_302_006
ANY_SLUG = "any row"


def id_slots(count: int) -> tuple[int, ...]:
    """Placeholders for up to ``count`` ids (``pk__in=id_slots(50)``, with ``placeholder`` the
    same tuple): a run puts its ids in the first slots; the others keep ids no row has."""
    return tuple(ANY_ID - n for n in range(count))


@dataclass(frozen=True)
class Compiled:
    """A queryset's SQL and parameters, one of which is ``placeholder``, the layout of its
    rows (the compiler's ``select`` and ``klass_info``) and the converters of its columns (of
    the compiling connection's backend: they read only the settings that every connection to
    the database shares)."""

    query: Query
    sql: str
    params: tuple
    placeholder: object
    select: tuple
    klass_info: dict | None
    annotation_col_map: dict
    converters: dict


def compile_once(queryset: QuerySet, *, placeholder) -> Compiled:
    """``queryset``, filtered on ``placeholder`` where a run puts its value (or on the
    ``id_slots`` where a run puts its ids), compiled. Keep the result per worker
    (``functools.cache`` keyed by the connection's vendor and whatever else shapes the query,
    such as the page's language)."""
    compiler = queryset.query.get_compiler(connection=connections[DEFAULT_DB_ALIAS])
    sql, params = compiler.as_sql()
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    return Compiled(
        query=queryset.query,
        sql=sql,
        params=tuple(params),
        placeholder=placeholder,
        select=tuple(compiler.select),
        klass_info=compiler.klass_info,
        annotation_col_map=compiler.annotation_col_map or {},
        converters=compiler.get_converters(columns),
    )


def _params(compiled: Compiled, value) -> list:
    if not isinstance(compiled.placeholder, tuple):
        return [value if param == compiled.placeholder else param for param in compiled.params]
    if len(value) > len(compiled.placeholder):
        raise ValueError(f"{len(value)} values for {len(compiled.placeholder)} slots")
    slots = dict(zip(compiled.placeholder[: len(value)], value, strict=True))
    return [slots.get(param, param) if type(param) is int else param for param in compiled.params]


def _rows(compiled: Compiled, value) -> list[Sequence]:
    connection = connections[DEFAULT_DB_ALIAS]
    params = _params(compiled, value)
    try:
        rows = _fetch(connection, compiled.sql, params)
    except DatabaseError as error:
        if not _stale_prepared(connection, error):
            raise
        # A release changed the type of a column the prepared read returns ("cached plan must
        # not change result type"), or a pooler lost the statement: the connection goes, with
        # its prepared statements, and the read is made again on a new one.
        connection.close()
        rows = _fetch(connection, compiled.sql, params)
    if not compiled.converters:
        return rows
    compiler = compiled.query.get_compiler(connection=connection)
    return list(compiler.apply_converters(rows, compiled.converters))


def run_rows(compiled: Compiled, value) -> list[tuple]:
    """The rows of a compiled ``values_list`` with ``value`` for the placeholder. One query."""
    return [tuple(row) for row in _rows(compiled, value)]


def run_dicts(compiled: Compiled, value) -> list[dict]:
    """The rows of a compiled ``values`` with ``value`` for the placeholder, as dicts by the
    columns' names (in the order the compiler chose, which may not be the queryset's). One
    query."""
    names = [alias for _column, _sql, alias in compiled.select]
    return [dict(zip(names, row, strict=True)) for row in _rows(compiled, value)]


def run_instances(compiled: Compiled, value) -> list[Model]:
    """The instances of a compiled queryset with ``value`` for the placeholder, their
    ``select_related`` relations and annotations set. One query."""
    klass_info = compiled.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column.target.attname for column, _sql, _alias in compiled.select[start:end]]
    populators = get_related_populators(klass_info, compiled.select, DEFAULT_DB_ALIAS)
    instances = []
    for row in _rows(compiled, value):
        instance = klass_info["model"].from_db(DEFAULT_DB_ALIAS, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in compiled.annotation_col_map.items():
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def _fetch(connection, sql: str, params: list) -> list[Sequence]:
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What PostgreSQL answers a prepared statement made stale by a change of schema, and one it no
# longer holds.
_STALE_PREPARED = {"0A000", "26000"}


def _stale_prepared(connection, error: DatabaseError) -> bool:
    return (
        connection.vendor == "postgresql"
        and settings.PREPARED_READS
        and not connection.in_atomic_block  # a transaction has failed: it is the caller's
        and getattr(error.__cause__, "sqlstate", None) in _STALE_PREPARED
    )


# Django leaves psycopg's prepare_threshold at None (preparing off); with a threshold no query
# reaches, only the executions that ask are prepared (Django's own cursors bind on the client,
# which never prepares).
_ONLY_WHEN_ASKED = 2**31 - 1


def _cursor(connection):
    """A cursor of ``connection`` for a compiled read: on PostgreSQL with PREPARED_READS, one
    that prepares what it runs."""
    if connection.vendor != "postgresql" or not settings.PREPARED_READS:
        return connection.cursor()
    # The steps of connection.cursor() (its health check, the connection, its errors, its time
    # zone, then the query log and execute wrappers), with a cursor of the class that prepares.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        factory, raw.cursor_factory = raw.cursor_factory, _prepared_cursor_class()
        try:
            cursor = connection.create_cursor()
        finally:
            raw.cursor_factory = factory
        return connection._prepare_cursor(cursor)


@functools.cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, **kwargs):
            super().execute(query, params, prepare=True)
            self._query = _LoggedQuery(self.connection, query, params)
            return self

    return PreparedCursor


class _LoggedQuery:
    """What Django's query log reads of a cursor's last query (``last_executed_query`` reads
    ``cursor._query.query``): a prepared execution keeps none, so the text a client-bound
    cursor would have sent is composed, when it is read."""

    def __init__(self, connection, sql: str, params):
        self._connection, self._sql, self._params = connection, sql, params

    @property
    def query(self) -> bytes:
        from psycopg import ClientCursor

        return ClientCursor(self._connection).mogrify(self._sql, self._params).encode()
