"""Speaking time as the floor measured it: per meeting or per process, by delegation, by
regional group and by kind of turn; overruns and the average against the limit.

Counted: the turns that ended with a time (services/floor.py measures it; nothing typed). The
Chair's turns belong to no delegation and count only in the totals by kind.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from consultations.choices import FloorTurnKind, FloorTurnStatus
from consultations.models import FloorTurn
from consultations.selectors.speakers import format_seconds


@dataclass
class TimeRow:
    """The time of one delegation, group or kind of turn."""

    label: str
    group: str = ""
    turns: int = 0
    seconds: int = 0
    limited_turns: int = 0  # the turns with a limit (not the Chair's, nor points of order)
    limited_seconds: int = 0  # the time spoken in those
    limit_seconds: int = 0  # and their limits
    overruns: int = 0
    overrun_seconds: int = 0

    def add(self, turn: FloorTurn) -> None:
        self.turns += 1
        self.seconds += turn.spoken_seconds
        if turn.limit_seconds:
            self.limited_turns += 1
            self.limited_seconds += turn.spoken_seconds
            self.limit_seconds += turn.limit_seconds
            over = turn.spoken_seconds - turn.limit_seconds
            if over > 0:
                self.overruns += 1
                self.overrun_seconds += over

    @property
    def average(self) -> int:
        return round(self.seconds / self.turns) if self.turns else 0

    @property
    def average_limit(self) -> int | None:
        return round(self.limit_seconds / self.limited_turns) if self.limited_turns else None

    @property
    def share_of_limit(self) -> int | None:
        """The time spoken in limited turns against their limits, in per cent."""
        return (
            round(100 * self.limited_seconds / self.limit_seconds) if self.limit_seconds else None
        )

    @property
    def total_text(self) -> str:
        return format_seconds(self.seconds)

    @property
    def average_text(self) -> str:
        return format_seconds(self.average)

    @property
    def average_limit_text(self) -> str:
        return format_seconds(self.average_limit)

    @property
    def overrun_text(self) -> str:
        return format_seconds(self.overrun_seconds)


@dataclass(frozen=True)
class SpeakingTime:
    total: TimeRow
    by_kind: list[TimeRow]
    by_delegation: list[TimeRow]
    by_group: list[TimeRow]


def spoken_turns(*, process, meeting=None) -> QuerySet[FloorTurn]:
    """The turns of ``process`` (or of its ``meeting``) that ended with a measured time, in
    the order they were taken."""
    turns = FloorTurn.objects.filter(
        floor__speakers_list__meeting__process=process, status=FloorTurnStatus.DONE
    )
    if meeting is not None:
        turns = turns.filter(floor__speakers_list__meeting=meeting)
    return turns.select_related(
        "stakeholder__regional_group",
        "inscription__speaker",
        "floor__speakers_list__meeting__venue",
    ).order_by("started_at", "pk")


def speaking_time(*, process, meeting=None) -> SpeakingTime:
    """The time spoken at ``process`` (or its ``meeting``): two queries."""
    total = TimeRow(label=_("All turns"))
    kinds = {kind: TimeRow(label=str(kind.label)) for kind in FloorTurnKind}
    delegations: dict[int, TimeRow] = {}
    groups: dict[str, TimeRow] = defaultdict(lambda: TimeRow(label=""))
    for turn in spoken_turns(process=process, meeting=meeting):
        total.add(turn)
        kinds[FloorTurnKind(turn.kind)].add(turn)
        stakeholder = turn.stakeholder
        if stakeholder is None:
            continue
        group = str(stakeholder.regional_group) if stakeholder.regional_group_id else ""
        row = delegations.setdefault(
            stakeholder.pk, TimeRow(label=str(stakeholder.name), group=group)
        )
        row.add(turn)
        group_row = groups[group or _("No regional group")]
        group_row.label = group or _("No regional group")
        group_row.add(turn)
    return SpeakingTime(
        total=total,
        by_kind=[row for row in kinds.values() if row.turns],
        by_delegation=sorted(delegations.values(), key=lambda row: (-row.seconds, row.label)),
        by_group=sorted(groups.values(), key=lambda row: (-row.seconds, row.label)),
    )
