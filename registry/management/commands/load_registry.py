from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.loading import DATA_DIR, RegistryDataError, registry_load


class Command(BaseCommand):
    help = (
        "Load the registry's reference data (Member States, observers, UN system entities, "
        "groupings, persons) from CSV files. Idempotent; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help=f"folder of the CSV files (default: {DATA_DIR})",
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            report = registry_load(data_dir=data_dir)
        except RegistryDataError as error:
            raise CommandError(
                "Registry data not loaded (nothing was changed):\n" + "\n".join(error.errors)
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                "Registry loaded." if report.changed else "Registry already up to date."
            )
        )
