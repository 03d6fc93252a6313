"""Dates at the ends of Python's calendar (0001-01-01, 9999-12-31) typed into a filter or a
form: a form error, never an OverflowError (a server error)."""

import pytest

from consultations.models import Statement
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

YEARS_ERROR = "Enter a date from 1900 to 2100."


@pytest.fixture
def venue_east_of_utc(db):
    # A venue ahead of UTC: its 0001-01-01 midnight lies before Python's first date in UTC.
    return MeetingFactory(venue__time_zone="Asia/Tokyo")


@pytest.mark.parametrize(
    ("param", "value"), [("date_to", "9999-12-31"), ("date_from", "0001-01-01")]
)
def test_statement_list_refuses_a_date_outside_the_years_with_a_form_error(
    client, venue_east_of_utc, param, value
):
    response = client.get("/statements/", {param: value})

    assert response.status_code == 200
    assert response.context["filter"].form.errors == {param: [YEARS_ERROR]}
    assert YEARS_ERROR in response.content.decode()


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
@pytest.mark.parametrize(
    ("param", "value"), [("date_to", "9999-12-31"), ("date_from", "0001-01-01")]
)
def test_statement_exports_refuse_a_date_outside_the_years(
    client, venue_east_of_utc, path, param, value
):
    response = client.get(path, {param: value})

    assert response.status_code == 400
    assert response.content.decode() == f"Invalid filter: {param}: {YEARS_ERROR}"


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_registry_list_refuses_an_as_of_date_outside_the_years(client, value):
    response = client.get("/registry/", {"as_of": value, "grouping": ""})

    assert response.status_code == 200
    assert response.context["filter"].form.errors == {"as_of": [YEARS_ERROR]}


@pytest.mark.parametrize("value", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_statement_form_refuses_an_embargo_outside_the_years(
    delegation_a, client, delegate_a, state_a, meeting, minister, value
):
    client.force_login(delegate_a)

    response = client.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state_a.pk,
            "meeting": meeting.pk,
            "speaker": minister.pk,
            "language": "en",
            "title": "Statement of State A",
            "text": "Mr. President,",
            "embargo_until": value,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"embargo_until": [YEARS_ERROR]}
    assert Statement.objects.count() == 0
