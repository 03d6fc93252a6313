"""A position's versions, each with what it changed."""

import datetime
from dataclasses import dataclass

from consultations.choices import Stance
from consultations.models import Position, Statement


@dataclass
class PositionVersion:
    """One version of a position: who recorded it, when, and what it changed."""

    date: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    stance: str
    statement: Statement | None
    note: str
    previous: "PositionVersion | None" = None

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def stance_changed(self) -> bool:
        return self.previous is None or self.previous.stance != self.stance

    @property
    def statement_changed(self) -> bool:
        previous = self.previous.statement if self.previous else None
        return (previous.pk if previous else None) != (
            self.statement.pk if self.statement else None
        )

    @property
    def note_changed(self) -> bool:
        return (self.previous.note if self.previous else "") != self.note


def position_history(*, position: Position) -> list[PositionVersion]:
    """Every version of ``position``, newest first, each with its author, time and the version
    before it (to show "from what to what"). Two queries."""
    records = list(
        position.history.select_related("history_user").order_by("history_date", "history_id")
    )
    statements = Statement.objects.in_bulk(
        {r.statement_id for r in records if r.statement_id is not None}
    )
    versions: list[PositionVersion] = []
    previous = None
    for record in records:
        version = PositionVersion(
            date=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            stance=record.stance,
            statement=statements.get(record.statement_id),
            note=record.note,
            previous=previous,
        )
        versions.append(version)
        previous = version
    return list(reversed(versions))
