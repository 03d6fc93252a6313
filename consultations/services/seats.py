"""Round-table seats: preferences, the automatic allocation, hand edits and co-chairs.

The rules are settings of the process (``Process.round_tables_per_state``, ``round_table_cap``
with each meeting's own capacity through ``Meeting.seat_capacity``, ``regional_balance``,
``co_chairs_per_round_table``). One function, :func:`seat_rules_check`, states them; the
allocation asserts its own result with it and every hand edit is refused when it breaks one.

The regional balance rule: for every round table *t* and regional group *g*, the number
``x_tg`` of seats of States of *g* at *t* is within one seat of its proportional share::

    floor(F_t * A_g / F) <= x_tg <= ceil(F_t * A_g / F)

where ``F_t`` is the number of seats at *t*, ``A_g`` the number of seats of group *g* over all
the round tables of the process and ``F`` the number of seats in all.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history

from consultations.choices import ChairRole, MeetingKind, SeatSource
from consultations.models import (
    Delegation,
    Meeting,
    MeetingChair,
    Process,
    Seat,
    SeatPreference,
)
from registry.choices import StakeholderKind
from registry.models import Person, Stakeholder


# --- Domain errors ------------------------------------------------------------------------------
class SeatError(Exception):
    """A seat action that is not allowed; ``messages`` says why, in plain words."""

    def __init__(self, messages: Iterable[str]):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))


class SeatRuleError(SeatError):
    """Seats that would break a rule of the process (capacity, balance, tables per State...)."""


class SeatPreferenceError(SeatError):
    """Preferences that are not a ranked list of the process's round tables."""


class CoChairError(SeatError):
    """Co-chairs that do not meet the process's rule (number, Member States, groups)."""


class MissReason(models.TextChoices):
    """Why a State did not get its first choice."""

    FIRST_CHOICE_FULL = "first_choice_full", gettext_lazy("first choice full")
    BALANCE = "balance", gettext_lazy("balance")
    NO_SEAT = "no_seat", gettext_lazy("no seat: all tables full")
    HAND = "hand", gettext_lazy("seat edited by the Secretariat")
    NOT_YET = "not_yet", gettext_lazy("no seat yet: run the allocation")
    CHANGED = "changed", gettext_lazy("preferences changed since the allocation")


# --- The rules ----------------------------------------------------------------------------------
def proportional_bounds(*, table_seats: int, group_seats: int, all_seats: int) -> tuple[int, int]:
    """``(floor, ceil)`` of ``table_seats * group_seats / all_seats``, in exact integers."""
    if all_seats == 0:
        return 0, 0
    product = table_seats * group_seats
    return product // all_seats, -(-product // all_seats)


def proportional_share(*, table_seats: int, group_seats: int, all_seats: int) -> float:
    return table_seats * group_seats / all_seats if all_seats else 0.0


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


def _round_tables(process: Process) -> list[Meeting]:
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
) -> list[_Violation]:
    """Every rule that the seats ``pairs`` (delegation id, meeting id) break."""
    found: list[_Violation] = []
    per_pair = Counter(pairs)
    per_delegation: Counter[int] = Counter()
    per_table: Counter[int] = Counter()
    per_table_group: Counter[tuple[int, int]] = Counter()
    per_group: Counter[int] = Counter()
    group_names: dict[int, str] = {}
    tables_of: dict[int, list[int]] = defaultdict(list)
    for d_id, m_id in per_pair:
        tables_of[d_id].append(m_id)
        per_delegation[d_id] += 1  # distinct tables
    for d_id in sorted(tables_of, key=lambda pk: (delegations[pk].name, pk)):
        d = delegations[d_id]
        for m_id in sorted(tables_of[d_id], key=lambda pk: tables[pk].order):
            t, n = tables[m_id], per_pair[d_id, m_id]
            if not t.is_round_table or t.process_id != process_id:
                found.append(
                    _Violation(
                        ("table", d_id, m_id),
                        n,
                        _("%(state)s: %(meeting)s is not a round table of this process.")
                        % {"state": d.name, "meeting": t.title},
                    )
                )
            if n > 1:
                found.append(
                    _Violation(
                        ("twice", d_id, m_id),
                        n - 1,
                        _("%(state)s has more than one seat at %(table)s.")
                        % {"state": d.name, "table": t.title},
                    )
                )
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
        tables_joined = per_delegation[d_id]
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
    for (d_id, m_id), n in per_pair.items():
        per_table[m_id] += n
        d = delegations[d_id]
        if d.group_id is not None:
            per_table_group[m_id, d.group_id] += n
            per_group[d.group_id] += n
            group_names[d.group_id] = d.group_name
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
    if balance:
        all_seats = sum(per_group.values())
        for m_id in sorted(per_table, key=lambda pk: tables[pk].order):
            t = tables[m_id]
            for g_id in sorted(per_group, key=lambda g: group_names[g]):
                x = per_table_group[m_id, g_id]
                args = {
                    "table_seats": per_table[m_id],
                    "group_seats": per_group[g_id],
                    "all_seats": all_seats,
                }
                low, high = proportional_bounds(**args)
                values = {
                    "table": t.title,
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
                elif x < low:
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
    tables = {m.pk: _table_info(m) for m in _round_tables(process)}
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
    )


def seat_rules_check(*, process: Process, seats: Iterable[Seat]) -> list[str]:
    """Each rule of ``process`` that ``seats`` (saved or not) break, in plain words; [] if none.

    The rules: a seat is at a round table of the process, for a Member State's delegation to
    it; one seat per State per table; at most ``round_tables_per_state`` tables per State; no
    table over ``Meeting.seat_capacity``; with ``regional_balance``, every (table, group) count
    within one seat of proportional (see the module docstring). Reads only; raises nothing.
    """
    return [v.message for v in _seat_violations(process=process, seats=seats)]


# --- Preferences --------------------------------------------------------------------------------
@transaction.atomic
def seat_preferences_set(
    *, actor, delegation: Delegation, meetings: list[Meeting]
) -> list[SeatPreference]:
    """Replace ``delegation``'s ranked round-table preferences (list order = rank, 1 first).

    Deletes its previous preferences and creates the new ones, in one transaction. Raises
    PermissionDenied unless ``actor`` may act for the delegation, SeatPreferenceError when a
    meeting is not a round table of the delegation's process, appears twice, when there are
    more choices than round tables, or when the delegation is not a Member State's.
    """
    if not actor.has_perm("consultations.act_for", delegation):
        raise PermissionDenied
    errors: list[str] = []
    if delegation.stakeholder.kind != StakeholderKind.MEMBER_STATE:
        errors.append(_("Only Member States take seats at round tables."))
    round_table_ids = set(
        Meeting.objects.filter(
            process_id=delegation.process_id, kind=MeetingKind.ROUND_TABLE
        ).values_list("pk", flat=True)
    )
    for meeting in meetings:
        if meeting.pk not in round_table_ids:
            errors.append(
                _("%(meeting)s is not a round table of this process.") % {"meeting": meeting}
            )
    seen: set[int] = set()
    for meeting in meetings:
        if meeting.pk in seen:
            errors.append(_("%(meeting)s is chosen more than once.") % {"meeting": meeting})
        seen.add(meeting.pk)
    if len(meetings) > len(round_table_ids):
        errors.append(
            ngettext(
                "At most %(n)d choice: the process has %(n)d round table.",
                "At most %(n)d choices: the process has %(n)d round tables.",
                len(round_table_ids),
            )
            % {"n": len(round_table_ids)}
        )
    if errors:
        raise SeatPreferenceError(errors)
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    for old in SeatPreference.objects.filter(delegation=delegation):
        old._history_user = actor
        old.delete()
    created = []
    for rank, meeting in enumerate(meetings, start=1):
        preference = SeatPreference(delegation=delegation, meeting=meeting, rank=rank)
        preference._history_user = actor
        preference.save()
        created.append(preference)
    return created


# --- The allocation -----------------------------------------------------------------------------
@dataclass
class _AllocState:
    """A State taking part in an allocation run (plain data: the core runs without the ORM)."""

    delegation_id: int
    group_id: int
    prefs: dict[int, int]  # table id -> rank
    target: int  # seats it should get from this run (its hand seats already deducted)
    blocked: frozenset[int] = frozenset()  # tables where it already has a (hand) seat
    covered: bool = False  # already has a seat (edited by hand)


@dataclass
class _AllocResult:
    seats: dict[int, list[int]]  # delegation id -> table ids
    first_pass: dict[int, list[int]]  # before the balance pass: to tell why a choice was lost
    warnings: list[str] = field(default_factory=list)


class _Infeasible(Exception):
    pass


@dataclass(frozen=True)
class _Weights:
    """Lexicographic rewards, highest level first: seating a State; a 1st choice; a 2nd...; an
    unranked seat; (first pass only) a mix of groups close to proportional; then the order of
    the States (who stated preferences first) to break the remaining ties.

    Each level's unit exceeds the most that all the levels below it can add up to, so one
    more unit of a level outweighs any number of units below it.
    """

    base: int  # more than the seats any one rank level can count
    max_rank: int
    tie_unit: int  # unit of the spread level: more than the whole tie-break level
    rank_unit: int  # unit of the unranked level: more than the spread and tie levels together
    priority: dict[int, int]  # delegation id -> tie-break reward (earlier States more)

    @classmethod
    def of(cls, states: Sequence[_AllocState], spread_total: int = 0) -> _Weights:
        seats = sum(max(0, s.target) for s in states)
        max_rank = max((r for s in states for r in s.prefs.values()), default=1)
        tie_unit = seats * len(states) * (max_rank + 1) + 1
        return cls(
            base=seats + 1,
            max_rank=max_rank,
            tie_unit=tie_unit,
            rank_unit=(spread_total + 1) * tie_unit,
            priority={s.delegation_id: len(states) - i for i, s in enumerate(states)},
        )

    def seat(self, state: _AllocState, table: int) -> int:
        """Reward of a seat of ``state`` at ``table``: its rank level, then the tie-break, which
        weighs how good the seat is by the State's priority so that, between two States
        wanting one table, the earlier gets it."""
        rank = state.prefs.get(table)
        level = 1 if rank is None else self.base ** (self.max_rank - rank + 1)
        goodness = 1 if rank is None else self.max_rank - rank + 2
        return level * self.rank_unit + self.priority[state.delegation_id] * goodness

    @property
    def cover(self) -> int:
        return self.base ** (self.max_rank + 1) * self.rank_unit


def _flow_value(flow: dict, u: Any, v: Any) -> int:
    value = flow.get(u, {}).get(v, 0)
    return sum(value.values()) if isinstance(value, dict) else value


def _first_pass(
    tables: Sequence[int],
    room: dict[int, int],
    states: Sequence[_AllocState],
    *,
    spread: dict[int, int] | None = None,
    hand_table_group: dict[tuple[int, int], int] | None = None,
) -> dict[int, list[int]]:
    """Seats without the balance rule: a min-cost flow source -> State -> table -> sink.

    With ``spread`` (table id -> its size, for the balance rule), the level of the objective
    above the tie-break is a convex cost sum(x_tg**2 / size_t) over (table, group) counts, which at
    fixed group totals is least when every table has the same mix of groups, i.e. when the
    counts are proportional: of the seatings that are best on every other level, it picks
    the one that the balance pass can keep most of.
    """
    total = sum(s.target for s in states)
    graph = nx.MultiDiGraph()
    graph.add_node("src", demand=-total)
    graph.add_node("sink", demand=total)
    graph.add_edge("src", "sink", capacity=total, weight=0)  # seats nobody needs
    spread_edges: list[tuple[Any, Any, int]] = []
    if spread is not None:
        hand_table_group = hand_table_group or {}
        groups_at: dict[int, Counter[int]] = {t: Counter() for t in tables}
        for s in states:
            if s.target > 0:
                for t in tables:
                    if t not in s.blocked:
                        groups_at[t][s.group_id] += 1
        unit = 10_000
        for t in tables:
            size = max(1, spread[t])
            for g, eligible in sorted(groups_at[t].items()):
                held = hand_table_group.get((t, g), 0)
                for k in range(held + 1, held + 1 + min(eligible, room[t])):
                    spread_edges.append((("tg", t, g), ("t", t), unit * (2 * k - 1) // size))
    weights = _Weights.of(states, spread_total=sum(cost for _u, _v, cost in spread_edges))
    for u, v, cost in spread_edges:
        graph.add_edge(u, v, capacity=1, weight=cost * weights.tie_unit)
    for s in states:
        node = ("s", s.delegation_id)
        if s.target <= 0:
            continue
        if not s.covered:
            graph.add_edge("src", ("c", s.delegation_id), capacity=1, weight=-weights.cover)
            graph.add_edge(("c", s.delegation_id), node, capacity=1, weight=0)
            if s.target > 1:
                graph.add_edge("src", node, capacity=s.target - 1, weight=0)
        else:
            graph.add_edge("src", node, capacity=s.target, weight=0)
        for t in tables:
            if t in s.blocked:
                continue
            reward = weights.seat(s, t)
            head = ("t", t) if spread is None else ("tg", t, s.group_id)
            graph.add_edge(node, head, capacity=1, weight=-reward)
    for t in tables:
        graph.add_edge(("t", t), "sink", capacity=room[t], weight=0)
    flow = nx.min_cost_flow(graph)
    return {
        s.delegation_id: [
            t
            for t in tables
            if _flow_value(
                flow, ("s", s.delegation_id), ("t", t) if spread is None else ("tg", t, s.group_id)
            )
        ]
        for s in states
        if s.target > 0
    }


def _balance_pass(
    tables: Sequence[int],
    states: Sequence[_AllocState],
    counts: dict[int, int],
    table_totals: dict[int, int],
    hand_table: dict[int, int],
    hand_table_group: dict[tuple[int, int], int],
    hand_group: dict[int, int],
) -> dict[int, list[int]]:
    """Seats with the balance bounds on every (table, group), given the seats of each State
    (``counts``) and of each table (``table_totals``, hand seats included)."""
    weights = _Weights.of(states)
    group_totals: Counter[int] = Counter(hand_group)
    for s in states:
        group_totals[s.group_id] += counts.get(s.delegation_id, 0)
    all_seats = sum(group_totals.values())
    graph = nx.DiGraph()
    demand: Counter[Any] = Counter()
    for s in states:
        k = counts.get(s.delegation_id, 0)
        if k == 0:
            continue
        demand[("s", s.delegation_id)] -= k
        for t in tables:
            if t in s.blocked:
                continue
            reward = weights.seat(s, t)
            graph.add_edge(
                ("s", s.delegation_id), ("tg", t, s.group_id), capacity=1, weight=-reward
            )
    for t in tables:
        demand[("t", t)] += table_totals[t] - hand_table.get(t, 0)
        for g, a_g in group_totals.items():
            low, high = proportional_bounds(
                table_seats=table_totals[t], group_seats=a_g, all_seats=all_seats
            )
            hand = hand_table_group.get((t, g), 0)
            low, high = max(0, low - hand), high - hand
            if high < low:
                raise _Infeasible
            # A lower bound l on u -> v: send l for sure (u must take in l more, v gets l).
            graph.add_edge(("tg", t, g), ("t", t), capacity=high - low, weight=0)
            demand[("tg", t, g)] += low
            demand[("t", t)] -= low
    for node, value in demand.items():
        graph.add_node(node)
        graph.nodes[node]["demand"] = value
    if not graph:
        return {}  # no table, no State: nothing to seat
    try:
        flow = nx.min_cost_flow(graph)
    except nx.NetworkXUnfeasible:
        raise _Infeasible from None
    return {
        s.delegation_id: [
            t for t in tables if flow.get(("s", s.delegation_id), {}).get(("tg", t, s.group_id), 0)
        ]
        for s in states
        if counts.get(s.delegation_id, 0)
    }


def _even_totals(
    *,
    tables: Sequence[int],
    seats: int,
    capacity: dict[int, int | None],
    hand_table: dict[int, int],
    eligible: dict[int, int],
) -> dict[int, int]:
    """Table sizes (hand seats included) as even as capacities allow for ``seats`` more seats;
    a table takes at most ``eligible[t]`` of them (one seat per State)."""
    sizes = {t: hand_table.get(t, 0) for t in tables}
    heap = [(sizes[t], i, t) for i, t in enumerate(tables)]
    heapq.heapify(heap)
    while seats and heap:
        size, i, t = heapq.heappop(heap)
        if (capacity[t] is not None and size >= capacity[t]) or size - hand_table.get(
            t, 0
        ) >= eligible[t]:
            continue
        sizes[t] = size + 1
        seats -= 1
        heapq.heappush(heap, (size + 1, i, t))
    return sizes


def _greedy_pass(
    tables: Sequence[int], room: dict[int, int], states: Sequence[_AllocState]
) -> dict[int, list[int]]:
    """A simple seating by rank order: each State its first choice while there is room (States
    in name order), then its second choice..., then any table with room; then, the same way,
    the further seats of States that may have more than one."""
    left = dict(room)
    seats: dict[int, list[int]] = {s.delegation_id: [] for s in states if s.target > 0}
    max_rank = max((r for s in states for r in s.prefs.values()), default=0)

    def seat(s: _AllocState, t: int) -> bool:
        if left[t] > 0 and t not in s.blocked and t not in seats[s.delegation_id]:
            seats[s.delegation_id].append(t)
            left[t] -= 1
            return True
        return False

    active = [s for s in states if s.target > 0]
    for wanted in (1, None):  # the first seat of every State, then the others

        def needs(s: _AllocState, wanted=wanted) -> bool:
            have = len(seats[s.delegation_id])
            return have == 0 and not s.covered if wanted == 1 else have < s.target

        for rank in range(1, max_rank + 1):
            for s in active:
                if needs(s):
                    for t, r in s.prefs.items():
                        if r == rank:
                            seat(s, t)
        for s in active:
            if needs(s):
                for t in tables:
                    if seat(s, t) and not needs(s):
                        break
    return seats


def _score(states: Sequence[_AllocState], seats: dict[int, list[int]]) -> tuple[int, ...]:
    """The allocation's objective as a tuple: States seated, 1st choices, 2nd..., unranked."""
    max_rank = max((r for s in states for r in s.prefs.values()), default=0)
    ranks: Counter[int | None] = Counter()
    seated = 0
    for s in states:
        held = seats.get(s.delegation_id, [])
        seated += bool(held or s.covered)
        for t in held:
            ranks[s.prefs.get(t)] += 1
    return (seated, *(ranks[r] for r in range(1, max_rank + 1)), ranks[None])


def _allocate(
    *,
    tables: Sequence[int],
    capacity: dict[int, int | None],
    states: Sequence[_AllocState],
    balance: bool,
    hand_seats: Sequence[tuple[int, int, int]] = (),
) -> _AllocResult:
    """The allocation on plain data (see :func:`seats_allocate`); raises _Infeasible.

    ``hand_seats`` are the seats kept as they are: (delegation id, table id, group id).
    """
    hand_table: Counter[int] = Counter(t for _d, t, _g in hand_seats)
    hand_table_group: Counter[tuple[int, int]] = Counter((t, g) for _d, t, g in hand_seats)
    hand_group: Counter[int] = Counter(g for _d, _t, g in hand_seats)
    unbounded = sum(s.target for s in states)
    room = {
        t: unbounded if capacity[t] is None else max(0, capacity[t] - hand_table[t]) for t in tables
    }
    warnings: list[str] = []
    for one_each in (False, True):
        if one_each:
            if all(s.target <= 1 for s in states):
                break  # nothing left to give up
            warnings.append(
                _(
                    "Regional balance could not be met with more than one round table for "
                    "some States: each State was given one seat."
                )
            )
            states = [
                _AllocState(
                    delegation_id=s.delegation_id,
                    group_id=s.group_id,
                    prefs=s.prefs,
                    target=min(s.target, 0 if s.covered else 1),
                    blocked=s.blocked,
                    covered=s.covered,
                )
                for s in states
            ]
        if not balance:
            first = _first_pass(tables, room, states)
            return _AllocResult(seats=first, first_pass=first, warnings=warnings)
        spread = {t: unbounded if capacity[t] is None else capacity[t] for t in tables}
        best: tuple[tuple[int, ...], dict[int, list[int]], dict[int, list[int]]] | None = None
        flow_start = _first_pass(
            tables, room, states, spread=spread, hand_table_group=hand_table_group
        )
        for start in (flow_start, None):
            if start is None:
                if best is not None and best[0] == _score(states, flow_start):
                    break  # balanced and as good as the unbalanced optimum: nothing can beat it
                start = _greedy_pass(tables, room, states)
            seats = _balanced(
                tables=tables,
                capacity=capacity,
                states=states,
                start=start,
                hand_table=hand_table,
                hand_table_group=hand_table_group,
                hand_group=hand_group,
            )
            if seats is not None and (best is None or _score(states, seats) > best[0]):
                best = (_score(states, seats), seats, start)
        if best is not None:
            return _AllocResult(seats=best[1], first_pass=best[2], warnings=warnings)
    raise _Infeasible


def _balanced(
    *,
    tables: Sequence[int],
    capacity: dict[int, int | None],
    states: Sequence[_AllocState],
    start: dict[int, list[int]],
    hand_table: Counter[int],
    hand_table_group: Counter[tuple[int, int]],
    hand_group: Counter[int],
) -> dict[int, list[int]] | None:
    """The best balanced seating with the seats of each State of ``start``: with its table
    sizes, or else with sizes as even as the capacities allow; None if neither admits one."""
    counts = {d: len(ts) for d, ts in start.items()}
    totals = {t: hand_table[t] for t in tables}
    for ts in start.values():
        for t in ts:
            totals[t] += 1
    eligible = {
        t: sum(1 for s in states if counts.get(s.delegation_id) and t not in s.blocked)
        for t in tables
    }
    even = _even_totals(
        tables=tables,
        seats=sum(counts.values()),
        capacity=capacity,
        hand_table=hand_table,
        eligible=eligible,
    )
    for sizes in (totals, even):
        if sizes is even and (even == totals or sum(even.values()) != sum(totals.values())):
            continue
        try:
            return _balance_pass(
                tables, states, counts, sizes, hand_table, hand_table_group, hand_group
            )
        except _Infeasible:
            continue
    return None


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


@transaction.atomic
def seats_allocate(*, actor, process: Process) -> AllocationReport:
    """Allocate round-table seats to the Member States that stated preferences.

    Changes: deletes every seat of ``process`` of source "allocation" and creates the new ones
    (source "allocation", ``assigned_by`` = ``actor``, ``choice`` = the rank obtained or None);
    seats edited by hand are kept and count against every rule. One transaction.

    What each State gets: ``min(round_tables_per_state, number of its preferences)`` seats,
    one per table at most, less the seats it holds by hand. In order of priority: (1) as many
    States seated as capacity allows (a State goes to a table it did not rank when its choices
    are full), (2) as many first choices as possible, (3) then second choices, and so on,
    (4) then further seats at unranked tables. With ``regional_balance`` every (table, group)
    count is within one seat of proportional: floor(F_t*A_g/F) <= x_tg <= ceil(F_t*A_g/F),
    F_t the seats at table t, A_g the seats of group g, F all seats. Remaining ties go to the
    States that stated their preferences first (then by name).

    Method: a min-cost flow (networkx) without the balance bounds fixes each State's number of
    seats and each table's size; a second min-cost flow with the floor/ceil bounds on
    (table, group) edges and those exact margins picks the tables. The second flow also runs
    from a seating by rank order (greedy), and the better result is kept, so the allocation
    never seats fewer first choices than that greedy seating when the latter meets the rules.
    Should the sizes admit no balanced seating (possible with several tables per State), even
    sizes are tried, then one seat per State, which always admits one.

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seats edited by hand leave no seating within the rules.
    """
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied
    started = time.perf_counter()
    Process.objects.select_for_update().filter(pk=process.pk).first()
    round_tables = _round_tables(process)
    tables = [m.pk for m in round_tables]
    capacity = {m.pk: m.seat_capacity for m in round_tables}
    titles = {m.pk: m.title for m in round_tables}

    hand = list(
        Seat.objects.filter(meeting__in=tables, source=SeatSource.HAND).select_related(
            "delegation__stakeholder__regional_group"
        )
    )
    preferences = (
        SeatPreference.objects.filter(
            delegation__process=process,
            delegation__stakeholder__kind=StakeholderKind.MEMBER_STATE,
            meeting__in=tables,
        )
        .select_related("delegation__stakeholder__regional_group")
        .order_by("delegation__stakeholder__name", "delegation_id", "rank")
    )
    prefs: dict[int, dict[int, int]] = defaultdict(dict)
    stated: dict[int, Any] = {}
    delegations: dict[int, Delegation] = {}
    for p in preferences:
        prefs[p.delegation_id][p.meeting_id] = p.rank
        stated[p.delegation_id] = min(stated.get(p.delegation_id, p.updated), p.updated)
        delegations.setdefault(p.delegation_id, p.delegation)
    held: dict[int, list[int]] = defaultdict(list)
    for seat in hand:
        held[seat.delegation_id].append(seat.meeting_id)
        delegations.setdefault(seat.delegation_id, seat.delegation)

    n = process.round_tables_per_state
    states = [
        _AllocState(
            delegation_id=d,
            group_id=delegations[d].stakeholder.regional_group_id,
            prefs=prefs[d],
            target=max(0, min(n, len(prefs[d])) - len(held[d])),
            blocked=frozenset(held[d]),
            covered=bool(held[d]),
        )
        # Ties go to the States that stated their preferences first, then by name.
        for d in sorted(prefs, key=lambda d: (stated[d], delegations[d].stakeholder.name, d))
    ]
    hand_seats = [
        (s.delegation_id, s.meeting_id, s.delegation.stakeholder.regional_group_id)
        for s in hand
        if s.delegation.stakeholder.regional_group_id is not None
    ]
    try:
        result = _allocate(
            tables=tables,
            capacity=capacity,
            states=states,
            balance=process.regional_balance,
            hand_seats=hand_seats,
        )
    except _Infeasible:
        raise SeatRuleError(
            [
                _(
                    "No seating meets the regional balance with the seats edited by hand: "
                    "move or remove some of them, then run the allocation again."
                )
            ]
        ) from None

    new_seats = [
        Seat(
            meeting_id=t,
            delegation_id=d,
            source=SeatSource.ALLOCATION,
            choice=prefs[d].get(t),
            assigned_by=actor,
        )
        for d, ts in result.seats.items()
        for t in ts
    ]
    problems = seat_rules_check(process=process, seats=[*hand, *new_seats])
    if problems:  # the seats edited by hand break a rule that the allocation cannot mend
        raise SeatRuleError(problems)
    removed = _seats_delete(
        list(Seat.objects.filter(meeting__in=tables, source=SeatSource.ALLOCATION)), actor=actor
    )
    bulk_create_with_history(new_seats, Seat, default_user=actor)

    seated: dict[int, list[int]] = defaultdict(list)
    for d, ts in [*held.items(), *result.seats.items()]:
        seated[d].extend(ts)
    table_sizes = Counter(t for ts in seated.values() for t in ts)
    full = {t for t in tables if capacity[t] is not None and table_sizes[t] >= capacity[t]}
    by_choice: Counter[int | None] = Counter()
    first_choices = 0
    missed: list[MissedFirstChoice] = []
    for s in states:
        d = s.delegation_id
        for t in result.seats.get(d, []):
            by_choice[s.prefs.get(t)] += 1
        first = min(s.prefs, key=s.prefs.__getitem__)
        if first in seated[d]:
            first_choices += 1
            continue
        if not seated[d]:
            by_choice[0] += 1
            reason = MissReason.NO_SEAT
        elif held[d]:
            reason = MissReason.HAND
        elif first in result.first_pass.get(d, []) or first not in full:
            reason = MissReason.BALANCE
        else:
            reason = MissReason.FIRST_CHOICE_FULL
        stakeholder = delegations[d].stakeholder
        missed.append(
            MissedFirstChoice(
                delegation_id=d,
                state=stakeholder.name,
                group=_group_name(stakeholder),
                first_choice=titles[first],
                obtained=[titles[t] for t in tables if t in seated[d]],
                reason=reason.value,
            )
        )
    max_rank = max((r for s in states for r in s.prefs.values()), default=0)
    groups = sorted(
        {
            (d.stakeholder.regional_group.order, d.stakeholder.regional_group.name, g)
            for d in delegations.values()
            if (g := d.stakeholder.regional_group_id) is not None
        }
    )
    group_of = {
        d: delegation.stakeholder.regional_group_id for d, delegation in delegations.items()
    }
    return AllocationReport(
        process_id=process.pk,
        states=len(states),
        seats_created=len(new_seats),
        seats_removed=removed,
        tables=[
            TableCount(meeting_id=t, title=titles[t], seats=table_sizes[t], capacity=capacity[t])
            for t in tables
        ],
        by_choice=[
            ChoiceCount(choice=c, label=choice_label(c), count=by_choice[c])
            for c in [*range(1, max_rank + 1), None, 0]
        ],
        first_choices=first_choices,
        balance=balance_rows(
            tables=[(t, titles[t]) for t in tables],
            groups=[(g, name) for _order, name, g in groups],
            pairs=[(group_of[d], t) for d, ts in seated.items() for t in ts if group_of[d]],
        ),
        missed=missed,
        warnings=result.warnings,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _seats_delete(seats: list[Seat], *, actor) -> int:
    """Delete ``seats``, each with its history row ("-", by ``actor``), in two queries.

    ``QuerySet.delete()`` would write the history rows one by one from the post_delete
    signal, which for a whole allocation costs more than the allocation itself; Seat has no
    reverse relations, so the raw delete skips nothing but those signals.
    """
    if not seats:
        return 0
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        historical = Seat.history.model
        now = timezone.now()
        historical.objects.bulk_create(
            historical(
                history_date=now,
                history_user=actor,
                history_change_reason=_("replaced by a new allocation")[:100],
                history_type="-",
                **{f.attname: getattr(seat, f.attname) for f in historical.tracked_fields},
            )
            for seat in seats
        )
    Seat.objects.filter(pk__in=[seat.pk for seat in seats])._raw_delete(Seat.objects.db)
    return len(seats)


def _group_name(stakeholder: Stakeholder) -> str:
    group = stakeholder.regional_group
    return group.name if group else ""


# --- Hand edits ---------------------------------------------------------------------------------
def _process_seats(process: Process) -> list[Seat]:
    return list(
        Seat.objects.filter(meeting__process=process, meeting__kind=MeetingKind.ROUND_TABLE)
    )


def _check_edit(*, process: Process, before: list[Seat], after: list[Seat]) -> None:
    """Raise SeatRuleError with each rule that ``after`` breaks and ``before`` did not (or
    breaks further): a rule broken already, say after the cap was lowered, does not block
    the edits that mend it."""
    old = {v.key: v.excess for v in _seat_violations(process=process, seats=before)}
    new = [
        v
        for v in _seat_violations(process=process, seats=after)
        if v.key not in old or v.excess > old[v.key]
    ]
    if new:
        raise SeatRuleError([v.message for v in new])


def _rank_of(delegation_id: int, meeting_id: int) -> int | None:
    return (
        SeatPreference.objects.filter(delegation_id=delegation_id, meeting_id=meeting_id)
        .values_list("rank", flat=True)
        .first()
    )


def _lock(process: Process) -> None:
    """Serialize seat edits of one process (a no-op where the database has no row locks)."""
    Process.objects.select_for_update().filter(pk=process.pk).first()


def _require_manage_seats(actor) -> None:
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied


def _round_table_of(process: Process, meeting: Meeting) -> None:
    if meeting.kind != MeetingKind.ROUND_TABLE or meeting.process_id != process.pk:
        raise SeatRuleError(
            [_("%(meeting)s is not a round table of this process.") % {"meeting": meeting}]
        )


def _save_hand(seat: Seat, *, actor, reason: str = "") -> None:
    seat.source = SeatSource.HAND
    seat.assigned_by = actor
    seat.choice = _rank_of(seat.delegation_id, seat.meeting_id)
    seat._history_user = actor
    if reason:
        seat._change_reason = reason[:100]
    seat.save()


@transaction.atomic
def seat_move(*, actor, seat: Seat, meeting: Meeting, reason: str = "") -> Seat:
    """Move ``seat`` to the round table ``meeting``; it becomes a seat edited by hand.

    Saves the seat (source "hand", ``assigned_by`` = ``actor``, choice = the rank of the new
    table in the delegation's preferences); ``reason`` goes into the seat's history. Raises
    PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError when
    the move would break a rule (nothing is changed) or the seat is already at that table.
    """
    _require_manage_seats(actor)
    process = seat.meeting.process
    _lock(process)
    _round_table_of(process, meeting)
    if meeting.pk == seat.meeting_id:
        raise SeatRuleError(
            [_("%(state)s is already at %(table)s.") % _names(seat.delegation, meeting)]
        )
    before = _process_seats(process)
    after = [
        Seat(pk=s.pk, delegation_id=s.delegation_id, meeting_id=meeting.pk)
        if s.pk == seat.pk
        else s
        for s in before
    ]
    _check_edit(process=process, before=before, after=after)
    seat.meeting = meeting
    _save_hand(seat, actor=actor, reason=reason)
    return seat


@transaction.atomic
def seat_add(*, actor, delegation: Delegation, meeting: Meeting) -> Seat:
    """Give ``delegation`` a seat at the round table ``meeting`` (source "hand").

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seat would break a rule (nothing is changed).
    """
    _require_manage_seats(actor)
    process = meeting.process
    _lock(process)
    _round_table_of(process, meeting)
    before = _process_seats(process)
    seat = Seat(delegation=delegation, meeting=meeting)
    _check_edit(process=process, before=before, after=[*before, seat])
    _save_hand(seat, actor=actor)
    return seat


@transaction.atomic
def seat_remove(*, actor, seat: Seat) -> None:
    """Delete ``seat``. Raises PermissionDenied unless ``actor`` has
    ``consultations.manage_seats``; SeatRuleError when that would break a rule (the regional
    balance of what remains); nothing is changed then."""
    _require_manage_seats(actor)
    process = seat.meeting.process
    _lock(process)
    before = _process_seats(process)
    _check_edit(process=process, before=before, after=[s for s in before if s.pk != seat.pk])
    seat._history_user = actor
    seat.delete()


@transaction.atomic
def seats_swap(*, actor, seat_a: Seat, seat_b: Seat) -> tuple[Seat, Seat]:
    """Exchange the round tables of two seats of one process; both become seats edited by hand.

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seats are at the same table, in different processes, or when the swap would break
    a rule (nothing is changed).
    """
    _require_manage_seats(actor)
    process = seat_a.meeting.process
    _lock(process)
    if seat_b.meeting.process_id != process.pk:
        raise SeatRuleError([_("These two seats are in different processes.")])
    if seat_a.meeting_id == seat_b.meeting_id:
        raise SeatRuleError([_("These two seats are at the same round table.")])
    before = _process_seats(process)
    swapped = {seat_a.pk: seat_b.meeting_id, seat_b.pk: seat_a.meeting_id}
    after = [
        Seat(pk=s.pk, delegation_id=s.delegation_id, meeting_id=swapped[s.pk])
        if s.pk in swapped
        else s
        for s in before
    ]
    _check_edit(process=process, before=before, after=after)
    table_a, table_b = seat_a.meeting, seat_b.meeting
    seat_a.meeting, seat_b.meeting = table_b, table_a
    _save_hand(seat_a, actor=actor, reason=_("swapped"))
    _save_hand(seat_b, actor=actor, reason=_("swapped"))
    return seat_a, seat_b


def _names(delegation: Delegation, meeting: Meeting) -> dict[str, str]:
    return {"state": delegation.stakeholder.name, "table": meeting.title}


# --- Co-chairs ----------------------------------------------------------------------------------
@transaction.atomic
def round_table_co_chairs_set(
    *, actor, meeting: Meeting, chairs: list[tuple[Person | None, Stakeholder]]
) -> list[MeetingChair]:
    """Replace the co-chairs of the round table ``meeting`` with ``chairs`` (person or None,
    Member State), in that order.

    Deletes the meeting's co-chair rows and creates the new ones. Raises PermissionDenied
    unless ``actor`` has ``consultations.manage_seats``; CoChairError unless the meeting is a
    round table and there are exactly ``co_chairs_per_round_table`` co-chairs, each for a
    Member State, all from different regional groups.
    """
    _require_manage_seats(actor)
    process = meeting.process
    errors: list[str] = []
    if meeting.kind != MeetingKind.ROUND_TABLE:
        errors.append(_("%(meeting)s is not a round table.") % {"meeting": meeting})
    wanted = process.co_chairs_per_round_table
    if len(chairs) != wanted:
        errors.append(
            ngettext(
                "A round table has %(n)d co-chair, not %(count)d.",
                "A round table has %(n)d co-chairs, not %(count)d.",
                wanted,
            )
            % {"n": wanted, "count": len(chairs)}
        )
    groups: dict[int, str] = {}
    for _person, stakeholder in chairs:
        if stakeholder.kind != StakeholderKind.MEMBER_STATE or not stakeholder.regional_group_id:
            errors.append(
                _("%(state)s is not a Member State: co-chairs are Member States.")
                % {"state": stakeholder.name}
            )
            continue
        if stakeholder.regional_group_id in groups:
            errors.append(
                _(
                    "%(state)s and %(other)s are from the same regional group: co-chairs come "
                    "from different regional groups."
                )
                % {"state": stakeholder.name, "other": groups[stakeholder.regional_group_id]}
            )
        else:
            groups[stakeholder.regional_group_id] = stakeholder.name
    if errors:
        raise CoChairError(errors)
    for old in MeetingChair.objects.filter(meeting=meeting, role=ChairRole.CO_CHAIR):
        old._history_user = actor
        old.delete()
    created = []
    for order, (person, stakeholder) in enumerate(chairs, start=1):
        chair = MeetingChair(
            meeting=meeting,
            role=ChairRole.CO_CHAIR,
            person=person,
            stakeholder=stakeholder,
            order=order,
        )
        chair._history_user = actor
        chair.save()
        created.append(chair)
    return created
