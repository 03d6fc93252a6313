from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hlderp.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the EMPTY database DATABASE_URL points to "
        "and into MEDIA_ROOT, then check every table's row count and every file's SHA-256 "
        "against its manifest; exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz that `backup` wrote")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "replace a SQLite database that already holds data (its rows are lost); "
                "never applies to PostgreSQL, nor to differing files in MEDIA_ROOT"
            ),
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            report = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            if line.startswith("MISMATCH") or line == "NOT VERIFIED.":
                self.stdout.write(self.style.ERROR(line))
            elif line.startswith("Verified"):
                self.stdout.write(self.style.SUCCESS(line))
            else:
                self.stdout.write(line)
        if not report.ok:
            raise CommandError(
                f"The restore of {archive} does not match its manifest:\n"
                + "\n".join(report.problems)
            )
