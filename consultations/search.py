"""Full-text search of statements: PostgreSQL's text search where it runs, a plain scan on SQLite.

Each statement is indexed in its own language. On PostgreSQL ``Statement.search_vector`` holds
the title and text read with the configuration of the statement's language (english, french,
spanish, russian, arabic: each stems its words, so "migrants" and "migrant" share one lexeme)
joined to the same text read with "simple" (every word as written, so a word of any language is
found on a page of any other). Chinese has no parser in PostgreSQL: its statements are cut into
words with jieba in Python when the vector is stored, and indexed with "simple".

A query is read as ``websearch_to_tsquery`` reads it (words are ANDed, "quoted words" are a
phrase, ``or`` separates alternatives, ``-word`` excludes; ``search_terms``), and each term is
parsed with the configuration of the language asked for (the language filter, else the page's
language) or with "simple": it matches where either form is in the vector. Chinese words in a
query are cut with jieba too. Results are ranked. SQLite reads the same syntax and requires every
term in the title or the text, case-insensitively (Unicode case, so Cyrillic too) and anywhere in
a word (so a Chinese word inside a longer run of characters too); it neither stems nor ranks. The
vector is kept current by the statement services when a statement is saved
(``statement_search_refresh``); ``statement_search_refresh_all`` rebuilds it after bulk loads.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import translation

from consultations.choices import Language
from consultations.models import Statement
from registry.languages import in_every_language

# The configuration that reads every word as written: no stemming, no stop words.
SEARCH_CONFIG = "simple"
# Each language's text search configuration (all are in PostgreSQL since version 12; see
# ``SELECT cfgname FROM pg_ts_config``). Chinese is cut into words by jieba, then read "simple".
SEARCH_CONFIGS = {
    Language.ENGLISH: "english",
    Language.FRENCH: "french",
    Language.SPANISH: "spanish",
    Language.RUSSIAN: "russian",
    Language.ARABIC: "arabic",
    Language.CHINESE: SEARCH_CONFIG,
}
# A search counts its matches exactly up to this number and ranks them by relevance; with more
# it says "more than" this number and lists the newest first (see ``search_results``).
SEARCH_COUNT_LIMIT = 1000

# A search of more words costs more on both databases (SQLite scans every statement once per
# word: 66 words took 39 seconds), and nobody searches a statement by pasting a paragraph: the
# words past SEARCH_MAX_WORDS are dropped and each word is cut at SEARCH_MAX_WORD_LENGTH.
SEARCH_MAX_WORDS = 10
SEARCH_MAX_WORD_LENGTH = 50

# A quoted phrase (the closing quote may be missing, as websearch_to_tsquery allows) or a word.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_SEPARATOR = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class SearchTerm:
    """A word or phrase that must (or, negated, must not) appear in the title or the text."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def pattern(self) -> str:
        """A regular expression for the term: a phrase's words with any separators between.
        Written for both Python's ``re`` (SQLite) and PostgreSQL's: no class escape inside
        brackets, which PostgreSQL refuses."""
        return r"(?:\W|_)+".join(re.escape(word) for word in self.words)

    def q(self, fields: tuple[str, ...]) -> Q:
        """The term found (or, negated, not found) in any of ``fields``."""
        found = Q()
        for field in fields:
            found |= Q(**{f"{field}__iregex": self.pattern})
        return ~found if self.negated else found


def records_matching(queryset: QuerySet, query: str, *, fields: tuple[str, ...]) -> QuerySet:
    """Rows of ``queryset`` in which every term of ``query`` (read by ``search_terms``: phrases,
    ``or``, ``-word``) is found in one of ``fields``, anywhere in a word and whatever the case,
    on either database: the registry and the programme are small, and PostgreSQL's text
    search would not find "unmigration" in "www.unmigration.org" (a host name is one token).
    ``fields`` may cross relations; the rows are distinct. A blank query matches nothing.
    Changes nothing, raises nothing."""
    fields = in_every_language(queryset.model, fields)
    condition = terms_condition(search_query_bounded((query or "").strip()).text, fields=fields)
    return queryset.none() if condition is None else queryset.filter(condition).distinct()


def terms_condition(query: str, *, fields: tuple[str, ...]) -> Q | None:
    """The condition that ``query`` (read by ``search_terms``) puts on ``fields``: any of its
    alternatives, each with every one of its terms in one of the fields; None when nothing can
    match. Raises nothing."""
    alternatives = search_terms(query)
    if not alternatives:
        return None
    condition = Q()
    for terms in alternatives:
        every = Q()
        for term in terms:
            every &= term.q(fields)
        condition |= every
    return condition


def search_terms(query: str) -> list[list[SearchTerm]]:
    """``query`` read as websearch_to_tsquery reads it: alternatives (split by ``or``), each a
    list of terms that must all match. Punctuation around words is dropped, as PostgreSQL's
    parser drops it; an empty list means that nothing can match."""
    alternatives: list[list[SearchTerm]] = [[]]
    for match in _TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if phrase is not None:
            words = tuple(w for w in _SEPARATOR.split(phrase) if w)
            negated = bool(minus)
        else:
            negated = word.startswith("-") and len(word) > 1
            word = _EDGE_PUNCTUATION.sub("", word)
            if word.lower() == "or":
                alternatives.append([])
                continue
            words = (word,) if word else ()
        if words:
            alternatives[-1].append(SearchTerm(words=words, negated=negated))
    return [terms for terms in alternatives if terms]


@dataclass(frozen=True)
class BoundedQuery:
    """A search query cut to SEARCH_MAX_WORDS words of SEARCH_MAX_WORD_LENGTH characters at
    most; ``cut`` says whether anything was dropped."""

    text: str
    cut: bool


def search_query_bounded(query: str) -> BoundedQuery:
    """``query`` with its first SEARCH_MAX_WORDS words (a phrase counts each of its words,
    ``or`` counts as a word), each cut at SEARCH_MAX_WORD_LENGTH characters, in the same
    syntax. Raises nothing."""
    parts: list[str] = []
    count = 0
    cut = False
    for match in _TOKEN.finditer(query or ""):
        if count >= SEARCH_MAX_WORDS:
            cut = True
            break
        minus, phrase, word = match.groups()
        words = phrase.split() if phrase is not None else [word]
        kept = [w[:SEARCH_MAX_WORD_LENGTH] for w in words[: SEARCH_MAX_WORDS - count]]
        cut = cut or kept != words
        count += max(len(kept), 1)
        if phrase is not None:
            parts.append(f'{minus}"{" ".join(kept)}"')
        else:
            parts.append(kept[0])
    return BoundedQuery(text=" ".join(parts), cut=cut)


def _is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def segmented(text: str) -> str:
    """``text`` with its Chinese cut into words separated by spaces (jieba), so that
    PostgreSQL's parser, which reads a run of Han characters as one word, sees each word; text
    without Han characters comes back as it is. Raises nothing."""
    if not text or not _HAN.search(text):
        return text or ""
    return " ".join(token for token in _jieba().cut(text) if token.strip())


def search_language(language: str | None = None) -> str:
    """The statement language (``Language``) whose configuration parses a query: ``language``
    when it is one of the six, else the active (page) language, else English."""
    for code in (language, translation.get_language()):
        code = (code or "").split("-")[0].lower()
        if code in Language.values:
            return code
    return Language.ENGLISH


def search_config(language: str | None = None) -> str:
    """The text search configuration of ``language`` (see ``search_language``)."""
    return SEARCH_CONFIGS[search_language(language)]


def _term_query(term: SearchTerm, config: str) -> SearchQuery:
    """``term`` as a tsquery: its words (Chinese cut into words) parsed with ``config`` or with
    "simple", a phrase when the term is one; negated, neither form may be found."""
    text = " ".join(segmented(word) for word in term.words)
    kind = "phrase" if len(term.words) > 1 else "plain"
    forms = [SearchQuery(text, config=config, search_type=kind)]
    if config != SEARCH_CONFIG:
        forms.append(SearchQuery(text, config=SEARCH_CONFIG, search_type=kind))
    if term.negated:
        combined = ~forms[0]
        for form in forms[1:]:
            combined &= ~form
        return combined
    combined = forms[0]
    for form in forms[1:]:
        combined |= form
    return combined


def _search_query(query: str, language: str | None = None) -> SearchQuery | None:
    """``query`` (read by ``search_terms``) as one tsquery parsed for ``language``; None when
    nothing can match."""
    config = search_config(language)
    combined = None
    for terms in search_terms(query):
        every = None
        for term in terms:
            part = _term_query(term, config)
            every = part if every is None else every & part
        combined = every if combined is None else combined | every
    return combined


def statements_matching(
    queryset: QuerySet[Statement], query: str, *, language: str | None = None
) -> QuerySet[Statement]:
    """Statements of ``queryset`` that match ``query``, in ``queryset``'s order (PostgreSQL: the
    GIN index on ``search_vector``, the query parsed for ``language`` or the page's language;
    SQLite: the terms read by ``search_terms``). A blank query leaves ``queryset`` as it is; a
    long one is cut by ``search_query_bounded``. Changes nothing, raises nothing."""
    query = search_query_bounded((query or "").strip()).text
    if not query:
        return queryset
    if _is_postgresql(queryset):
        tsquery = _search_query(query, language)
        if tsquery is None:
            return queryset.none()
        return queryset.filter(search_vector=tsquery)
    condition = terms_condition(query, fields=("title", "text"))
    return queryset.none() if condition is None else queryset.filter(condition)


def statements_ranked(
    matching: QuerySet[Statement], query: str, *, language: str | None = None
) -> QuerySet[Statement]:
    """``matching`` (the result of ``statements_matching``) best match first, annotated with
    ``search_rank``, on PostgreSQL; as it is on SQLite, which does not rank. Ranking reads the
    vector of every match: use it on a few thousand matches at most (see ``search_results``)."""
    query = search_query_bounded((query or "").strip()).text
    if not query or not _is_postgresql(matching):
        return matching
    tsquery = _search_query(query, language)
    if tsquery is None:
        return matching
    return matching.annotate(search_rank=SearchRank(F("search_vector"), tsquery)).order_by(
        "-search_rank", "-published_at", "-pk"
    )


def statements_search(
    queryset: QuerySet[Statement], query: str, *, language: str | None = None
) -> QuerySet[Statement]:
    """Statements of ``queryset`` that match ``query`` (parsed for ``language`` or the page's
    language); on PostgreSQL annotated with ``search_rank`` and ordered by it (best first). A
    blank query leaves ``queryset`` as it is. Changes nothing, raises nothing."""
    return statements_ranked(
        statements_matching(queryset, query, language=language), query, language=language
    )


@dataclass(frozen=True)
class SearchResults:
    """What a search found: ``statements`` in the order to show them, and how many there are:
    ``count`` exactly, or, when ``more``, at least ``count`` (SEARCH_COUNT_LIMIT + 1)."""

    statements: QuerySet
    count: int
    more: bool
    ranked: bool


def search_results(
    matching: QuerySet[Statement],
    query: str,
    *,
    limit: int = SEARCH_COUNT_LIMIT,
    language: str | None = None,
) -> SearchResults:
    """Count ``matching`` (the result of ``statements_matching``) up to ``limit`` + 1 and order
    it: best match first (PostgreSQL) when at most ``limit`` match, otherwise in ``matching``'s
    own order (the list's: newest first). Counting every match of a word that half the
    statements contain, or ranking them all, would read half the table at each search; a count
    capped at ``limit`` and an ordered index make every search cost about the same. One query."""
    count = matching[: limit + 1].count()
    if count > limit:
        return SearchResults(statements=matching, count=count, more=True, ranked=False)
    statements = statements_ranked(matching, query, language=language)
    ranked = "search_rank" in statements.query.annotations
    return SearchResults(statements=statements, count=count, more=False, ranked=ranked)


def statement_vector(language: str) -> SearchVector:
    """The search vector of a statement in ``language`` (not Chinese, which ``segmented`` cuts
    in Python first): title and text read with the language's configuration, joined to the
    same read with "simple"."""
    config = SEARCH_CONFIGS.get(language, SEARCH_CONFIG)
    simple = SearchVector("title", "text", config=SEARCH_CONFIG)
    if config == SEARCH_CONFIG:
        return simple
    return SearchVector("title", "text", config=config) + simple


_CHINESE_UPDATE = (
    "UPDATE consultations_statement AS s SET search_vector = to_tsvector('simple', v.doc) "
    "FROM (VALUES {rows}) AS v(id, doc) WHERE s.id = v.id"
)


def _chinese_vectors_store(statements: QuerySet[Statement], *, batch: int = 500) -> int:
    """Store the vectors of ``statements`` (Chinese) from their title and text cut into words in
    Python; one UPDATE per ``batch`` rows. Returns how many were updated."""
    rows = statements.order_by("pk").values_list("pk", "title", "text")
    connection = connections[statements.db]
    updated = 0
    chunk: list[tuple[int, str]] = []

    def flush():
        nonlocal updated
        if not chunk:
            return
        sql = _CHINESE_UPDATE.format(rows=", ".join(["(%s::bigint, %s::text)"] * len(chunk)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in chunk for value in row])
            updated += cursor.rowcount
        chunk.clear()

    for pk, title, text in rows.iterator(chunk_size=2000):
        chunk.append((pk, segmented(f"{title}\n{text}")))
        if len(chunk) >= batch:
            flush()
    flush()
    return updated


def statement_search_store(
    statements: QuerySet[Statement], *, languages: Iterable[str] = tuple(SEARCH_CONFIGS)
) -> int:
    """Store the search vector of each of ``statements`` in its own language (PostgreSQL), one
    UPDATE per language of ``languages`` (those the statements may be in); returns how many rows
    were updated, 0 on SQLite. Writes no history and leaves ``updated`` as it is."""
    if not _is_postgresql(statements):
        return 0
    updated = 0
    for language in languages:
        rows = statements.filter(language=language)
        if language == Language.CHINESE:
            updated += _chinese_vectors_store(rows)
        else:
            updated += rows.update(search_vector=statement_vector(language))
    return updated


def statement_search_refresh_all() -> int:
    """Rebuild ``search_vector`` of every statement from its title and text, each in its own
    language (PostgreSQL); returns how many rows were updated, 0 on SQLite, which keeps no
    vector. Saves no history (the vector is not part of it) and leaves ``updated`` as it is.
    Raises nothing of its own."""
    return statement_search_store(Statement.objects.all())
