"""The page cache renders afresh only what a write changed (consultations/page_scopes.py): a
draft or a submission changes no public page; a change in one process leaves the other
processes' pages cached; a registry change renders the pages that show the registry; a
withdrawn statement never shows once the withdrawal has returned. "Cached" is exact: served
with no query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Webhook
from consultations.services.floor import floor_call_next, floor_start
from consultations.services.speakers import inscription_create, inscription_move
from consultations.services.statements import (
    statement_create,
    statement_publish,
    statement_return,
    statement_submit,
    statement_update,
    statement_withdraw,
)
from registry.models import ApiToken, Stakeholder
from registry.services import api_token_create
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    SpeakersListFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def served(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def cached(client, urls) -> list[int]:
    """The queries each page took: 0 for each page answered from the cache."""
    return [served(client, url)[1] for url in urls]


@pytest.fixture
def world(db, state_a):
    a = ProcessFactory(slug="process-a", title="Process A", is_current=True)
    b = ProcessFactory(slug="process-b", title="Process B")
    meeting_a = MeetingFactory(process=a, slug="plenary-a", title="Plenary A")
    meeting_b = MeetingFactory(process=b, slug="plenary-b", title="Plenary B")
    for process in (a, b):
        DelegationFactory(process=process, stakeholder=state_a)
    pages_a = ["/p/process-a/programme/", "/meetings/plenary-a/", "/p/process-a/programme.ics"]
    pages_b = ["/p/process-b/programme/", "/meetings/plenary-b/", "/p/process-b/programme.ics"]
    return {
        "meeting_a": meeting_a,
        "meeting_b": meeting_b,
        "pages_a": pages_a,
        "pages_b": pages_b,
        "everywhere": [*pages_a, *pages_b, "/statements/", "/programme/", "/registry/"],
    }


def warm(client, urls) -> None:
    for url in urls:
        served(client, url)
    assert cached(client, urls) == [0] * len(urls)


def new_draft(delegate_a, state_a, meeting, title="Remittances and development"):
    return statement_create(
        actor=delegate_a,
        stakeholder=state_a,
        meeting=meeting,
        title=title,
        language="en",
        text="Mr. President,",
        at=datetime.datetime(2006, 9, 1, 12, tzinfo=UTC),
    )


def test_drafts_submissions_and_returns_render_no_public_page_afresh(
    client, world, delegate_a, state_a, secretariat_user
):
    warm(client, world["everywhere"])

    statement = new_draft(delegate_a, state_a, world["meeting_a"])
    statement_update(actor=delegate_a, statement=statement, data={"title": "A better title"})
    statement_submit(actor=delegate_a, statement=statement)
    statement_return(actor=secretariat_user, statement=statement, reason="Shorter, please.")
    statement_submit(actor=delegate_a, statement=statement)

    assert cached(client, world["everywhere"]) == [0] * len(world["everywhere"])
    assert "A better title" not in served(client, "/statements/")[0]


def test_publishing_in_one_process_leaves_the_others_pages_and_the_registry_cached(
    client, world, delegate_a, state_a, secretariat_user
):
    statement = new_draft(delegate_a, state_a, world["meeting_a"])
    statement_submit(actor=delegate_a, statement=statement)
    warm(client, world["everywhere"])

    statement_publish(actor=secretariat_user, statement=statement)

    assert cached(client, [*world["pages_b"], "/registry/"]) == [0, 0, 0, 0]
    assert all(queries > 0 for queries in cached(client, world["pages_a"]))
    page, queries = served(client, "/statements/")  # every process's statements
    assert queries > 0
    assert "Remittances and development" in page


def test_a_speakers_list_move_renders_its_meeting_afresh_and_nothing_of_another_process(
    client, world, secretariat_user
):
    speakers_list = SpeakersListFactory(
        meeting=world["meeting_a"],
        opens_at=datetime.datetime(2006, 9, 1, 13, tzinfo=UTC),
        closes_at=datetime.datetime(2006, 9, 13, 22, tzinfo=UTC),
    )
    _first, second = (
        inscription_create(
            actor=secretariat_user,
            speakers_list=speakers_list,
            stakeholder=MemberStateFactory(name=name),
            at=datetime.datetime(2006, 9, day, 12, tzinfo=UTC),
        )
        for name, day in (("Atlantis", 2), ("Borduria", 3))
    )
    warm(client, world["everywhere"])
    page = served(client, "/meetings/plenary-a/")[0]
    assert page.index("Atlantis") < page.index("Borduria")

    inscription_move(actor=secretariat_user, inscription=second, to_position=1, reason="Early")

    # The other process's pages, the registry and the lists that span processes stay cached.
    assert cached(client, [*world["pages_b"], "/registry/", "/statements/"]) == [0] * 5
    page, queries = served(client, "/meetings/plenary-a/")
    assert queries > 0
    assert page.index("Borduria") < page.index("Atlantis")


def test_a_registry_change_renders_the_pages_that_show_the_registry(client, world, state_a):
    warm(client, world["everywhere"])

    state = Stakeholder.objects.get(pk=state_a.pk)
    state.name = "State A renamed"
    state.save()

    page, queries = served(client, "/registry/")
    assert queries > 0
    assert "State A renamed" in page
    assert all(queries > 0 for queries in cached(client, world["everywhere"][:-1]))


def test_a_write_no_service_declared_renders_every_page_afresh(client, world):
    warm(client, world["everywhere"])

    world["meeting_b"].title = "Plenary B, moved"
    world["meeting_b"].save()  # the admin, a bulk update, raw SQL: no service declared it

    assert "Plenary B, moved" in served(client, "/p/process-b/programme/")[0]
    assert all(queries > 0 for queries in cached(client, [*world["pages_a"], "/registry/"]))


def test_a_withdrawn_statement_never_shows_once_the_withdrawal_returns(
    client, world, delegate_a, state_a, secretariat_user
):
    statement = new_draft(delegate_a, state_a, world["meeting_a"], title="Soon withdrawn")
    statement_submit(actor=delegate_a, statement=statement)
    statement_publish(actor=secretariat_user, statement=statement)
    lists = ["/statements/", "/p/process-a/statements/", f"/statements/{statement.pk}/"]
    for url in lists:
        assert "Soon withdrawn" in served(client, url)[0]
    assert cached(client, lists) == [0, 0, 0]

    statement_withdraw(actor=delegate_a, statement=statement)

    for url in lists[:2]:
        assert "Soon withdrawn" not in served(client, url)[0]
    assert client.get(lists[2]).status_code == 404


def test_the_floor_renders_its_meeting_afresh_and_nothing_of_another_process(
    client, world, secretariat_user
):
    speakers_list = SpeakersListFactory(
        meeting=world["meeting_a"],
        opens_at=datetime.datetime(2006, 9, 1, 13, tzinfo=UTC),
        closes_at=datetime.datetime(2006, 9, 13, 22, tzinfo=UTC),
    )
    inscription_create(
        actor=secretariat_user,
        speakers_list=speakers_list,
        stakeholder=MemberStateFactory(name="Atlantis"),
        at=datetime.datetime(2006, 9, 2, 12, tzinfo=UTC),
    )
    warm(client, world["everywhere"])

    turn = floor_call_next(actor=secretariat_user, speakers_list=speakers_list)
    floor_start(actor=secretariat_user, speakers_list=speakers_list)

    assert turn.inscription.stakeholder.name == "Atlantis"
    assert cached(client, [*world["pages_b"], "/registry/", "/statements/"]) == [0] * 5
    assert served(client, "/meetings/plenary-a/")[1] > 0


def test_writes_to_tables_no_page_shows_leave_every_page_cached(client, world, delegate_a):
    warm(client, world["everywhere"])

    token, _secret = api_token_create(actor=delegate_a, name="Mission site", scope="read")
    ApiToken.objects.filter(pk=token.pk).update(
        last_used=datetime.datetime(2006, 9, 14, tzinfo=UTC)
    )

    Webhook.objects.create(url="https://example.org/hook", events=["statement.published"])

    assert cached(client, world["everywhere"]) == [0] * len(world["everywhere"])
