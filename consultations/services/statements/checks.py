"""The rules a change to a statement must pass: who may make it, until when, and with what.

Each check raises and changes nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.choices import Language, StatementState
from consultations.models import Meeting, Statement
from consultations.permissions import acts_for_owner
from consultations.services.statements.errors import (
    DeadlinePassed,
    InvalidStatement,
    InvalidStatementFile,
    NotAMemberState,
    NotSubmitted,
    StatementNotEditable,
)
from consultations.uploads import statement_file_validate
from registry.choices import StakeholderKind
from registry.models import Appointment, Person, Stakeholder


def _may_review_statements(actor) -> bool:
    return actor.has_perm("consultations.review_statements")


def require_review_statements(actor) -> None:
    """Raise PermissionDenied unless ``actor`` may review and publish statements."""
    if not _may_review_statements(actor):
        raise PermissionDenied(_("Only the Secretariat reviews and publishes statements."))


def require_act_for(actor, obj, stakeholder) -> None:
    """Raise PermissionDenied, naming ``stakeholder``, unless ``actor`` acts for ``obj``."""
    if not actor.has_perm("consultations.act_for", obj):
        raise PermissionDenied(_("You do not act for %(name)s.") % {"name": stakeholder})


def statement_check_seen(*, actor, statement: Statement) -> None:
    """Raise NotSubmitted if ``actor`` acts as the Secretariat (not for the statement's own
    delegation) on a statement never submitted: a draft is the delegation's alone until it is
    submitted. Changes nothing; checks no permission."""
    if statement.seen_by_secretariat or acts_for_owner(actor, statement):
        return
    raise NotSubmitted(
        _(
            "This statement has never been submitted: it is its delegation's draft, and the "
            "Secretariat cannot act on it."
        )
    )


def when_at_venue(meeting: Meeting, moment: datetime.datetime) -> str:
    """A moment in the venue's time zone, e.g. "13 September 2006 at 18:00 (EDT)"."""
    local = moment.astimezone(meeting.venue.tzinfo)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": date_format(local, "j F Y"),
        "time": date_format(local, "H:i"),
        "zone": local.tzname(),
    }


def statement_check_deadline(*, actor, meeting: Meeting, at: datetime.datetime) -> None:
    """Raise DeadlinePassed if ``actor`` is not the Secretariat and ``meeting``'s deadline for
    statements is at or before ``at``. Changes nothing."""
    deadline = meeting.statement_deadline
    if deadline is None or at < deadline or _may_review_statements(actor):
        return
    raise DeadlinePassed(
        _(
            "The deadline for statements to %(meeting)s was %(when)s. "
            "Only the Secretariat can change them now."
        )
        % {"meeting": meeting, "when": when_at_venue(meeting, deadline)}
    )


def statement_check_editable(*, actor, statement: Statement, at: datetime.datetime) -> None:
    """Raise unless ``actor``'s right to change ``statement`` holds at ``at`` as far as time and
    state go: DeadlinePassed for a delegate after the meeting's deadline, StatementNotEditable
    unless the statement is a draft or returned. Changes nothing; checks no permission."""
    statement_check_deadline(actor=actor, meeting=statement.meeting, at=at)
    if statement.state not in StatementState.editable_by_delegate():
        raise StatementNotEditable(
            _(
                "This statement cannot be changed now (%(state)s): only drafts and "
                "statements returned for correction can."
            )
            % {"state": statement.get_state_display()}
        )


def check_file(upload: File) -> None:
    """Raise InvalidStatementFile for an upload that statement_file_validate refuses."""
    try:
        statement_file_validate(upload)
    except ValidationError as error:
        raise InvalidStatementFile(" ".join(error.messages)) from None


def check_fields(statement: Statement) -> None:
    """Raise InvalidStatement for a blank title, a language that is not official or a naive
    embargo time."""
    if not statement.title.strip():
        raise InvalidStatement(_("A statement needs a title."))
    if statement.language not in Language.values:
        raise InvalidStatement(
            _("%(language)s is not one of the six official languages.")
            % {"language": statement.language}
        )
    if statement.embargo_until is not None and timezone.is_naive(statement.embargo_until):
        raise InvalidStatement(_("The embargo time needs a time zone."))


def check_speaker(*, speaker: Person | None, stakeholder: Stakeholder) -> None:
    """Raise InvalidStatement for a speaker with no post for ``stakeholder``."""
    if speaker is not None and not (
        Appointment.objects.filter(person=speaker, stakeholder=stakeholder).exists()
    ):
        raise InvalidStatement(
            _("%(person)s holds no post for %(stakeholder)s.")
            % {"person": speaker, "stakeholder": stakeholder}
        )


def check_membership(*, stakeholder: Stakeholder, meeting: Meeting) -> None:
    """Raise NotAMemberState for a Member State at a meeting held, at its venue, before the
    State's admission to the United Nations or after its dissolution (registry dates): it
    cannot make a statement there as a Member State. Changes nothing."""
    if stakeholder.kind != StakeholderKind.MEMBER_STATE:
        return
    day = meeting.local_date
    if stakeholder.is_member_state_on(day):
        return
    values = {"state": stakeholder, "meeting": meeting, "day": date_format(day, "j F Y")}
    if day < stakeholder.admission_date:  # a Member State always has one (a constraint)
        admitted = date_format(stakeholder.admission_date, "j F Y")
        raise NotAMemberState(
            _(
                "%(state)s became a Member State of the United Nations on %(admitted)s, after "
                "%(meeting)s (%(day)s): it cannot make a statement there as a Member State."
            )
            % {**values, "admitted": admitted}
        )
    raise NotAMemberState(
        _(
            "%(state)s was no longer a Member State of the United Nations on %(day)s, the day "
            "of %(meeting)s (dissolved on %(dissolved)s): it cannot make a statement there as "
            "a Member State."
        )
        % {**values, "dissolved": date_format(stakeholder.dissolved, "j F Y")}
    )


def default_post(*, speaker: Person, stakeholder: Stakeholder, meeting: Meeting) -> str:
    """The speaker's post for the stakeholder on the day of the meeting, highest rank first."""
    return (
        Appointment.objects.held(
            person=speaker, stakeholder=stakeholder, date=meeting.local_start.date()
        )
        .values_list("post", flat=True)
        .first()
    ) or ""
