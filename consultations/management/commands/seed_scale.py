"""``manage.py seed_scale``: the large data set for load tests (``consultations.demo.scale``)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from consultations.demo.scale import ScaleSizes, scale_delete, scale_exists, scale_seed


class Command(BaseCommand):
    help = (
        "Generate a large, realistic data set (UN scale: 300 processes, 3,000 meetings, "
        "100,000 statements, 250,000 positions) deterministically from --seed, on PostgreSQL. "
        "Generated rows have no history."
    )

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--processes", type=int, default=defaults.processes)
        parser.add_argument("--meetings", type=int, default=defaults.meetings)
        parser.add_argument("--statements", type=int, default=defaults.statements)
        parser.add_argument("--positions", type=int, default=defaults.positions)
        parser.add_argument("--words-min", type=int, default=defaults.words_min)
        parser.add_argument("--words-max", type=int, default=defaults.words_max)
        parser.add_argument(
            "--replace", action="store_true", help="delete earlier scale data first"
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="run on SQLite anyway (tests with small numbers only: it is slow and large)",
        )

    def handle(self, *args, **options):
        if connection.vendor == "sqlite" and not options["allow_sqlite"]:
            raise CommandError(
                "seed_scale refuses to run on SQLite: the full data set is several GB and takes "
                "far too long there. Point DATABASE_URL at PostgreSQL, e.g. "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hlderp_scale, or pass "
                "--allow-sqlite with small numbers (--statements 100 ...)."
            )
        sizes = ScaleSizes(
            processes=options["processes"],
            meetings=options["meetings"],
            statements=options["statements"],
            positions=options["positions"],
            words_min=options["words_min"],
            words_max=options["words_max"],
        )
        if options["words_min"] < 1 or options["words_max"] < options["words_min"]:
            raise CommandError("Need 1 <= --words-min <= --words-max.")
        if scale_exists():
            if not options["replace"]:
                raise CommandError("Scale data is already loaded: pass --replace to redo it.")
            self.stdout.write("Deleting the earlier scale data...")
            scale_delete()
        verbose = options["verbosity"] > 0
        try:
            report = scale_seed(
                seed=options["seed"],
                sizes=sizes,
                log=(lambda m: self.stdout.write(m)) if verbose else (lambda m: None),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        total = sum(report.seconds.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data (seed {options['seed']}) loaded in {total:.0f} s: "
                + ", ".join(f"{n} {name}" for name, n in report.counts.items())
            )
        )
