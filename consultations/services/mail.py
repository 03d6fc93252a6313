"""Notices sent once a change commits, never inside its transaction.

A mail server that refuses the mail or does not answer neither undoes the change (it is
committed already) nor answers 500: the failure is logged with the subject and recipients, and
a view that wraps its action in ``mail_failures()`` learns of it and tells the user that what
they did is saved but the notice did not go.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

_failures: ContextVar[list[str] | None] = ContextVar("mail_failures", default=None)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, None, recipients)
    except (smtplib.SMTPException, OSError) as error:
        logger.error("Notice %r to %s not sent: %r", subject, ", ".join(recipients), error)
        failures = _failures.get()
        if failures is not None:
            failures.append(subject)


def mail_on_commit(*, subject: str, body: str, recipients: list[str]) -> None:
    """Send the mail once the current transaction commits (at once outside one; never if it
    rolls back). A refusal or an unreachable server is logged and recorded for
    ``mail_failures``; it raises nothing."""
    transaction.on_commit(lambda: _send(subject, body, list(recipients)))


@contextmanager
def mail_failures() -> Iterator[list[str]]:
    """Yield the list of the subjects of the notices that could not be sent in the block."""
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
