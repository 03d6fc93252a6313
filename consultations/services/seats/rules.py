"""The rules of round-table seats, stated once: :func:`seat_rules_check` names every rule a
set of seats breaks; the allocation asserts its result with it and every hand edit is refused
when it breaks one (:func:`seat_edit_check`).

The rules are settings of the process (``Process.round_tables_per_state``, ``round_table_cap``
with each meeting's own capacity through ``Meeting.seat_capacity``, ``regional_balance``); the
balance bounds are :func:`~consultations.seating.proportional_bounds`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from consultations.choices import ChairRole, MeetingKind
from consultations.models import Delegation, Meeting, MeetingChair, Process, Seat
from consultations.seating import proportional_bounds, proportional_share
from consultations.services.seats.errors import SeatRuleError
from registry.choices import StakeholderKind


@dataclass(frozen=True)
class _Violation:
    key: tuple
    excess: int  # how far past the rule: an edit may not make it worse
    message: str


@dataclass(frozen=True)
class _TableInfo:
    pk: int
    title: str
    process_id: int
    is_round_table: bool
    capacity: int | None
    order: tuple = ()


@dataclass(frozen=True)
class _DelegationInfo:
    pk: int
    name: str
    process_id: int
    is_member_state: bool
    group_id: int | None
    group_name: str


def _table_info(meeting: Meeting) -> _TableInfo:
    return _TableInfo(
        pk=meeting.pk,
        title=meeting.title,
        process_id=meeting.process_id,
        is_round_table=meeting.kind == MeetingKind.ROUND_TABLE,
        capacity=meeting.seat_capacity,
        order=(meeting.number or 0, meeting.start, meeting.pk),
    )


def _delegation_info(delegation: Delegation) -> _DelegationInfo:
    stakeholder = delegation.stakeholder
    group = stakeholder.regional_group
    return _DelegationInfo(
        pk=delegation.pk,
        name=stakeholder.name,
        process_id=delegation.process_id,
        is_member_state=stakeholder.kind == StakeholderKind.MEMBER_STATE,
        group_id=group.pk if group else None,
        group_name=group.name if group else "",
    )


def round_tables_of(process: Process) -> list[Meeting]:
    """The round tables of ``process``, in order. One query."""
    return list(
        Meeting.objects.filter(process=process, kind=MeetingKind.ROUND_TABLE)
        .select_related("process", "room")
        .order_by("number", "start", "pk")
    )


def _violations(
    *,
    max_tables: int,
    balance: bool,
    process_id: int,
    tables: dict[int, _TableInfo],
    delegations: dict[int, _DelegationInfo],
    pairs: Sequence[tuple[int, int]],
    co_chairs: Sequence[CoChairSeat] = (),
) -> list[_Violation]:
    """Every rule that the seats ``pairs`` (delegation id, meeting id) break: each State's,
    then each table's capacity, then each co-chair's seat, then the balance of each
    (table, group)."""
    per_pair = Counter(pairs)
    found = _delegation_violations(
        max_tables=max_tables,
        process_id=process_id,
        tables=tables,
        delegations=delegations,
        per_pair=per_pair,
    )
    per_table: Counter[int] = Counter()
    for (_d_id, m_id), n in per_pair.items():
        per_table[m_id] += n
    found += _capacity_violations(tables=tables, per_table=per_table)
    found += _co_chair_violations(tables=tables, co_chairs=co_chairs, per_pair=per_pair)
    if balance:
        found += _balance_violations(
            tables=tables, delegations=delegations, per_pair=per_pair, per_table=per_table
        )
    return found


def _delegation_violations(
    *,
    max_tables: int,
    process_id: int,
    tables: dict[int, _TableInfo],
    delegations: dict[int, _DelegationInfo],
    per_pair: Counter[tuple[int, int]],
) -> list[_Violation]:
    """The rules each State breaks, States by name: a seat at a meeting that is not a round
    table of the process, two seats at one table, a delegation to another process, a
    delegation that is not a Member State's, more tables than the process allows."""
    found: list[_Violation] = []
    tables_of: dict[int, list[int]] = defaultdict(list)
    for d_id, m_id in per_pair:
        tables_of[d_id].append(m_id)
    for d_id in sorted(tables_of, key=lambda pk: (delegations[pk].name, pk)):
        d = delegations[d_id]
        for m_id in sorted(tables_of[d_id], key=lambda pk: tables[pk].order):
            found += _seat_violations_at(d, tables[m_id], per_pair[d_id, m_id], process_id)
        if d.process_id != process_id:
            found.append(
                _Violation(
                    ("process", d_id),
                    1,
                    _("%(state)s: this delegation is not one to this process.") % {"state": d.name},
                )
            )
        if not d.is_member_state or d.group_id is None:
            found.append(
                _Violation(
                    ("member_state", d_id),
                    1,
                    _("%(state)s is not a Member State: only Member States take seats.")
                    % {"state": d.name},
                )
            )
        tables_joined = len(tables_of[d_id])  # distinct tables
        if tables_joined > max_tables:
            found.append(
                _Violation(
                    ("max_tables", d_id),
                    tables_joined - max_tables,
                    _(
                        "%(state)s has seats at %(count)d round tables; a Member State may "
                        "join at most %(max)d."
                    )
                    % {"state": d.name, "count": tables_joined, "max": max_tables},
                )
            )
    return found


def _seat_violations_at(
    d: _DelegationInfo, t: _TableInfo, n: int, process_id: int
) -> list[_Violation]:
    """The rules that ``n`` seats of State ``d`` at meeting ``t`` break."""
    found: list[_Violation] = []
    if not t.is_round_table or t.process_id != process_id:
        found.append(
            _Violation(
                ("table", d.pk, t.pk),
                n,
                _("%(state)s: %(meeting)s is not a round table of this process.")
                % {"state": d.name, "meeting": t.title},
            )
        )
    if n > 1:
        found.append(
            _Violation(
                ("twice", d.pk, t.pk),
                n - 1,
                _("%(state)s has more than one seat at %(table)s.")
                % {"state": d.name, "table": t.title},
            )
        )
    return found


def _capacity_violations(
    *, tables: dict[int, _TableInfo], per_table: Counter[int]
) -> list[_Violation]:
    """Each table over its capacity, tables in order."""
    found: list[_Violation] = []
    for m_id in sorted(per_table, key=lambda pk: tables[pk].order):
        t = tables[m_id]
        if t.capacity is not None and per_table[m_id] > t.capacity:
            found.append(
                _Violation(
                    ("capacity", m_id),
                    per_table[m_id] - t.capacity,
                    _("%(table)s has %(count)d seats, over its capacity of %(capacity)d.")
                    % {"table": t.title, "count": per_table[m_id], "capacity": t.capacity},
                )
            )
    return found


@dataclass(frozen=True)
class CoChairSeat:
    """A co-chair's State and the seat it must hold: its delegation (None if the State has
    none to the process) at the round table it co-chairs."""

    meeting_id: int
    stakeholder_id: int
    name: str
    delegation_id: int | None


def co_chair_seats(*, process: Process) -> list[CoChairSeat]:
    """The seat each co-chair of a round table of ``process`` must hold, tables in order, then
    co-chairs in order. One query."""
    chairs = (
        MeetingChair.objects.filter(
            meeting__process=process,
            meeting__kind=MeetingKind.ROUND_TABLE,
            role=ChairRole.CO_CHAIR,
        )
        .select_related("stakeholder")
        .annotate(
            delegation_id=Subquery(
                Delegation.objects.filter(
                    process=process, stakeholder=OuterRef("stakeholder")
                ).values("pk")[:1]
            )
        )
        .order_by("meeting__number", "meeting__start", "meeting_id", "order", "pk")
    )
    return [
        CoChairSeat(c.meeting_id, c.stakeholder_id, c.stakeholder.name, c.delegation_id)
        for c in chairs
    ]


def _co_chair_violations(
    *,
    tables: dict[int, _TableInfo],
    co_chairs: Sequence[CoChairSeat],
    per_pair: Counter[tuple[int, int]],
) -> list[_Violation]:
    """Each co-chair whose State holds no seat at the round table it co-chairs."""
    return [
        _Violation(
            ("co_chair", c.meeting_id, c.stakeholder_id),
            1,
            _(
                "%(state)s co-chairs %(table)s but holds no seat there: a co-chair holds a "
                "seat at the round table it co-chairs."
            )
            % {"state": c.name, "table": tables[c.meeting_id].title},
        )
        for c in co_chairs
        if c.meeting_id in tables and not per_pair[c.delegation_id, c.meeting_id]
    ]


def _balance_violations(
    *,
    tables: dict[int, _TableInfo],
    delegations: dict[int, _DelegationInfo],
    per_pair: Counter[tuple[int, int]],
    per_table: Counter[int],
) -> list[_Violation]:
    """Each (table, group) count not within one seat of its proportional share, tables in
    order, groups by name."""
    per_table_group: Counter[tuple[int, int]] = Counter()
    per_group: Counter[int] = Counter()
    group_names: dict[int, str] = {}
    for (d_id, m_id), n in per_pair.items():
        d = delegations[d_id]
        if d.group_id is not None:
            per_table_group[m_id, d.group_id] += n
            per_group[d.group_id] += n
            group_names[d.group_id] = d.group_name
    all_seats = sum(per_group.values())
    found: list[_Violation] = []
    for m_id in sorted(per_table, key=lambda pk: tables[pk].order):
        for g_id in sorted(per_group, key=lambda g: group_names[g]):
            args = {
                "table_seats": per_table[m_id],
                "group_seats": per_group[g_id],
                "all_seats": all_seats,
            }
            low, high = proportional_bounds(**args)
            x = per_table_group[m_id, g_id]
            if low <= x <= high:
                continue
            values = {
                "table": tables[m_id].title,
                "count": x,
                "group": group_names[g_id],
                "share": f"{proportional_share(**args):.2f}",
                "low": low,
                "high": high,
            }
            if x > high:
                found.append(
                    _Violation(
                        ("balance_high", m_id, g_id),
                        x - high,
                        _(
                            "%(table)s: %(count)d seats for %(group)s, not within one seat "
                            "of its proportional share of %(share)s (at most %(high)d)."
                        )
                        % values,
                    )
                )
            else:
                found.append(
                    _Violation(
                        ("balance_low", m_id, g_id),
                        low - x,
                        _(
                            "%(table)s: %(count)d seats for %(group)s, not within one seat "
                            "of its proportional share of %(share)s (at least %(low)d)."
                        )
                        % values,
                    )
                )
    return found


def _seat_violations(*, process: Process, seats: Iterable[Seat]) -> list[_Violation]:
    seats = list(seats)
    pairs = [(s.delegation_id, s.meeting_id) for s in seats]
    tables = {m.pk: _table_info(m) for m in round_tables_of(process)}
    missing_tables = {m for _d, m in pairs} - tables.keys()
    if missing_tables:
        for m in Meeting.objects.filter(pk__in=missing_tables).select_related("process", "room"):
            tables[m.pk] = _table_info(m)
    delegations = {
        d.pk: _delegation_info(d)
        for d in Delegation.objects.filter(pk__in={d for d, _m in pairs}).select_related(
            "stakeholder__regional_group"
        )
    }
    return _violations(
        max_tables=process.round_tables_per_state,
        balance=process.regional_balance,
        process_id=process.pk,
        tables=tables,
        delegations=delegations,
        pairs=pairs,
        co_chairs=co_chair_seats(process=process),
    )


def seat_rules_check(*, process: Process, seats: Iterable[Seat]) -> list[str]:
    """Each rule of ``process`` that ``seats`` (saved or not) break, in plain words; [] if none.

    The rules: a seat is at a round table of the process, for a Member State's delegation to
    it; one seat per State per table; at most ``round_tables_per_state`` tables per State; no
    table over ``Meeting.seat_capacity``; each co-chair's State holds a seat at the round table
    it co-chairs; with ``regional_balance``, every (table, group) count within one seat of
    proportional (see :mod:`consultations.seating`).
    Reads only; raises nothing.
    """
    return [v.message for v in _seat_violations(process=process, seats=seats)]


def seat_edit_check(*, process: Process, before: list[Seat], after: list[Seat]) -> None:
    """Raise SeatRuleError with each rule that ``after`` breaks and ``before`` did not (or
    breaks further): a rule broken already, say after the cap was lowered, does not block
    the edits that mend it. Reads only."""
    old = {v.key: v.excess for v in _seat_violations(process=process, seats=before)}
    new = [
        v
        for v in _seat_violations(process=process, seats=after)
        if v.key not in old or v.excess > old[v.key]
    ]
    if new:
        raise SeatRuleError([v.message for v in new])
