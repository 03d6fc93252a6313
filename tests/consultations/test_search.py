import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from consultations.choices import Language, StatementState
from consultations.models import Statement
from consultations.search import (
    SearchTerm,
    search_results,
    search_terms,
    statement_search_refresh_all,
    statements_matching,
    statements_search,
)
from tests.factories import MeetingFactory, MemberStateFactory, StatementFactory

ON_POSTGRESQL = "connection.vendor == 'postgresql'"
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="PostgreSQL full-text search: run with DATABASE_URL=postgres://...",
)
sqlite_only = pytest.mark.skipif(
    ON_POSTGRESQL, reason="the plain SQLite search; PostgreSQL uses its text search instead"
)
# clock: what the public may read, and the corpus's embargo, are reckoned from now.
pytestmark = pytest.mark.clock


def public_titles(query: str) -> list[str]:
    found = statements_search(Statement.objects.public(now=timezone.now()), query)
    return sorted(found.values_list("title", flat=True))


# --- Reading the query --------------------------------------------------------------------------
def test_search_terms_read_words_phrases_alternatives_and_exclusions():
    assert search_terms('Global  "Forum on  migration" -trafficking, or remittances.') == [
        [
            SearchTerm(words=("Global",)),
            SearchTerm(words=("Forum", "on", "migration")),
            SearchTerm(words=("trafficking",), negated=True),
        ],
        [SearchTerm(words=("remittances",))],
    ]


def test_search_terms_drop_punctuation_empty_phrases_and_dangling_or():
    assert search_terms('or "" -- …  "unclosed phrase') == [
        [SearchTerm(words=("unclosed", "phrase"))]
    ]
    assert search_terms("? ! …") == []


def test_search_term_pattern_allows_any_separator_between_a_phrases_words():
    assert SearchTerm(words=("Global", "Forum")).pattern == r"Global(?:\W|_)+Forum"
    assert SearchTerm(words=("A/RES/60/227",)).pattern == r"A/RES/60/227"


# --- The same answers on both databases ---------------------------------------------------------
@pytest.fixture
def corpus(db):
    """Published statements in four languages, and three the public may not see yet."""
    meeting = MeetingFactory()
    soon = timezone.now() + datetime.timedelta(days=1)

    def statement(title, text, language=Language.ENGLISH, **kwargs):
        kwargs.setdefault("published", True)
        return StatementFactory(
            meeting=meeting, title=title, text=text, language=language, **kwargs
        )

    statement(
        "Global Forum on Migration and Development",
        "Belgium offers to host the first meeting of the Global Forum in Brussels.",
    )
    statement(
        "Remittances and development",
        "Remittances, sent home by migrants, exceed official development assistance.",
    )
    statement(
        "Trafficking in persons",
        "We condemn trafficking and the smuggling of migrants; remittances are not discussed.",
    )
    statement(
        "Миграция и развитие",
        "Международная миграция — глобальное явление.",
        language=Language.RUSSIAN,
    )
    statement(
        "الهجرة الدولية والتنمية",
        "إن الهجرة الدولية ظاهرة عالمية.",
        language=Language.ARABIC,
    )
    statement("Embargoed statement", "The Global Forum must be voluntary.", embargo_until=soon)
    statement("Draft statement", "The Global Forum must be voluntary.", published=False)
    statement(
        "Withdrawn statement",
        "The Global Forum must be voluntary.",
        published=False,
        state=StatementState.WITHDRAWN,
    )
    statement_search_refresh_all()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ('"global forum"', ["Global Forum on Migration and Development"]),
        ("Forum GLOBAL", ["Global Forum on Migration and Development"]),
        ("remittances development", ["Remittances and development"]),
        ("remittances -trafficking", ["Remittances and development"]),
        (
            "trafficking or brussels",
            ["Global Forum on Migration and Development", "Trafficking in persons"],
        ),
        (
            "development.",
            ["Global Forum on Migration and Development", "Remittances and development"],
        ),
        ("международная", ["Миграция и развитие"]),
        ("МИГРАЦИЯ", ["Миграция и развитие"]),
        ("الهجرة الدولية", ["الهجرة الدولية والتنمية"]),
        ('"official development assistance"', ["Remittances and development"]),
        ('"development official"', []),
        ("voluntary", []),
    ],
)
def test_search_finds_the_same_public_statements_on_both_databases(corpus, query, titles):
    assert public_titles(query) == titles


def test_blank_search_leaves_the_statements_as_they_are(corpus):
    public = Statement.objects.public(now=timezone.now())

    assert statements_search(public, "   ") is public
    assert len(public_titles("")) == 5


def test_public_page_finds_a_published_statement_by_a_phrase_but_not_an_embargoed_one(
    client, corpus
):
    found = client.get("/statements/", {"q": '"host the first meeting"'})
    voluntary = client.get("/statements/", {"q": '"must be voluntary"'})

    assert [s.title for s in found.context["statements"]] == [
        "Global Forum on Migration and Development"
    ]
    assert list(voluntary.context["statements"]) == []
    assert "No published statement matches this search." in voluntary.content.decode()


def test_public_page_says_best_matches_first_only_where_the_database_ranks_them(client, corpus):
    searched = client.get("/statements/", {"q": "development"}).content.decode()
    listed = client.get("/statements/").content.decode()

    assert ("(best matches first)" in searched) is (connection.vendor == "postgresql")
    assert "(best matches first)" not in listed


def test_embargoed_statement_is_found_once_it_has_been_delivered(corpus):
    Statement.objects.filter(title="Embargoed statement").update(
        embargo_until=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert public_titles('"must be voluntary"') == ["Embargoed statement"]


# --- SQLite -------------------------------------------------------------------------------------
@sqlite_only
def test_sqlite_search_matches_inside_words_where_postgresql_matches_whole_words(corpus):
    assert public_titles("migra") == [
        "Global Forum on Migration and Development",
        "Remittances and development",
        "Trafficking in persons",
    ]


@sqlite_only
def test_sqlite_search_phrase_spans_line_breaks_and_punctuation(db):
    StatementFactory(published=True, title="Capacity", text="Border\ncontrol, and  statistics")

    assert public_titles('"border control and statistics"') == ["Capacity"]
    assert public_titles('"border statistics"') == []


@sqlite_only
def test_sqlite_search_of_only_punctuation_finds_nothing_as_postgresql_does(corpus):
    assert public_titles("?!") == []


@sqlite_only
def test_sqlite_search_treats_regular_expression_characters_as_text(db):
    StatementFactory(published=True, title="A/RES/60/227 (2006)", text="Cost: 1.5% [est.]")

    assert public_titles("a/res/60/227 (2006)") == ["A/RES/60/227 (2006)"]
    assert public_titles('"1.5% [est"') == ["A/RES/60/227 (2006)"]
    assert public_titles("1x5%") == []


@sqlite_only
def test_refresh_all_does_nothing_on_sqlite(corpus):
    out = io.StringIO()
    call_command("statements_reindex", stdout=out)

    assert statement_search_refresh_all() == 0
    assert out.getvalue() == "SQLite keeps no search vector: nothing to rebuild.\n"
    assert Statement.objects.filter(search_vector__isnull=False).count() == 0


# --- PostgreSQL ---------------------------------------------------------------------------------
@pytest.mark.postgres
@postgresql_only
def test_postgresql_search_ranks_the_statement_that_says_it_most_first(db):
    meeting = MeetingFactory()
    for title, text in [
        ("Once", "Remittances matter."),
        ("Three times", "Remittances, remittances and again remittances."),
        ("Never", "Border control."),
    ]:
        StatementFactory(meeting=meeting, published=True, title=title, text=text)
    statement_search_refresh_all()

    found = statements_search(Statement.objects.all(), "remittances")

    assert [s.title for s in found] == ["Three times", "Once"]
    assert found[0].search_rank > found[1].search_rank > 0


@pytest.mark.postgres
@postgresql_only
def test_postgresql_search_matches_whole_words_only(corpus):
    assert public_titles("migra") == []


@pytest.mark.postgres
@postgresql_only
def test_statements_reindex_rebuilds_every_vector(corpus):
    Statement.objects.update(search_vector=None)
    out = io.StringIO()

    call_command("statements_reindex", stdout=out)

    assert out.getvalue() == "Rebuilt the search vector of 8 statements.\n"
    assert Statement.objects.filter(search_vector__isnull=True).count() == 0
    assert public_titles('"global forum"') == ["Global Forum on Migration and Development"]


# Words of each language, spaced as PostgreSQL's parser splits them (Chinese by hand).
VOCABULARY = {
    Language.ENGLISH: "migration development remittances cooperation partnership border "
    "capacity rights trafficking smuggling diaspora labour mobility integration policy",
    Language.FRENCH: "migration développement transferts coopération partenariat frontières "
    "capacités droits traite diaspora travail mobilité intégration politique",
    Language.SPANISH: "migración desarrollo remesas cooperación asociación fronteras "
    "capacidades derechos trata diáspora trabajo movilidad integración política",
    Language.RUSSIAN: "миграция развитие переводы сотрудничество партнёрство границы "
    "потенциал права торговля диаспора труд мобильность интеграция политика",
    Language.ARABIC: "الهجرة التنمية التحويلات التعاون الشراكة الحدود القدرات الحقوق "
    "الاتجار الشتات العمل التنقل الإدماج السياسات",
    Language.CHINESE: "移民 发展 汇款 合作 伙伴关系 边境 能力 权利 贩运 侨民 劳动 流动 融合 政策",
}


@pytest.mark.postgres
@postgresql_only
def test_postgresql_search_uses_the_gin_index(db):
    rng = random.Random(2006)
    meetings = [MeetingFactory() for _ in range(4)]
    stakeholders = [MemberStateFactory() for _ in range(20)]
    languages = list(VOCABULARY)
    statements = []
    for i in range(4000):
        language = languages[i % len(languages)]
        words = VOCABULARY[language].split()
        text = " ".join(
            " ".join(rng.choices(words, k=rng.randint(8, 16))).capitalize() + "."
            for _ in range(rng.randint(3, 8))
        )
        if i % 500 == 0:
            text += " Belgium offers to host the Global Forum."
        statements.append(
            Statement(
                meeting=meetings[i % 4],
                stakeholder=stakeholders[i % 20],
                language=language,
                title=" ".join(rng.choices(words, k=5)),
                text=text,
                state=StatementState.PUBLISHED,
                published_at=datetime.datetime(2006, 9, 14, 18, 0, tzinfo=datetime.UTC),
            )
        )
    Statement.objects.bulk_create(statements, batch_size=1000)
    assert statement_search_refresh_all() == 4000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consultations_statement")

    found = statements_search(Statement.objects.public(now=timezone.now()), '"global forum"')
    searched = statements_search(Statement.objects.all(), '"global forum"')
    with connection.cursor() as cursor:
        # At 4,000 rows a sequential scan costs about the same as the index, and after the
        # other tests' rolled-back rows the planner sometimes picks it; at production sizes it
        # never does. Ruling the sequential scan out shows that the GIN index serves the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
    # The search's condition alone: with every row published here, a btree on the state reads
    # the whole table as cheaply as the GIN index reads eight rows, and the planner may take
    # either for the public list; what matters is that the condition can use the GIN index (a
    # tsvector computed on the fly could not).
    plan = searched.explain()

    assert "Bitmap Index Scan on statement_search_gin" in plan, plan
    assert found.count() == 8
    # A query parsed in another language's configuration, and a Chinese word cut by jieba, are
    # one constant tsquery too: the same index serves them.
    for language, query in (("fr", "migrations -frontières"), ("zh-hans", "移民")):
        with translation.override(language):
            plan = statements_search(Statement.objects.all(), query).explain()
        assert "Bitmap Index Scan on statement_search_gin" in plan, (language, plan)


# --- Counting and ordering a search ---------------------------------------------------------------
def _four_about_remittances() -> list[Statement]:
    meeting = MeetingFactory()
    now = timezone.now()
    statements = [
        StatementFactory(
            meeting=meeting,
            published=True,
            title=title,
            text=text,
            published_at=now - datetime.timedelta(days=days),
        )
        for title, text, days in [
            ("Oldest, says it thrice", "Remittances, remittances and again remittances.", 3),
            ("Newest, says it once", "Remittances matter.", 1),
            ("Middle, says it twice", "Remittances and remittances.", 2),
            ("Unrelated", "Border control.", 0),
        ]
    ]
    statement_search_refresh_all()
    return statements


@pytest.mark.django_db
def test_search_results_beyond_the_limit_say_more_and_keep_the_newest_first():
    _four_about_remittances()
    matching = statements_matching(
        Statement.objects.public(now=timezone.now()).order_by("-published_at", "-pk"),
        "remittances",
    )

    results = search_results(matching, "remittances", limit=2)

    assert (results.count, results.more, results.ranked) == (3, True, False)
    assert [s.title for s in results.statements] == [
        "Newest, says it once",
        "Middle, says it twice",
        "Oldest, says it thrice",
    ]


@pytest.mark.django_db
def test_search_results_within_the_limit_are_counted_exactly_and_ranked_on_postgresql():
    _four_about_remittances()
    matching = statements_matching(
        Statement.objects.public(now=timezone.now()).order_by("-published_at", "-pk"),
        "remittances",
    )

    results = search_results(matching, "remittances", limit=3)

    assert (results.count, results.more) == (3, False)
    titles = [s.title for s in results.statements]
    if connection.vendor == "postgresql":
        assert results.ranked is True
        assert titles == ["Oldest, says it thrice", "Middle, says it twice", "Newest, says it once"]
    else:  # SQLite does not rank: the list's order stays
        assert results.ranked is False
        assert titles == ["Newest, says it once", "Middle, says it twice", "Oldest, says it thrice"]


@pytest.mark.django_db
def test_statement_list_says_more_than_the_limit_and_offers_only_the_counted_pages(
    client, monkeypatch
):
    monkeypatch.setattr("consultations.views.statements_public.SEARCH_COUNT_LIMIT", 2)
    _four_about_remittances()

    response = client.get("/statements/", {"q": "remittances"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "More than 2 statements, newest first; add words to narrow the search" in page
    assert response.context["paginator"].count == 2
    assert response.context["ranked"] is False
    assert [s.title for s in response.context["statements"]] == [
        "Newest, says it once",
        "Middle, says it twice",
    ]
