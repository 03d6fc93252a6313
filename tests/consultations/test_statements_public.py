import csv
import datetime
import html
import io
import re
import traceback
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.choices import Language, Stance, StatementState
from consultations.models import Statement
from consultations.search import statement_search_refresh_all
from registry.choices import StakeholderKind
from tests.factories import (
    FocalPointFactory,
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    PositionFactory,
    ProcessFactory,
    RegionalGroupFactory,
    StakeholderFactory,
    StatementFactory,
    ThemeFactory,
    VenueFactory,
)

# clock: the world's embargoed statement is under embargo until two hours from now.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
UTC = datetime.UTC
NOTE = "Statements in this demo are illustrative."
TEMPLATE_ENGINE = str(Path("django", "template", "base.py"))


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def titles(response) -> list[str]:
    return [s.title for s in response.context["statements"]]


def text_of(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class _ElementFinder(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__()
        self.element_id = element_id
        self.found: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") == self.element_id and self.found is None:
            self.found = (tag, attributes)


def element(response, element_id: str) -> tuple[str, dict]:
    """The tag and attributes of the element with ``element_id`` (fails if there is none)."""
    finder = _ElementFinder(element_id)
    finder.feed(response.content.decode())
    assert finder.found is not None, f"no element #{element_id}"
    return finder.found


@pytest.fixture
def world(db):
    """Four public statements at three meetings in two time zones, and four the public may not
    read: a draft, one under embargo, a withdrawn one and one returned for correction."""
    african = RegionalGroupFactory(code="AFRICAN", name="African States", short_name="African")
    weog = RegionalGroupFactory(
        code="WEOG", name="Western European and other States", short_name="WEOG"
    )
    process = ProcessFactory(slug="hld", title="High-level Dialogue", illustrative_note=NOTE)
    new_york = VenueFactory()
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    plenary = MeetingFactory(
        process=process,
        slug="plenary",
        title="First plenary",
        venue=new_york,
        start=utc(2006, 9, 14, 14, 0),
        end=utc(2006, 9, 14, 17, 0),
    )
    # 22:30 on 14 September in New York is 02:30 on the 15th in UTC.
    evening = MeetingFactory(
        process=process,
        slug="evening",
        title="Evening plenary",
        venue=new_york,
        start=utc(2006, 9, 15, 2, 30),
        end=utc(2006, 9, 15, 4, 0),
    )
    panel = MeetingFactory(
        process=process,
        slug="geneva-panel",
        title="Geneva panel",
        venue=geneva,
        start=utc(2006, 7, 6, 8, 0),
        end=utc(2006, 7, 6, 11, 0),
    )
    belgium = MemberStateFactory(name="Belgium", slug="belgium", iso3="BEL", regional_group=weog)
    senegal = MemberStateFactory(name="Senegal", slug="senegal", iso3="SEN", regional_group=african)
    iom = StakeholderFactory(
        kind=StakeholderKind.IGO, name="International Organization for Migration", slug="iom"
    )
    root_causes = ThemeFactory(slug="root-causes", name="Root causes of migration", order=1)
    poverty = ThemeFactory(slug="poverty", name="Poverty", parent=root_causes, order=1)
    remittances = ThemeFactory(slug="remittances", name="Remittances", order=2)
    gadio = PersonFactory(
        honorific="H.E. Mr.", given_name="Cheikh Tidiane", family_name="Gadio", slug="gadio"
    )
    w = {
        "process": process,
        "belgium": belgium,
        "senegal": senegal,
        "iom": iom,
        "plenary": plenary,
        "belgium_speaks": StatementFactory(
            meeting=plenary,
            stakeholder=belgium,
            title="Belgium offers to host the Global Forum",
            text="Belgium offers to host the first meeting of the Global Forum.\n\nThank you.",
            themes=[poverty],
            published=True,
            published_at=utc(2006, 9, 14, 18, 0),
        ),
        "senegal_evening": StatementFactory(
            meeting=evening,
            stakeholder=senegal,
            language=Language.FRENCH,
            title="Déclaration du Sénégal",
            text="Les transferts de fonds des migrants.",
            speaker=gadio,
            speaker_post="Minister for Foreign Affairs",
            themes=[remittances],
            published=True,
            published_at=utc(2006, 9, 15, 3, 0),  # 23:00 on the 14th in New York
        ),
        "iom_panel": StatementFactory(
            meeting=panel,
            stakeholder=iom,
            title="IOM at the Geneva panel",
            text="Root causes of migration.",
            themes=[root_causes],
            published=True,
            published_at=utc(2006, 7, 6, 12, 0),
        ),
        "senegal_arabic": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            language=Language.ARABIC,
            title="بيان السنغال",
            text="الهجرة الدولية والتنمية.",
            published=True,
            published_at=utc(2006, 9, 16, 12, 0),
        ),
        "draft": StatementFactory(
            meeting=plenary, stakeholder=belgium, title="Belgian draft", text="Global Forum."
        ),
        "embargoed": StatementFactory(
            meeting=plenary,
            stakeholder=belgium,
            title="Belgium under embargo",
            text="Global Forum.",
            published=True,
            embargo_until=timezone.now() + datetime.timedelta(hours=2),
        ),
        "withdrawn": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            title="Withdrawn by Senegal",
            text="Global Forum.",
            state=StatementState.WITHDRAWN,
        ),
        "returned": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            title="Returned to Senegal",
            text="Global Forum.",
            state=StatementState.RETURNED,
            return_reason="Please attach the delivered version.",
        ),
    }
    statement_search_refresh_all()
    return w


ALL_PUBLIC = [
    "بيان السنغال",
    "Déclaration du Sénégal",
    "Belgium offers to host the Global Forum",
    "IOM at the Geneva panel",
]


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
    assert 'href="/statements.csv?regional_group=AFRICAN&amp;q=x+y"' in html
    assert 'href="/statements.xlsx?regional_group=AFRICAN&amp;q=x+y"' in html


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


# --- Exports ------------------------------------------------------------------------------------
def expected_rows(world) -> dict[str, list[str]]:
    return {
        "senegal_arabic": [
            str(world["senegal_arabic"].pk),
            "بيان السنغال",
            "Senegal",
            "SEN",
            "African States",
            "member_state",
            "First plenary",
            "2006-09-14",
            "ar",
            "",
            "",
            "",
            f"http://testserver/statements/{world['senegal_arabic'].pk}/",
        ],
        "senegal_evening": [
            str(world["senegal_evening"].pk),
            "Déclaration du Sénégal",
            "Senegal",
            "SEN",
            "African States",
            "member_state",
            "Evening plenary",
            "2006-09-14",
            "fr",
            "Remittances",
            "H.E. Mr. Cheikh Tidiane Gadio",
            "Minister for Foreign Affairs",
            f"http://testserver/statements/{world['senegal_evening'].pk}/",
        ],
        "iom_panel": [
            str(world["iom_panel"].pk),
            "IOM at the Geneva panel",
            "International Organization for Migration",
            "",
            "",
            "igo",
            "Geneva panel",
            "2006-07-06",
            "en",
            "Root causes of migration",
            "",
            "",
            f"http://testserver/statements/{world['iom_panel'].pk}/",
        ],
        "belgium_speaks": [
            str(world["belgium_speaks"].pk),
            "Belgium offers to host the Global Forum",
            "Belgium",
            "BEL",
            "Western European and other States",
            "member_state",
            "First plenary",
            "2006-09-14",
            "en",
            "Root causes of migration: Poverty",
            "",
            "",
            f"http://testserver/statements/{world['belgium_speaks'].pk}/",
        ],
    }


HEADER = [
    "id",
    "title",
    "stakeholder",
    "iso3",
    "regional_group",
    "kind",
    "meeting",
    "date",
    "language",
    "themes",
    "speaker",
    "post",
    "url",
]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook["Statements"].iter_rows(values_only=True)]


def test_csv_export_gives_the_filtered_statements_in_list_order(client, world):
    response = client.get("/statements.csv", {"regional_group": "AFRICAN"})

    rows = expected_rows(world)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv"'
    assert csv_rows(response) == [HEADER, rows["senegal_arabic"], rows["senegal_evening"]]


def test_csv_export_without_filters_gives_every_public_statement(client, world):
    rows = expected_rows(world)

    assert csv_rows(client.get("/statements.csv")) == [
        HEADER,
        rows["senegal_arabic"],
        rows["senegal_evening"],
        rows["belgium_speaks"],
        rows["iom_panel"],
    ]


def test_csv_export_applies_theme_and_search(client, world):
    rows = expected_rows(world)

    by_theme = csv_rows(client.get("/statements.csv", {"theme": "root-causes"}))
    by_search = csv_rows(client.get("/statements.csv", {"q": '"global forum"'}))

    assert by_theme == [HEADER, rows["belgium_speaks"], rows["iom_panel"]]
    assert by_search == [HEADER, rows["belgium_speaks"]]


def test_xlsx_export_gives_the_filtered_statements_with_numbers_and_dates(client, world):
    response = client.get("/statements.xlsx", {"theme": "root-causes", "date_by": "meeting"})

    rows = expected_rows(world)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="statements.xlsx"'

    def typed(row):
        return [
            int(row[0]),
            *[value or None for value in row[1:7]],
            datetime.datetime.fromisoformat(row[7]),
            *[value or None for value in row[8:]],
        ]

    assert xlsx_rows(response) == [
        HEADER,
        typed(rows["belgium_speaks"]),
        typed(rows["iom_panel"]),
    ]


def test_xlsx_export_keeps_a_title_that_looks_like_a_formula_as_text(client, world):
    Statement.objects.filter(pk=world["iom_panel"].pk).update(title='=HYPERLINK("x","y")\x0b')

    response = client.get("/statements.xlsx", {"stakeholder": "iom"})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cell = workbook["Statements"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x","y")', "s")


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
def test_export_with_an_invalid_filter_is_refused_rather_than_exporting_everything(
    client, world, path
):
    response = client.get(path, {"meeting": "atlantis"})

    assert response.status_code == 400
    assert response.content.decode() == (
        "Invalid filter: meeting: Select a valid choice. "
        "atlantis is not one of the available choices."
    )


@pytest.mark.parametrize("path", ["/statements.csv", "/statements.xlsx"])
def test_exports_leave_out_what_the_public_may_not_read(client, world, path, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get(path, {"stakeholder": "belgium"})

    rows = csv_rows(response) if path.endswith(".csv") else xlsx_rows(response)
    assert [row[1] for row in rows] == ["title", "Belgium offers to host the Global Forum"]


# --- One statement ------------------------------------------------------------------------------
def test_detail_shows_the_statement_with_its_language_direction_speaker_and_dates(client, world):
    statement = world["senegal_evening"]

    response = client.get(f"/statements/{statement.pk}/")

    assert response.status_code == 200
    assert element(response, "statement-title") == (
        "h1",
        {"id": "statement-title", "lang": "fr", "dir": "ltr"},
    )
    assert element(response, "statement-text")[1]["lang"] == "fr"
    assert element(response, "statement-text")[1]["dir"] == "ltr"
    text = text_of(response)
    assert "Speaker H.E. Mr. Cheikh Tidiane Gadio, Minister for Foreign Affairs" in text
    assert "Meeting Evening plenary , 14 September 2006" in text
    assert "Language French" in text
    assert "Themes Remittances" in text
    assert "Published 14 September 2006, 23:00 EDT" in text
    assert "Les transferts de fonds des migrants." in text
    assert f"Illustrative data: {NOTE}" in text
    assert "statement-not-public" not in response.content.decode()


def test_detail_of_an_arabic_statement_is_right_to_left(client, world):
    response = client.get(world["senegal_arabic"].get_absolute_url())

    assert element(response, "statement-title")[1] == {
        "id": "statement-title",
        "lang": "ar",
        "dir": "rtl",
    }
    assert element(response, "statement-text")[1] == {
        "class": "statement-text border-top pt-3",
        "id": "statement-text",
        "lang": "ar",
        "dir": "rtl",
    }


def test_detail_address_is_the_statements_absolute_url(world):
    statement = world["belgium_speaks"]

    assert statement.get_absolute_url() == f"/statements/{statement.pk}/"
    assert reverse("statement", kwargs={"pk": statement.pk}) == f"/statements/{statement.pk}/"


def test_detail_counts_revisions_of_the_content_not_review_steps_or_tags(client, world):
    statement = Statement.objects.get(pk=world["belgium_speaks"].pk)
    statement.text = "Belgium offers to host the first Global Forum."
    statement.save()
    statement.state = StatementState.SUBMITTED
    statement.save()
    statement.state = StatementState.PUBLISHED
    statement.speaker_post = "Prime Minister"
    statement.save()
    statement.themes.clear()

    response = client.get(statement.get_absolute_url())

    assert element(response, "statement-revisions")[0] == "dd"
    assert "Revisions Revised 2 times; last published on 14 September 2006, 14:00 EDT." in (
        text_of(response)
    )


def test_detail_of_an_unrevised_statement_says_so(client, world):
    response = client.get(world["senegal_arabic"].get_absolute_url())

    assert "Revisions Not revised; last published on 16 September 2006, 08:00 EDT." in (
        text_of(response)
    )


def test_detail_lists_the_positions_the_statement_shows(client, world):
    statement = world["belgium_speaks"]
    forum = IssueFactory(
        process=world["process"], title="Should a Global Forum follow the Dialogue?", order=1
    )
    host = IssueFactory(process=world["process"], title="Belgium's offer to host it", order=2)
    PositionFactory(
        issue=host, stakeholder=world["belgium"], stance=Stance.SUPPORTS, statement=statement
    )
    PositionFactory(
        issue=forum,
        stakeholder=world["belgium"],
        stance=Stance.SUPPORTS_WITH_RESERVATIONS,
        statement=statement,
        note="State-owned and voluntary.",
    )
    PositionFactory(issue=forum, stakeholder=world["senegal"], stance=Stance.SUPPORTS)

    response = client.get(statement.get_absolute_url())

    assert [(p.issue.title, p.stance) for p in response.context["positions"]] == [
        ("Should a Global Forum follow the Dialogue?", Stance.SUPPORTS_WITH_RESERVATIONS),
        ("Belgium's offer to host it", Stance.SUPPORTS),
    ]
    assert (
        "Should a Global Forum follow the Dialogue? Belgium Supports with reservations "
        "State-owned and voluntary. Belgium's offer to host it Belgium Supports"
    ) in text_of(response)


def test_detail_without_positions_has_no_positions_section(client, world):
    response = client.get(world["iom_panel"].get_absolute_url())

    assert "Positions this statement shows" not in text_of(response)


def test_detail_links_the_file_download_when_there_is_a_file(client, world):
    statement = world["iom_panel"]
    Statement.objects.filter(pk=statement.pk).update(file="statements/0123abcd.pdf")

    with_file = client.get(statement.get_absolute_url())
    without_file = client.get(world["belgium_speaks"].get_absolute_url())

    assert element(with_file, "statement-file") == (
        "a",
        {
            "class": "btn btn-outline-primary btn-sm",
            "id": "statement-file",
            "href": f"/statements/{statement.pk}/file/",
        },
    )
    assert "Download the file (PDF)" in text_of(with_file)
    assert 'id="statement-file"' not in without_file.content.decode()


@pytest.mark.parametrize("key", ["draft", "embargoed", "withdrawn", "returned"])
def test_public_cannot_open_a_statement_that_is_not_public(client, world, key):
    response = client.get(world[key].get_absolute_url())

    assert response.status_code == 404


def test_unknown_statement_is_a_404(client, world):
    assert client.get("/statements/999999/").status_code == 404


def test_other_delegation_cannot_open_an_unpublished_statement(client, world, delegate_b):
    client.force_login(delegate_b)

    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    assert client.get(world["embargoed"].get_absolute_url()).status_code == 404
    assert client.get(world["belgium_speaks"].get_absolute_url()).status_code == 200


def test_own_delegation_opens_its_draft_and_embargoed_statements_marked_not_public(client, world):
    delegate = FocalPointFactory(stakeholder=world["belgium"]).user
    client.force_login(delegate)

    draft = client.get(world["draft"].get_absolute_url())
    embargoed = client.get(world["embargoed"].get_absolute_url())

    assert draft.status_code == 200
    assert "Not public: this statement is Draft." in text_of(draft)
    assert embargoed.status_code == 200
    assert "Check against delivery: the public can read this statement from" in (text_of(embargoed))


def test_secretariat_opens_any_statement(client, world, secretariat_user):
    client.force_login(secretariat_user)

    response = client.get(world["returned"].get_absolute_url())

    assert response.status_code == 200
    assert "Not public: this statement is Returned for correction." in text_of(response)


def test_list_and_detail_templates_make_no_queries(client, world):
    from_templates = []

    def note_template_queries(execute, sql, params, many, context):
        if any(frame.filename.endswith(TEMPLATE_ENGINE) for frame in traceback.extract_stack()):
            from_templates.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_template_queries):
        client.get("/statements/", {"theme": "root-causes", "date_from": "2006-01-01"})
        client.get("/statements/", {"q": "global"})
        client.get(world["belgium_speaks"].get_absolute_url())

    assert from_templates == []


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
    assert len(large.captured_queries) <= 11


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
