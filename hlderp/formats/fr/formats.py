# Django's French, with the time zone on every moment ("14 septembre 2006, 10:00 EDT")
# and abbreviated months in tables ("14 sept. 2006").
SHORT_DATE_FORMAT = "j N Y"
MONTH_DAY_FORMAT = "j N"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATETIME_FORMAT = "j F Y, H:i:s T"
