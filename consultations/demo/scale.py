"""A large, realistic data set for load tests ("Fast at UN scale"), deterministic from a seed.

``scale_seed`` loads the real registry and themes, then generates processes (each with its seat
rules), meetings (panels, plenaries, round tables, forums) at venues in several time zones,
delegations, round-table seats, speakers lists with inscriptions, statements in the six official
languages (200 to 2,000 words from a per-language vocabulary; most published, some under
embargo) and positions on each process's issues. Rows are written with ``bulk_create`` in large
batches and **without history**: the ``Historical*`` tables stay empty for generated rows (only
the registry, loaded by ``registry_load``, has history). The same seed and sizes give the same
data, whatever the database (``scale_fingerprint`` checks it).

Every generated row is flagged illustrative (``is_illustrative``), as the demo's are.
Generated rows are recognisable: processes, meetings and issues have slugs starting with
``scale-``, venues end with ``(scale)``. ``scale_delete`` removes them.

This module is the entry point; ``scale_rows`` makes each kind of row and ``scale_text`` the
statements' texts.
"""

import datetime
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from consultations.demo import scale_rows as rows
from consultations.demo.scale_rows import PREFIX, UTC, VENUE_SUFFIX
from consultations.loading import themes_load
from consultations.models import (
    Delegation,
    Inscription,
    Issue,
    Meeting,
    Position,
    Process,
    Room,
    Seat,
    SpeakersList,
    Statement,
    Theme,
    Venue,
)
from registry.choices import StakeholderKind
from registry.loading import registry_load
from registry.models import Stakeholder


@dataclass
class ScaleSizes:
    """How much to generate; the defaults are the issue's "UN scale"."""

    processes: int = 300
    meetings: int = 3000
    statements: int = 100_000
    positions: int = 250_000
    words_min: int = 200
    words_max: int = 2000


@dataclass
class ScaleReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def scale_exists() -> bool:
    return Process.objects.filter(slug__startswith=PREFIX).exists()


def scale_delete() -> None:
    """Delete every generated row (the registry and themes stay). Raises nothing of its own."""
    with transaction.atomic():
        processes = Process.objects.filter(slug__startswith=PREFIX)
        Position.objects.filter(issue__process__in=processes).delete()
        Issue.objects.filter(process__in=processes).delete()
        Statement.objects.filter(meeting__process__in=processes).delete()
        Inscription.objects.filter(speakers_list__meeting__process__in=processes).delete()
        SpeakersList.objects.filter(meeting__process__in=processes).delete()
        Seat.objects.filter(meeting__process__in=processes).delete()
        Meeting.objects.filter(process__in=processes).delete()
        Delegation.objects.filter(process__in=processes).delete()
        processes.delete()
        Room.objects.filter(venue__name__endswith=VENUE_SUFFIX).delete()
        Venue.objects.filter(name__endswith=VENUE_SUFFIX).delete()


def scale_seed(
    *,
    seed: int = 1,
    sizes: ScaleSizes | None = None,
    log: Callable[[str], None] = lambda message: None,
    refresh_search: bool = True,
) -> ScaleReport:
    """Generate the scale data set; returns the counts and the time each step took.

    Loads the registry and themes first (idempotent). Raises ``ValueError`` if scale data is
    already there (``scale_delete`` first) or if the sizes cannot be met (more positions than
    issues x stakeholders allow is never the case: issues are added as needed).
    """
    sizes = sizes or ScaleSizes()
    if scale_exists():
        raise ValueError("Scale data is already loaded: delete it first (seed_scale --replace).")
    if sizes.processes < 1 or sizes.meetings < sizes.processes:
        raise ValueError("Need at least one process and one meeting per process.")
    rng = random.Random(seed)
    report = ScaleReport()
    clock = _Clock(report, log)

    with clock("registry and themes"):
        themes_load(report=registry_load())
    # Sorted in Python: PostgreSQL's collation may order slugs otherwise than SQLite does.
    stakeholders = sorted(Stakeholder.objects.all(), key=lambda s: s.slug)
    member_states = [s for s in stakeholders if s.kind == StakeholderKind.MEMBER_STATE]
    others = [s for s in stakeholders if s.kind != StakeholderKind.MEMBER_STATE]
    themes = sorted(Theme.objects.all(), key=lambda t: t.slug)

    with transaction.atomic():
        with clock("venues, rooms, processes, meetings"):
            venues, rooms = rows.venues_create()
            processes = rows.processes_create(rng, sizes)
            meetings = rows.meetings_create(rng, sizes, processes, venues, rooms, themes)
        with clock("delegations, seats, speakers lists"):
            delegations = rows.delegations_create(rng, processes, member_states, others)
            rows.seats_create(rng, processes, meetings, delegations)
            rows.speakers_lists_create(rng, meetings, delegations)
        with clock("statements"):
            statement_of = rows.statements_create(rng, sizes, meetings, delegations, themes, log)
        with clock("issues and positions"):
            rows.positions_create(rng, sizes, processes, stakeholders, statement_of)
    if refresh_search:
        from consultations.search import statement_search_refresh_all

        with clock("search vectors"):
            statement_search_refresh_all()
    # VACUUM too where it can run (not inside a transaction, as under a test): the visibility map
    # it writes lets counts read the indexes alone, as autovacuum would after a while.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with clock(command), connection.cursor() as cursor:
        cursor.execute(command)
    report.counts = scale_counts()
    return report


class _Clock:
    def __init__(self, report: ScaleReport, log):
        self.report, self.log = report, log

    def __call__(self, step: str):
        self.step = step
        return self

    def __enter__(self):
        import time

        self.started = time.perf_counter()
        self.log(f"{self.step}...")

    def __exit__(self, *exc):
        import time

        elapsed = time.perf_counter() - self.started
        self.report.seconds[self.step] = elapsed
        if exc[0] is None:
            self.log(f"{self.step}: {elapsed:.1f} s")


def scale_counts() -> dict[str, int]:
    """Rows of generated data, per model."""
    processes = Process.objects.filter(slug__startswith=PREFIX)
    return {
        "processes": processes.count(),
        "meetings": Meeting.objects.filter(process__in=processes).count(),
        "venues": Venue.objects.filter(name__endswith=VENUE_SUFFIX).count(),
        "delegations": Delegation.objects.filter(process__in=processes).count(),
        "seats": Seat.objects.published().filter(meeting__process__in=processes).count(),
        "speakers_lists": SpeakersList.objects.filter(meeting__process__in=processes).count(),
        "inscriptions": Inscription.objects.filter(
            speakers_list__meeting__process__in=processes
        ).count(),
        "statements": Statement.objects.filter(meeting__process__in=processes).count(),
        "issues": Issue.objects.filter(process__in=processes).count(),
        "positions": Position.objects.filter(issue__process__in=processes).count(),
    }


def scale_fingerprint() -> str:
    """A SHA-256 of the generated data by natural keys (slugs, not ids), so that two databases
    or two runs with the same seed compare equal. Rows are sorted in Python: collations differ
    between databases. Texts enter as their own SHA-256."""
    digest = hashlib.sha256()
    processes = Process.objects.filter(slug__startswith=PREFIX)
    parts = [
        processes.values_list(
            "slug", "title", "start_date", "end_date", "round_table_cap", "minutes_per_speaker"
        ),
        Meeting.objects.filter(process__in=processes).values_list(
            "slug", "kind", "venue__name", "room__name", "start", "status"
        ),
        Delegation.objects.filter(process__in=processes).values_list(
            "process__slug", "stakeholder__slug", "level"
        ),
        Seat.objects.filter(meeting__process__in=processes).values_list(
            "meeting__slug", "delegation__stakeholder__slug", "choice", "is_published"
        ),
        Inscription.objects.filter(speakers_list__meeting__process__in=processes).values_list(
            "speakers_list__meeting__slug",
            "stakeholder__slug",
            "position",
            "status",
            "level",
            "inscribed_at",
        ),
        Statement.objects.filter(meeting__process__in=processes).values_list(
            "meeting__slug",
            "stakeholder__slug",
            "language",
            "title",
            "text",
            "state",
            "embargo_until",
        ),
        Position.objects.filter(issue__process__in=processes).values_list(
            "issue__process__slug", "issue__slug", "stakeholder__slug", "stance"
        ),
    ]
    for queryset in parts:
        rows = sorted(
            repr(tuple(_normal(v) for v in row)) for row in queryset.order_by().iterator(2000)
        )
        digest.update(str(len(rows)).encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def _normal(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str) and len(value) > 300:
        return hashlib.sha256(value.encode()).hexdigest()
    return value
