"""What an allocation run and the Secretariat's review show: counts by choice obtained, the
balance table, the States that missed their first choice and why. Plain data, so that a view
can keep a report in the session."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from consultations.choices import MissReason
from consultations.seating import proportional_bounds, proportional_share


# --- What the report is made from: plain facts that the service and the selector both build ---
@dataclass(frozen=True)
class TableFacts:
    meeting_id: int
    title: str
    capacity: int | None


@dataclass(frozen=True)
class StateFacts:
    """A Member State that stated preferences."""

    delegation_id: int
    name: str
    group: str
    ranks: dict[int, int]  # table id -> rank, 1 first


@dataclass(frozen=True)
class SeatFacts:
    delegation_id: int
    meeting_id: int
    group_id: int | None
    hand: bool  # edited by the Secretariat
    choice: int | None  # the rank recorded on the seat when it was given


# --- What the report shows ----------------------------------------------------------------------
@dataclass
class TableCount:
    meeting_id: int
    title: str
    seats: int
    capacity: int | None


@dataclass
class ChoiceCount:
    choice: int | None  # 1, 2... ; None: unranked; 0: States with no seat
    label: str
    count: int


@dataclass
class BalanceCell:
    meeting_id: int
    actual: int
    proportional: float
    low: int
    high: int

    @property
    def within(self) -> bool:
        return self.low <= self.actual <= self.high


@dataclass
class BalanceRow:
    group: str
    seats: int
    cells: list[BalanceCell]


@dataclass
class MissedFirstChoice:
    delegation_id: int
    state: str
    group: str
    first_choice: str
    obtained: list[str]
    reason: str  # a MissReason value

    @property
    def reason_label(self) -> str:
        return str(MissReason(self.reason).label)


@dataclass
class AllocationReport:
    """What an allocation run did: plain data, so that a view can keep it in the session."""

    process_id: int
    states: int  # Member States that stated a preference
    seats_created: int
    seats_removed: int
    tables: list[TableCount]
    by_choice: list[ChoiceCount]
    first_choices: int  # States seated at their first choice
    balance: list[BalanceRow]
    missed: list[MissedFirstChoice]
    warnings: list[str]
    elapsed_ms: float

    @property
    def first_choice_share(self) -> float:
        """Share of the States taking part that got their first choice (0 to 1)."""
        return self.first_choices / self.states if self.states else 0.0

    @property
    def first_choice_percent(self) -> float:
        return round(100 * self.first_choice_share, 1)

    @property
    def table_titles(self) -> list[str]:
        return [t.title for t in self.tables]

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> AllocationReport:
        data = dict(data)
        data["tables"] = [TableCount(**t) for t in data["tables"]]
        data["by_choice"] = [ChoiceCount(**c) for c in data["by_choice"]]
        data["balance"] = [
            BalanceRow(
                group=r["group"], seats=r["seats"], cells=[BalanceCell(**c) for c in r["cells"]]
            )
            for r in data["balance"]
        ]
        data["missed"] = [MissedFirstChoice(**m) for m in data["missed"]]
        return cls(**data)


def choice_label(choice: int | None) -> str:
    """ "1st choice", "2nd choice"...; "unranked" for None; "no seat" for 0."""
    if choice is None:
        return _("unranked")
    if choice == 0:
        return _("no seat")
    labels = {1: _("1st choice"), 2: _("2nd choice"), 3: _("3rd choice")}
    return labels.get(choice) or _("%(n)dth choice") % {"n": choice}


def balance_rows(
    *,
    tables: Sequence[tuple[int, str]],
    groups: Sequence[tuple[int, str]],
    pairs: Iterable[tuple[int, int]],
) -> list[BalanceRow]:
    """The balance table: for each group (id, name) and table (id, title), actual seats and
    the proportional share with its bounds; ``pairs`` are (group id, table id), one per seat."""
    per_table_group = Counter(pairs)
    per_table: Counter[int] = Counter()
    per_group: Counter[int] = Counter()
    for (g, t), n in per_table_group.items():
        per_table[t] += n
        per_group[g] += n
    all_seats = sum(per_table.values())
    rows = []
    for g, name in groups:
        cells = []
        for t, _title in tables:
            args = {
                "table_seats": per_table[t],
                "group_seats": per_group[g],
                "all_seats": all_seats,
            }
            low, high = proportional_bounds(**args)
            cells.append(
                BalanceCell(
                    meeting_id=t,
                    actual=per_table_group[g, t],
                    proportional=round(proportional_share(**args), 2),
                    low=low,
                    high=high,
                )
            )
        rows.append(BalanceRow(group=name, seats=per_group[g], cells=cells))
    return rows


def choice_counts(counts: Counter[int | None], *, max_rank: int) -> list[ChoiceCount]:
    """One ChoiceCount for each rank 1 to ``max_rank``, then unranked (None), then no seat (0),
    from ``counts`` (rank -> seats, 0 -> States with no seat)."""
    return [
        ChoiceCount(choice=c, label=choice_label(c), count=counts[c])
        for c in [*range(1, max_rank + 1), None, 0]
    ]


@dataclass
class FirstChoices:
    got: int  # States seated at their first choice
    missed: list[MissedFirstChoice]  # the others, each with why

    @property
    def unseated(self) -> int:
        return sum(1 for m in self.missed if not m.obtained)


def first_choice_misses(
    *,
    tables: Sequence[TableFacts],
    states: Sequence[StateFacts],
    seats: Iterable[SeatFacts],
    balance: bool,
) -> FirstChoices:
    """How many of ``states`` (in that order) hold a seat at their first choice among
    ``seats`` (every seat at ``tables``), and why each of the others does not (see
    :func:`miss_reason`). Reads only; raises nothing.

    The allocation report (on the seats it has just saved) and the Secretariat's overview (on
    the seats as they are) both call it, so that the two pages give a State one reason.
    """
    order = {t.meeting_id: i for i, t in enumerate(tables)}
    titles = {t.meeting_id: t.title for t in tables}
    own: dict[int, list[SeatFacts]] = defaultdict(list)
    at: dict[int, list[SeatFacts]] = defaultdict(list)
    for seat in sorted(seats, key=lambda s: order[s.meeting_id]):
        own[seat.delegation_id].append(seat)
        at[seat.meeting_id].append(seat)
    full = {
        t.meeting_id
        for t in tables
        if t.capacity is not None and len(at[t.meeting_id]) >= t.capacity
    }
    result = FirstChoices(got=0, missed=[])
    for state in states:
        first = min(state.ranks, key=state.ranks.__getitem__)
        held = own[state.delegation_id]
        reason = miss_reason(
            ranks=state.ranks,
            held=held,
            first_seats=at[first],
            first_full=first in full,
            every_table_full=len(full) == len(tables),
            balance=balance,
        )
        if reason is None:
            result.got += 1
            continue
        result.missed.append(
            MissedFirstChoice(
                delegation_id=state.delegation_id,
                state=state.name,
                group=state.group,
                first_choice=titles[first],
                obtained=[titles[s.meeting_id] for s in held],
                reason=reason.value,
            )
        )
    return result


def miss_reason(
    *,
    ranks: dict[int, int],
    held: Sequence[SeatFacts],
    first_seats: Sequence[SeatFacts],
    first_full: bool,
    every_table_full: bool,
    balance: bool,
) -> MissReason | None:
    """Why a State with preferences ``ranks`` and seats ``held`` is not at its first choice
    (whose seats are ``first_seats``); None when it is. The first that applies:

    - no seat: NO_SEAT when every table is full, else NOT_YET (there is room for it);
    - a seat edited by hand: HAND;
    - a seat whose recorded choice is no longer its table's rank: CHANGED;
    - the first choice full, and (with regional balance) each seat there a first choice or
      edited by hand: FIRST_CHOICE_FULL, capacity alone explains it;
    - with regional balance: BALANCE. The first choice has room, or a seat there went to a
      State that ranked it lower: the allocation does either only to keep the balance;
    - otherwise CHANGED: without the balance rule the allocation leaves no room at a first
      choice that a State misses, so seats changed after it.
    """
    first = min(ranks, key=ranks.__getitem__)
    if any(s.meeting_id == first for s in held):
        return None
    if not held:
        return MissReason.NO_SEAT if every_table_full else MissReason.NOT_YET
    if any(s.hand for s in held):
        return MissReason.HAND
    if any(s.choice != ranks.get(s.meeting_id) for s in held):
        return MissReason.CHANGED
    lower_ranked_there = any(not s.hand and s.choice != 1 for s in first_seats)
    if first_full and not (balance and lower_ranked_there):
        return MissReason.FIRST_CHOICE_FULL
    return MissReason.BALANCE if balance else MissReason.CHANGED


def allocation_report(
    *,
    process_id: int,
    tables: Sequence[TableFacts],
    groups: Sequence[tuple[int, str]],
    states: Sequence[StateFacts],
    kept: Sequence[SeatFacts],
    created: Sequence[SeatFacts],
    removed: int,
    balance: bool,
    warnings: list[str],
    elapsed_ms: float,
) -> AllocationReport:
    """The report of an allocation run that kept the seats ``kept`` (edited by hand), created
    ``created`` and removed ``removed`` seats; ``groups`` (id, name) are the balance table's
    rows. Reads only; raises nothing."""
    seats = [*kept, *created]
    firsts = first_choice_misses(tables=tables, states=states, seats=seats, balance=balance)
    by_choice: Counter[int | None] = Counter(s.choice for s in created)
    by_choice[0] = firsts.unseated
    table_sizes = Counter(s.meeting_id for s in seats)
    return AllocationReport(
        process_id=process_id,
        states=len(states),
        seats_created=len(created),
        seats_removed=removed,
        tables=[
            TableCount(
                meeting_id=t.meeting_id,
                title=t.title,
                seats=table_sizes[t.meeting_id],
                capacity=t.capacity,
            )
            for t in tables
        ],
        by_choice=choice_counts(by_choice, max_rank=max_rank(states)),
        first_choices=firsts.got,
        balance=balance_rows(
            tables=[(t.meeting_id, t.title) for t in tables],
            groups=groups,
            pairs=[(s.group_id, s.meeting_id) for s in seats if s.group_id],
        ),
        missed=firsts.missed,
        warnings=warnings,
        elapsed_ms=elapsed_ms,
    )


def max_rank(states: Iterable[StateFacts]) -> int:
    """The lowest rank any State gave (2 if some State named a second choice); 0 if none."""
    return max((r for s in states for r in s.ranks.values()), default=0)
