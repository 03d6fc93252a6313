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

The modules: ``inventory`` (the counts and checksums a manifest records), ``archive`` (the
file's layout, written and read without trusting it), ``database`` (dump and restore per
vendor), ``create`` and ``restore`` (the two operations).
"""

from hlderp.backup.archive import archive_manifest
from hlderp.backup.create import backup_create
from hlderp.backup.errors import BackupError
from hlderp.backup.inventory import database_counts, media_checksums, media_elsewhere
from hlderp.backup.restore import RestoreReport, backup_restore

__all__ = [
    "BackupError",
    "RestoreReport",
    "archive_manifest",
    "backup_create",
    "backup_restore",
    "database_counts",
    "media_checksums",
    "media_elsewhere",
]
