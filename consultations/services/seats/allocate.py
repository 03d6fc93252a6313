"""The automatic allocation of round-table seats: load plain data from the ORM, run
:func:`~consultations.services.seats.allocation.allocate`, save the seats, report."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from consultations.choices import MissReason, SeatSource
from consultations.models import Delegation, Process, Seat, SeatPreference
from consultations.services.seats.allocation import AllocState, Infeasible, allocate
from consultations.services.seats.errors import SeatRuleError
from consultations.services.seats.report import (
    AllocationReport,
    ChoiceCount,
    MissedFirstChoice,
    TableCount,
    balance_rows,
    choice_label,
)
from consultations.services.seats.rules import round_tables_of, seat_rules_check
from registry.choices import StakeholderKind
from registry.models import Stakeholder


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
    round_tables = round_tables_of(process)
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
        AllocState(
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
        result = allocate(
            tables=tables,
            capacity=capacity,
            states=states,
            balance=process.regional_balance,
            hand_seats=hand_seats,
        )
    except Infeasible:
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
        warnings=_warnings(result),
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


def _warnings(result) -> list[str]:
    if not result.one_each:
        return []
    return [
        _(
            "Regional balance could not be met with more than one round table for some "
            "States: each State was given one seat."
        )
    ]
