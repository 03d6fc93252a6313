"""Mail to the delegation on a statement's state changes, sent only once the transaction commits
(consultations/services/statements.py)."""

import pytest
from django.db import transaction

from consultations.choices import StatementState
from consultations.services.statements import (
    statement_publish,
    statement_return,
    statement_submit,
    statement_update,
    statement_withdraw,
    statements_publish_bulk,
)
from hlderp.public_cache import public_pages_changed
from tests.consultations.statements_helpers import draft, reload, submitted, utc
from tests.factories import (
    FocalPointFactory,
)

pytestmark = pytest.mark.django_db


# --- mail to the delegation, only after commit ---------------------------------------------------
@pytest.fixture
def focal_points(state_a, state_b, delegate_a):
    FocalPointFactory(stakeholder=state_a, user__email="a2@example.org")
    FocalPointFactory(stakeholder=state_a, user__email="gone@example.org", user__is_active=False)
    FocalPointFactory(stakeholder=state_b, user__email="b2@example.org")


def test_submission_mails_the_focal_points_only_once_committed(
    delegate_a, state_a, meeting, focal_points, mailoutbox, django_capture_on_commit_callbacks
):
    statement = draft(delegate_a, state_a, meeting)

    with django_capture_on_commit_callbacks() as callbacks:
        statement_submit(actor=delegate_a, statement=statement)
    sent_before_commit = list(mailoutbox)
    for callback in callbacks:
        callback()

    assert sent_before_commit == []
    assert len([c for c in callbacks if c is not public_pages_changed]) == 1
    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("Statement received: Statement of State A", ["a2@example.org", "a@example.org"])
    ]
    assert mailoutbox[0].body == (
        "The Secretariat has received the statement below. "
        "It will be reviewed before it is published.\n\n"
        "State A, Plenary 1: “Statement of State A”.\n\n"
        f"See it in the delegate portal: /delegate/statements/{statement.pk}/"
    )


def test_return_mails_the_reason(
    delegate_a,
    secretariat_user,
    state_a,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    statement = submitted(delegate_a, state_a, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        statement_return(
            actor=secretariat_user, statement=statement, reason="Please add the speaker."
        )

    assert [(m.subject, m.to) for m in mailoutbox] == [
        (
            "Statement returned for correction: Statement of State A",
            ["a2@example.org", "a@example.org"],
        )
    ]
    assert mailoutbox[0].body.split("\n\n")[0] == (
        "The Secretariat has returned the statement below for correction. "
        "Reason: Please add the speaker."
    )


def test_publication_mails_each_delegation_with_the_embargo_time(
    delegate_a,
    delegate_b,
    secretariat_user,
    state_a,
    state_b,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    a = submitted(delegate_a, state_a, meeting, embargo_until=utc(2006, 9, 14, 14, 30))
    b = submitted(delegate_b, state_b, meeting, title="Statement of State B")

    with django_capture_on_commit_callbacks(execute=True):
        statements_publish_bulk(actor=secretariat_user, ids=[a.pk, b.pk], at=utc(2006, 9, 14, 12))

    assert sorted((m.subject, tuple(m.to)) for m in mailoutbox) == [
        ("Statement published: Statement of State A", ("a2@example.org", "a@example.org")),
        ("Statement published: Statement of State B", ("b2@example.org", "b@example.org")),
    ]
    by_subject = {m.subject: m.body.split("\n\n")[0] for m in mailoutbox}
    assert by_subject["Statement published: Statement of State A"] == (
        "The Secretariat has published the statement below. Check against delivery: it shows "
        "to the public from 14 September 2006 at 10:30 (EDT)."
    )
    assert by_subject["Statement published: Statement of State B"] == (
        "The Secretariat has published the statement below."
    )


def test_no_mail_when_the_transaction_rolls_back(
    delegate_a,
    secretariat_user,
    state_a,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    statement = submitted(delegate_a, state_a, meeting)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        statement_publish(actor=secretariat_user, statement=statement)
        raise RuntimeError("the outer work failed")

    assert (callbacks, mailoutbox) == ([], [])
    assert reload(statement).state == StatementState.SUBMITTED


def test_drafts_updates_and_withdrawals_send_no_mail(
    delegate_a, state_a, meeting, focal_points, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement = draft(delegate_a, state_a, meeting)
        statement_update(actor=delegate_a, statement=statement, data={"title": "Better"})
        statement_withdraw(actor=delegate_a, statement=statement)

    assert (callbacks, mailoutbox) == ([], [])
