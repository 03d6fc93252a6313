"""Round-table seats: preferences, the automatic allocation, hand edits and co-chairs.

- :mod:`consultations.seating`: the allocation algorithm, plain Python over plain data (no
  Django), apart from this package so that it loads without Django;
- :mod:`.rules`: :func:`seat_rules_check`, the one statement of the rules of the process;
- :mod:`consultations.selectors.seats_report`: the allocation report, the balance table, why a
  State missed its first choice (reads, shared with the seats overview);
- :mod:`.allocate`: :func:`seats_allocate`, which loads, allocates, saves and reports;
- :mod:`.edits`: the Secretariat's hand edits and the co-chairs;
- :mod:`.publish`: :func:`seats_publish`, the draft seats made public;
- :mod:`.preferences`: a delegation's ranked preferences;
- :mod:`.errors`: the domain errors.
"""

from consultations.choices import MissReason
from consultations.seating import proportional_bounds, proportional_share
from consultations.selectors.seats_report import (
    AllocationReport,
    BalanceCell,
    BalanceRow,
    ChoiceCount,
    MissedFirstChoice,
    TableCount,
    balance_rows,
    choice_label,
)
from consultations.services.seats.allocate import seats_allocate
from consultations.services.seats.edits import (
    round_table_co_chairs_set,
    seat_add,
    seat_move,
    seat_remove,
    seats_swap,
)
from consultations.services.seats.errors import (
    CoChairError,
    SeatError,
    SeatPreferenceError,
    SeatRuleError,
)
from consultations.services.seats.preferences import (
    seat_preferences_deadline_set,
    seat_preferences_set,
)
from consultations.services.seats.publish import seats_publish
from consultations.services.seats.rules import seat_edit_check, seat_rules_check

__all__ = [
    "AllocationReport",
    "BalanceCell",
    "BalanceRow",
    "ChoiceCount",
    "CoChairError",
    "MissReason",
    "MissedFirstChoice",
    "SeatError",
    "SeatPreferenceError",
    "SeatRuleError",
    "TableCount",
    "balance_rows",
    "choice_label",
    "proportional_bounds",
    "proportional_share",
    "round_table_co_chairs_set",
    "seat_add",
    "seat_edit_check",
    "seat_move",
    "seat_preferences_deadline_set",
    "seat_preferences_set",
    "seat_remove",
    "seat_rules_check",
    "seats_allocate",
    "seats_publish",
    "seats_swap",
]
