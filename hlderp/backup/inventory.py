"""What a backup records and a restore checks: the row count of every table, the applied
migrations and the SHA-256 of every uploaded file."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections

# Every table, as Django's introspection sees them (no views, no SQLite internals), so that the
# counts of a dump and of a live database have the same keys.
TABLES_SQL = {
    "sqlite": (
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ),
    "postgresql": (
        "SELECT c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND n.nspname NOT IN ('pg_catalog', 'pg_toast') "
        "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY c.relname"
    ),
}


@dataclass
class Snapshot:
    """The figures of a dump, taken from the same snapshot as the dump itself."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str


def media_elsewhere() -> str:
    """Where the uploaded files are when they are not under MEDIA_ROOT (an S3 bucket): such
    storage is backed up by its provider's own means (versioning, replication), not in the
    archive. "" when they are under MEDIA_ROOT."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return ""
    bucket = getattr(storage, "bucket_name", "")
    name = f"{type(storage).__module__}.{type(storage).__name__}"
    return f"{name}, bucket {bucket}" if bucket else name


def database_counts() -> dict[str, int]:
    """Rows in every table of the default database, by table name. Reads only.

    Every table that exists is counted: each installed model's, the auto-created many-to-many
    tables, ``django_migrations`` and any other. Each count is its own statement, so on a
    database that is being written to the figures are not one snapshot (a backup's are).
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.vendor)


def media_checksums(*, root: Path | None = None) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (default MEDIA_ROOT), by relative POSIX path.

    Symbolic links are not followed (uploads are plain files). A missing folder has no files.
    """
    root = Path(settings.MEDIA_ROOT if root is None else root)
    return {relative: sha256(path) for relative, path in _media_files(root)}


def table_counts(cursor, vendor: str) -> dict[str, int]:
    # Works on a Django cursor and on a bare sqlite3 / psycopg one.
    cursor.execute(TABLES_SQL[vendor])
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, tables: dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder, filename)
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found
