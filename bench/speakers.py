"""Time the reordering of a 200-speaker list: a move from the end to the top, then the reset to
protocol order. Prints milliseconds.

    .venv/bin/python bench/speakers.py          # SQLite, in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hlderp_speakers \
        .venv/bin/python bench/speakers.py

Runs against a throwaway test database (``test_`` + the configured name, or SQLite in memory),
created and destroyed here: the configured database itself is not touched.
"""

import datetime
import os
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

SPEAKERS = 200
ROUNDS = 5
UTC = datetime.UTC


def build(user):
    from bench.fixtures import bench_speakers_list, bench_states
    from consultations.services.speakers import inscription_create

    speakers_list = bench_speakers_list(process_slug="bench", meeting_slug="bench-plenary")
    started = time.perf_counter()
    for i, state in enumerate(bench_states(SPEAKERS)):
        inscription_create(
            actor=user,
            speakers_list=speakers_list,
            stakeholder=state,
            level=1 + i % 7,
            at=datetime.datetime(2006, 9, 1, 12, tzinfo=UTC) + datetime.timedelta(seconds=i),
        )
    fill_ms = (time.perf_counter() - started) * 1000
    return speakers_list, fill_ms


def main() -> None:
    from consultations.models import Inscription
    from consultations.services.speakers import inscription_move, speakers_list_reorder_by_protocol
    from registry.models import User

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = User.objects.create_superuser("bench@example.org", None)
        speakers_list, fill_ms = build(user)
        moves, resets = [], []
        for _ in range(ROUNDS):
            last = Inscription.objects.get(speakers_list=speakers_list, position=SPEAKERS)
            started = time.perf_counter()
            inscription_move(actor=user, inscription=last, to_position=1, reason="Bench")
            moves.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            speakers_list_reorder_by_protocol(
                actor=user, speakers_list=speakers_list, reason="Bench"
            )
            resets.append((time.perf_counter() - started) * 1000)
        places = list(
            Inscription.objects.filter(speakers_list=speakers_list)
            .order_by("position")
            .values_list("position", flat=True)
        )
        assert places == list(range(1, SPEAKERS + 1)), "places are not 1..n"
        print(f"database: {connection.vendor}")
        print(
            f"{SPEAKERS} inscriptions one by one: {fill_ms:.0f} ms "
            f"({fill_ms / SPEAKERS:.1f} ms each)"
        )
        print(
            f"move from place {SPEAKERS} to 1: median {statistics.median(moves):.1f} ms, "
            f"min {min(moves):.1f} ms over {ROUNDS} rounds"
        )
        print(
            f"reset to protocol order (all {SPEAKERS} places change): "
            f"median {statistics.median(resets):.1f} ms, min {min(resets):.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
