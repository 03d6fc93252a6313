"""Dates and times are written as each language writes them (hlderp/formats/).

Templates name a format (``|date:"DATE_FORMAT"``); the format modules say what it is in each
language. English stays the United Nations' day-month-year ("14 September 2006").
"""

import datetime
import re
import zoneinfo

import pytest
from django.utils import formats, timezone, translation

from tests.factories import MeetingFactory, MemberStateFactory, VenueFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
DAY = datetime.date(2006, 9, 14)
# 10:00:05 on 14 September 2006 in New York (EDT).
MOMENT = datetime.datetime(2006, 9, 14, 10, 0, 5, tzinfo=NEW_YORK)


def _format(value, name: str, language: str) -> str:
    # New York as the current time zone, for the "T" (EDT) of the formats that write it.
    with translation.override(language), timezone.override(NEW_YORK):
        return formats.date_format(value, name)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "14 September 2006"),
        ("fr", "14 septembre 2006"),
        ("es", "14 de septiembre de 2006"),
        ("ru", "14 сентября 2006 г."),  # noqa: RUF001 (the Cyrillic abbreviation of "year")
        ("zh-hans", "2006年9月14日"),
        ("ar", "14 سبتمبر، 2006"),
    ],
)
def test_a_day_is_written_in_each_language_s_own_form(language, expected):
    assert _format(DAY, "DATE_FORMAT", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "14 September 2006, 10:00 EDT"),
        ("fr", "14 septembre 2006, 10:00 EDT"),
        ("es", "14 de septiembre de 2006, 10:00 EDT"),
        ("ru", "14 сентября 2006 г., 10:00 EDT"),  # noqa: RUF001
        ("zh-hans", "2006年9月14日 10:00 EDT"),
        ("ar", "14 سبتمبر، 2006، 10:00 EDT"),
    ],
)
def test_a_moment_is_written_with_its_time_zone_on_the_24_hour_clock(language, expected):
    assert _format(MOMENT, "DATETIME_FORMAT", language) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SHORT_DATE_FORMAT", "14 Sep 2006"),
        ("MONTH_DAY_FORMAT", "14 Sep"),
        ("YEAR_MONTH_FORMAT", "September 2006"),
        ("TIME_FORMAT", "10:00"),
        ("SHORT_DATETIME_FORMAT", "14 September 2006, 10:00:05 EDT"),
    ],
)
def test_english_keeps_day_month_year_in_every_format(name, expected):
    assert _format(MOMENT, name, "en") == expected


def test_russian_puts_the_month_after_a_day_in_the_genitive():
    assert _format(DAY, "MONTH_DAY_FORMAT", "ru") == "14 сентября"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "14 September 2006"),
        ("fr", "14 septembre 2006"),
        ("ru", "14 сентября 2006 г."),  # noqa: RUF001
        ("ar", "14 سبتمبر، 2006"),
    ],
)
def test_stakeholder_page_shows_the_admission_date_in_the_page_s_language(
    client, language, expected
):
    state = MemberStateFactory(name="Montenegro", slug="montenegro", admission_date=DAY)

    response = client.get(state.get_absolute_url(), headers={"accept-language": language})

    assert response.headers["Content-Language"] == language
    assert f'<dd class="col-sm-9">{expected}</dd>' in response.content.decode()


@pytest.mark.django_db
def test_meeting_page_in_french_gives_its_start_in_french(client):
    meeting = MeetingFactory(
        slug="plenary-1",
        venue=VenueFactory(time_zone="America/New_York"),
        start=datetime.datetime(2006, 9, 14, 14, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2006, 9, 14, 17, 0, tzinfo=datetime.UTC),
    )

    response = client.get(meeting.get_absolute_url(), headers={"accept-language": "fr"})

    assert "jeudi 14 septembre 2006, 10:00 EDT" in _text(response)
    assert "jeudi 14 septembre 2006, 13:00 EDT" in _text(response)
