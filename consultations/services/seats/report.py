"""What an allocation run and the Secretariat's review show: counts by choice obtained, the
balance table, the States that missed their first choice and why. Plain data, so that a view
can keep a report in the session."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from consultations.choices import MissReason
from consultations.services.seats.allocation import proportional_bounds, proportional_share


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
