"""Reads of the floor: who has it, who is next, what the live pages show, the log.

The order of who is next is the speakers list's (protocol order, with the Secretariat's moves):
the speakers still inscribed, less the one on the floor and those passed over (skipped), then
the rights of reply waiting, in the order they were asked for. Every read here costs a fixed
number of queries whatever the list's length.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.choices import (
    FloorTurnKind,
    FloorTurnStatus,
    InscriptionStatus,
)
from consultations.models import Floor, FloorEvent, FloorTurn, Inscription, SpeakersList
from consultations.selectors.speakers import format_seconds
from registry.choices import StakeholderKind

# The speakers the projector and the live panels show after the one on the floor.
NEXT_SHOWN = 5


@dataclass(frozen=True)
class Upcoming:
    """One speaker waiting for the floor: an inscription of the list, or a right of reply."""

    inscription: Inscription | None = None
    reply: FloorTurn | None = None

    @property
    def stakeholder(self):
        return self.inscription.stakeholder if self.inscription else self.reply.stakeholder

    @property
    def speaker(self) -> str:
        return self.inscription.speaker_display if self.inscription else ""

    @property
    def place(self) -> int | None:
        return self.inscription.position if self.inscription else None


@dataclass(frozen=True)
class FloorState:
    """A meeting's floor at ``at``: the turn on it (None: nobody), who waits, the replies."""

    speakers_list: SpeakersList
    floor: Floor | None
    current: FloorTurn | None
    upcoming: list[Upcoming]
    replies: list[FloorTurn]
    at: datetime.datetime

    @property
    def meeting(self):
        return self.speakers_list.meeting

    @property
    def version(self) -> int:
        return self.floor.version if self.floor else 0

    @property
    def in_session(self) -> bool:
        return bool(self.floor and self.floor.in_session)

    @property
    def next_shown(self) -> list[Upcoming]:
        return self.upcoming[:NEXT_SHOWN]

    @property
    def elapsed(self) -> float:
        return self.current.elapsed_at(self.at) if self.current else 0.0

    @property
    def remaining(self) -> int | None:
        """Whole seconds left before the limit (negative: the overrun); None without a limit."""
        if self.current is None or self.current.limit_seconds is None:
            return None
        return self.current.limit_seconds - int(self.elapsed)

    @property
    def overrun(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def timer_text(self) -> str:
        """The clock as the pages show it: the time left, "+0:12" past the limit, or the time
        spoken for a turn without a limit."""
        if self.current is None:
            return ""
        if self.remaining is None:
            return format_seconds(int(self.elapsed))
        return remaining_text(self.remaining)


def level_label(inscription: Inscription) -> str:
    """The level a list shows: a Member State's level of representation, else the kind of
    stakeholder (an observer, a UN entity), as the meeting page's list does."""
    if inscription.stakeholder.kind == StakeholderKind.MEMBER_STATE:
        return inscription.get_level_display()
    return inscription.stakeholder.get_kind_display()


def turn_label(turn: FloorTurn) -> str:
    """What a turn is, in words: "Right of reply (2)", "Point of order", "The Chair"."""
    if turn.kind == FloorTurnKind.REPLY:
        return _("Right of reply (%(number)s)") % {"number": turn.reply_number}
    return str(FloorTurnKind(turn.kind).label)


def turn_who(turn: FloorTurn) -> str:
    """Who a turn is, in words: its delegation, else the name given, else its kind."""
    if turn.inscription_id:
        return str(turn.inscription.stakeholder)
    return str(turn.stakeholder or turn.speaker_name or FloorTurnKind(turn.kind).label)


def passed_over(*, floor: Floor | None) -> set[int]:
    """The inscriptions whose last turn was skipped: the list goes on without them (the
    Secretariat may still call one of them by hand)."""
    if floor is None:
        return set()
    last: dict[int, str] = {}
    for inscription_id, status in (
        FloorTurn.objects.filter(floor=floor, kind=FloorTurnKind.SPEAKER)
        .order_by("pk")
        .values_list("inscription_id", "status")
    ):
        last[inscription_id] = status
    return {pk for pk, status in last.items() if status == FloorTurnStatus.SKIPPED}


def _current(floor: Floor | None) -> FloorTurn | None:
    if floor is None or floor.current_id is None:
        return None
    return (
        FloorTurn.objects.select_related(
            "inscription__stakeholder", "inscription__speaker", "stakeholder"
        )
        .filter(pk=floor.current_id)
        .first()
    )


def floor_state(*, speakers_list: SpeakersList, at: datetime.datetime | None = None) -> FloorState:
    """The floor of ``speakers_list``'s meeting at ``at`` (now): four or five queries."""
    at = at or timezone.now()
    floor = Floor.objects.filter(speakers_list=speakers_list).first()
    current = _current(floor)
    skipped = passed_over(floor=floor)
    on_floor = current.inscription_id if current else None
    waiting = [
        Upcoming(inscription=row)
        for row in Inscription.objects.filter(
            speakers_list=speakers_list, status=InscriptionStatus.INSCRIBED
        )
        .select_related("stakeholder", "speaker")
        .order_by("position")
        if row.pk not in skipped and row.pk != on_floor
    ]
    replies = (
        list(
            FloorTurn.objects.filter(floor=floor, kind=FloorTurnKind.REPLY)
            .select_related("stakeholder")
            .order_by("created_at", "pk")
        )
        if floor
        else []
    )
    waiting += [Upcoming(reply=turn) for turn in replies if turn.status == FloorTurnStatus.WAITING]
    return FloorState(
        speakers_list=speakers_list,
        floor=floor,
        current=current,
        upcoming=waiting,
        replies=replies,
        at=at,
    )


def floor_payload(state: FloorState) -> dict:
    """What the live pages show of ``state``, in the active language: JSON-ready.

    ``elapsed`` is the time spoken at ``server_time`` (seconds since the epoch); while
    ``running``, a page adds the time passed since to count down on its own.
    """
    current = state.current
    payload = {
        "version": state.version,
        "in_session": state.in_session,
        "server_time": state.at.timestamp(),
        "current": None,
        "next": [
            {
                "place": entry.place,
                "stakeholder": str(entry.stakeholder.name),
                "speaker": entry.speaker,
                "level": level_label(entry.inscription)
                if entry.inscription
                else turn_label(entry.reply),
            }
            for entry in state.next_shown
        ],
        "waiting": len(state.upcoming),
        "announce": _("Nobody has the floor."),
    }
    if current is not None:
        stakeholder = (
            current.inscription.stakeholder if current.inscription else current.stakeholder
        )
        speaker = (
            current.inscription.speaker_display if current.inscription else current.speaker_name
        )
        name = str(stakeholder.name) if stakeholder else ""
        if current.kind == FloorTurnKind.SPEAKER:
            level = level_label(current.inscription)
        else:
            level = turn_label(current)
        payload["current"] = {
            "turn": current.pk,
            "kind": current.kind,
            "label": turn_label(current),
            "stakeholder": name,
            "speaker": speaker,
            "level": level,
            "status": current.status,
            "status_label": str(FloorTurnStatus(current.status).label),
            "running": current.running_since is not None,
            "elapsed": round(state.elapsed, 3),
            "limit": current.limit_seconds,
        }
        who = ", ".join(part for part in (speaker, name) if part) or turn_label(current)
        payload["announce"] = _("On the floor: %(who)s (%(what)s).") % {
            "who": who,
            "what": level,
        }
    return payload


def floor_events(*, floor: Floor | None, limit: int = 30) -> list[FloorEvent]:
    """The floor's latest ``limit`` actions, newest first, with their turn and actor."""
    if floor is None:
        return []
    return list(
        FloorEvent.objects.filter(floor=floor)
        .select_related("actor", "turn__stakeholder", "turn__inscription__stakeholder")
        .order_by("-at", "-pk")[:limit]
    )


def floors_in_session(*, processes, lists=None) -> list[SpeakersList]:
    """The speakers lists of ``processes`` whose floor is in session, by meeting start; taken
    from ``lists`` (their ``floor`` loaded, in meeting order) when the caller has them."""
    if lists is not None:
        return [sl for sl in lists if getattr(_floor_or_none(sl), "in_session", False)]
    return list(
        SpeakersList.objects.filter(meeting__process__in=processes, floor__in_session=True)
        .select_related("meeting__process", "meeting__venue")
        .order_by("meeting__start")
    )


def _floor_or_none(speakers_list):
    try:
        return speakers_list.floor
    except ObjectDoesNotExist:
        return None


def remaining_text(seconds: int | None) -> str:
    """Time left as "4:30", or the overrun as "+0:12"."""
    if seconds is None:
        return ""
    if seconds < 0:
        return "+" + format_seconds(-seconds)
    return format_seconds(seconds)
