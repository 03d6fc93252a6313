"""The database side of an archive: dumping and restoring SQLite and PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg

from hlderp.backup.errors import BackupError
from hlderp.backup.inventory import Snapshot, applied_migrations, table_counts

# libpq connection keywords that may come from DATABASES, and the environment variables that
# carry them to pg_dump / pg_restore (the password must never be on a command line).
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def refuse_in_transaction(connection, action: str) -> None:
    if connection.in_atomic_block:
        raise BackupError(
            f"A {action} must run outside a transaction: it must see committed data only."
        )


def describe(connection) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL {settings_dict['NAME']} on {host}{port}"


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_dump(connection, dump: Path) -> Snapshot:
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as copy:
        # All pages in one step, inside one read transaction of the source: the copy is one
        # consistent state even while the server writes (WAL lets the writer go on meanwhile).
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = copy.cursor()
        tables = table_counts(cursor, "sqlite")
        migrations = applied_migrations(cursor, tables)
    return Snapshot(tables, migrations, f"SQLite {sqlite3.sqlite_version}")


def sqlite_restore(connection, dump: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(dump)) as source:
            # The backup API writes through the target's own locks and WAL, so the file is
            # replaced as one transaction even if a server has it open.
            source.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite dump could not be restored: {error}") from None


# --- PostgreSQL --------------------------------------------------------------------------------


def postgresql_dump(connection, dump: Path) -> Snapshot:
    pg_dump = _pg_program("pg_dump")
    params = _pg_params(connection.settings_dict)
    with closing(psycopg.connect(**params)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            # The first statement fixes the transaction's snapshot; counting and pg_dump share it.
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchone()
            tables = table_counts(cursor, "postgresql")
            migrations = applied_migrations(cursor, tables)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={dump}",
                ],
                params,
            )
        conn.rollback()
    return Snapshot(tables, migrations, f"PostgreSQL {server_version}")


def postgresql_restore(connection, dump: Path, *, clean: bool) -> None:
    pg_restore = _pg_program("pg_restore")
    params = _pg_params(connection.settings_dict)
    arguments = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={params['dbname']}",
    ]
    if clean:
        # Tables that `migrate` created (with only its own rows) give way to the dump's.
        arguments += ["--clean", "--if-exists"]
    _run([*arguments, str(dump)], params)


def _pg_params(settings_dict: dict) -> dict[str, str]:
    params = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENVIRONMENT:
            params[key] = value
    return {key: str(value) for key, value in params.items() if value not in (None, "")}


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client programs, of the server's major "
            "version or newer (Debian/Ubuntu: apt-get install postgresql-client)."
        )
    return program


def _run(arguments: list[str], params: dict[str, str]) -> None:
    environment = os.environ | {LIBPQ_ENVIRONMENT[key]: value for key, value in params.items()}
    result = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        program = Path(arguments[0]).name
        raise BackupError(
            f"{program} failed (exit code {result.returncode}): {result.stderr.strip()}"
        )
