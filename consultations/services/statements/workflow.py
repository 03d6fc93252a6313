"""The state changes of a statement: submitted, returned, published (one or many), withdrawn."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.choices import StatementState
from consultations.models import Meeting, Statement
from consultations.page_scopes import GLOBAL, process_scopes, writes_shown_on
from consultations.services.statements.checks import (
    check_membership,
    require_act_for,
    require_review_statements,
    statement_check_deadline,
    statement_check_seen,
)
from consultations.services.statements.errors import (
    AlreadyWithdrawn,
    NotSubmittable,
    NotSubmitted,
    ReasonRequired,
    StatementError,
    StatementIncomplete,
    StatementsNotSubmitted,
)
from consultations.services.statements.mail import notify
from consultations.services.statements.writing import copy_back, lock_row, save_with_history


def statement_submit(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Submit a draft or returned statement to the Secretariat: state "submitted", the time of
    submission, the reason for an earlier return cleared (the history keeps it).

    Mails the delegation's focal points "Statement received" on commit. Raises PermissionDenied
    unless ``actor`` acts for the statement's stakeholder; DeadlinePassed for a delegate after
    the meeting's deadline; NotSubmittable from another state; NotAMemberState for a Member
    State at a meeting held before its admission; StatementIncomplete for a statement with
    neither text nor file.
    """
    at = at or timezone.now()
    require_act_for(actor, statement, statement.stakeholder)
    # A draft or returned statement becomes submitted: no public page shows either.
    with writes_shown_on(), transaction.atomic():
        current = lock_row(statement)
        statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
        if current.state not in StatementState.editable_by_delegate():
            raise NotSubmittable(
                _(
                    "Only a draft or a statement returned for correction can be submitted; "
                    "this one is: %(state)s."
                )
                % {"state": current.get_state_display()}
            )
        check_membership(stakeholder=current.stakeholder, meeting=current.meeting)
        if not current.text.strip() and not current.file:
            raise StatementIncomplete(
                _("A statement needs its text or a file (PDF or Word) before it is submitted.")
            )
        current.state = StatementState.SUBMITTED
        current.submitted_at = at
        current.return_reason = ""
        save_with_history(
            current, actor=actor, at=at, update_fields=["state", "submitted_at", "return_reason"]
        )
        notify([current], event="received")
    copy_back(statement, current, ["state", "submitted_at", "return_reason", "updated"])
    return current


def statement_return(
    *, actor, statement: Statement, reason: str, at: datetime.datetime | None = None
) -> Statement:
    """Return a submitted statement to its delegation for correction, with ``reason``.

    Mails the delegation's focal points the reason on commit. Raises PermissionDenied unless
    ``actor`` is the Secretariat; ReasonRequired for a blank reason; NotSubmitted unless the
    statement is submitted.
    """
    at = at or timezone.now()
    require_review_statements(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Say why the statement is returned: the delegation reads it."))
    with writes_shown_on(), transaction.atomic():  # submitted to returned: neither is public
        current = lock_row(statement)
        if current.state != StatementState.SUBMITTED:
            raise NotSubmitted(
                _("Only a submitted statement can be returned for correction; this one is: %(s)s.")
                % {"s": current.get_state_display()}
            )
        current.state = StatementState.RETURNED
        current.return_reason = reason
        save_with_history(current, actor=actor, at=at, update_fields=["state", "return_reason"])
        notify([current], event="returned")
    copy_back(statement, current, ["state", "return_reason", "updated"])
    return current


def _process_scopes(statement: Statement) -> tuple[str, ...]:
    """What publishing or withdrawing ``statement`` changes: its process's public record (the
    page cache's scopes, consultations/page_scopes.py); the other processes' pages stay cached."""
    process_id = (
        Meeting.objects.filter(pk=statement.meeting_id).values_list("process_id", flat=True).first()
    )
    return process_scopes(process_id) if process_id is not None else (GLOBAL,)


def _publish(current: Statement, *, actor, at: datetime.datetime) -> None:
    check_membership(stakeholder=current.stakeholder, meeting=current.meeting)
    current.state = StatementState.PUBLISHED
    current.published_at = at
    save_with_history(current, actor=actor, at=at, update_fields=["state", "published_at"])


def statement_publish(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Publish a submitted statement: state "published" at ``at``; the public sees it from its
    embargo time (check against delivery), or at once without one.

    Mails the delegation's focal points on commit. Raises PermissionDenied unless ``actor`` is
    the Secretariat; NotSubmitted unless the statement is submitted; NotAMemberState for a
    Member State at a meeting held before its admission (or after its dissolution).
    """
    at = at or timezone.now()
    require_review_statements(actor)
    with writes_shown_on(*_process_scopes(statement)), transaction.atomic():
        current = lock_row(statement)
        if current.state != StatementState.SUBMITTED:
            raise NotSubmitted(
                _("Only a submitted statement can be published; this one is: %(state)s.")
                % {"state": current.get_state_display()}
            )
        _publish(current, actor=actor, at=at)
        notify([current], event="published")
    copy_back(statement, current, ["state", "published_at", "updated"])
    return current


def statements_publish_bulk(
    *, actor, ids: Iterable[int], at: datetime.datetime | None = None
) -> list[Statement]:
    """Publish every statement of ``ids``, all or nothing; return them in id order.

    Each gets its own history row by ``actor`` and its delegation a mail on commit. Raises
    PermissionDenied unless ``actor`` is the Secretariat; StatementsNotSubmitted, publishing
    none, if any of them is not submitted (or does not exist): its ``not_submitted`` lists their
    ids and the message names them (a never-submitted draft as "not found": it is its
    delegation's alone); NotAMemberState, publishing none, for a Member State's statement at a
    meeting held before its admission; StatementError for an empty selection.
    """
    at = at or timezone.now()
    require_review_statements(actor)
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        raise StatementError(_("Choose the statements to publish."))
    with transaction.atomic():
        rows = {
            s.pk: s
            for s in Statement.objects.seen_by_secretariat()
            .select_for_update(of=("self",))
            .select_related("meeting__venue", "stakeholder")
            .filter(pk__in=wanted)
        }
        blocked = [
            pk for pk in wanted if pk not in rows or rows[pk].state != StatementState.SUBMITTED
        ]
        if blocked:
            described = [
                _("#%(id)s “%(title)s” (%(state)s)")
                % {
                    "id": pk,
                    "title": rows[pk].title,
                    "state": rows[pk].get_state_display(),
                }
                if pk in rows
                else _("#%(id)s (not found)") % {"id": pk}
                for pk in blocked
            ]
            raise StatementsNotSubmitted(
                _("Nothing was published: these statements are not awaiting publication: %(list)s.")
                % {"list": "; ".join(described)},
                not_submitted=blocked,
            )
        published = [rows[pk] for pk in wanted]
        scopes = {scope for s in published for scope in process_scopes(s.meeting.process_id)}
        with writes_shown_on(*scopes):
            for current in published:
                _publish(current, actor=actor, at=at)
            notify(published, event="published")
    return published


def statement_withdraw(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Withdraw a statement, in any state but withdrawn: it leaves the public pages and the
    review queue but stays in the record with its history and file.

    Raises PermissionDenied unless ``actor`` acts for the statement's stakeholder (its
    delegation, or the Secretariat); NotSubmitted for the Secretariat on a statement never
    submitted (a draft is its delegation's to discard); DeadlinePassed for a delegate after the
    meeting's deadline; AlreadyWithdrawn for a withdrawn statement.
    """
    at = at or timezone.now()
    require_act_for(actor, statement, statement.stakeholder)
    with writes_shown_on(*_process_scopes(statement)), transaction.atomic():
        current = lock_row(statement)
        statement_check_seen(actor=actor, statement=current)
        statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
        if current.state == StatementState.WITHDRAWN:
            raise AlreadyWithdrawn(_("This statement has already been withdrawn."))
        current.state = StatementState.WITHDRAWN
        save_with_history(current, actor=actor, at=at, update_fields=["state"])
    copy_back(statement, current, ["state", "updated"])
    return current
