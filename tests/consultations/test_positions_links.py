"""The addresses of the lists behind the figures (consultations/selectors/positions/links.py)."""

import pytest

from consultations.choices import Stance
from consultations.selectors.positions import position_list_url
from tests.factories import IssueFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_each_figure_links_its_issue_list_under_the_process_or_at_the_root():
    issue = IssueFactory(process=ProcessFactory(slug="hld"), slug="forum")

    assert position_list_url(issue=issue, root=False) == "/p/hld/positions/forum/"
    assert position_list_url(issue=issue, root=True, stances=[Stance.SUPPORTS]) == (
        "/positions/forum/?stance=supports"
    )
    assert position_list_url(issue=issue, root=False, regional_group="WEOG") == (
        "/p/hld/positions/forum/?regional_group=WEOG"
    )


def test_an_issue_whose_slug_changes_links_its_new_address():
    issue = IssueFactory(process=ProcessFactory(slug="hld"), slug="forum")
    position_list_url(issue=issue, root=False)

    issue.slug = "global-forum"

    assert position_list_url(issue=issue, root=False) == "/p/hld/positions/global-forum/"
