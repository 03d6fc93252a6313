"""The delegate portal reads a fixed number of queries whatever the size of the process and of
the delegation's record, and shows each panel's rows (an N+1 fails here)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.choices import InscriptionStatus, MeetingKind, Stance, StatementState
from consultations.models import SeatPreference
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    InscriptionFactory,
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    RoundTableFactory,
    SeatFactory,
    SeatPreferenceFactory,
    SpeakersListFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    """The portal rendered at each request: what it keeps is tested in test_portal_cache.py."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

NOW = datetime.datetime(2006, 9, 1, 12, tzinfo=datetime.UTC)

# Per request: the user, with their roles and whether they hold a second factor (the session
# is read from the cache: hlderp/sessions.py).
REQUEST = 1
# The portal's own: the user's focal points (which also give the ids of their stakeholders),
# the processes they may switch between, the process chosen (whole, with its illustrative
# counts and its main venue's zone), the delegations with their seat preferences and seats
# (one UNION), the speakers lists (with the floor of each), the user's inscriptions with every
# place on the lists where they hold one (one), the user's statements, the positions' counts.
OWN = 8


def world():
    process = ProcessFactory(slug="hld-2006", is_current=True)
    state = MemberStateFactory(name="Belgium", slug="belgium", iso3="BEL")
    focal_point = FocalPointFactory(stakeholder=state, user__email="focal@belgium.example")
    DelegationFactory(process=process, stakeholder=state)
    return {"process": process, "state": state, "user": focal_point.user}


def grow(world: dict, numbers: range) -> None:
    """For each of ``numbers``, one more of everything the portal shows: a round table
    preferred and seated, a plenary with a speakers list where the delegation and another are
    inscribed, a draft and a published statement, an issue with a position."""
    process, state = world["process"], world["state"]
    delegation = process.delegations.get(stakeholder=state)
    for i in numbers:
        table = RoundTableFactory(process=process)
        SeatPreferenceFactory(
            delegation=delegation, meeting=table, rank=SeatPreference.objects.count() + 1
        )
        SeatFactory(meeting=table, delegation=delegation)
        plenary = MeetingFactory(process=process, kind=MeetingKind.PLENARY)
        speakers = SpeakersListFactory(meeting=plenary)
        other = MemberStateFactory()
        InscriptionFactory(speakers_list=speakers, stakeholder=other, position=1)
        InscriptionFactory(
            speakers_list=speakers,
            stakeholder=state,
            position=2,
            status=InscriptionStatus.INSCRIBED,
        )
        StatementFactory(meeting=plenary, stakeholder=state, title=f"Belgium draft {i}")
        StatementFactory(
            meeting=plenary,
            stakeholder=state,
            state=StatementState.PUBLISHED,
            published_at=NOW,
            title=f"Belgium published {i}",
        )
        PositionFactory(
            issue=IssueFactory(process=process), stakeholder=state, stance=Stance.SUPPORTS
        )


def portal(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("delegate:portal"))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_portal_reads_the_same_queries_at_two_sizes(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    made = world()
    client.force_login(made["user"])
    grow(made, range(1))
    portal(client)  # the process chosen is remembered in the session: no write when counting
    small, small_page = portal(client)
    grow(made, range(1, 7))
    large, large_page = portal(client)

    assert (small, large) == (REQUEST + OWN, REQUEST + OWN)
    # Every row of every panel is there at both sizes.
    assert small_page.count("Belgium draft 0") == 1
    assert [f"Belgium draft {i}" in large_page for i in range(7)] == [True] * 7
    assert [f"Belgium published {i}" in large_page for i in range(7)] == [True] * 7
