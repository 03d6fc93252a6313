"""Shares over the right base (consultations/selectors/positions/figures.py): each stance figure
is a share of the States that spoke and of those that stated a position on the issue; its words
go by the second; the count of those that stated none is shown."""

import re

import pytest

from consultations.choices import Stance
from consultations.selectors.positions import StanceCount, issue_figures
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def count(stance: str, *, n: int, base: int, stated: int) -> StanceCount:
    return StanceCount(stance=stance, label="", rows=[None] * n, base=base, url="", stated=stated)


@pytest.mark.parametrize(
    ("stance", "n", "base", "stated", "words", "stated_percent", "percent"),
    [
        # One of 127 that spoke, the only one of the 127 that stated a position: "all".
        (Stance.SUPPORTS, 1, 127, 1, "all", 100.0, 0.8),
        # One of the 25 that stated a position: "very few" (4%), whatever the 30 that spoke.
        (Stance.SUPPORTS, 1, 30, 25, "very few", 4.0, 3.3),
        # Nobody stated a position: "none", not a division by zero.
        (Stance.OPPOSES, 0, 127, 0, "none", 0.0, 0.0),
        # 85 of 122 that stated one, 85 of 127 that spoke: "about two-thirds" either way.
        ("supportive", 85, 127, 122, "about two-thirds", 69.7, 66.9),
        # "Not stated" is no part of those that stated a position: it goes by all that spoke.
        (Stance.NOT_STATED, 5, 127, 122, "very few", None, 3.9),
    ],
)
def test_the_words_go_by_those_that_stated_a_position(
    stance, n, base, stated, words, stated_percent, percent
):
    figure = count(stance, n=n, base=base, stated=stated)

    assert (figure.in_words, figure.stated_percent, figure.percent) == (
        words,
        stated_percent,
        percent,
    )


def _plain(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_the_summary_states_each_base_and_those_that_stated_none(client):
    """Ten States spoke; two stated a position on the offer, both supporting it; none stated one
    on the facility."""
    process = ProcessFactory(slug="small", short_title="Small Dialogue", is_current=True)
    plenary = MeetingFactory(process=process)
    offer = IssueFactory(process=process, slug="offer", title="The offer?", short_title="the offer")
    IssueFactory(process=process, slug="facility", title="A facility?", order=2)
    states = [MemberStateFactory(name=f"State {i:02d}") for i in range(10)]
    for state in states:
        StatementFactory(stakeholder=state, meeting=plenary, published=True)
    for state in states[:2]:
        PositionFactory(issue=offer, stakeholder=state, stance=Stance.SUPPORTS)

    page = _plain(client.get("/summary/"))
    figures = issue_figures(issue=offer)

    assert (
        "10 Member States made statements at the Small Dialogue. All of the 2 Member States that "
        "stated a position on this issue (2, 100%) expressed support for the offer. That is 2 of "
        "the 10 Member States that spoke (20%). 8 stated no position."
    ) in page
    assert "None of the 10 Member States that spoke stated a position on this issue." in page
    assert (figures.stated.count, figures.not_stated.count, figures.supportive.in_words) == (
        2,
        8,
        "all",
    )
    not_stated = client.get(figures.not_stated.url)
    assert len(not_stated.context["rows"]) == 8
