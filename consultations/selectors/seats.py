"""Reads of round-table seats: a meeting's seats, the delegate's portal, the Secretariat's review.

Each selector runs a fixed number of queries, whatever the number of seats or States.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, Prefetch, QuerySet, Value
from django.utils import timezone

from consultations.choices import ChairRole, MeetingKind, SeatSource
from consultations.clock_horizon import changes_at
from consultations.models import Delegation, Meeting, MeetingChair, Process, Seat, SeatPreference
from consultations.selectors.seats_report import (
    BalanceRow,
    ChoiceCount,
    MissedFirstChoice,
    SeatFacts,
    StateFacts,
    TableFacts,
    balance_rows,
    choice_counts,
    first_choice_misses,
    max_rank,
)
from consultations.venue_time import format_in_zone, process_zone
from registry.choices import StakeholderKind
from registry.collation import translated_text
from registry.models import RegionalGroup
from registry.permissions import stakeholder_ids


class SeatList(list):
    """The seats of a round table, with its co-chairs (``co_chairs``) read in the same call."""

    co_chairs: list[MeetingChair]


def _seats_with_states():
    return Seat.objects.select_related("delegation__stakeholder__regional_group")


def _co_chairs():
    return MeetingChair.objects.filter(role=ChairRole.CO_CHAIR).select_related(
        "person", "stakeholder__regional_group"
    )


def meeting_seats_published(*, meeting) -> QuerySet[Seat]:
    """The published seats of a round table (what the public sees) with delegation,
    stakeholder and regional group loaded, ordered by State name."""
    return (
        _seats_with_states()
        .published()
        .filter(meeting=meeting)
        .order_by("delegation__stakeholder__name", "pk")
    )


def meeting_co_chairs(*, meeting) -> QuerySet[MeetingChair]:
    """The co-chairs of a round table in order, with person, stakeholder and regional group."""
    return _co_chairs().filter(meeting=meeting).order_by("order", "pk")


def meeting_seats(*, meeting) -> list:
    """``meeting_seats_published``, with the meeting's co-chairs (``meeting_co_chairs``) in
    ``.co_chairs``. Two queries."""
    seats = SeatList(meeting_seats_published(meeting=meeting))
    seats.co_chairs = list(meeting_co_chairs(meeting=meeting))
    return seats


@dataclass
class DelegationSeats:
    """One delegation of the user's, with its ranked preferences and its published seats."""

    delegation: Delegation
    preferences: list[SeatPreference]
    seats: list[Seat]


# The order a delegation's choices and seats are shown in, wherever they are read: its choices
# by rank, its seats by round-table number (then as made).
CHOICES_BY = "rank"
SEATS_BY = "meeting__number"


def _delegation_seats(delegations) -> list[DelegationSeats]:
    delegations = delegations.select_related(
        "stakeholder__regional_group", "process"
    ).prefetch_related(
        Prefetch(
            "seat_preferences",
            queryset=SeatPreference.objects.select_related("meeting").order_by(CHOICES_BY),
            to_attr="ranked_preferences",
        ),
        Prefetch(
            "seats",
            queryset=Seat.objects.published().select_related("meeting").order_by(SEATS_BY, "pk"),
            to_attr="seat_list",
        ),
    )
    return [
        DelegationSeats(delegation=d, preferences=d.ranked_preferences, seats=d.seat_list)
        for d in delegations
    ]


def delegation_seats(*, delegation: Delegation) -> DelegationSeats:
    """One delegation with its preferences and seats loaded (three queries)."""
    return _delegation_seats(Delegation.objects.filter(pk=delegation.pk))[0]


@dataclass(frozen=True)
class PortalChoice:
    """A round table a delegation chose, as the portal prints it: its rank and title."""

    rank: int
    title: str


@dataclass
class PortalSeats:
    """One delegation the user acts for, as the portal prints it: its stakeholder's name,
    whether it is a Member State (only they take seats), its choices by rank and the titles of
    its published seats."""

    delegation_id: int
    name: str
    member_state: bool
    preferences: list[PortalChoice] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)


# The columns of the portal's one read of the seats: the delegations (part 0), their choices
# (1) and their published seats (2), each row ordered as its part's own query would order it.
_PORTAL_COLUMNS = ("part", "owner", "sort_name", "sort_number", "row", "label", "stakeholder_kind")


def _portal_part(queryset, part: int, **columns):
    return queryset.order_by().annotate(part=Value(part), **columns).values_list(*_PORTAL_COLUMNS)


def portal_seats(*, process: Process, stakeholder_ids) -> list[PortalSeats]:
    """The delegations of ``stakeholder_ids`` to ``process`` by stakeholder name, each with its
    choices by rank and its published seats by round-table number: one query (a UNION of the
    three reads), of the columns the portal prints (names and titles in the page's language)."""
    no_name, no_number = Value(""), Value(None, output_field=IntegerField())
    of_delegations = {
        "delegation__process": process,
        "delegation__stakeholder_id__in": stakeholder_ids,
    }
    table = {"label": translated_text("meeting__title"), "stakeholder_kind": no_name}
    delegations = _portal_part(
        Delegation.objects.filter(process=process, stakeholder_id__in=stakeholder_ids),
        0,
        owner=F("pk"),
        sort_name=F("stakeholder__name"),
        sort_number=no_number,
        row=F("pk"),
        label=translated_text("stakeholder__name"),
        stakeholder_kind=F("stakeholder__kind"),
    )
    choices = _portal_part(
        SeatPreference.objects.filter(**of_delegations),
        1,
        owner=F("delegation_id"),
        sort_name=no_name,
        sort_number=F(CHOICES_BY),
        row=F("pk"),
        **table,
    )
    seats = _portal_part(
        Seat.objects.published().filter(**of_delegations),
        2,
        owner=F("delegation_id"),
        sort_name=no_name,
        sort_number=F(SEATS_BY),
        row=F("pk"),
        **table,
    )
    rows = delegations.union(choices, seats, all=True).order_by(
        "part", "sort_name", "sort_number", "row"
    )
    found: dict[int, PortalSeats] = {}
    for part, owner, _name, number, _row, label, kind in rows:
        if part == 0:
            found[owner] = PortalSeats(
                delegation_id=owner, name=label, member_state=kind == StakeholderKind.MEMBER_STATE
            )
        elif part == 1:
            found[owner].preferences.append(PortalChoice(rank=number, title=label))
        else:
            found[owner].seats.append(label)
    return list(found.values())


def portal_context(*, user, process) -> dict:
    """Context for templates/consultations/seats/_portal.html in the delegate portal:
    ``seat_delegations``, each delegation the user acts for in ``process`` with its
    preferences and published seats (:func:`portal_seats`), and ``seat_deadline``
    (:func:`preferences_deadline`). One query, and the user's stakeholders if not yet read."""
    ids = stakeholder_ids(user)
    if not ids:
        return {"seat_delegations": []}
    return {
        "seat_delegations": portal_seats(process=process, stakeholder_ids=ids),
        "seat_deadline": preferences_deadline(process=process),
    }


def round_tables(*, process: Process) -> list[Meeting]:
    """The round tables of ``process`` in order (their ``seat_capacity`` reads no more rows)."""
    return list(
        Meeting.objects.filter(process=process, kind=MeetingKind.ROUND_TABLE)
        .select_related("process", "room", "theme")
        .order_by("number", "start", "pk")
    )


@dataclass
class TableSeats:
    meeting: Meeting
    seats: list[Seat]
    capacity: int | None
    co_chairs: list[MeetingChair]

    @property
    def count(self) -> int:
        return len(self.seats)

    @property
    def room(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.count


@dataclass
class SeatsOverview:
    """What the Secretariat reviews: the seats of every round table and how they came out."""

    process: Process
    tables: list[TableSeats]
    states: int  # Member States that stated a preference
    first_choices: int
    by_choice: list[ChoiceCount]
    balance: list[BalanceRow]
    missed: list[MissedFirstChoice]
    delegations: list[tuple[int, str]] = field(default_factory=list)  # Member States, by name
    published: int = 0  # seats in the published copy
    draft_differs: bool = False  # the draft is not what is published

    @property
    def seats(self) -> int:
        return sum(t.count for t in self.tables)

    @property
    def first_choice_percent(self) -> float:
        return round(100 * self.first_choices / self.states, 1) if self.states else 0.0

    @property
    def table_titles(self) -> list[str]:
        return [t.meeting.title for t in self.tables]

    @property
    def seat_choices(self) -> list[tuple[int, str]]:
        """(seat id, "State — table") for the forms that pick a seat."""
        return [
            (seat.pk, f"{seat.delegation.stakeholder.name} — {table.meeting.title}")
            for table in self.tables
            for seat in table.seats
        ]


def seats_overview(*, process: Process) -> SeatsOverview:
    """The draft seats of every round table of ``process`` with counts by choice obtained, the
    balance table by regional group (actual and proportional) and the States that did not get
    their first choice, with why (the allocation report's rule:
    :func:`~consultations.selectors.seats_report.first_choice_misses`), and how the draft
    stands against the published copy. Seven queries, whatever the size."""
    tables = round_tables(process=process)
    seats = list(
        _seats_with_states()
        .draft()
        .filter(meeting__in=tables)
        .order_by("delegation__stakeholder__name", "pk")
    )
    prefs, states = _preferences(process=process, tables=tables)
    by_choice: Counter[int | None] = Counter(
        prefs.get(seat.delegation_id, {}).get(seat.meeting_id) for seat in seats
    )
    firsts = first_choice_misses(
        tables=[TableFacts(m.pk, m.title, m.seat_capacity) for m in tables],
        states=states,
        seats=[
            SeatFacts(
                delegation_id=seat.delegation_id,
                meeting_id=seat.meeting_id,
                group_id=seat.delegation.stakeholder.regional_group_id,
                hand=seat.source == SeatSource.HAND,
                choice=seat.choice,
            )
            for seat in seats
        ],
        balance=process.regional_balance,
    )
    by_choice[0] = firsts.unseated
    groups = list(RegionalGroup.objects.order_by("order", "name"))
    member_states = Delegation.objects.filter(
        process=process, stakeholder__kind=StakeholderKind.MEMBER_STATE
    ).order_by("stakeholder__name")
    return SeatsOverview(
        process=process,
        tables=_table_seats(tables, seats),
        states=len(states),
        first_choices=firsts.got,
        by_choice=choice_counts(by_choice, max_rank=max_rank(states)),
        balance=balance_rows(
            tables=[(m.pk, m.title) for m in tables],
            groups=[(g.pk, g.name) for g in groups],
            pairs=[
                (seat.delegation.stakeholder.regional_group_id, seat.meeting_id)
                for seat in seats
                if seat.delegation.stakeholder.regional_group_id
            ],
        ),
        missed=firsts.missed,
        delegations=list(member_states.values_list("pk", "stakeholder__name")),
        published=len(published := _published_pairs(tables)),
        draft_differs=published != {(seat.delegation_id, seat.meeting_id) for seat in seats},
    )


def _published_pairs(tables: list[Meeting]) -> set[tuple[int, int]]:
    """(delegation id, meeting id) of the published seats at ``tables``. One query."""
    return set(
        Seat.objects.published()
        .filter(meeting__in=tables)
        .values_list("delegation_id", "meeting_id")
    )


def _table_seats(tables: list[Meeting], seats: list[Seat]) -> list[TableSeats]:
    """Each table with its seats and co-chairs. One query (the co-chairs)."""
    by_table: dict[int, list[Seat]] = defaultdict(list)
    for seat in seats:
        by_table[seat.meeting_id].append(seat)
    chairs: dict[int, list[MeetingChair]] = defaultdict(list)
    for chair in _co_chairs().filter(meeting__in=tables).order_by("order", "pk"):
        chairs[chair.meeting_id].append(chair)
    return [
        TableSeats(
            meeting=m, seats=by_table[m.pk], capacity=m.seat_capacity, co_chairs=chairs[m.pk]
        )
        for m in tables
    ]


def member_state_preferences(*, process: Process, tables: list[Meeting]):
    """The Member States' ranked preferences for ``tables`` of ``process``, by State name (then
    delegation, for namesakes) and rank, each with its delegation, stakeholder and group."""
    return (
        SeatPreference.objects.filter(
            delegation__process=process,
            delegation__stakeholder__kind=StakeholderKind.MEMBER_STATE,
            meeting__in=tables,
        )
        .select_related("delegation__stakeholder__regional_group")
        .order_by("delegation__stakeholder__name", "delegation_id", "rank")
    )


def _preferences(
    *, process: Process, tables: list[Meeting]
) -> tuple[dict[int, dict[int, int]], list[StateFacts]]:
    """The ranks of each Member State with preferences (delegation id -> table id -> rank) and
    those States by name. One query."""
    prefs: dict[int, dict[int, int]] = defaultdict(dict)
    delegations: dict[int, Delegation] = {}
    for p in member_state_preferences(process=process, tables=tables):
        prefs[p.delegation_id][p.meeting_id] = p.rank
        delegations.setdefault(p.delegation_id, p.delegation)
    states = [
        StateFacts(
            delegation_id=d,
            name=delegation.stakeholder.name,
            group=group.name if (group := delegation.stakeholder.regional_group) else "",
            ranks=prefs[d],
        )
        for d, delegation in delegations.items()
    ]
    return prefs, states


# --- The deadline for preferences ---------------------------------------------------------------


@dataclass(frozen=True)
class PreferencesDeadline:
    """The deadline for a process's round-table preferences, in its venue's time zone."""

    at: datetime.datetime
    local: datetime.datetime
    passed: bool

    @property
    def label(self) -> str:
        """'1 September 2006, 18:00 EDT', in the active language."""
        return format_in_zone(self.at, self.local.tzinfo)

    def __str__(self) -> str:
        return self.label


def preferences_deadline(
    *, process: Process, now: datetime.datetime | None = None
) -> PreferencesDeadline | None:
    """The deadline of ``process`` for preferences, None if it has none. One query."""
    at = process.seat_preferences_deadline
    if at is None:
        return None
    now = now or timezone.now()
    changes_at(at, now)
    return PreferencesDeadline(at=at, local=at.astimezone(process_zone(process)), passed=now >= at)
