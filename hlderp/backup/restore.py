"""Bringing an archive back into an empty database and MEDIA_ROOT, and verifying the result."""

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from hlderp.backup.archive import MEDIA, archive_extract, archive_manifest, plain_name
from hlderp.backup.database import (
    describe,
    postgresql_restore,
    refuse_in_transaction,
    sqlite_restore,
)
from hlderp.backup.errors import BackupError
from hlderp.backup.inventory import applied_migrations, database_counts, media_checksums, sha256

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
    refuse_in_transaction(connection, "restore")
    if vendor == "sqlite" and not connection.is_in_memory_db():
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    before = database_counts()
    held = {table: rows for table, rows in before.items() if rows and table not in MIGRATE_FILLS}
    if held and not force:
        largest = sorted(held.items(), key=lambda item: (-item[1], item[0]))[:5]
        raise BackupError(
            f"The target database ({describe(connection)}) already holds data: "
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
        database=describe(connection),
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside MEDIA_ROOT, so that the files then only need renaming into place.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".hlderp-restore-") as tmp:
        folder = archive_extract(archive, Path(tmp))
        dump = folder / plain_name(manifest["database"]["dump"])
        if not dump.is_file():
            raise BackupError(f"{archive.name} has no database dump {dump.name}.")
        staged = media_checksums(root=folder / MEDIA)
        conflicts = sorted(
            relative
            for relative, checksum in staged.items()
            if (media_root / relative).exists()
            and not (
                (media_root / relative).is_file() and sha256(media_root / relative) == checksum
            )
        )
        if conflicts:
            raise BackupError(
                f"MEDIA_ROOT ({media_root}) already has other files under these names: "
                + ", ".join(conflicts)
                + ". Nothing was restored: move them away or restore into an empty MEDIA_ROOT."
            )
        if sha256(dump) != manifest["database"]["sha256"]:
            report.problems.append(f"database dump {dump.name}: checksum differs from the manifest")

        if vendor == "sqlite":
            sqlite_restore(connection, dump)
        else:
            postgresql_restore(connection, dump, clean=bool(before))

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
        applied = applied_migrations(cursor, counts)
    if applied != manifest["migrations"]:
        report.problems.append("django_migrations: the applied migrations differ from the manifest")

    for relative, expected in manifest["media"].items():
        path = media_root / relative
        if not path.is_file():
            report.problems.append(f"file {relative}: missing from MEDIA_ROOT")
        elif (actual := sha256(path)) != expected:
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
