"""What the speakers list services' tests share: moments of September 2006, the list's order and
places, and stakeholders to inscribe."""

import datetime

from consultations.models import Inscription
from consultations.services.speakers import (
    inscription_create,
)
from registry.choices import ProtocolRank, StakeholderKind
from tests.factories import (
    MemberStateFactory,
    StakeholderFactory,
)

UTC = datetime.UTC
OPENS = datetime.datetime(2006, 9, 1, 13, 0, tzinfo=UTC)  # 09:00 in New York
CLOSES = datetime.datetime(2006, 9, 13, 22, 0, tzinfo=UTC)  # 18:00 in New York, the day before
HEAD_OF_STATE = ProtocolRank.HEAD_OF_STATE
MINISTER = ProtocolRank.MINISTER
HEAD_OF_DELEGATION = ProtocolRank.HEAD_OF_DELEGATION


def at(day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment of September 2006, UTC, while the list is open."""
    return datetime.datetime(2006, 9, day, hour, minute, tzinfo=UTC)


def order(speakers_list) -> list[str]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("stakeholder__name", flat=True)
    )


def places(speakers_list) -> list[int]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("position", flat=True)
    )


def inscribe(user, speakers_list, stakeholder, when, level=None, **kwargs) -> Inscription:
    return inscription_create(
        actor=user,
        speakers_list=speakers_list,
        stakeholder=stakeholder,
        level=level,
        at=when,
        **kwargs,
    )


def state(name: str):
    return MemberStateFactory(name=name)


def observer_state(name: str, iso3: str):
    return StakeholderFactory(kind=StakeholderKind.OBSERVER_STATE, name=name, iso3=iso3)


def body(name: str, kind: str = StakeholderKind.UN_ENTITY):
    return StakeholderFactory(kind=kind, name=name)
