"""Writes of issues and positions: a stakeholder's stance on a question a process tracks.

A delegate records their own stakeholder's stance, pointing to one of that stakeholder's
statements of the same process, until the process's end date; the Secretariat records or
corrects any position at any time. Every change is kept by django-simple-history, with the
acting user as the history row's author.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.choices import Stance
from consultations.models import Document, Issue, Position, Process, Statement
from consultations.permissions import acts_for_at
from registry.models import Stakeholder


class PositionError(Exception):
    """A position or issue change that the rules do not allow; the message says why."""


class InvalidStance(PositionError):
    pass


class StatementOfAnotherStakeholder(PositionError):
    pass


class StatementOfAnotherProcess(PositionError):
    pass


class PositionsClosed(PositionError):
    pass


class InvalidIssue(PositionError):
    pass


def _may_record_positions(actor) -> bool:
    return actor.has_perm("consultations.record_positions")


def _require_record_positions(actor) -> None:
    if not _may_record_positions(actor):
        raise PermissionDenied(_("Only the Secretariat manages issues."))


def position_check_open(*, process: Process, at: datetime.datetime) -> None:
    """Raise PositionsClosed if delegates may no longer change positions of ``process``.

    Delegates may record and change positions up to and including the process's end date
    (in the server's time zone). Changes nothing.
    """
    if timezone.localdate(at) > process.end_date:
        raise PositionsClosed(
            _(
                "Positions on this process closed with its end on %(date)s. "
                "Please contact the Secretariat to correct a position."
            )
            % {"date": date_format(process.end_date, "j F Y")}
        )


def _check_statement(*, statement: Statement, stakeholder: Stakeholder, issue: Issue) -> None:
    if statement.stakeholder_id != stakeholder.pk:
        raise StatementOfAnotherStakeholder(
            _("This statement is not %(name)s's: a position points to its own statement.")
            % {"name": stakeholder}
        )
    if statement.meeting.process_id != issue.process_id:
        raise StatementOfAnotherProcess(
            _("This statement was made at another process than the issue's.")
        )


def position_record(
    *,
    actor,
    issue: Issue,
    stakeholder: Stakeholder,
    stance: str,
    statement: Statement | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Position:
    """Record ``stakeholder``'s ``stance`` on ``issue``, shown in ``statement``, with ``note``.

    Creates the position or changes the one recorded, with ``actor`` as ``recorded_by`` and as
    the author of the history row; when nothing changes, nothing is written (no history row).

    Raises PermissionDenied unless ``actor`` is the Secretariat or acts for ``stakeholder`` at
    the issue's process (where it has a delegation);
    PositionsClosed when a delegate records after the process's end date (the Secretariat may
    correct at any time); InvalidStance for a value that is not a stance;
    StatementOfAnotherStakeholder / StatementOfAnotherProcess when ``statement`` is not the
    stakeholder's or was made at another process.
    """
    at = at or timezone.now()
    may_record = _may_record_positions(actor)
    if not may_record and not acts_for_at(actor, stakeholder, issue.process):
        raise PermissionDenied(_("You do not act for %(name)s.") % {"name": stakeholder})
    if stance not in Stance.values:
        raise InvalidStance(_("%(stance)s is not a stance.") % {"stance": stance})
    if not may_record:
        position_check_open(process=issue.process, at=at)
    if statement is not None:
        _check_statement(statement=statement, stakeholder=stakeholder, issue=issue)
    note = (note or "").strip()

    with transaction.atomic():
        position = (
            Position.objects.select_for_update()
            .filter(issue=issue, stakeholder=stakeholder)
            .first()
        )
        if position is None:
            position = Position(issue=issue, stakeholder=stakeholder)
        elif (
            position.stance == stance
            and position.statement_id == (statement.pk if statement else None)
            and position.note == note
        ):
            return position
        position.stance = stance
        position.statement = statement
        position.note = note
        position.recorded_by = actor
        position._history_user = actor
        try:
            with transaction.atomic():
                position.save()
        except IntegrityError:
            # Another request created the row between our read and our write: change that one.
            position.pk = None
            current = Position.objects.select_for_update().get(issue=issue, stakeholder=stakeholder)
            current.stance, current.statement, current.note = stance, statement, note
            current.recorded_by = actor
            current._history_user = actor
            current.save()
            position = current
    return position


def _clean_issue(issue: Issue) -> None:
    try:
        issue.full_clean()
    except ValidationError as error:
        raise InvalidIssue(" ".join(error.messages)) from None


def issue_create(
    *,
    actor,
    process: Process,
    slug: str,
    title: str,
    description: str = "",
    cites: Document | None = None,
    order: int = 0,
) -> Issue:
    """Add a question that ``process`` tracks; the history row names ``actor``.

    Raises PermissionDenied unless ``actor`` is the Secretariat; InvalidIssue for a missing
    title, a bad slug or a slug the process already uses.
    """
    _require_record_positions(actor)
    issue = Issue(
        process=process,
        slug=slug,
        title=(title or "").strip(),
        description=description,
        cites=cites,
        order=order,
    )
    _clean_issue(issue)
    issue._history_user = actor
    issue.save()
    return issue


ISSUE_FIELDS = frozenset({"slug", "title", "description", "cites", "order"})


def issue_update(*, actor, issue: Issue, **changes) -> Issue:
    """Change ``issue``'s ``slug``, ``title``, ``description``, ``cites`` or ``order``.

    Saves only the fields given, with ``actor`` as the history row's author. Raises
    PermissionDenied unless ``actor`` is the Secretariat; InvalidIssue for an unknown field or
    values the model refuses (blank title, a slug the process already uses).
    """
    _require_record_positions(actor)
    unknown = set(changes) - ISSUE_FIELDS
    if unknown:
        raise InvalidIssue(
            _("An issue has no field %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(issue, name, value.strip() if name == "title" else value)
    _clean_issue(issue)
    issue._history_user = actor
    issue.save(update_fields=list(changes))
    return issue
