"""The domain errors of the seat services: each carries its reasons in plain words."""

from collections.abc import Iterable


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
