"""Backup and restore: hlderp/backup.py and `manage.py backup` / `manage.py restore`: round trips
and verification (the refusals are in test_backup_refusals.py).

The backup runs in the test process on pytest-django's test database; every restore runs in a
fresh ``manage.py`` process pointed (DATABASE_URL, MEDIA_ROOT) at an empty second database and
an empty folder, as an operator runs it. The backup only sees committed rows, hence
``transaction=True``. Counts and checksums are taken here independently of hlderp/backup.py.
"""

import datetime
import io
import os
import sqlite3
import subprocess
import tarfile
import threading
import time
from contextlib import closing

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from hlderp.backup import BackupError, archive_manifest, backup_create
from registry.models import Person, Stakeholder
from tests.backup_helpers import (
    BACKED_UP_AT,
    DOCX,
    PDF,
    UPLOADS,
    archive_member,
    manage,
    media_folder,
    model_tables,
    pg_params,
    put_uploads,
    rewrite_archive,
    sha256,
    table_counts,
    tree_checksums,
)

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
