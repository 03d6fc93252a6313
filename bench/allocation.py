"""Time the round-table seat allocation: 193 Member States in their real regional groups
(54/54/23/33/29), four round tables of 48, one table per State, regional balance on, random
ranked preferences (1 to 4 choices each) over several seeds. Prints milliseconds and the share
of first choices.

    .venv/bin/python bench/allocation.py                 # SQLite, in memory
    .venv/bin/python bench/allocation.py --seeds 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hlderp_seats \\
        .venv/bin/python bench/allocation.py

Runs against a throwaway test database (``test_`` + the configured name, or SQLite in memory),
created and destroyed here: the configured database itself is not touched. Not a test.
"""

import argparse
import datetime
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hlderp.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # nothing here is kept

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

GROUPS = [
    ("AFRICAN", "African States", 54),
    ("ASIA_PACIFIC", "Asia-Pacific States", 54),
    ("EEG", "Eastern European States", 23),
    ("GRULAC", "Latin American and Caribbean States", 33),
    ("WEOG", "Western European and other States", 29),
]
TABLES = 4
CAP = 48
UTC = datetime.UTC


def build():
    """A process with four round tables of 48 and 193 Member State delegations."""
    from bench.fixtures import bench_state
    from consultations.models import Delegation, Meeting, Process, Venue
    from registry.models import RegionalGroup, Stakeholder

    process = Process.objects.create(
        slug="bench",
        title="Bench",
        start_date=datetime.date(2006, 9, 1),
        end_date=datetime.date(2006, 9, 30),
        round_tables_per_state=1,
        round_table_cap=CAP,
        regional_balance=True,
    )
    venue = Venue.objects.create(name="Bench venue", city="New York", time_zone="America/New_York")
    tables = [
        Meeting.objects.create(
            process=process,
            slug=f"bench-rt{n}",
            kind="round_table",
            number=n,
            title=f"Round table {n}",
            venue=venue,
            capacity=CAP,
            start=datetime.datetime(2006, 9, 14, 14, tzinfo=UTC),
            end=datetime.datetime(2006, 9, 14, 17, tzinfo=UTC),
        )
        for n in range(1, TABLES + 1)
    ]
    states = []
    i = 0
    for order, (code, name, size) in enumerate(GROUPS, start=1):
        group, _created = RegionalGroup.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": code, "order": order}
        )
        for _n in range(size):
            states.append(bench_state(i, group))
            i += 1
    Stakeholder.objects.bulk_create(states)
    Delegation.objects.bulk_create(
        Delegation(process=process, stakeholder=s)
        for s in Stakeholder.objects.filter(slug__startswith="bench-")
    )
    return process, tables, list(Delegation.objects.filter(process=process))


def prefer(delegations, tables, seed: int) -> None:
    from consultations.models import SeatPreference

    rng = random.Random(seed)
    SeatPreference.objects.filter(delegation__in=delegations).delete()
    SeatPreference.objects.bulk_create(
        SeatPreference(delegation=d, meeting=t, rank=rank)
        for d in delegations
        for rank, t in enumerate(rng.sample(tables, rng.randint(1, len(tables))), start=1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many random preference sets")
    args = parser.parse_args()

    from consultations.models import Seat
    from consultations.services.seats import seat_rules_check, seats_allocate
    from registry.models import User

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = User.objects.create_superuser("bench@example.org", None)
        process, tables, delegations = build()
        walls, services, shares = [], [], []
        for seed in range(args.seeds):
            prefer(delegations, tables, seed)
            started = time.perf_counter()
            report = seats_allocate(actor=user, process=process)
            walls.append((time.perf_counter() - started) * 1000)
            services.append(report.elapsed_ms)
            shares.append(report.first_choice_share)
            seats = list(Seat.objects.filter(meeting__process=process))
            assert seat_rules_check(process=process, seats=seats) == [], "a rule is broken"
            print(
                f"seed {seed:2d}: {walls[-1]:6.1f} ms, {len(seats)} seats, "
                f"{100 * report.first_choice_share:.1f}% first choices"
            )
        print(f"database: {connection.vendor}")
        print(
            f"{len(delegations)} States, {TABLES} round tables of {CAP}, {args.seeds} seeds: "
            f"min {min(walls):.1f} ms, median {statistics.median(walls):.1f} ms, "
            f"max {max(walls):.1f} ms"
        )
        print(
            f"first choices: min {100 * min(shares):.1f}%, "
            f"median {100 * statistics.median(shares):.1f}%, max {100 * max(shares):.1f}%"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
