import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hlderp.backup import BackupError, archive_manifest, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive hlderp-YYYYMMDD-HHMMSS.tar.gz (UTC) holding a consistent dump of the "
        "database, the uploaded files (MEDIA_ROOT) and a manifest.json of the applied "
        "migrations, every table's row count and every file's SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--target-dir",
            type=Path,
            default=None,
            help="folder for the archive (default: var/backups/ under HLDERP_VAR_DIR)",
        )

    def handle(self, *args, target_dir: Path | None, **options):
        started = time.monotonic()
        try:
            archive = backup_create(target_dir=target_dir or Path(settings.VAR_DIR, "backups"))
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = archive_manifest(archive)
        tables = manifest["tables"]
        database = manifest["database"]
        self.stdout.write(
            f"Database ({database['server_version']}): {len(tables)} tables, "
            f"{sum(tables.values()):,} rows; media: {len(manifest['media'])} files."
        )
        if manifest.get("media_elsewhere"):
            self.stdout.write(
                self.style.WARNING(
                    f"Uploaded files are not in this archive: they are kept by "
                    f"{manifest['media_elsewhere']}. Back them up there (bucket versioning or "
                    "replication)."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {archive} ({archive.stat().st_size:,} bytes, "
                f"{time.monotonic() - started:.1f} s)."
            )
        )
