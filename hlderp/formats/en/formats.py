# English as the United Nations writes it: day, month, year ("14 September 2006"); Django's
# "en" is American ("Sept. 14, 2006", "10 a.m.").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATETIME_FORMAT = "j F Y, H:i:s T"
