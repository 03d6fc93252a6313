# Django's Spanish, with the time zone on every moment.
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i T"
SHORT_DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i:s T"
