"""Making an archive: the database dump, the uploaded files and the manifest that checks both."""

import os
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from hlderp.backup.archive import DUMP_NAMES, FORMAT, FORMAT_VERSION, archive_write
from hlderp.backup.database import postgresql_dump, refuse_in_transaction, sqlite_dump
from hlderp.backup.errors import BackupError
from hlderp.backup.inventory import media_checksums, media_elsewhere, sha256


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
    refuse_in_transaction(connection, "backup")
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
            snapshot = sqlite_dump(connection, dump)
        else:
            snapshot = postgresql_dump(connection, dump)
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
                "sha256": sha256(dump),
            },
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "media": media,
        }
        if elsewhere:
            manifest["media_elsewhere"] = elsewhere
        partial = Path(tmp, archive.name)
        archive_write(partial, stem=stem, manifest=manifest, dump=dump, media_root=media_root)
        os.replace(partial, archive)
    return archive
