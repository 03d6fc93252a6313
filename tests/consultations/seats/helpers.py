"""Helpers for the seat tests (and tests/consultations/test_seats_views.py): a process with
round tables, Member States in their regional groups, preferences and seats."""

import datetime

from consultations.choices import SeatSource
from consultations.models import Delegation, Seat, SeatPreference
from registry.choices import StakeholderKind
from registry.models import Stakeholder
from tests.factories import (
    DelegationFactory,
    MemberStateFactory,
    ProcessFactory,
    RegionalGroupFactory,
    RoundTableFactory,
    VenueFactory,
)

GROUPS = {
    "AFRICAN": ("African States", "African", 1),
    "ASIA_PACIFIC": ("Asia-Pacific States", "Asia-Pacific", 2),
    "EEG": ("Eastern European States", "Eastern European", 3),
    "GRULAC": ("Latin American and Caribbean States", "GRULAC", 4),
    "WEOG": ("Western European and other States", "WEOG", 5),
}


def regional_group(code: str):
    name, short_name, order = GROUPS[code]
    return RegionalGroupFactory(code=code, name=name, short_name=short_name, order=order)


def seat_process(*, tables: int = 2, capacity: int | None = 2, **rules):
    """A process with ``tables`` round tables (Round table 1, 2...) of ``capacity`` each."""
    rules.setdefault("round_tables_per_state", 1)
    process = ProcessFactory(**rules)
    venue = VenueFactory()
    round_tables = [
        RoundTableFactory(
            process=process,
            venue=venue,
            number=i,
            title=f"Round table {i}",
            slug=f"{process.slug}-rt{i}",
            capacity=capacity,
        )
        for i in range(1, tables + 1)
    ]
    return process, round_tables


def state(process, name: str, code: str = "AFRICAN", iso3: str | None = None) -> Delegation:
    stakeholder = MemberStateFactory(
        name=name,
        slug="seats-" + name.lower().replace(" ", "-"),
        regional_group=regional_group(code),
    )
    if iso3:
        stakeholder.iso3 = iso3
        stakeholder.save(update_fields=["iso3"])
    return DelegationFactory(process=process, stakeholder=stakeholder)


def prefer(delegation, *tables) -> None:
    SeatPreference.objects.filter(delegation=delegation).delete()
    SeatPreference.objects.bulk_create(
        SeatPreference(delegation=delegation, meeting=t, rank=i) for i, t in enumerate(tables, 1)
    )


def sit(delegation, table, source=SeatSource.ALLOCATION, *, published: bool = False) -> Seat:
    """A draft seat (what the Secretariat edits), or with ``published`` a published one."""
    return Seat.objects.create(
        delegation=delegation, meeting=table, source=source, is_published=published
    )


def _iso3(n: int) -> str:
    n += 26 * 26 * 16  # "Q.." onwards: clear of the factories' codes and the fixtures' AAA, BBB
    return "".join(chr(65 + (n // 26**i) % 26) for i in (2, 1, 0))


def many_states(process, sizes: dict[str, int], start: int = 0) -> list[Delegation]:
    """Member States with delegations, bulk-created: ``sizes`` maps group code to a count."""
    stakeholders = []
    n = start
    for code, size in sizes.items():
        group = regional_group(code)
        for _i in range(size):
            stakeholders.append(
                Stakeholder(
                    kind=StakeholderKind.MEMBER_STATE,
                    name=f"Member {n:04d}",
                    slug=f"member-{n:04d}",
                    iso3=_iso3(n),
                    admission_date=datetime.date(1945, 10, 24),
                    regional_group=group,
                )
            )
            n += 1
    Stakeholder.objects.bulk_create(stakeholders)
    saved = Stakeholder.objects.filter(slug__in=[s.slug for s in stakeholders]).order_by("name")
    Delegation.objects.bulk_create(Delegation(process=process, stakeholder=s) for s in saved)
    return list(
        Delegation.objects.filter(process=process, stakeholder__in=saved)
        .select_related("stakeholder__regional_group")
        .order_by("stakeholder__name")
    )


def seats_of(process, *, published: bool = False) -> dict[str, list[str]]:
    """{table title: [State names]} of the process's draft seats (or its published ones)."""
    seated: dict[str, list[str]] = {}
    for seat in (
        Seat.objects.filter(meeting__process=process, is_published=published)
        .select_related("meeting", "delegation__stakeholder")
        .order_by("meeting__number", "delegation__stakeholder__name")
    ):
        seated.setdefault(seat.meeting.title, []).append(seat.delegation.stakeholder.name)
    return seated


def first_choices(process) -> int:
    return Seat.objects.filter(meeting__process=process, choice=1).count()
