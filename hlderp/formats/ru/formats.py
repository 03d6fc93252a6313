# Django's Russian, with the time zone on every moment, the month in the genitive after a day
# ("15 сентября", where Django's MONTH_DAY_FORMAT has the nominative) and 24-hour times.
# The abbreviation after the year is Cyrillic ("year"), as in Django's DATE_FORMAT for Russian.
MONTH_DAY_FORMAT = "j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i T"  # noqa: RUF001
SHORT_DATETIME_FORMAT = "j E Y г., H:i:s T"  # noqa: RUF001
