import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from consultations.services.statements import statement_files_sweep


class Command(BaseCommand):
    help = (
        "Remove the statement files that no statement nor any of its revisions names and that "
        "are older than the grace period: what a worker killed mid-upload left. Idempotent and "
        "safe while the app servers run; run it from cron or the release steps."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=24,
            help="leave files written in the last N hours (default 24): an upload in flight",
        )
        parser.add_argument("--dry-run", action="store_true", help="only list the files")

    def handle(self, *args, grace_hours: float, dry_run: bool, **options):
        if grace_hours < 1:
            raise CommandError("--grace-hours must be at least 1: an upload may be in flight.")
        removed = statement_files_sweep(
            storage=default_storage,
            grace=datetime.timedelta(hours=grace_hours),
            dry_run=dry_run,
        )
        for name in removed:
            self.stdout.write(name)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(removed)} orphan statement file(s).")
