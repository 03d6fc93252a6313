"""Round-table seats: preferences, the automatic allocation, hand edits and co-chairs.

- :mod:`.allocation`: the allocation algorithm, plain Python over plain data (no Django);
- :mod:`.rules`: :func:`seat_rules_check`, the one statement of the rules of the process;
- :mod:`.report`: the allocation report, the balance table, why a State missed its first choice;
- :mod:`.allocate`: :func:`seats_allocate`, which loads, allocates, saves and reports;
- :mod:`.edits`: the Secretariat's hand edits and the co-chairs;
- :mod:`.preferences`: a delegation's ranked preferences;
- :mod:`.errors`: the domain errors.

The public names are importable from here as before (``from consultations.services.seats
import seats_allocate``), but each is imported on first use (PEP 562 ``__getattr__``): this
file imports nothing, so that ``import consultations.services.seats.allocation`` runs without
Django settings and loads no Django module.
"""

from importlib import import_module

# Public name -> the module that defines it.
_SOURCES = {
    "SeatError": "consultations.services.seats.errors",
    "SeatRuleError": "consultations.services.seats.errors",
    "SeatPreferenceError": "consultations.services.seats.errors",
    "CoChairError": "consultations.services.seats.errors",
    "MissReason": "consultations.choices",
    "proportional_bounds": "consultations.services.seats.allocation",
    "proportional_share": "consultations.services.seats.allocation",
    "seat_rules_check": "consultations.services.seats.rules",
    "seat_edit_check": "consultations.services.seats.rules",
    "AllocationReport": "consultations.services.seats.report",
    "BalanceCell": "consultations.services.seats.report",
    "BalanceRow": "consultations.services.seats.report",
    "ChoiceCount": "consultations.services.seats.report",
    "MissedFirstChoice": "consultations.services.seats.report",
    "TableCount": "consultations.services.seats.report",
    "balance_rows": "consultations.services.seats.report",
    "choice_label": "consultations.services.seats.report",
    "seats_allocate": "consultations.services.seats.allocate",
    "seat_add": "consultations.services.seats.edits",
    "seat_move": "consultations.services.seats.edits",
    "seat_remove": "consultations.services.seats.edits",
    "seats_swap": "consultations.services.seats.edits",
    "round_table_co_chairs_set": "consultations.services.seats.edits",
    "seat_preferences_set": "consultations.services.seats.preferences",
}

__all__ = sorted(_SOURCES)


def __getattr__(name: str):
    try:
        source = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(source), name)
    globals()[name] = value  # the next lookup is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
