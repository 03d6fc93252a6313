"""What `manage.py restore` (hlderp/backup.py) refuses: a database that already holds data, a
file of media root it would overwrite, an archive member outside its folder, an archive it cannot
restore; and the freshly migrated database it accepts.
"""

import io
import json
import tarfile

import pytest
from django.db import connection

from hlderp.backup import BackupError, archive_manifest, backup_restore
from tests.backup_helpers import PDF, manage, media_folder, rewrite_archive, sha256, tree_checksums

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
