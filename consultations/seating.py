"""The round-table seat allocation, on plain data: ids and counts in, ids out.

This module imports nothing from Django or the apps (a test holds it to that), so the
algorithm can be read, run and tested without settings or a database;
:mod:`consultations.services.seats.allocate` loads its input from the ORM, saves its output
and reports on it. Table, State and group are ints (their primary keys).

The rules are settings of each process (consultations.models.Process), never facts of this
module: no source states the 2006 Dialogue's, and its demo shows them as assumptions until the
Secretariat names a source (``Process.seat_rules_source``).

The regional balance rule: for every round table *t* and regional group *g*, the number
``x_tg`` of seats of States of *g* at *t* is within one seat of its proportional share::

    floor(F_t * A_g / F) <= x_tg <= ceil(F_t * A_g / F)

where ``F_t`` is the number of seats at *t*, ``A_g`` the number of seats of group *g* over all
the round tables of the process and ``F`` the number of seats in all.

What each State gets: ``min(round_tables_per_state, number of its preferences)`` seats, one
per table at most, less the seats it holds by hand (its ``target``). In order of priority:
(1) as many States seated as capacity allows (a State goes to a table it did not rank when its
choices are full), (2) as many first choices as possible, (3) then second choices, and so on,
(4) then further seats at unranked tables. With the balance rule, every (table, group) count
is within its bounds. Remaining ties go to the States earlier in the list (the service lists
them by when they stated their preferences, then by name).

Method: a min-cost flow (networkx) without the balance bounds fixes each State's number of
seats and each table's size; a second min-cost flow with the floor/ceil bounds on
(table, group) edges and those exact margins picks the tables. The second flow also runs
from a seating by rank order (greedy), and the better result is kept, so the allocation never
seats fewer first choices than that greedy seating when the latter meets the rules. Should
the sizes admit no balanced seating (possible with several tables per State), even sizes are
tried, then one seat per State.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx


def proportional_bounds(*, table_seats: int, group_seats: int, all_seats: int) -> tuple[int, int]:
    """``(floor, ceil)`` of ``table_seats * group_seats / all_seats``, in exact integers."""
    if all_seats == 0:
        return 0, 0
    product = table_seats * group_seats
    return product // all_seats, -(-product // all_seats)


def proportional_share(*, table_seats: int, group_seats: int, all_seats: int) -> float:
    """``table_seats * group_seats / all_seats``: a group's proportional share of a table."""
    return table_seats * group_seats / all_seats if all_seats else 0.0


@dataclass
class AllocState:
    """A State taking part in an allocation run."""

    delegation_id: int
    group_id: int
    prefs: dict[int, int]  # table id -> rank
    target: int  # seats it should get from this run (its hand seats already deducted)
    blocked: frozenset[int] = frozenset()  # tables where it already has a (hand) seat
    covered: bool = False  # already has a seat (edited by hand)


@dataclass
class Allocation:
    """The seats an allocation run gives."""

    seats: dict[int, list[int]]  # delegation id -> table ids
    one_each: bool = False  # the balance rule held only at one seat a State


class Infeasible(Exception):
    """No seating meets the balance rule with the seats edited by hand."""


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
    def of(cls, states: Sequence[AllocState], spread_total: int = 0) -> _Weights:
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

    def seat(self, state: AllocState, table: int) -> int:
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
    states: Sequence[AllocState],
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
    states: Sequence[AllocState],
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
                raise Infeasible
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
        raise Infeasible from None
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
    tables: Sequence[int], room: dict[int, int], states: Sequence[AllocState]
) -> dict[int, list[int]]:
    """A simple seating by rank order: each State its first choice while there is room (States
    in name order), then its second choice..., then any table with room; then, the same way,
    the further seats of States that may have more than one."""
    left = dict(room)
    seats: dict[int, list[int]] = {s.delegation_id: [] for s in states if s.target > 0}
    max_rank = max((r for s in states for r in s.prefs.values()), default=0)

    def seat(s: AllocState, t: int) -> bool:
        if left[t] > 0 and t not in s.blocked and t not in seats[s.delegation_id]:
            seats[s.delegation_id].append(t)
            left[t] -= 1
            return True
        return False

    active = [s for s in states if s.target > 0]
    for wanted in (1, None):  # the first seat of every State, then the others

        def needs(s: AllocState, wanted=wanted) -> bool:
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


def _score(states: Sequence[AllocState], seats: dict[int, list[int]]) -> tuple[int, ...]:
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


def allocate(
    *,
    tables: Sequence[int],
    capacity: dict[int, int | None],
    states: Sequence[AllocState],
    balance: bool,
    hand_seats: Sequence[tuple[int, int, int]] = (),
) -> Allocation:
    """Seat ``states`` at ``tables`` (the objective and the method: see the module docstring).

    ``capacity`` maps each table to its seats (None: no limit); ``hand_seats`` are the seats
    kept as they are: (delegation id, table id, group id). Changes nothing it is given.
    Raises Infeasible when the hand seats leave no balanced seating, even at one seat a State.
    """
    hand = _HandSeats.of(hand_seats)
    unbounded = sum(s.target for s in states)
    room = {
        t: unbounded if capacity[t] is None else max(0, capacity[t] - hand.table[t]) for t in tables
    }
    if not balance:
        first = _first_pass(tables, room, states)
        return Allocation(seats=first)
    spread = {t: unbounded if capacity[t] is None else capacity[t] for t in tables}
    found = _balanced_best(tables, capacity, room, spread, states, hand)
    if found is not None:
        return found
    if all(s.target <= 1 for s in states):
        raise Infeasible  # no further seat left to give up
    # With more than one table a State the bounds can be out of reach; with one seat a State
    # they can be met, unless the seats edited by hand prevent it.
    one_each = [
        AllocState(
            delegation_id=s.delegation_id,
            group_id=s.group_id,
            prefs=s.prefs,
            target=min(s.target, 0 if s.covered else 1),
            blocked=s.blocked,
            covered=s.covered,
        )
        for s in states
    ]
    found = _balanced_best(tables, capacity, room, spread, one_each, hand)
    if found is None:
        raise Infeasible
    found.one_each = True
    return found


@dataclass(frozen=True)
class _HandSeats:
    """The seats edited by hand, counted by table, by (table, group) and by group."""

    table: Counter[int]
    table_group: Counter[tuple[int, int]]
    group: Counter[int]

    @classmethod
    def of(cls, seats: Sequence[tuple[int, int, int]]) -> _HandSeats:
        return cls(
            table=Counter(t for _d, t, _g in seats),
            table_group=Counter((t, g) for _d, t, g in seats),
            group=Counter(g for _d, _t, g in seats),
        )


def _balanced_best(
    tables: Sequence[int],
    capacity: dict[int, int | None],
    room: dict[int, int],
    spread: dict[int, int],
    states: Sequence[AllocState],
    hand: _HandSeats,
) -> Allocation | None:
    """The better balanced seating of the two starts (the flow's, then the greedy's), or None
    when neither admits one."""
    best: tuple[tuple[int, ...], dict[int, list[int]]] | None = None
    flow_start = _first_pass(tables, room, states, spread=spread, hand_table_group=hand.table_group)
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
            hand_table=hand.table,
            hand_table_group=hand.table_group,
            hand_group=hand.group,
        )
        if seats is not None and (best is None or _score(states, seats) > best[0]):
            best = (_score(states, seats), seats)
    return None if best is None else Allocation(seats=best[1])


def _balanced(
    *,
    tables: Sequence[int],
    capacity: dict[int, int | None],
    states: Sequence[AllocState],
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
        except Infeasible:
            continue
    return None
