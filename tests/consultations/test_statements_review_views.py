"""The Secretariat's review of statements (consultations/views/statements_review.py), the
statement cards of the portal and the dashboard, and the intake pages' markup."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.selectors import statements as selectors
from consultations.services.statements import (
    statement_submit,
    statement_update,
)
from tests.consultations.statements_helpers import NOTE, make, text
from tests.factories import (
    MeetingFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- the Secretariat -------------------------------------------------------------------------
def test_delegates_cannot_open_the_review_pages(client, delegate_a, state_a, meeting):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(delegate_a)
    urls = [
        ("get", "/secretariat/statements/"),
        ("get", f"/secretariat/statements/{statement.pk}/"),
        ("post", f"/secretariat/statements/{statement.pk}/publish/"),
        ("post", f"/secretariat/statements/{statement.pk}/return/"),
        ("get", f"/secretariat/statements/{statement.pk}/withdraw/"),
        ("post", "/secretariat/statements/publish/"),
    ]

    assert [getattr(client, m)(u).status_code for m, u in urls] == [403] * len(urls)
    statement.refresh_from_db()
    assert statement.state == StatementState.SUBMITTED


def test_review_queue_shows_submitted_first_with_their_forms_and_filters(
    client, delegate_a, delegate_b, secretariat_user, state_a, state_b, process, meeting
):
    round_table = MeetingFactory(process=process, title="Round table 1")
    make(delegate_a, state_a, meeting, title="A draft")
    make(delegate_a, state_a, meeting, state="submitted", title="A submitted")
    make(delegate_b, state_b, round_table, state="submitted", title="B submitted")
    make(
        delegate_b,
        state_b,
        meeting,
        state="published",
        secretariat=secretariat_user,
        title="B published",
    )
    client.force_login(secretariat_user)

    everything = client.get("/secretariat/statements/")
    by_meeting = client.get("/secretariat/statements/", {"meeting": round_table.pk})
    by_state = client.get("/secretariat/statements/", {"state": "published"})

    titles = [row["statement"].title for row in everything.context["rows"]]
    assert titles[:2] == ["A submitted", "B submitted"]
    # "A draft" was never submitted: it is A's alone and not in the queue.
    assert titles[2:] == ["B published"]
    assert [row["statement"].title for row in by_meeting.context["rows"]] == ["B submitted"]
    assert [row["statement"].title for row in by_state.context["rows"]] == ["B published"]
    html = everything.content.decode()
    assert html.count('form="bulk-publish-form"') == 2
    assert len(re.findall(r'<form [^>]*id="publish-s\d+-form"', html)) == 2
    assert html.count('name="reason"') == 2
    assert NOTE in text(everything)


def test_secretariat_publishes_from_the_queue(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(secretariat_user)

    response = client.post(
        f"/secretariat/statements/{statement.pk}/publish/",
        {"next": "/secretariat/statements/?state=submitted"},
    )

    assert (response.status_code, response.url) == (302, "/secretariat/statements/?state=submitted")
    statement.refresh_from_db()
    assert statement.state == StatementState.PUBLISHED
    assert statement.history.latest().history_user == secretariat_user


@pytest.fixture
def embargoed_and_plain(client, delegate_a, secretariat_user, state_a, meeting, time_machine):
    """Two submitted statements at noon UTC on 14 September 2006, one embargoed until 14:30 UTC
    (10:30 in New York); the Secretariat signed in."""
    time_machine.move_to(datetime.datetime(2006, 9, 14, 12, 0, tzinfo=datetime.UTC), tick=False)
    embargoed = make(
        delegate_a,
        state_a,
        meeting,
        state="submitted",
        embargo_until=datetime.datetime(2006, 9, 14, 14, 30, tzinfo=datetime.UTC),
    )
    plain = make(delegate_a, state_a, meeting, state="submitted", title="Plain")
    client.force_login(secretariat_user)
    return embargoed, plain


@pytest.mark.clock
def test_publishing_an_embargoed_statement_says_until_when_the_public_does_not_see_it(
    client, embargoed_and_plain
):
    embargoed, plain = embargoed_and_plain

    hidden = client.post(f"/secretariat/statements/{embargoed.pk}/publish/", follow=True)
    at_once = client.post(f"/secretariat/statements/{plain.pk}/publish/", follow=True)

    assert [str(m) for m in hidden.context["messages"]] == [
        "“Statement of State A” is published; the public sees it from "
        "14 September 2006, 10:30 EDT (check against delivery)."
    ]
    assert [str(m) for m in at_once.context["messages"]] == ["“Plain” is published."]


@pytest.mark.clock
def test_publishing_several_says_until_when_each_embargoed_one_stays_hidden(
    client, embargoed_and_plain
):
    embargoed, plain = embargoed_and_plain

    response = client.post(
        "/secretariat/statements/publish/", {"statements": [embargoed.pk, plain.pk]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“Statement of State A” is published; the public sees it from "
        "14 September 2006, 10:30 EDT (check against delivery).",
        "2 statements are published.",
    ]


def test_secretariat_returns_with_a_reason_and_a_blank_one_is_refused(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(secretariat_user)
    url = f"/secretariat/statements/{statement.pk}/return/"

    blank = client.post(url, {"reason": "  "}, follow=True)
    statement.refresh_from_db()
    state_after_blank = statement.state
    done = client.post(url, {"reason": "Please add the speaker's post."}, follow=True)

    assert state_after_blank == StatementState.SUBMITTED
    assert "Say why the statement is returned." in text(blank)
    assert "“Statement of State A” is returned to State A for correction." in text(done)
    statement.refresh_from_db()
    assert (statement.state, statement.return_reason) == (
        StatementState.RETURNED,
        "Please add the speaker's post.",
    )


def test_next_url_elsewhere_is_not_followed(client, delegate_a, secretariat_user, state_a, meeting):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(secretariat_user)

    response = client.post(
        f"/secretariat/statements/{statement.pk}/publish/", {"next": "https://evil.example/"}
    )

    assert response.url == "/secretariat/statements/"


def test_bulk_publication_from_the_queue(
    client, delegate_a, delegate_b, secretariat_user, state_a, state_b, meeting
):
    a = make(delegate_a, state_a, meeting, state="submitted")
    b = make(delegate_b, state_b, meeting, state="submitted")
    draft = make(delegate_a, state_a, meeting, title="Not ready")
    client.force_login(secretariat_user)

    refused = client.post(
        "/secretariat/statements/publish/?state=submitted",
        {"statements": [a.pk, draft.pk]},
        follow=True,
    )
    states_after_refusal = sorted(Statement.objects.values_list("state", flat=True))
    done = client.post("/secretariat/statements/publish/", {"statements": [a.pk, b.pk]})
    nothing = client.post("/secretariat/statements/publish/", {}, follow=True)

    assert refused.redirect_chain == [("/secretariat/statements/?state=submitted", 302)]
    assert (
        "Nothing was published: these statements are not awaiting publication: "
        f"#{draft.pk} (not found)." in text(refused)
    )
    # The draft was never submitted: its title is not the Secretariat's to read.
    assert "Not ready" not in text(refused)
    assert states_after_refusal == ["draft", "submitted", "submitted"]
    assert done.status_code == 302
    assert sorted(Statement.objects.values_list("state", flat=True)) == [
        "draft",
        "published",
        "published",
    ]
    assert "Choose the statements to publish." in text(nothing)


def test_review_page_shows_every_revision_with_its_changes(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="returned", secretariat=secretariat_user)
    statement_update(actor=delegate_a, statement=statement, data={"title": "Shorter"})
    statement_submit(actor=delegate_a, statement=statement)
    client.force_login(secretariat_user)

    response = client.get(f"/secretariat/statements/{statement.pk}/")

    assert [r.number for r in response.context["revisions"]] == [5, 4, 3, 2, 1]
    page = text(response)
    assert "Version 4 · Saved on" in page
    assert "Title Statement of State A Shorter" in page
    assert "Reason for return Shorter, please. —" in page
    assert NOTE in page
    html = response.content.decode()
    assert f'action="/secretariat/statements/{statement.pk}/publish/"' in html
    assert f'action="/secretariat/statements/{statement.pk}/return/"' in html


def test_secretariat_withdraws_after_confirming(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="published", secretariat=secretariat_user)
    client.force_login(secretariat_user)
    url = f"/secretariat/statements/{statement.pk}/withdraw/"

    confirm = client.get(url)
    done = client.post(url)

    assert "leaves the public pages and the review queue, but stays in the record" in text(confirm)
    assert (done.status_code, done.url) == (302, f"/secretariat/statements/{statement.pk}/")
    statement.refresh_from_db()
    assert statement.state == StatementState.WITHDRAWN


def test_review_queue_costs_the_same_queries_at_two_sizes(
    client, delegate_a, secretariat_user, state_a, meeting
):
    client.force_login(secretariat_user)

    def measure(n: int) -> int:
        for i in range(n):
            make(delegate_a, state_a, meeting, state="submitted", title=f"S{i}")
            make(
                delegate_a,
                state_a,
                meeting,
                state="returned",
                secretariat=secretariat_user,
                title=f"R{i}",
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/secretariat/statements/", {"meeting": meeting.pk})
        assert response.status_code == 200
        return len(queries)

    small = measure(1)
    large = measure(6)

    assert Statement.objects.count() == 14
    assert small == large


# --- the cards the lead includes -----------------------------------------------------------------
def test_portal_card_lists_my_statements_by_state(
    rf, delegate_a, delegate_b, secretariat_user, state_a, state_b, process, meeting
):
    make(delegate_a, state_a, meeting, title="A draft")
    make(
        delegate_a,
        state_a,
        meeting,
        state="returned",
        secretariat=secretariat_user,
        title="A returned",
    )
    make(delegate_b, state_b, meeting, title="B draft")
    request = rf.get("/delegate/")
    request.user = delegate_a

    html = render_to_string(
        "consultations/statements/_portal.html",
        {"process": process, **selectors.portal_context(user=delegate_a, process=process)},
        request=request,
    )

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    assert "Draft (1) A draft · State A · Plenary 1" in page
    assert (
        "Returned for correction (1) A returned · State A · Plenary 1 Reason: Shorter, please."
        in (page)
    )
    assert "B draft" not in page
    assert 'href="/delegate/statements/new/"' in html
    assert NOTE in page


def test_dashboard_card_counts_statements_by_state(
    rf, delegate_a, secretariat_user, state_a, process, meeting
):
    make(delegate_a, state_a, meeting)
    make(delegate_a, state_a, meeting, state="submitted")
    make(delegate_a, state_a, meeting, state="submitted")
    request = rf.get("/secretariat/")
    request.user = secretariat_user

    html = render_to_string(
        "consultations/statements/_dashboard.html",
        {"perms": _Perms(secretariat_user), **selectors.dashboard_context(process=process)},
        request=request,
    )

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    assert html.lstrip().startswith('<div class="col-md-6">')
    # The never-submitted draft is not counted (and has no row).
    assert page == (
        "Statements Submitted 2 Returned for correction 0 Published 0 Withdrawn 0 Review statements"
    )


class _Perms:
    """``perms`` as the auth context processor gives it."""

    def __init__(self, user):
        from django.contrib.auth.context_processors import PermWrapper

        self.wrapper = PermWrapper(user)

    def __getitem__(self, app):
        return self.wrapper[app]


def test_intake_pages_carry_no_inline_style_or_script(
    client, delegate_a, secretariat_user, state_a, meeting
):
    statement = make(delegate_a, state_a, meeting, state="submitted")
    client.force_login(delegate_a)
    delegate_pages = [
        client.get(url).content.decode()
        for url in (
            "/delegate/statements/",
            "/delegate/statements/new/",
            f"/delegate/statements/{statement.pk}/",
            f"/delegate/statements/{statement.pk}/revisions/",
            f"/delegate/statements/{statement.pk}/withdraw/",
        )
    ]
    client.force_login(secretariat_user)
    review_pages = [
        client.get(url).content.decode()
        for url in ("/secretariat/statements/", f"/secretariat/statements/{statement.pk}/")
    ]

    for html in delegate_pages + review_pages:
        assert " style=" not in html
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
