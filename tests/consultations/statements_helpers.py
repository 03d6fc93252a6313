"""What the statement tests share: statements brought to a state through the services (``make``
for the pages, at the real time; ``draft``, ``submitted``, ``withdrawn``, ``published`` for the
services, dated in September 2006) and the text of a page."""

import datetime
import re

from consultations.models import Statement
from consultations.services.statements import (
    statement_create,
    statement_publish,
    statement_return,
    statement_submit,
    statement_withdraw,
)

UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
NOTE = "Statements shown here are invented for the demonstration."


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def make(actor, stakeholder, meeting, *, state="draft", secretariat=None, **fields) -> Statement:
    """A statement brought to ``state`` through the services."""
    fields.setdefault("title", f"Statement of {stakeholder}")
    fields.setdefault("language", "en")
    fields.setdefault("text", "Mr. President,\nWe support the Forum.")
    statement = statement_create(actor=actor, stakeholder=stakeholder, meeting=meeting, **fields)
    if state in {"submitted", "returned", "published"}:
        statement_submit(actor=actor, statement=statement)
    if state == "returned":
        statement_return(actor=secretariat, statement=statement, reason="Shorter, please.")
    if state == "published":
        statement_publish(actor=secretariat, statement=statement)
    if state == "withdrawn":
        statement_withdraw(actor=actor, statement=statement)
    statement.refresh_from_db()
    return statement


def draft(actor, stakeholder, meeting, **fields) -> Statement:
    fields.setdefault("title", "Statement of State A")
    fields.setdefault("language", "en")
    fields.setdefault("text", "Mr. President,\nWe support the Forum.")
    fields.setdefault("at", utc(2006, 9, 1, 12))
    return statement_create(actor=actor, stakeholder=stakeholder, meeting=meeting, **fields)


def submitted(actor, stakeholder, meeting, **fields) -> Statement:
    statement = draft(actor, stakeholder, meeting, **fields)
    return statement_submit(actor=actor, statement=statement, at=utc(2006, 9, 2, 12))


def reload(statement: Statement) -> Statement:
    return Statement.objects.select_related("meeting__venue").get(pk=statement.pk)


def withdrawn(actor, stakeholder, meeting):
    statement = draft(actor, stakeholder, meeting)
    return statement_withdraw(actor=actor, statement=statement)


def published(actor, stakeholder, meeting, secretariat):
    statement = submitted(actor, stakeholder, meeting)
    return statement_publish(actor=secretariat, statement=statement, at=utc(2006, 9, 3, 12))
