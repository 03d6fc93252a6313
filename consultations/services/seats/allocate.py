"""The automatic allocation of round-table seats: load plain data from the ORM, run
:func:`~consultations.seating.allocate`, save the seats, report."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from consultations.choices import SeatSource
from consultations.models import Delegation, Meeting, Process, Seat
from consultations.seating import Allocation, AllocState, Infeasible, allocate
from consultations.selectors.seats import member_state_preferences
from consultations.selectors.seats_report import (
    AllocationReport,
    SeatFacts,
    StateFacts,
    TableFacts,
    allocation_report,
)
from consultations.services.seats.errors import SeatRuleError
from consultations.services.seats.rules import co_chair_seats, round_tables_of, seat_rules_check


@transaction.atomic
def seats_allocate(*, actor, process: Process) -> AllocationReport:
    """Allocate round-table seats to the Member States that stated preferences, within the
    rules of ``process`` and with as many first choices as it can (the objective and the
    method: :mod:`consultations.seating`).

    Changes: deletes every draft seat of ``process`` of source "allocation" and creates the
    new draft ones (source "allocation", ``assigned_by`` = ``actor``, ``choice`` = the rank
    obtained or None); draft seats edited by hand are kept and count against every rule; each
    co-chair's State is seated first at the round table it co-chairs (unless a hand seat
    already puts it there). The
    published seats are not touched: ``seats_publish`` replaces them. One transaction.

    Raises PermissionDenied unless ``actor`` has ``consultations.manage_seats``; SeatRuleError
    when the seats edited by hand or the co-chairs leave no seating within the rules (a
    co-chair's State with no delegation to the process, say).
    """
    if not actor.has_perm("consultations.manage_seats"):
        raise PermissionDenied
    started = time.perf_counter()
    Process.objects.select_for_update().filter(pk=process.pk).first()
    run = _Run.load(process)
    try:
        result = allocate(
            tables=[m.pk for m in run.tables],
            capacity={m.pk: m.seat_capacity for m in run.tables},
            states=run.states,
            balance=process.regional_balance,
            hand_seats=[
                (s.delegation_id, s.meeting_id, group)
                for s in [*run.hand, *run.pinned]
                if (group := run.group_of(s.delegation_id)) is not None
            ],
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
            choice=run.prefs[d].get(t),
            assigned_by=actor,
        )
        for d, t in [
            *((s.delegation_id, s.meeting_id) for s in run.pinned),
            *((d, t) for d, ts in result.seats.items() for t in ts),
        ]
    ]
    problems = seat_rules_check(process=process, seats=[*run.hand, *new_seats])
    if problems:  # the seats edited by hand break a rule that the allocation cannot mend
        raise SeatRuleError(problems)
    removed = seats_delete(
        list(Seat.objects.draft().filter(meeting__in=run.tables, source=SeatSource.ALLOCATION)),
        actor=actor,
        reason=_("replaced by a new allocation"),
    )
    bulk_create_with_history(new_seats, Seat, default_user=actor)
    return allocation_report(
        process_id=process.pk,
        tables=[TableFacts(m.pk, m.title, m.seat_capacity) for m in run.tables],
        groups=run.groups(),
        states=run.state_facts(),
        kept=[run.seat_facts(s) for s in run.hand],
        created=[run.seat_facts(s) for s in new_seats],
        removed=removed,
        balance=process.regional_balance,
        warnings=_warnings(result),
        elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
    )


@dataclass
class _Run:
    """What an allocation run reads from the database, and its plain-data views."""

    tables: list[Meeting]
    hand: list[Seat]  # the seats edited by hand at those tables: kept as they are
    pinned: list[Seat] = field(default_factory=list)  # co-chairs' seats, placed before the rest
    prefs: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    stated: dict[int, Any] = field(default_factory=dict)  # when each State stated its choices
    delegations: dict[int, Delegation] = field(default_factory=dict)
    states: list[AllocState] = field(default_factory=list)  # in priority order

    @classmethod
    def load(cls, process: Process) -> _Run:
        """Five queries: the round tables, the seats edited by hand, the preferences, the
        co-chairs and the delegations of those not read yet."""
        tables = round_tables_of(process)
        run = cls(
            tables=tables,
            hand=list(
                Seat.objects.draft()
                .filter(meeting__in=tables, source=SeatSource.HAND)
                .select_related("delegation__stakeholder__regional_group")
            ),
        )
        for p in member_state_preferences(process=process, tables=tables):
            run.prefs[p.delegation_id][p.meeting_id] = p.rank
            run.stated[p.delegation_id] = min(run.stated.get(p.delegation_id, p.updated), p.updated)
            run.delegations.setdefault(p.delegation_id, p.delegation)
        held: dict[int, list[int]] = defaultdict(list)
        for seat in run.hand:
            held[seat.delegation_id].append(seat.meeting_id)
            run.delegations.setdefault(seat.delegation_id, seat.delegation)
        run.pin_co_chairs(process, held)
        run.states = [
            AllocState(
                delegation_id=d,
                group_id=run.group_of(d),
                prefs=run.prefs[d],
                target=max(
                    0, min(process.round_tables_per_state, len(run.prefs[d])) - len(held[d])
                ),
                blocked=frozenset(held[d]),
                covered=bool(held[d]),
            )
            for d in run.priority()
        ]
        return run

    def pin_co_chairs(self, process: Process, held: dict[int, list[int]]) -> None:
        """Seat each co-chair's State at the table it co-chairs, unless it holds a seat there
        already: the allocation counts those seats as given. Two queries."""
        wanted = [
            c
            for c in co_chair_seats(process=process)
            if c.delegation_id is not None and c.meeting_id not in held[c.delegation_id]
        ]
        missing = {c.delegation_id for c in wanted} - self.delegations.keys()
        self.delegations.update(
            Delegation.objects.select_related("stakeholder__regional_group").in_bulk(missing)
        )
        for c in wanted:
            held[c.delegation_id].append(c.meeting_id)
            self.pinned.append(Seat(delegation_id=c.delegation_id, meeting_id=c.meeting_id))

    def priority(self) -> list[int]:
        """The States with preferences, those that stated them first first, then by name."""
        return sorted(
            self.prefs,
            key=lambda d: (self.stated[d], self.delegations[d].stakeholder.name, d),
        )

    def group_of(self, delegation_id: int) -> int | None:
        return self.delegations[delegation_id].stakeholder.regional_group_id

    def groups(self) -> list[tuple[int, str]]:
        """(id, name) of the regional groups of the States taking part, in the groups' order."""
        groups = {
            d.stakeholder.regional_group
            for d in self.delegations.values()
            if d.stakeholder.regional_group_id is not None
        }
        return [(g.pk, g.name) for g in sorted(groups, key=lambda g: (g.order, g.name, g.pk))]

    def state_facts(self) -> list[StateFacts]:
        facts = []
        for state in self.states:
            stakeholder = self.delegations[state.delegation_id].stakeholder
            group = stakeholder.regional_group
            facts.append(
                StateFacts(
                    delegation_id=state.delegation_id,
                    name=stakeholder.name,
                    group=group.name if group else "",
                    ranks=state.prefs,
                )
            )
        return facts

    def seat_facts(self, seat: Seat) -> SeatFacts:
        return SeatFacts(
            delegation_id=seat.delegation_id,
            meeting_id=seat.meeting_id,
            group_id=self.group_of(seat.delegation_id),
            hand=seat.source == SeatSource.HAND,
            choice=seat.choice,
        )


def _warnings(result: Allocation) -> list[str]:
    if not result.one_each:
        return []
    return [
        _(
            "Regional balance could not be met with more than one round table for some "
            "States: each State was given one seat."
        )
    ]


def seats_delete(seats: list[Seat], *, actor, reason: str) -> int:
    """Delete ``seats``, each with its history row ("-", by ``actor``, ``reason``), in two
    queries.

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
                history_change_reason=reason[:100],
                history_type="-",
                **{f.attname: getattr(seat, f.attname) for f in historical.tracked_fields},
            )
            for seat in seats
        )
    Seat.objects.filter(pk__in=[seat.pk for seat in seats])._raw_delete(Seat.objects.db)
    return len(seats)
