"""Rows of the public statements list kept in the cache under what they show
(consultations/fragments_statements.py): rendered once, and again only when something a row
shows changes."""

import pytest

from consultations import fragments_statements
from consultations.choices import Language
from tests.consultations.fragments_helpers import renders_of
from tests.consultations.statements_public_helpers import ALL_PUBLIC, titles
from tests.servers import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
ROW = "consultations/statements/_statement_row.html"


def rows_rendered(client, url="/statements/") -> tuple[str, int, list[str]]:
    response, count = renders_of(client, url, ROW)
    return response.content.decode(), count, titles(response)


@pytest.fixture(autouse=True)
def _rendered_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered: the rows' own cache only


def test_each_row_is_rendered_once_then_taken_from_the_cache(client, world):
    first, rendered_first, _ = rows_rendered(client)
    second, rendered_second, listed = rows_rendered(client)

    assert (rendered_first, rendered_second) == (4, 0)
    assert second == first
    assert listed == ALL_PUBLIC


def test_a_page_of_rows_kept_whole_is_served_without_looking_up_a_row(
    client, world, monkeypatch
):
    first, _, _ = rows_rendered(client)

    def each_row(*args, **kwargs):
        raise AssertionError("a row looked up: the page was not kept whole")

    monkeypatch.setattr(fragments_statements, "fragments_render", each_row)
    second, rendered, listed = rows_rendered(client)

    assert (rendered, listed) == (0, ALL_PUBLIC)
    assert second == first


def _edit(world, obj, values: dict) -> None:
    """Save ``values`` on the world's object named ``obj`` (or found by ``obj(world)``)."""
    obj = obj(world) if callable(obj) else world[obj]
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()


@pytest.mark.parametrize(
    ("obj", "values", "rendered", "shown", "gone"),
    [
        pytest.param(
            "iom_panel",
            {"title": "IOM at the Geneva panel, corrected"},
            1,
            {">IOM at the Geneva panel, corrected</a>": 1},
            ">IOM at the Geneva panel</a>",
            id="edited title",
        ),
        pytest.param(
            "senegal",
            {"name": "Republic of Senegal"},
            2,  # its French and its Arabic statement
            {">Republic of Senegal</a>": 2},
            ">Senegal</a>",
            id="renamed stakeholder",
        ),
        pytest.param(
            "belgium_speaks",
            {"language": Language.SPANISH},
            1,
            {
                'lang="es" dir="ltr">Belgium offers to host the Global Forum</a>': 1,
                'title="Spanish">Spanish</span>': 1,
            },
            None,
            id="language switched",
        ),
        pytest.param(
            lambda world: world["belgium_speaks"].themes.get(),
            {"name": "Extreme poverty"},
            1,
            {'title="Root causes of migration: Extreme poverty">Extreme poverty</a>': 1},
            None,
            id="renamed theme",
        ),
    ],
)
def test_a_row_is_rendered_afresh_when_what_it_shows_changes(
    client, world, obj, values, rendered, shown, gone
):
    rows_rendered(client)
    _edit(world, obj, values)

    page, rendered_now, _ = rows_rendered(client)

    assert rendered_now == rendered
    assert {text: page.count(text) for text in shown} == shown
    assert gone is None or gone not in page


def test_each_language_of_the_page_has_its_own_rows(client, world):
    _, rendered_english, _ = rows_rendered(client)
    _, rendered_arabic, _ = rows_rendered(client, "/statements/?lang=ar")
    page, rendered_again, _ = rows_rendered(client, "/statements/?lang=ar")

    assert (rendered_english, rendered_arabic, rendered_again) == (4, 4, 0)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'title="الفرنسية">الفرنسية</span>' in page


def test_the_list_renders_every_row_when_the_cache_is_unreachable(client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }

    first, rendered_first, listed = rows_rendered(client)
    second, rendered_second, _ = rows_rendered(client)

    assert (rendered_first, rendered_second) == (4, 4)
    assert listed == ALL_PUBLIC
    assert second == first
    assert '<option value="senegal">Senegal</option>' in second  # the filter form too


# --- The filter form ----------------------------------------------------------------------------
FORM = "bootstrap5/whole_uni_form.html"


def forms_rendered(client, url="/statements/") -> tuple[str, int]:
    response, count = renders_of(client, url, FORM)
    return response.content.decode(), count


def test_the_filter_form_is_rendered_once_for_the_same_values_and_options(client, world):
    first, rendered_first = forms_rendered(client)
    second, rendered_second = forms_rendered(client)
    chosen, rendered_chosen = forms_rendered(client, "/statements/?stakeholder=senegal")

    assert (rendered_first, rendered_second, rendered_chosen) == (1, 0, 1)
    assert second == first
    assert '<option value="senegal" selected>Senegal</option>' in chosen
    assert '<option value="senegal">Senegal</option>' in first


def test_the_filter_form_is_rendered_afresh_when_an_option_changes(client, world):
    forms_rendered(client)
    belgium = world["belgium"]
    belgium.name = "Kingdom of Belgium"
    belgium.save()

    page, rendered = forms_rendered(client)

    assert rendered == 1
    assert '<option value="belgium">Kingdom of Belgium</option>' in page


def test_the_filter_form_in_another_language_is_its_own(client, world):
    forms_rendered(client)

    page, rendered = forms_rendered(client, "/statements/?lang=fr")

    assert rendered == 1
    assert '<option value="" selected>Toute langue</option>' in page


def _orm_rows(ids, language):
    from consultations.fragments_statements import _rows_queryset, _themes_queryset

    rows = {row["id"]: row for row in _rows_queryset(ids, language)}
    themes = {pk: [] for pk in rows}
    for theme in _themes_queryset(ids, language):
        themes[theme.pop("statement_id")].append(theme)
    return [(rows[pk], themes[pk]) for pk in ids if pk in rows]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_page_of_rows_is_read_by_its_ids_in_their_order_in_two_queries(world, language):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from consultations.fragments_statements import PAGE_ROWS, statement_rows
    from consultations.models import Statement
    from tests.factories import ThemeFactory

    ids = list(Statement.objects.order_by("title").values_list("pk", flat=True))
    themed = Statement.objects.get(pk=ids[0])
    themed.themes.add(ThemeFactory(name="Remittances", name_fr="Envois de fonds"))
    asked = [*reversed(ids), -1]  # an unknown id is left out

    with translation.override(language), CaptureQueriesContext(connection) as queries:
        rows = statement_rows(ids=asked)
        expected = _orm_rows(asked, language)

    assert len(queries.captured_queries) == 4  # two for the rows, two for the ORM's
    assert [row.pk for row in rows] == list(reversed(ids))
    assert [(row.values, row.themes_values) for row in rows] == expected
    with translation.override(language):
        assert rows[-1].themes[0].name == ("Envois de fonds" if language == "fr" else "Remittances")
    assert statement_rows(ids=[]) == []
    with translation.override(language):  # more ids than a page: read by the ORM, the same
        many = statement_rows(ids=asked + [-2 - n for n in range(PAGE_ROWS)])
    assert [(row.values, row.themes_values) for row in many] == expected
