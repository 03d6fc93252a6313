"""The notices to a delegation's focal points when a statement is received, returned or
published: sent on commit only, and a refused one never undoes the change; each focal point
reads it in their own language (consultations.services.mail)."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import Statement
from consultations.services.mail import mail_in_languages_on_commit
from consultations.services.statements.checks import when_at_venue
from registry.models import FocalPoint


def _focal_point_recipients(stakeholder_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """The active focal points of each stakeholder as (e-mail address, preferred language), one
    query."""
    recipients: dict[int, list[tuple[str, str]]] = {}
    rows = (
        FocalPoint.objects.filter(stakeholder_id__in=list(stakeholder_ids), user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("stakeholder_id", "user__email", "user__language")
    )
    for stakeholder_id, email, language in rows:
        recipients.setdefault(stakeholder_id, []).append((email, language))
    return recipients


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _message(statement: Statement, *, event: str) -> tuple[str, str]:
    """The subject and body of the notice of ``event`` (received, returned, published), in the
    active language."""
    title = _one_line(statement.title)
    meeting = statement.meeting
    link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
        "delegate:statements-detail", args=[statement.pk]
    )
    about = _("%(stakeholder)s, %(meeting)s: “%(title)s”.") % {
        "stakeholder": statement.stakeholder,
        "meeting": meeting,
        "title": title,
    }
    if event == "received":
        subject = _("Statement received: %(title)s") % {"title": title}
        news = _(
            "The Secretariat has received the statement below. "
            "It will be reviewed before it is published."
        )
    elif event == "returned":
        subject = _("Statement returned for correction: %(title)s") % {"title": title}
        news = _(
            "The Secretariat has returned the statement below for correction. Reason: %(reason)s"
        ) % {"reason": statement.return_reason}
    else:
        subject = _("Statement published: %(title)s") % {"title": title}
        if statement.embargo_until and statement.embargo_until > statement.published_at:
            news = _(
                "The Secretariat has published the statement below. Check against delivery: "
                "it shows to the public from %(when)s."
            ) % {"when": when_at_venue(meeting, statement.embargo_until)}
        else:
            news = _("The Secretariat has published the statement below.")
    body = "\n\n".join([news, about, _("See it in the delegate portal: %(link)s") % {"link": link}])
    return subject, body


def notify(statements: list[Statement], *, event: str) -> None:
    """Mail each statement's focal points, each in their language, once the transaction commits
    (never on rollback)."""
    recipients = _focal_point_recipients({s.stakeholder_id for s in statements})
    for statement in statements:
        mail_in_languages_on_commit(
            render=lambda statement=statement: _message(statement, event=event),
            recipients=recipients.get(statement.stakeholder_id, []),
        )
