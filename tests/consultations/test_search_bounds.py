"""A search is cut to SEARCH_MAX_WORDS words of SEARCH_MAX_WORD_LENGTH characters (66 words
took 39 seconds on SQLite), on both databases, and the list says so."""

import pytest

from consultations.models import Statement
from consultations.search import (
    BoundedQuery,
    search_query_bounded,
    statement_search_refresh_all,
    statements_matching,
)
from tests.factories import StatementFactory

CUT_NOTE = "Only the first 10 words, of 50 characters at most, were searched."
# 66 words that fit the search box's 200 characters, none inside another.
WORDS = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"][:66]


def test_a_short_query_is_kept_as_it_is():
    assert search_query_bounded('Global "Forum on migration" -trafficking') == BoundedQuery(
        text='Global "Forum on migration" -trafficking', cut=False
    )


def test_a_long_query_keeps_its_first_ten_words_phrases_counting_each_word():
    query = 'one two "three four five" -six or seven eight nine ten eleven twelve'

    assert search_query_bounded(query) == BoundedQuery(
        text='one two "three four five" -six or seven eight nine', cut=True
    )


def test_a_phrase_crossing_the_limit_is_cut_inside():
    query = " ".join(WORDS[:8]) + ' "a b c d"'

    assert search_query_bounded(query) == BoundedQuery(
        text=" ".join(WORDS[:8]) + ' "a b"', cut=True
    )


def test_a_long_word_is_cut_at_fifty_characters():
    assert search_query_bounded("x" * 80 + " y") == BoundedQuery(text="x" * 50 + " y", cut=True)


@pytest.mark.django_db
@pytest.mark.clock
def test_statement_list_searches_the_first_ten_words_of_66_and_says_so(client, time_machine):
    time_machine.move_to("2006-09-20T12:00:00Z", tick=False)
    found = StatementFactory(published=True, title="Ten words", text=" ".join(WORDS[:10]))
    StatementFactory(published=True, title="Nine words", text=" ".join(WORDS[:9]))
    statement_search_refresh_all()  # the factory bypasses the services that keep the vector

    response = client.get("/statements/", {"q": " ".join(WORDS)})

    assert response.status_code == 200
    assert [s.pk for s in response.context["statements"]] == [found.pk]
    assert CUT_NOTE in response.content.decode()


@pytest.mark.django_db
def test_statements_matching_bounds_the_query_itself():
    statement = StatementFactory(text=" ".join(WORDS[:10]))
    statement_search_refresh_all()

    matching = statements_matching(Statement.objects.all(), " ".join(WORDS))

    assert list(matching) == [statement]
