"""The public list of statements (consultations/views/statements_public.py): what it shows, its
filters, and its constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Statement
from consultations.search import statement_search_refresh_all
from tests.consultations.statements_public_helpers import (
    ALL_PUBLIC,
    NOTE,
    element,
    text_of,
    titles,
    utc,
)
from tests.factories import (
    FocalPointFactory,
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    PositionFactory,
    ProcessFactory,
    RegionalGroupFactory,
    StatementFactory,
    ThemeFactory,
    VenueFactory,
)

# clock: the world's embargoed statement is under embargo until two hours from now.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


# --- The list -----------------------------------------------------------------------------------
def test_list_shows_only_published_statements_past_their_embargo_latest_first(client, world):
    response = client.get("/statements/")

    assert response.status_code == 200
    assert titles(response) == ALL_PUBLIC
    assert "4 statements" in text_of(response)


def test_secretariat_and_own_delegation_see_the_same_public_list(client, world, secretariat_user):
    delegate = FocalPointFactory(stakeholder=world["belgium"]).user

    client.force_login(secretariat_user)
    as_secretariat = titles(client.get("/statements/"))
    client.force_login(delegate)
    as_delegate = titles(client.get("/statements/"))

    assert as_secretariat == ALL_PUBLIC
    assert as_delegate == ALL_PUBLIC


def test_statement_shows_in_the_list_once_its_embargo_has_passed(client, world):
    Statement.objects.filter(pk=world["embargoed"].pk).update(
        embargo_until=timezone.now() - datetime.timedelta(minutes=1),
        published_at=utc(2006, 9, 17, 9, 0),
    )

    assert titles(client.get("/statements/")) == ["Belgium under embargo", *ALL_PUBLIC]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"meeting": "plenary"}, ["بيان السنغال", "Belgium offers to host the Global Forum"]),
        ({"meeting": "geneva-panel"}, ["IOM at the Geneva panel"]),
        ({"stakeholder": "senegal"}, ["بيان السنغال", "Déclaration du Sénégal"]),
        ({"stakeholder": "iom"}, ["IOM at the Geneva panel"]),
        ({"regional_group": "AFRICAN"}, ["بيان السنغال", "Déclaration du Sénégal"]),
        ({"regional_group": "WEOG"}, ["Belgium offers to host the Global Forum"]),
        ({"language": "fr"}, ["Déclaration du Sénégal"]),
        ({"language": "ar"}, ["بيان السنغال"]),
        ({"language": "ru"}, []),
        # A broader theme includes its narrower ones: "Poverty" is a root cause.
        (
            {"theme": "root-causes"},
            ["Belgium offers to host the Global Forum", "IOM at the Geneva panel"],
        ),
        ({"theme": "poverty"}, ["Belgium offers to host the Global Forum"]),
        ({"theme": "remittances"}, ["Déclaration du Sénégal"]),
        # Meeting dates are the venue's: the evening plenary met on the 14th in New York.
        (
            {"date_from": "2006-09-14", "date_to": "2006-09-14"},
            ALL_PUBLIC[:3],
        ),
        ({"date_from": "2006-09-15"}, []),
        ({"date_to": "2006-07-06"}, ["IOM at the Geneva panel"]),
        ({"date_from": "2006-07-06", "date_to": "2006-07-06"}, ["IOM at the Geneva panel"]),
        (
            {"date_from": "2006-09-14", "date_to": "2006-09-14", "date_by": "published"},
            ["Déclaration du Sénégal", "Belgium offers to host the Global Forum"],
        ),
        ({"date_from": "2006-09-16", "date_by": "published"}, ["بيان السنغال"]),
        ({"date_to": "2006-09-13", "date_by": "published"}, ["IOM at the Geneva panel"]),
        ({"regional_group": "AFRICAN", "language": "ar"}, ["بيان السنغال"]),
        ({"q": '"global forum"'}, ["Belgium offers to host the Global Forum"]),
        ({"q": "migration", "stakeholder": "iom"}, ["IOM at the Geneva panel"]),
        ({"q": "migration", "stakeholder": "belgium"}, []),
    ],
)
def test_list_filters_give_exactly_the_matching_statements(client, world, params, expected):
    response = client.get("/statements/", params)

    assert response.context["filter"].form.errors == {}
    assert titles(response) == expected


def test_list_filter_with_an_unknown_value_shows_the_error_and_no_statements(client, world):
    response = client.get("/statements/", {"meeting": "atlantis", "language": "xx"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors.keys() == {"meeting", "language"}
    assert titles(response) == []


def test_list_date_range_ending_before_it_starts_is_an_error(client, world):
    response = client.get("/statements/", {"date_from": "2006-09-15", "date_to": "2006-09-14"})

    assert response.context["filter"].form.errors == {
        "date_to": ["The end of the date range comes before its start."]
    }
    assert titles(response) == []


def test_list_row_shows_stakeholder_meeting_local_date_language_and_themes(client, world):
    response = client.get("/statements/", {"stakeholder": "senegal", "language": "fr"})

    row = text_of(response).split("Themes", 1)[1].strip()
    assert row.startswith(
        "Déclaration du Sénégal Senegal African Evening plenary 14 Sep 2006 French Remittances"
    )
    assert element(response, "statements")[0] == "table"
    html = response.content.decode()
    url = world["senegal_evening"].get_absolute_url()
    assert f'<a href="{url}" lang="fr" dir="ltr">Déclaration du Sénégal</a>' in html


def test_list_links_arabic_title_right_to_left(client, world):
    html = client.get("/statements/", {"language": "ar"}).content.decode()

    url = world["senegal_arabic"].get_absolute_url()
    assert f'<a href="{url}" lang="ar" dir="rtl">بيان السنغال</a>' in html


def test_list_links_the_exports_with_the_same_filters_but_not_the_page(client, world):
    response = client.get("/statements/", {"regional_group": "AFRICAN", "q": "x y", "page": "1"})

    html = response.content.decode()
    # In the order the page cache puts them (hlderp/public_cache.py: one page per set of filters).
    assert 'href="/statements.csv?q=x+y&amp;regional_group=AFRICAN"' in html
    assert 'href="/statements.xlsx?q=x+y&amp;regional_group=AFRICAN"' in html


def test_list_shows_the_process_illustrative_note(client, world):
    assert f"Illustrative data: {NOTE}" in text_of(client.get("/statements/"))


def test_list_without_statements_shows_no_illustrative_note(client, world):
    response = client.get("/statements/", {"language": "ru"})

    assert "Illustrative data" not in text_of(response)
    assert "No published statement matches this search." in text_of(response)


def test_list_shows_fifty_statements_a_page(client, db):
    meeting = MeetingFactory()
    for i in range(51):
        StatementFactory(
            meeting=meeting,
            published=True,
            title=f"S{i:02d}",
            published_at=utc(2006, 9, 14, 18, 0) + datetime.timedelta(minutes=i),
        )

    first = client.get("/statements/")
    second = client.get("/statements/", {"page": 2})

    assert len(titles(first)) == 50
    assert titles(first)[0] == "S50"
    assert titles(second) == ["S00"]
    assert first.context["paginator"].count == 51


# --- Constant query counts ----------------------------------------------------------------------
def _grow(n: int) -> None:
    """``n`` more public statements, each with its own stakeholder, meeting, venue, speaker and
    two themes, so that any query made per row shows."""
    process = ProcessFactory(illustrative_note=NOTE)
    group = RegionalGroupFactory(code="AFRICAN")
    parent = ThemeFactory()
    for i in range(n):
        venue = VenueFactory(name=f"Venue {i} of {n}", time_zone="Europe/Zurich")
        meeting = MeetingFactory(process=process, venue=venue)
        StatementFactory(
            meeting=meeting,
            stakeholder=MemberStateFactory(regional_group=group),
            speaker=PersonFactory(),
            speaker_post="Minister",
            title=f"Migration statement {i} of {n}",
            text="International migration and development.",
            themes=[parent, ThemeFactory(parent=parent)],
            published=True,
        )
    statement_search_refresh_all()


LIST_PATHS = [
    "/statements/",
    "/statements/?regional_group=AFRICAN&language=en&date_from=2006-09-01&date_to=2006-09-30",
    "/statements/?q=migration+development&language=en",
    "/statements/?q=%22international+migration%22&page=1",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_query_count_does_not_grow_with_the_data(client, world, path):
    _grow(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow(120)
    with CaptureQueriesContext(connection) as large:
        response = client.get(path)

    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    # At most 8 for the page (a date range reads the venues), 2 for the process filter, 1 for
    # the page cache's embargo horizon.
    assert len(large.captured_queries) <= 12  # the twelfth reads the ids of the page's statements


def test_list_query_count_for_the_secretariat_does_not_grow(client, world, secretariat_user):
    client.force_login(secretariat_user)
    _grow(3)
    with CaptureQueriesContext(connection) as small:
        client.get("/statements/")
    _grow(60)
    with CaptureQueriesContext(connection) as large:
        client.get("/statements/")

    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_query_count_does_not_grow_with_themes_positions_and_revisions(client, world):
    statement = Statement.objects.get(pk=world["belgium_speaks"].pk)
    path = statement.get_absolute_url()
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    for i in range(15):
        statement.themes.add(ThemeFactory(parent=ThemeFactory()))
        PositionFactory(issue=IssueFactory(process=world["process"]), statement=statement)
        statement.text = f"Version {i}"
        statement.save()
    with CaptureQueriesContext(connection) as large:
        response = client.get(path)

    assert "Revised 15 times" in text_of(response)
    assert len(response.context["positions"]) == 15
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx?language=en"])
def test_export_query_count_does_not_grow_with_the_data(client, world, path):
    _grow(3)
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    _grow(60)
    with CaptureQueriesContext(connection) as large:
        client.get(path)

    assert len(large.captured_queries) == len(small.captured_queries)
