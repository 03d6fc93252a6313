"""Backup and restore: hlderp/backup.py and `manage.py backup` / `manage.py restore`.

The backup runs in the test process on pytest-django's test database; every restore runs in a
fresh ``manage.py`` process pointed (DATABASE_URL, MEDIA_ROOT) at an empty second database and
an empty folder, as an operator runs it. The backup only sees committed rows, hence
``transaction=True``. Counts and checksums are taken here independently of hlderp/backup.py.
"""

import datetime
import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from psycopg import sql

from hlderp.backup import BackupError, archive_manifest, backup_create, backup_restore
from registry.models import Person, Stakeholder
from tests.factories import MemberStateFactory

REPO = Path(__file__).resolve().parent.parent
PDF = "statements/5b1c0e3f9a8d4e7b8c2a1f0e9d8c7b6a.pdf"
DOCX = "statements/0f9e8d7c6b5a49382716f5e4d3c2b1a0.docx"
BACKED_UP_AT = datetime.datetime(2026, 11, 10, 15, 0, 30, tzinfo=datetime.UTC)
UPLOADS = {
    PDF: b"%PDF-1.4\n% Statement of Belgium, plenary, 14 September 2006\n%%EOF\n",
    DOCX: b"PK\x03\x04 Statement of Mexico, round table 1",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_uploads(root: Path) -> None:
    for relative, content in UPLOADS.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)


def tree_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_counts() -> dict[str, int]:
    """Rows per table of the test database, through Django's introspection."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def model_tables() -> set[str]:
    """The table of every installed model, the auto-created many-to-many ones included."""
    return {"django_migrations"} | {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def pg_params(dbname: str) -> dict[str, str]:
    settings_dict = connection.settings_dict
    params = {
        "dbname": dbname,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
    }
    return {key: str(value) for key, value in params.items() if value}


@dataclass
class Target:
    """A second database of the test database's vendor, for a restore to go into."""

    vendor: str
    name: str  # SQLite: the file; PostgreSQL: the database name
    url: str

    def counts(self) -> dict[str, int]:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                tables = db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name != 'sqlite_sequence'"
                ).fetchall()
                return {
                    table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                    for (table,) in tables
                }
        with psycopg.connect(**pg_params(self.name)) as db:
            tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {
                table: db.execute(
                    sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                for (table,) in tables.fetchall()
            }

    def scalar(self, query: str):
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                return db.execute(query).fetchone()[0]
        with psycopg.connect(**pg_params(self.name)) as db:
            return db.execute(query).fetchone()[0]

    def execute(self, statement: str) -> None:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                db.execute(statement)
                db.commit()
        else:
            with psycopg.connect(**pg_params(self.name), autocommit=True) as db:
                db.execute(statement)


@pytest.fixture
def empty_database(django_db_setup, tmp_path):
    """Make empty second databases: SQLite files, or PostgreSQL databases dropped afterwards."""
    created: list[Target] = []

    def make() -> Target:
        if connection.vendor == "sqlite":
            path = tmp_path / f"restored-{len(created)}.sqlite3"
            target = Target("sqlite", str(path), f"sqlite:///{path}")
        else:
            name = f"hlderp_restore_{secrets.token_hex(6)}"
            with psycopg.connect(
                **pg_params(connection.settings_dict["NAME"]), autocommit=True
            ) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            params = pg_params(name)
            password = f":{params['password']}" if "password" in params else ""
            target = Target(
                "postgresql",
                name,
                f"postgres://{params['user']}{password}@{params['host']}:"
                f"{params.get('port', 5432)}/{name}",
            )
        created.append(target)
        return target

    yield make
    for target in created:
        if target.vendor == "postgresql":
            with psycopg.connect(
                **pg_params(connection.settings_dict["NAME"]), autocommit=True
            ) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(target.name)
                    )
                )


def manage(*arguments, target: Target, media_root: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process against ``target`` and ``media_root``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_")) and name != "SECRET_KEY"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hlderp.settings",
        DATABASE_URL=target.url,
        MEDIA_ROOT=str(media_root),
        HLDERP_VAR_DIR=str(media_root.parent / "var"),
        DEBUG="1",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, arguments)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rewrite_archive(
    archive: Path,
    destination: Path,
    *,
    replace: dict[str, bytes] | None = None,
    append: tuple[tuple[str, bytes], ...] = (),
) -> Path:
    """A copy of ``archive``: members replaced by their path in its folder, others appended."""
    replace = replace or {}
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            data = replace.get(member.name.split("/", 1)[1], data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for name, data in append:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return destination


def archive_member(archive: Path, relative: str) -> bytes:
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.name.split("/", 1)[1] == relative:
                return tar.extractfile(member).read()
    raise KeyError(relative)


def media_folder(tmp_path: Path, name: str = "restored-media") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


@pytest.fixture
def small_archive(tmp_path, settings):
    """A backup of two Member States and the two uploads."""
    settings.MEDIA_ROOT = tmp_path / "media"
    MemberStateFactory(name="State A", slug="state-a", iso3="AAA")
    MemberStateFactory(name="State B", slug="state-b", iso3="BBB")
    put_uploads(settings.MEDIA_ROOT)
    return backup_create(target_dir=tmp_path / "backups")


# --- Round trips ------------------------------------------------------------------------------


def assert_demo_round_trip(tmp_path, settings, empty_database) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", keep_passwords=True, stdout=io.StringIO())
    put_uploads(settings.MEDIA_ROOT)
    original_counts = table_counts()
    original_files = tree_checksums(settings.MEDIA_ROOT)

    archive = backup_create(target_dir=tmp_path / "backups")
    target = empty_database()
    restored_media = media_folder(tmp_path)
    result = manage("restore", archive, target=target, media_root=restored_media)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "Verified: everything matches the manifest."
    assert target.counts() == original_counts  # every table, row count by row count
    assert tree_checksums(restored_media) == original_files
    assert original_files == {path: sha256(content) for path, content in UPLOADS.items()}
    assert model_tables() <= set(original_counts)
    assert original_counts["registry_stakeholder"] == Stakeholder.objects.count() > 193


@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_of_the_demo_restores_every_table_and_file(
    tmp_path, settings, empty_database
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; the PostgreSQL one is the next test")
    assert_demo_round_trip(tmp_path, settings, empty_database)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_of_the_demo_restores_every_table_and_file(
    tmp_path, settings, empty_database
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    assert_demo_round_trip(tmp_path, settings, empty_database)


@pytest.mark.clock
@pytest.mark.time_machine(BACKED_UP_AT, tick=False)  # stopped before small_archive is made
@pytest.mark.django_db(transaction=True)
def test_backup_writes_one_dated_private_archive_with_its_manifest_first(
    tmp_path, settings, small_archive
):
    with tarfile.open(small_archive, "r:gz") as tar:
        names = tar.getnames()
    manifest = archive_manifest(small_archive)
    created_at = datetime.datetime.fromisoformat(manifest["created_at"])
    folder = small_archive.name.removesuffix(".tar.gz")
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)

    assert small_archive.parent == tmp_path / "backups"
    assert small_archive.name == "hlderp-20261110-150030.tar.gz"
    assert small_archive.stat().st_mode & 0o777 == 0o600
    assert sorted(os.listdir(small_archive.parent)) == [small_archive.name]  # no leftovers
    assert names == [
        f"{folder}/manifest.json",
        f"{folder}/{dump}",
        f"{folder}/media/{DOCX}",
        f"{folder}/media/{PDF}",
    ]
    assert created_at == BACKED_UP_AT
    assert created_at.utcoffset() == datetime.timedelta(0)
    assert (manifest["format"], manifest["format_version"]) == ("hlderp-backup", 1)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["dump"] == dump
    assert manifest["database"]["sha256"] == sha256(archive_member(small_archive, dump))
    assert manifest["migrations"] == applied
    assert manifest["tables"] == table_counts()
    assert model_tables() <= set(manifest["tables"])
    assert manifest["tables"]["registry_stakeholder"] == 2
    assert manifest["media"] == {PDF: sha256(UPLOADS[PDF]), DOCX: sha256(UPLOADS[DOCX])}


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(tmp_path):
    with pytest.raises(BackupError, match="outside a transaction"):
        backup_create(target_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_without_pg_dump_says_to_install_the_postgresql_client(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as raised:
        backup_create(target_dir=tmp_path / "backups")
    assert str(raised.value) == (
        "pg_dump not found: install the PostgreSQL client programs, of the server's major "
        "version or newer (Debian/Ubuntu: apt-get install postgresql-client)."
    )
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_counts_and_dumps_one_snapshot_while_rows_are_written(
    tmp_path, settings, empty_database
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite in memory has one connection for the threads")
    settings.MEDIA_ROOT = tmp_path / "media"
    stop = threading.Event()
    errors: list[BaseException] = []

    def write_persons():
        try:
            n = 0
            while not stop.is_set():
                Person.objects.create(family_name=f"Writer{n}", given_name="W", slug=f"w-{n}")
                n += 1
        except BaseException as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    def wait_for_persons(count: int) -> None:
        deadline = time.monotonic() + 60
        while Person.objects.count() < count and not errors and time.monotonic() < deadline:
            time.sleep(0.01)

    writer = threading.Thread(target=write_persons)
    writer.start()
    try:
        wait_for_persons(20)
        archive = backup_create(target_dir=tmp_path / "backups")
        snapshot = archive_manifest(archive)["tables"]["registry_person"]
        wait_for_persons(snapshot + 20)
    finally:
        stop.set()
        writer.join(timeout=60)
    target = empty_database()
    result = manage("restore", archive, target=target, media_root=media_folder(tmp_path))

    assert errors == []
    assert 20 <= snapshot < Person.objects.count()  # the writer ran before and after
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.counts() == archive_manifest(archive)["tables"]
    assert target.counts()["registry_person"] == snapshot


# --- Refusals ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_already_holds_data(
    tmp_path, small_archive, empty_database
):
    target = empty_database()
    restored_media = media_folder(tmp_path)
    first = manage("restore", small_archive, target=target, media_root=restored_media)
    restored = target.counts()
    target.execute("UPDATE registry_stakeholder SET name = 'Kept' WHERE slug = 'state-a'")

    second = manage("restore", small_archive, target=target, media_root=restored_media)
    forced = manage("restore", small_archive, "--force", target=target, media_root=restored_media)

    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 1
    assert "already holds data: " in second.stderr
    assert "registry_stakeholder (2)" in second.stderr
    assert "Restore only into an empty database" in second.stderr
    assert target.counts() == restored
    if connection.vendor == "postgresql":
        assert forced.returncode == 1
        assert "--force only replaces a SQLite database" in forced.stderr
        assert target.counts() == restored
    else:
        assert forced.returncode == 0, forced.stdout + forced.stderr
        assert target.counts() == restored  # replaced by the archive's rows
    name = target.scalar("SELECT name FROM registry_stakeholder WHERE slug = 'state-a'")
    assert name == ("State A" if connection.vendor == "sqlite" else "Kept")


@pytest.mark.django_db(transaction=True)
def test_restore_goes_into_a_freshly_migrated_database(tmp_path, small_archive, empty_database):
    target = empty_database()
    restored_media = media_folder(tmp_path)
    migrated = manage("migrate", "--noinput", target=target, media_root=restored_media)
    assert migrated.returncode == 0, migrated.stderr
    assert target.counts()["auth_group"] == 2  # migrate's own rows: the role groups

    result = manage("restore", small_archive, target=target, media_root=restored_media)

    assert result.returncode == 0, result.stdout + result.stderr
    assert target.counts() == archive_manifest(small_archive)["tables"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite_a_different_file_in_media_root(
    tmp_path, small_archive, empty_database
):
    target = empty_database()
    restored_media = media_folder(tmp_path)
    (restored_media / "statements").mkdir()
    (restored_media / PDF).write_bytes(b"another statement")

    result = manage("restore", small_archive, target=target, media_root=restored_media)

    assert result.returncode == 1
    assert f"already has other files under these names: {PDF}." in result.stderr
    assert target.counts() == {}
    assert tree_checksums(restored_media) == {PDF: sha256(b"another statement")}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["../evil", "{tmp_path}/evil", "hlderp-x/media/../../../evil"])
def test_restore_refuses_an_archive_member_outside_its_folder(
    tmp_path, small_archive, empty_database, name
):
    name = name.format(tmp_path=tmp_path)
    tampered = rewrite_archive(small_archive, tmp_path / "evil.tar.gz", append=((name, b"x"),))
    target = empty_database()
    restored_media = media_folder(tmp_path)

    result = manage("restore", tampered, target=target, media_root=restored_media)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"CommandError: Refused: the archive member {name!r} has an absolute path or '..'. An "
        "archive made by `manage.py backup` has neither; this one may try to write outside "
        "its folder. Nothing was restored."
    )
    assert not (tmp_path / "evil").exists()
    assert target.counts() == {}
    assert list(restored_media.iterdir()) == []
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"format_version": 2},
            "has backup format version 2; this hlderp reads version 1. Restore it with the "
            "hlderp that made it.",
        ),
        ({"format": "other"}, "is not an hlderp backup (its manifest has another format)."),
        (
            {"database": {"vendor": "oracle", "dump": "database.dmp", "sha256": "0"}},
            "was made from oracle, but DATABASE_URL points to",
        ),
        ({"tables": None}, "has an incomplete manifest: it cannot be restored."),
        ({"media": {"../../etc/passwd": "0"}}, "the manifest names a file outside MEDIA_ROOT."),
    ],
)
def test_restore_refuses_an_archive_it_cannot_restore(tmp_path, change, message):
    # No database marker: these refusals come before any query.
    manifest = {
        "format": "hlderp-backup",
        "format_version": 1,
        "created_at": "2006-09-14T10:00:00+00:00",
        "database": {"vendor": connection.vendor, "dump": "database.sqlite3", "sha256": "0"},
        "migrations": {},
        "tables": {},
        "media": {},
    } | change
    archive = tmp_path / "hlderp-20060914-100000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("hlderp-20060914-100000/manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    with pytest.raises(BackupError) as raised:
        backup_restore(archive=archive)

    assert message in str(raised.value)


# --- Verification -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_names_the_file_changed_in_a_tampered_archive(
    tmp_path, small_archive, empty_database
):
    forged = b"%PDF-1.4\n% A forged statement\n"
    tampered = rewrite_archive(
        small_archive, tmp_path / "tampered.tar.gz", replace={f"media/{PDF}": forged}
    )
    target = empty_database()

    result = manage("restore", tampered, target=target, media_root=media_folder(tmp_path))

    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        f"file {PDF}: SHA-256 {sha256(forged)} differs from the manifest's {sha256(UPLOADS[PDF])}"
    ]
    assert f"MISMATCH: file {PDF}: SHA-256 {sha256(forged)}" in result.stdout
    assert result.stdout.splitlines()[-1] == "NOT VERIFIED."


@pytest.mark.django_db(transaction=True)
def test_restore_names_the_table_missing_a_row_in_a_tampered_archive(
    tmp_path, small_archive, empty_database
):
    dump_name = archive_manifest(small_archive)["database"]["dump"]
    dump = tmp_path / dump_name
    dump.write_bytes(archive_member(small_archive, dump_name))
    delete = "DELETE FROM registry_stakeholder WHERE slug = 'state-b'"
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(dump)) as db:
            db.execute(delete)
            db.commit()
    else:  # through a scratch database: a custom-format dump is not edited in place
        scratch = empty_database()
        env = os.environ | {"PGPASSWORD": pg_params(scratch.name).get("password", "")}
        connect = [f"--host={connection.settings_dict['HOST']}"]
        connect += [f"--port={connection.settings_dict['PORT'] or 5432}"]
        connect += [f"--username={connection.settings_dict['USER']}"]
        subprocess.run(
            ["pg_restore", *connect, "--no-owner", f"--dbname={scratch.name}", str(dump)],
            env=env,
            check=True,
        )
        scratch.execute(delete)
        subprocess.run(
            ["pg_dump", *connect, "--format=custom", f"--file={dump}", scratch.name],
            env=env,
            check=True,
        )
    tampered = rewrite_archive(
        small_archive, tmp_path / "tampered.tar.gz", replace={dump_name: dump.read_bytes()}
    )
    target = empty_database()

    result = manage("restore", tampered, target=target, media_root=media_folder(tmp_path))

    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        f"database dump {dump_name}: checksum differs from the manifest",
        "table registry_stakeholder: 1 rows restored, the manifest says 2",
    ]
    assert target.counts()["registry_stakeholder"] == 1


@pytest.mark.django_db(transaction=True)
def test_backup_with_files_in_object_storage_archives_the_database_and_says_where_files_are(
    tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    out = io.StringIO()

    call_command("backup", target_dir=tmp_path / "backups", stdout=out)

    archive = next((tmp_path / "backups").glob("hlderp-*.tar.gz"))
    manifest = archive_manifest(archive)
    with tarfile.open(archive, "r:gz") as tar:
        media_members = [name for name in tar.getnames() if "/media/" in name]
    assert manifest["media"] == {}
    assert manifest["media_elsewhere"] == "django.core.files.storage.memory.InMemoryStorage"
    assert media_members == []
    assert (
        "Uploaded files are not in this archive: they are kept by "
        "django.core.files.storage.memory.InMemoryStorage. Back them up there"
    ) in out.getvalue()
