"""Bounds on dates and times typed into forms and filters, and time zone names.

Python's dates end at 9999-12-31 and start at 0001-01-01: a filter that adds a day to the
last one, or a time zone that shifts the first one, raises OverflowError (a server error).
Nothing in a consultation's record lies outside these years, so a form refuses them with a
clear message instead.
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1900
LAST_YEAR = 2100


def validate_year_in_range(value: datetime.date | datetime.datetime | None) -> None:
    """Raise ValidationError when ``value`` (a date or date-time) is outside FIRST_YEAR to
    LAST_YEAR."""
    if value is None:
        return
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_time_zone(value: str) -> None:
    """Raise ValidationError unless ``value`` is a zone name zoneinfo knows (America/New_York)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as America/New_York or Europe/Zurich."),
            params={"value": value},
        )
