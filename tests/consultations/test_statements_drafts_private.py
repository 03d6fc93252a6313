"""A draft is its delegation's alone until it is first submitted: the Secretariat's queue,
counts, pages and withdrawal leave it out (StatementQuerySet.seen_by_secretariat)."""

import re

import pytest

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.services.statements import (
    NotSubmitted,
    statement_update,
    statement_withdraw,
)
from tests.consultations.statements_helpers import make, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

REFUSAL = (
    "This statement has never been submitted: it is its delegation's draft, and the "
    "Secretariat cannot act on it."
)


@pytest.fixture
def statements(delegate_a, delegate_b, secretariat_user, state_a, state_b, meeting):
    """One statement per case, by title."""
    returned = make(
        delegate_a,
        state_a,
        meeting,
        state="returned",
        secretariat=secretariat_user,
        title="A returned, edited",
    )
    statement_update(actor=delegate_a, statement=returned, data={"text": "Shorter."})
    withdrawn_after = make(delegate_b, state_b, meeting, state="submitted", title="B withdrawn")
    statement_withdraw(actor=delegate_b, statement=withdrawn_after)
    return {
        s.title: s
        for s in [
            make(delegate_a, state_a, meeting, title="A draft"),
            make(delegate_a, state_a, meeting, state="withdrawn", title="A discarded draft"),
            make(delegate_b, state_b, meeting, state="submitted", title="B submitted"),
            make(
                delegate_b,
                state_b,
                meeting,
                state="published",
                secretariat=secretariat_user,
                title="B published",
            ),
            Statement.objects.get(pk=returned.pk),
            Statement.objects.get(pk=withdrawn_after.pk),
        ]
    }


def test_seen_by_secretariat_is_every_statement_submitted_once_row_and_queryset_alike(
    statements,
):
    seen = sorted(Statement.objects.seen_by_secretariat().values_list("title", flat=True))

    assert seen == ["A returned, edited", "B published", "B submitted", "B withdrawn"]
    assert sorted(t for t, s in statements.items() if s.seen_by_secretariat) == seen
    assert statements["A returned, edited"].state == StatementState.RETURNED


def test_review_queue_and_dashboard_leave_out_never_submitted_drafts(
    client, statements, secretariat_user
):
    client.force_login(secretariat_user)

    queue = client.get("/secretariat/statements/")
    drafts = client.get("/secretariat/statements/", {"state": "draft"})
    withdrawn = client.get("/secretariat/statements/", {"state": "withdrawn"})
    dashboard = client.get("/secretariat/")

    titles = [row["statement"].title for row in queue.context["rows"]]
    assert titles[0] == "B submitted"
    assert sorted(titles[1:]) == ["A returned, edited", "B published", "B withdrawn"]
    assert [row["statement"].title for row in drafts.context["rows"]] == []
    assert [row["statement"].title for row in withdrawn.context["rows"]] == ["B withdrawn"]
    assert "A draft" not in text(queue)
    assert "A discarded draft" not in text(queue)
    card = re.search(r'<ul [^>]*id="statement-counts">(.*?)</ul>', dashboard.content.decode(), re.S)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card.group(1))).strip() == (
        "Submitted 1 Returned for correction 1 Published 1 Withdrawn 1"
    )


def test_secretariat_cannot_open_or_withdraw_a_never_submitted_draft(
    client, statements, secretariat_user
):
    a_draft = statements["A draft"]
    client.force_login(secretariat_user)
    history_before = a_draft.history.count()

    page = client.get(f"/secretariat/statements/{a_draft.pk}/")
    posted = client.post(f"/secretariat/statements/{a_draft.pk}/withdraw/")
    with pytest.raises(NotSubmitted) as refused:
        statement_withdraw(actor=secretariat_user, statement=a_draft)

    assert (page.status_code, posted.status_code) == (404, 404)
    assert str(refused.value) == REFUSAL
    a_draft.refresh_from_db()
    assert (a_draft.state, a_draft.history.count()) == (StatementState.DRAFT, history_before)


def test_secretariat_withdraws_a_statement_returned_and_edited(
    client, statements, secretariat_user
):
    returned = statements["A returned, edited"]
    client.force_login(secretariat_user)

    page = client.get(f"/secretariat/statements/{returned.pk}/")
    done = client.post(f"/secretariat/statements/{returned.pk}/withdraw/", follow=True)

    assert page.context["statement"] == returned
    assert "“A returned, edited” is withdrawn. It stays in the record." in text(done)
    returned.refresh_from_db()
    assert returned.state == StatementState.WITHDRAWN


def test_delegate_still_withdraws_its_own_draft(statements, delegate_a):
    a_draft = statements["A draft"]

    statement_withdraw(actor=delegate_a, statement=a_draft)

    a_draft.refresh_from_db()
    assert a_draft.state == StatementState.WITHDRAWN
    assert a_draft.history.latest().history_user == delegate_a


def test_bulk_publication_names_a_never_submitted_draft_as_not_found(
    client, statements, secretariat_user
):
    a_draft, submitted = statements["A draft"], statements["B submitted"]
    client.force_login(secretariat_user)

    refused = client.post(
        "/secretariat/statements/publish/", {"statements": [submitted.pk, a_draft.pk]}, follow=True
    )

    assert (
        "Nothing was published: these statements are not awaiting publication: "
        f"#{a_draft.pk} (not found)."
    ) in text(refused)
    assert "A draft" not in text(refused)
    assert sorted(Statement.objects.values_list("state", flat=True)) == [
        "draft",
        "published",
        "returned",
        "submitted",
        "withdrawn",
        "withdrawn",
    ]
