"""Notices sent by a background job once the change commits, never inside its transaction.

``mail_on_commit`` enqueues the ``mail_send`` job as part of the change (consultations/jobs.py):
rolled back, no mail; committed, the mail is sent by a job worker, which tries again with
backoff while the mail server refuses it or does not answer, and then lists it among the failed
jobs in the admin (hlderp/jobs). The change is never undone by the mail, and the request never
waits for the mail server.

Each failed attempt is logged with the subject and recipients. Where the job runs at once in the
request (the "immediate" backend), a view that wraps its action in ``mail_failures()`` learns of
a failure and tells the user that what they did is saved but the notice did not go.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django_tasks import task

from consultations.jobs import enqueue

logger = logging.getLogger(__name__)

_failures: ContextVar[list[str] | None] = ContextVar("mail_failures", default=None)


@task()
def mail_send(subject: str, body: str, recipients: list[str]) -> None:
    """The job: send one notice. A refusal or an unreachable server is logged and raised, so
    that the job is tried again later."""
    try:
        send_mail(subject, body, None, recipients)
    except (smtplib.SMTPException, OSError) as error:
        logger.error("Notice %r to %s not sent: %r", subject, ", ".join(recipients), error)
        failures = _failures.get()
        if failures is not None:
            failures.append(subject)
        raise


def mail_on_commit(*, subject: str, body: str, recipients: list[str]) -> None:
    """Send the mail from a job once the current transaction commits (never if it rolls back).
    It raises nothing here: a refusal is the job's to retry."""
    enqueue(mail_send, subject=subject, body=body, recipients=list(recipients))


@contextmanager
def mail_failures() -> Iterator[list[str]]:
    """Yield the list of the subjects of the notices that could not be sent in the block (those
    whose job ran in the block: with the "immediate" backend)."""
    failures: list[str] = []
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


def mail_in_languages_on_commit(
    *, render: Callable[[], tuple[str, str]], recipients: Iterable[tuple[str, str]]
) -> None:
    """Send a notice to ``recipients`` (e-mail address, language) in each one's language: one
    mail per language, its subject and body from ``render()`` called with that language active
    (dates and numbers as it writes them too), sent once the current transaction commits
    (``mail_on_commit``), whatever the language of whoever triggered it. Raises nothing."""
    by_language: dict[str, list[str]] = {}
    for email, language in recipients:
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    for language, emails in by_language.items():
        with translation.override(language):
            subject, body = render()
        mail_on_commit(subject=subject, body=body, recipients=emails)
