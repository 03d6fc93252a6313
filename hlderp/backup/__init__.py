"""Backup and restore: one archive holds the database, the uploaded files and a manifest.

An archive ``hlderp-YYYYMMDD-HHMMSS.tar.gz`` (UTC) has one folder of the same name with

- ``manifest.json`` (first, so that it can be read without unpacking the rest): format version,
  creation time, database vendor, applied migrations per app, the row count of every table and
  the SHA-256 of every uploaded file by its path under MEDIA_ROOT;
- ``database.sqlite3`` (SQLite's online backup API) or ``database.pgdump`` (``pg_dump`` custom
  format), taken from the same snapshot as the row counts;
- ``media/...``: the files under MEDIA_ROOT.

A restore goes into an empty database only and checks the result against the manifest. Both
use Django's ``default`` connection, so under pytest they work on the test database.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

import django
import psycopg
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = "hlderp-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# Rows that `migrate` writes by itself: content types, permissions, the role groups of
# registry.0002_roles and their permissions. A freshly migrated database is still "empty".
MIGRATE_FILLS = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
)

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


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class RestoreReport:
    """What a restore did and what its verification against the manifest found."""

    archive: Path
    created_at: str
    vendor: str
    database: str
    tables: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    files_present: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        files = self.files_written + self.files_present
        lines = [
            f"Restored {self.archive.name} (made {self.created_at}) into {self.database}.",
            f"Database: {len(self.tables)} tables, {sum(self.tables.values()):,} rows "
            "checked against the manifest.",
            f"Media: {files} files ({self.files_written} written, {self.files_present} already "
            "there) checked against the manifest.",
        ]
        lines += [f"Note: {note}" for note in self.notes]
        lines += [f"MISMATCH: {problem}" for problem in self.problems]
        lines.append("Verified: everything matches the manifest." if self.ok else "NOT VERIFIED.")
        return lines


@dataclass
class _Snapshot:
    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str


class _HashingReader:
    """Hands tarfile the bytes of a file and hashes exactly what went into the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


# --- Reading the database and the uploaded files ----------------------------------------------


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
        return _table_counts(cursor, connection.vendor)


def media_checksums(*, root: Path | None = None) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (default MEDIA_ROOT), by relative POSIX path.

    Symbolic links are not followed (uploads are plain files). A missing folder has no files.
    """
    root = Path(settings.MEDIA_ROOT if root is None else root)
    return {relative: _sha256(path) for relative, path in _media_files(root)}


def _table_counts(cursor, vendor: str) -> dict[str, int]:
    # Works on a Django cursor and on a bare sqlite3 / psycopg one.
    cursor.execute(TABLES_SQL[vendor])
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor, tables: dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


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


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- Backup ------------------------------------------------------------------------------------


def backup_create(*, target_dir: Path) -> Path:
    """Write one archive of the database and MEDIA_ROOT into ``target_dir``; return its path.

    The dump and the row counts of the manifest come from one snapshot: SQLite's online backup
    API into a temporary file, counted there; on PostgreSQL a REPEATABLE READ transaction that
    counts and exports its snapshot to ``pg_dump --snapshot``. The archive is readable by its
    owner only (it holds password hashes) and appears only once complete. Raises
    ``BackupError`` when called inside a transaction, when ``pg_dump`` is missing or fails,
    when the archive exists already or when an uploaded file changes while it is archived.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"hlderp backs up SQLite and PostgreSQL databases, not {vendor}.")
    _refuse_in_transaction(connection, "backup")
    target_dir = Path(target_dir)
    target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created_at = timezone.now().replace(microsecond=0)
    stem = f"hlderp-{created_at:%Y%m%d-%H%M%S}"
    archive = target_dir / f"{stem}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} exists already; run the backup again in a second.")

    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".hlderp-backup-") as tmp:
        dump = Path(tmp, DUMP_NAMES[vendor])
        if vendor == "sqlite":
            snapshot = _sqlite_dump(connection, dump)
        else:
            snapshot = _postgresql_dump(connection, dump)
        # After the snapshot: a file uploaded meanwhile is kept, none the database names is lost.
        media_root = Path(settings.MEDIA_ROOT)
        elsewhere = media_elsewhere()
        media = {} if elsewhere else media_checksums(root=media_root)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "django_version": django.get_version(),
            "database": {
                "vendor": vendor,
                "server_version": snapshot.server_version,
                "dump": dump.name,
                "bytes": dump.stat().st_size,
                "sha256": _sha256(dump),
            },
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "media": media,
        }
        if elsewhere:
            manifest["media_elsewhere"] = elsewhere
        partial = Path(tmp, archive.name)
        _archive_write(partial, stem=stem, manifest=manifest, dump=dump, media_root=media_root)
        os.replace(partial, archive)
    return archive


def archive_manifest(archive: Path) -> dict:
    """The manifest of an archive, read from its first member without unpacking the rest.

    Raises ``BackupError`` if the file is not an hlderp backup of a format this code reads.
    """
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.next()
            if member is None or PurePosixPath(member.name).parts[1:] != (MANIFEST,):
                raise BackupError(
                    f"{archive} is not an hlderp backup: it does not start with "
                    f"<folder>/{MANIFEST}."
                )
            _check_member(member)
            manifest = json.loads(tar.extractfile(member).read())
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as error:
        raise BackupError(f"{archive} is not a readable hlderp backup: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not an hlderp backup (its manifest has another format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} has backup format version {manifest.get('format_version')!r}; this "
            f"hlderp reads version {FORMAT_VERSION}. Restore it with the hlderp that made it."
        )
    database = manifest.get("database")
    if not (
        isinstance(database, dict)
        and {"vendor", "dump", "sha256"} <= database.keys()
        and isinstance(manifest.get("created_at"), str)
        and all(isinstance(manifest.get(key), dict) for key in ("migrations", "tables", "media"))
    ):
        raise BackupError(f"{archive} has an incomplete manifest: it cannot be restored.")
    for relative in manifest["media"]:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise BackupError(f"{archive}: the manifest names a file outside MEDIA_ROOT.")
    return manifest


def _refuse_in_transaction(connection, action: str) -> None:
    if connection.in_atomic_block:
        raise BackupError(
            f"A {action} must run outside a transaction: it must see committed data only."
        )


def _sqlite_dump(connection, dump: Path) -> _Snapshot:
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as copy:
        # All pages in one step, inside one read transaction of the source: the copy is one
        # consistent state even while the server writes (WAL lets the writer go on meanwhile).
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = copy.cursor()
        tables = _table_counts(cursor, "sqlite")
        migrations = _applied_migrations(cursor, tables)
    return _Snapshot(tables, migrations, f"SQLite {sqlite3.sqlite_version}")


def _postgresql_dump(connection, dump: Path) -> _Snapshot:
    pg_dump = _pg_program("pg_dump")
    params = _pg_params(connection.settings_dict)
    with closing(psycopg.connect(**params)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            # The first statement fixes the transaction's snapshot; counting and pg_dump share it.
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchone()
            tables = _table_counts(cursor, "postgresql")
            migrations = _applied_migrations(cursor, tables)
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
    return _Snapshot(tables, migrations, f"PostgreSQL {server_version}")


def _archive_write(
    partial: Path, *, stem: str, manifest: dict, dump: Path, media_root: Path
) -> None:
    def owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o644
        return info

    data = json.dumps(manifest, indent=2).encode()
    info = owned_by_nobody(tarfile.TarInfo(f"{stem}/{MANIFEST}"))
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        os.fdopen(descriptor, "wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
    ):
        tar.addfile(info, io.BytesIO(data))
        tar.add(dump, arcname=f"{stem}/{dump.name}", filter=owned_by_nobody)
        for relative, checksum in manifest["media"].items():
            path = media_root / relative
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                raise BackupError(
                    f"{path} disappeared while the backup ran; run it again."
                ) from None
            with handle:
                info = tar.gettarinfo(arcname=f"{stem}/{MEDIA}/{relative}", fileobj=handle)
                reader = _HashingReader(handle)
                tar.addfile(owned_by_nobody(info), reader)
            if reader.sha256.hexdigest() != checksum:
                raise BackupError(f"{path} changed while the backup ran; run the backup again.")


# --- Restore -----------------------------------------------------------------------------------


def backup_restore(*, archive: Path, force: bool = False) -> RestoreReport:
    """Bring an archive back into the empty default database and MEDIA_ROOT, then verify it.

    Refuses (``BackupError``, nothing changed) an archive that is not an hlderp backup, one of
    another database vendor, one with a member that has an absolute path, ``..``, or is a link
    or device; a database that already holds rows (only ``migrate``'s own rows are allowed,
    unless ``force`` on SQLite, whose database is then replaced); an uploaded file in MEDIA_ROOT
    that differs from the archive's. Then restores the database (SQLite: the backup API copies
    the file into place; PostgreSQL: ``pg_restore`` in one transaction) and the files, and
    compares every table's row count, the applied migrations and every file's checksum with
    the manifest: the report's ``problems`` lists each difference.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    manifest = archive_manifest(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        made_from = VENDOR_NAMES.get(vendor, vendor)
        raise BackupError(
            f"{archive.name} was made from {made_from}, but DATABASE_URL points to "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}: restore it into "
            f"{made_from}."
        )
    if force and vendor != "sqlite":
        raise BackupError(
            "--force only replaces a SQLite database. For PostgreSQL, create an empty "
            "database (createdb), point DATABASE_URL at it and restore without --force."
        )
    _refuse_in_transaction(connection, "restore")
    if vendor == "sqlite" and not connection.is_in_memory_db():
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    before = database_counts()
    held = {table: rows for table, rows in before.items() if rows and table not in MIGRATE_FILLS}
    if held and not force:
        largest = sorted(held.items(), key=lambda item: (-item[1], item[0]))[:5]
        raise BackupError(
            f"The target database ({_describe(connection)}) already holds data: "
            f"{sum(held.values()):,} rows in {len(held)} tables, e.g. "
            + ", ".join(f"{table} ({rows})" for table, rows in largest)
            + ". Restore only into an empty database"
            + (
                " (or pass --force to replace this SQLite database and lose its rows)."
                if vendor == "sqlite"
                else " (createdb a new one and point DATABASE_URL at it)."
            )
        )

    report = RestoreReport(
        archive=archive,
        created_at=manifest["created_at"],
        vendor=vendor,
        database=_describe(connection),
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside MEDIA_ROOT, so that the files then only need renaming into place.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".hlderp-restore-") as tmp:
        folder = _archive_extract(archive, Path(tmp))
        dump = folder / _plain_name(manifest["database"]["dump"])
        if not dump.is_file():
            raise BackupError(f"{archive.name} has no database dump {dump.name}.")
        staged = media_checksums(root=folder / MEDIA)
        conflicts = sorted(
            relative
            for relative, checksum in staged.items()
            if (media_root / relative).exists()
            and not (
                (media_root / relative).is_file() and _sha256(media_root / relative) == checksum
            )
        )
        if conflicts:
            raise BackupError(
                f"MEDIA_ROOT ({media_root}) already has other files under these names: "
                + ", ".join(conflicts)
                + ". Nothing was restored: move them away or restore into an empty MEDIA_ROOT."
            )
        if _sha256(dump) != manifest["database"]["sha256"]:
            report.problems.append(f"database dump {dump.name}: checksum differs from the manifest")

        if vendor == "sqlite":
            _sqlite_restore(connection, dump)
        else:
            _postgresql_restore(connection, dump, clean=bool(before))

        for relative in staged:
            destination = media_root / relative
            if destination.exists():
                report.files_present += 1
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(folder / MEDIA / relative, destination)
            report.files_written += 1
        for relative in sorted(set(staged) - set(manifest["media"])):
            report.problems.append(f"file {relative}: in the archive but not in the manifest")

    _verify(report, manifest, media_root)
    return report


def _archive_extract(archive: Path, staging: Path) -> Path:
    """Unpack member by member, refusing the whole archive at the first unsafe member."""
    folder = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                _check_member(member)
                top = PurePosixPath(member.name).parts[0]
                if folder not in (None, top):
                    raise BackupError(
                        f"{archive.name} is not an hlderp backup: it has more than one "
                        f"top-level folder ({folder}, {top})."
                    )
                folder = top
                tar.extract(member, staging, filter="data")
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is not a readable hlderp backup: {error}") from None
    return staging / folder


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    path = PurePosixPath(name)
    if path.is_absolute() or PureWindowsPath(name).is_absolute() or ".." in path.parts:
        raise BackupError(
            f"Refused: the archive member {name!r} has an absolute path or '..'. An archive "
            "made by `manage.py backup` has neither; this one may try to write outside its "
            "folder. Nothing was restored."
        )
    if not (member.isfile() or member.isdir()):
        raise BackupError(
            f"Refused: the archive member {name!r} is a link or a special file, which "
            "`manage.py backup` never writes. Nothing was restored."
        )


def _plain_name(name: str) -> str:
    if not name or PurePosixPath(name).name != name or name in {".", ".."}:
        raise BackupError(f"The manifest names the dump {name!r}, which is not a plain file name.")
    return name


def _sqlite_restore(connection, dump: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(dump)) as source:
            # The backup API writes through the target's own locks and WAL, so the file is
            # replaced as one transaction even if a server has it open.
            source.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite dump could not be restored: {error}") from None


def _postgresql_restore(connection, dump: Path, *, clean: bool) -> None:
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


def _verify(report: RestoreReport, manifest: dict, media_root: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    counts = database_counts()
    report.tables = {table: counts[table] for table in manifest["tables"] if table in counts}
    for table, expected in manifest["tables"].items():
        actual = counts.get(table)
        if actual is None:
            report.problems.append(
                f"table {table}: missing from the restored database (manifest: {expected} rows)"
            )
        elif actual != expected:
            report.problems.append(
                f"table {table}: {actual} rows restored, the manifest says {expected}"
            )
    extra = sorted(set(counts) - set(manifest["tables"]))
    if extra:
        report.notes.append(f"tables not in the archive, left as they were: {', '.join(extra)}")
    with connection.cursor() as cursor:
        applied = _applied_migrations(cursor, counts)
    if applied != manifest["migrations"]:
        report.problems.append("django_migrations: the applied migrations differ from the manifest")

    for relative, expected in manifest["media"].items():
        path = media_root / relative
        if not path.is_file():
            report.problems.append(f"file {relative}: missing from MEDIA_ROOT")
        elif (actual := _sha256(path)) != expected:
            report.problems.append(
                f"file {relative}: SHA-256 {actual} differs from the manifest's {expected}"
            )

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        report.notes.append(
            f"{len(pending)} migrations of this code are not applied in the restored database: "
            "run `manage.py migrate`."
        )
    unknown = sorted(
        f"{app}.{name}"
        for app, name in executor.loader.applied_migrations
        if app in executor.loader.migrated_apps
        and (app, name) not in executor.loader.disk_migrations
    )
    if unknown:
        report.notes.append(
            "the archive comes from a newer hlderp (migrations unknown here: "
            f"{', '.join(unknown)}); run that version's code against it."
        )


# --- PostgreSQL client programs ----------------------------------------------------------------


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


def _describe(connection) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL {settings_dict['NAME']} on {host}{port}"
