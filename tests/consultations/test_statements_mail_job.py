"""E-mails go from a background job (consultations/services/mail.py): written with the change,
sent by a worker after it commits, never if it rolls back; a refused one is tried again."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from consultations.services.statements import statement_submit
from tests.consultations.statements_helpers import draft
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_e_mails_are_sent_from_a_job(
    database_jobs, delegate_a, state_a, meeting, delegation_a, mailoutbox
):
    statement = draft(delegate_a, state_a, meeting)

    statement_submit(actor=delegate_a, statement=statement)

    assert mailoutbox == []  # the change is committed; the mail waits for a worker
    job = DBTaskResult.objects.get(task_path="consultations.services.mail.mail_send")
    assert job.args_kwargs["kwargs"]["recipients"] == ["a@example.org"]

    run_jobs()

    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("Statement received: Statement of State A", ["a@example.org"])
    ]
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"


def test_a_rolled_back_change_leaves_no_job(database_jobs, delegate_a, state_a, meeting,
                                            delegation_a):  # fmt: skip
    statement = draft(delegate_a, state_a, meeting)
    with transaction.atomic():
        statement_submit(actor=delegate_a, statement=statement)
        assert DBTaskResult.objects.filter(task_path__endswith="mail_send").count() == 1
        transaction.set_rollback(True)

    assert not DBTaskResult.objects.filter(task_path__endswith="mail_send").exists()
