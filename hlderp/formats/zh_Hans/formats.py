# Django's Simplified Chinese, with the time zone on every moment.
MONTH_DAY_FORMAT = "n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i T"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i:s T"
