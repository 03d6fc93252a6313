"""Full-text search of statements: PostgreSQL's text search where it runs, a plain scan on SQLite.

PostgreSQL matches ``Statement.search_vector`` (title and text, "simple" configuration: no
stemming, any of the six languages) against ``websearch_to_tsquery``, which reads a query as
people type it: words are ANDed, "quoted words" are a phrase, ``or`` separates alternatives and
``-word`` excludes; results are ranked. SQLite reads the same syntax and requires every term in
the title or the text, case-insensitively (Unicode case, so Cyrillic too) and anywhere in a word;
it does not rank. The vector is kept current by the statement services when a statement is saved
(``statement_search_refresh``); ``statement_search_refresh_all`` rebuilds it after bulk loads.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q, QuerySet

from consultations.models import Statement
from registry.languages import in_every_language

SEARCH_CONFIG = "simple"
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


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def statements_matching(queryset: QuerySet[Statement], query: str) -> QuerySet[Statement]:
    """Statements of ``queryset`` that match ``query``, in ``queryset``'s order (PostgreSQL: the
    GIN index on ``search_vector``; SQLite: the terms read by ``search_terms``). A blank query
    leaves ``queryset`` as it is; a long one is cut by ``search_query_bounded``. Changes
    nothing, raises nothing."""
    query = search_query_bounded((query or "").strip()).text
    if not query:
        return queryset
    if _is_postgresql(queryset):
        return queryset.filter(search_vector=_search_query(query))
    condition = terms_condition(query, fields=("title", "text"))
    return queryset.none() if condition is None else queryset.filter(condition)


def statements_ranked(matching: QuerySet[Statement], query: str) -> QuerySet[Statement]:
    """``matching`` (the result of ``statements_matching``) best match first, annotated with
    ``search_rank``, on PostgreSQL; as it is on SQLite, which does not rank. Ranking reads the
    vector of every match: use it on a few thousand matches at most (see ``search_results``)."""
    query = search_query_bounded((query or "").strip()).text
    if not query or not _is_postgresql(matching):
        return matching
    return matching.annotate(
        search_rank=SearchRank(F("search_vector"), _search_query(query))
    ).order_by("-search_rank", "-published_at", "-pk")


def statements_search(queryset: QuerySet[Statement], query: str) -> QuerySet[Statement]:
    """Statements of ``queryset`` that match ``query``; on PostgreSQL annotated with
    ``search_rank`` and ordered by it (best first). A blank query leaves ``queryset`` as it is.
    Changes nothing, raises nothing."""
    return statements_ranked(statements_matching(queryset, query), query)


@dataclass(frozen=True)
class SearchResults:
    """What a search found: ``statements`` in the order to show them, and how many there are:
    ``count`` exactly, or, when ``more``, at least ``count`` (SEARCH_COUNT_LIMIT + 1)."""

    statements: QuerySet
    count: int
    more: bool
    ranked: bool


def search_results(
    matching: QuerySet[Statement], query: str, *, limit: int = SEARCH_COUNT_LIMIT
) -> SearchResults:
    """Count ``matching`` (the result of ``statements_matching``) up to ``limit`` + 1 and order
    it: best match first (PostgreSQL) when at most ``limit`` match, otherwise in ``matching``'s
    own order (the list's: newest first). Counting every match of a word that half the
    statements contain, or ranking them all, would read half the table at each search; a count
    capped at ``limit`` and an ordered index make every search cost about the same. One query."""
    count = matching[: limit + 1].count()
    if count > limit:
        return SearchResults(statements=matching, count=count, more=True, ranked=False)
    statements = statements_ranked(matching, query)
    ranked = "search_rank" in statements.query.annotations
    return SearchResults(statements=statements, count=count, more=False, ranked=ranked)


def statement_search_refresh_all() -> int:
    """Rebuild ``search_vector`` of every statement from its title and text (PostgreSQL); returns
    how many rows were updated, 0 on SQLite, which keeps no vector. Saves no history (the vector
    is not part of it) and leaves ``updated`` as it is. Raises nothing of its own."""
    statements = Statement.objects.all()
    if not _is_postgresql(statements):
        return 0
    return statements.update(search_vector=SearchVector("title", "text", config=SEARCH_CONFIG))
