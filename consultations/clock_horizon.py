"""When what a page shows changes by the clock alone.

A page kept in a cache under the generations of what it shows (the delegate portal:
hlderp/signed_in_cache.py) goes out of date when a write moves them, and also when the
clock passes an instant that one of its answers depends on: a speakers list opens at 10:00, the
deadline for statements passes. Each rule that compares the clock with such an instant says so
where it compares (``changes_at``); a render made inside ``watch()`` learns the first of those
instants still to come, and the cache keeps the page until then at most.
"""

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Horizon:
    """The first instant after which a render made inside ``watch()`` may show otherwise."""

    until: datetime.datetime | None = None


_current: ContextVar[Horizon | None] = ContextVar("clock_horizon", default=None)


@contextlib.contextmanager
def watch() -> Iterator[Horizon]:
    """Collect, while within, the instants at which answers read from the clock change."""
    horizon = Horizon()
    token = _current.set(horizon)
    try:
        yield horizon
    finally:
        _current.reset(token)


def changes_at(instant: datetime.datetime | None, now: datetime.datetime) -> None:
    """An answer read from the clock at ``now`` changes at ``instant`` (None: never). A no-op
    outside ``watch()`` and for an instant already past."""
    horizon = _current.get()
    if horizon is None or instant is None or instant <= now:
        return
    if horizon.until is None or instant < horizon.until:
        horizon.until = instant
