# Django's Arabic, which has no DATETIME_FORMAT (so Django's American default applied), with
# the time zone on every moment and 24-hour times.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y، H:i T"
SHORT_DATETIME_FORMAT = "j F، Y، H:i:s T"
