"""Statements searched in their own language (issue 14 item 4).

On PostgreSQL each statement's vector is read with its language's configuration (Chinese cut
into words by jieba first), and a query with the configuration of the language asked for or of
the page: for each of the six languages a stemmed (or, in Chinese, segmented) match and a miss.
"""

import pytest
from django.db import connection
from django.utils import timezone, translation

from consultations.choices import Language
from consultations.models import Statement
from consultations.search import (
    SEARCH_CONFIGS,
    search_config,
    search_language,
    segmented,
    statement_search_refresh_all,
    statements_search,
)
from consultations.services.statements import statement_search_refresh
from tests.factories import MeetingFactory, StatementFactory

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="PostgreSQL full-text search: run with DATABASE_URL=postgres://...",
)
pytestmark = pytest.mark.clock

# (language, title, text): one short statement in each language.
TEXTS = [
    (Language.ENGLISH, "Remittances", "Every migrant sends money home to the family."),
    (Language.FRENCH, "Droits", "Chaque migrant a des droits que les États doivent protéger."),
    (Language.SPANISH, "Remesas", "La migrante envía remesas a su familia."),
    (Language.RUSSIAN, "Права", "Мигранты имеют права, которые государства должны защищать."),
    (Language.ARABIC, "الحقوق", "للمهاجرين حقوق يجب على الدول حمايتها."),
    (Language.CHINESE, "国际移民与发展", "各国应当保护移民的权利。"),
]


@pytest.fixture
def six(db):
    meeting = MeetingFactory()
    for language, title, text in TEXTS:
        StatementFactory(meeting=meeting, published=True, language=language, title=title, text=text)
    statement_search_refresh_all()


def found(query: str, language: str | None = None) -> list[str]:
    statements = statements_search(
        Statement.objects.public(now=timezone.now()), query, language=language
    )
    return sorted(statements.values_list("language", flat=True))


def test_every_language_has_a_configuration_and_chinese_reads_simple():
    assert set(SEARCH_CONFIGS) == set(Language.values)
    assert search_config("fr") == "french"
    assert search_config("zh") == "simple"


def test_the_query_language_is_the_filter_else_the_page_else_english():
    with translation.override("zh-hans"):
        assert search_language() == "zh"
        assert search_language("ar") == "ar"
    with translation.override("fr"):
        assert search_language("") == "fr"
        assert search_language("xx") == "fr"
    with translation.override(None):
        assert search_language() == "en"


def test_chinese_is_cut_into_words_and_other_text_left_as_it_is():
    assert segmented("国际移民与发展") == "国际 移民 与 发展"
    assert segmented("Migrants' rights") == "Migrants' rights"
    assert segmented("") == ""


@pytest.mark.postgres
@postgresql_only
@pytest.mark.parametrize(
    ("language", "query", "miss"),
    [
        # The query's word differs from the text's: the stemmer joins them.
        (Language.ENGLISH, "migrants", "borders"),
        (Language.FRENCH, "migrants", "frontières"),
        (Language.SPANISH, "migrantes", "fronteras"),
        (Language.RUSSIAN, "мигрантов", "границы"),
        (Language.ARABIC, "مهاجرين", "الحدود"),
        # A two-character word inside a run of characters that PostgreSQL would read as one.
        (Language.CHINESE, "移民", "边境"),
    ],
)
def test_postgresql_finds_a_stemmed_or_segmented_word_in_its_own_language(
    six, language, query, miss
):
    assert language in found(query, language)
    assert found(miss, language) == []


@pytest.mark.postgres
@postgresql_only
def test_postgresql_french_migrants_finds_migrant_on_a_french_page(six):
    with translation.override("fr"):
        on_french_page = found("migrants")
    with translation.override("en"):
        on_english_page = found("migrants")

    # French reads "migrants" as "migr", the lexeme of the French statement's "migrant".
    assert on_french_page == ["fr"]
    # English reads it as "migrant": the English statement's stem, the Spanish statement's stem
    # of "migrante", and the French statement's "migrant" as written.
    assert on_english_page == ["en", "es", "fr"]


@pytest.mark.postgres
@postgresql_only
def test_postgresql_a_word_as_written_is_found_whatever_the_page_language(six):
    with translation.override("en"):
        assert found("Мигранты") == ["ru"]
        assert found("权利") == ["zh"]
    with translation.override("ar"):
        # As written (en, fr) and as the Spanish stem of "migrante" (es).
        assert found("migrant") == ["en", "es", "fr"]


@pytest.mark.postgres
@postgresql_only
def test_postgresql_an_excluded_word_is_excluded_in_either_form(six):
    assert found("migrants -droits", Language.FRENCH) == []
    assert found("migrants -famille", Language.FRENCH) == ["fr"]


@pytest.mark.postgres
@postgresql_only
def test_postgresql_chinese_phrase_and_longer_query_are_cut_as_the_text_is(six):
    assert found("国际移民", Language.CHINESE) == ["zh"]
    assert found('"国际移民"', Language.CHINESE) == ["zh"]
    assert found("国际汇款", Language.CHINESE) == []


@pytest.mark.postgres
@postgresql_only
def test_postgresql_vector_of_a_saved_statement_follows_its_language(db):
    statement = StatementFactory(
        published=True, language=Language.CHINESE, title="移民汇款", text="各国合作。"
    )
    statement_search_refresh(statement=statement)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM consultations_statement WHERE id = %s",
            [statement.pk],
        )
        (vector,) = cursor.fetchone()

    assert "'移民'" in vector and "'汇款'" in vector


def test_public_page_search_with_the_language_filter(client, six):
    response = client.get("/statements/", {"q": "移民", "language": "zh"})

    assert [s.language for s in response.context["statements"]] == ["zh"]


def test_sqlite_and_postgresql_both_find_a_chinese_word_inside_a_run(six):
    assert found("移民") == ["zh"]


@pytest.mark.postgres
@postgresql_only
def test_postgresql_a_change_of_language_alone_reindexes_the_statement(delegate_a, state_a):
    from consultations.services.statements import statement_create, statement_update

    meeting = MeetingFactory()
    at = timezone.now()
    statement = statement_create(
        actor=delegate_a,
        stakeholder=state_a,
        meeting=meeting,
        title="Droits",
        language=Language.ENGLISH,
        text="Chaque migrant a des droits.",
        at=at,
    )
    as_english = Statement.objects.values_list("search_vector", flat=True).get(pk=statement.pk)

    statement_update(actor=delegate_a, statement=statement, data={"language": Language.FRENCH})
    as_french = Statement.objects.values_list("search_vector", flat=True).get(pk=statement.pk)
    statement_search_refresh(statement=statement)

    assert as_french != as_english
    assert as_french == Statement.objects.values_list("search_vector", flat=True).get(
        pk=statement.pk
    )
