from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from registry.loading import DATA_DIR, LoadReport, RegistryDataError, registry_load


class Command(BaseCommand):
    help = (
        "Load the reference data: Member States, observers, UN system entities, groupings, "
        "persons (registry/data/*.csv), then the other apps' reference data listed in "
        "settings.REFERENCE_DATA_LOADERS (the theme taxonomy). Idempotent; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help=f"folder of the registry's CSV files (default: {DATA_DIR})",
        )

    def handle(self, *args, data_dir: Path, **options):
        report = LoadReport()
        try:
            with transaction.atomic():
                registry_load(data_dir=data_dir, report=report)
                for path in settings.REFERENCE_DATA_LOADERS:
                    import_string(path)(report=report)
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
