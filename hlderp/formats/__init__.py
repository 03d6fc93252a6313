"""The date and time formats of each language (settings.FORMAT_MODULE_PATH).

Templates name a format (``|date:"DATE_FORMAT"``), never spell one, so that every language
writes dates its own way. Each module here sets only what differs from Django's own module for
the language, which Django still reads for the rest:

- DATE_FORMAT: a day ("14 September 2006", "14 septembre 2006", "14 сентября 2006").
- SHORT_DATE_FORMAT: a day in a table or a list ("14 Sep 2006").
- MONTH_DAY_FORMAT: a day whose year is plain from the context ("15 Sep").
- YEAR_MONTH_FORMAT: a month ("September 2006").
- DATETIME_FORMAT: a moment, to the minute, with its time zone: times are shown in the venue's
  zone, so the zone is always written ("14 September 2006, 10:00 EDT").
- SHORT_DATETIME_FORMAT: a record's time stamp, to the second, with its time zone (revisions,
  moves on a speakers list).

Times are on the 24-hour clock in every language, as in the United Nations' own documents.
"""
