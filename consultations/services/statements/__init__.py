"""Writes of statements: one function per state change.

A statement goes draft -> submitted -> published, or submitted -> returned (with the
Secretariat's reason) -> submitted again; any statement but a withdrawn one may be withdrawn, and
stays in the record. The delegation acts for its own stakeholder (``consultations.act_for``) and
only until the meeting's ``statement_deadline``; after it only the Secretariat
(``consultations.review_statements``) changes anything.

Every change runs in one transaction on the locked row, saves with ``update_fields`` and writes
exactly one history row with the actor (themes included), keeps the PostgreSQL search vector
current, and mails the delegation's focal points on commit when a statement is received,
returned or published. Nothing is deleted: a replaced file stays in storage and its name in the
history.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.choices import Language, StatementState
from consultations.models import Meeting, Statement, Theme
from consultations.uploads import statement_file_validate
from registry.models import Appointment, FocalPoint, Person, Stakeholder

UPDATABLE_FIELDS = frozenset(
    {
        "meeting",
        "speaker",
        "speaker_post",
        "language",
        "title",
        "text",
        "file",
        "themes",
        "embargo_until",
    }
)


class StatementError(Exception):
    """A change to a statement that the rules do not allow; the message says why."""


class DeadlinePassed(StatementError):
    pass


class StatementNotEditable(StatementError):
    pass


class NotSubmittable(StatementError):
    pass


class NotSubmitted(StatementError):
    pass


class StatementsNotSubmitted(NotSubmitted):
    """A bulk publication refused as a whole; ``not_submitted`` lists the ids that blocked it."""

    def __init__(self, message: str, *, not_submitted: list[int]):
        super().__init__(message)
        self.not_submitted = not_submitted


class AlreadyWithdrawn(StatementError):
    pass


class ReasonRequired(StatementError):
    pass


class StatementIncomplete(StatementError):
    pass


class InvalidStatement(StatementError):
    pass


class InvalidStatementFile(StatementError):
    pass


# --- helpers ----------------------------------------------------------------------------------
def _may_review_statements(actor) -> bool:
    return actor.has_perm("consultations.review_statements")


def _require_review_statements(actor) -> None:
    if not _may_review_statements(actor):
        raise PermissionDenied(_("Only the Secretariat reviews and publishes statements."))


def _require_act_for(actor, obj, stakeholder) -> None:
    if not actor.has_perm("consultations.act_for", obj):
        raise PermissionDenied(_("You do not act for %(name)s.") % {"name": stakeholder})


def _when(meeting: Meeting, moment: datetime.datetime) -> str:
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
        % {"meeting": meeting, "when": _when(meeting, deadline)}
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


def _lock(statement: Statement) -> Statement:
    """The statement's row, locked for the rest of the transaction, fresh from the database."""
    return (
        Statement.objects.select_for_update(of=("self",))
        .select_related("meeting__venue", "stakeholder")
        .get(pk=statement.pk)
    )


def _check_file(upload: File) -> None:
    try:
        statement_file_validate(upload)
    except ValidationError as error:
        raise InvalidStatementFile(" ".join(error.messages)) from None


def _check_fields(statement: Statement) -> None:
    if not statement.title.strip():
        raise InvalidStatement(_("A statement needs a title."))
    if statement.language not in Language.values:
        raise InvalidStatement(
            _("%(language)s is not one of the six official languages.")
            % {"language": statement.language}
        )
    if statement.embargo_until is not None and timezone.is_naive(statement.embargo_until):
        raise InvalidStatement(_("The embargo time needs a time zone."))


def _check_speaker(*, speaker: Person | None, stakeholder: Stakeholder) -> None:
    if speaker is not None and not (
        Appointment.objects.filter(person=speaker, stakeholder=stakeholder).exists()
    ):
        raise InvalidStatement(
            _("%(person)s holds no post for %(stakeholder)s.")
            % {"person": speaker, "stakeholder": stakeholder}
        )


def _default_post(*, speaker: Person, stakeholder: Stakeholder, meeting: Meeting) -> str:
    """The speaker's post for the stakeholder on the day of the meeting, highest rank first."""
    return (
        Appointment.objects.on(meeting.local_start.date())
        .filter(person=speaker, stakeholder=stakeholder)
        .order_by("rank")
        .values_list("post", flat=True)
        .first()
    ) or ""


def _set_themes_silently(statement: Statement, themes: Iterable[Theme]) -> None:
    """Set the themes without the history row django-simple-history writes for each m2m signal:
    the one history row of the change is written by the save that follows."""
    statement.skip_history_when_saving = True
    try:
        statement.themes.set(themes)
    finally:
        del statement.skip_history_when_saving


def _snapshot_themes(statement: Statement) -> None:
    """Give the newest history row of a new statement its themes (the "+" row is written by the
    first save, before the m2m rows can exist)."""
    record = statement.history.order_by("-history_date", "-history_id").first()
    theme_history = type(record).themes.model
    through = Statement.themes.through
    theme_history.objects.bulk_create(
        theme_history(
            history=record, id=row.pk, statement_id=row.statement_id, theme_id=row.theme_id
        )
        for row in through.objects.filter(statement=statement)
    )


def _save(statement: Statement, *, actor, at: datetime.datetime, update_fields: list[str]) -> None:
    """Save ``update_fields`` (and ``updated``) with one history row by ``actor`` at ``at``.

    A file stored by this save is removed again if the save fails, so that a refused change
    leaves nothing in MEDIA_ROOT.
    """
    statement._history_user = actor
    statement._history_date = at
    new_file = "file" in update_fields and statement.file and not statement.file._committed
    try:
        statement.save(update_fields=[*update_fields, "updated"])
    except Exception:
        if new_file and statement.file._committed:
            statement.file.storage.delete(statement.file.name)
        raise


def statement_search_refresh(*, statement: Statement) -> None:
    """Recompute ``statement``'s full-text search vector from its title and text.

    PostgreSQL only (the column stays empty on SQLite, which searches the text itself); one
    UPDATE that writes no history row. Raises nothing.
    """
    if connection.vendor != "postgresql":
        return
    Statement.objects.filter(pk=statement.pk).update(
        search_vector=SearchVector("title", "text", config="simple")
    )


# --- mail -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mail:
    subject: str
    body: str
    recipients: list[str]

    def send(self) -> None:
        send_mail(self.subject, self.body, None, self.recipients)


def _focal_point_emails(stakeholder_ids: Iterable[int]) -> dict[int, list[str]]:
    """The active focal points' e-mail addresses of each stakeholder, one query."""
    emails: dict[int, list[str]] = {}
    rows = (
        FocalPoint.objects.filter(stakeholder_id__in=list(stakeholder_ids), user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("stakeholder_id", "user__email")
    )
    for stakeholder_id, email in rows:
        emails.setdefault(stakeholder_id, []).append(email)
    return emails


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _mail(statement: Statement, *, event: str, recipients: list[str]) -> _Mail | None:
    """The notice of ``event`` (received, returned, published) to the delegation."""
    if not recipients:
        return None
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
            ) % {"when": _when(meeting, statement.embargo_until)}
        else:
            news = _("The Secretariat has published the statement below.")
    body = "\n\n".join([news, about, _("See it in the delegate portal: %(link)s") % {"link": link}])
    return _Mail(subject=subject, body=body, recipients=recipients)


def _notify(statements: list[Statement], *, event: str) -> None:
    """Mail each statement's focal points once the transaction commits (never on rollback)."""
    emails = _focal_point_emails({s.stakeholder_id for s in statements})
    for statement in statements:
        mail = _mail(statement, event=event, recipients=emails.get(statement.stakeholder_id, []))
        if mail is not None:
            transaction.on_commit(mail.send)


def _copy_back(target: Statement, source: Statement, fields: Iterable[str]) -> None:
    for name in fields:
        field = Statement._meta.get_field(name)
        setattr(target, field.attname, getattr(source, field.attname))


# --- services ---------------------------------------------------------------------------------
def statement_create(
    *,
    actor,
    stakeholder: Stakeholder,
    meeting: Meeting,
    title: str,
    language: str,
    text: str = "",
    file: File | None = None,
    speaker: Person | None = None,
    speaker_post: str = "",
    themes: Iterable[Theme] = (),
    embargo_until: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> Statement:
    """Create a draft statement of ``stakeholder`` at ``meeting``, created by ``actor``.

    ``speaker_post`` defaults to the speaker's post for the stakeholder on the meeting's day.
    Writes the statement, its themes and one history row ("+", by ``actor``), stores ``file``
    under a name the server chooses, refreshes the search vector.

    Raises PermissionDenied unless ``actor`` acts for ``stakeholder``; DeadlinePassed for a
    delegate after the meeting's deadline for statements; InvalidStatementFile for a file that
    statement_file_validate refuses (nothing is stored); InvalidStatement for a blank title, a
    language that is not official, or a speaker with no post for the stakeholder.
    """
    at = at or timezone.now()
    _require_act_for(actor, stakeholder, stakeholder)
    statement_check_deadline(actor=actor, meeting=meeting, at=at)
    if file:
        _check_file(file)
    _check_speaker(speaker=speaker, stakeholder=stakeholder)
    if speaker is not None and not speaker_post:
        speaker_post = _default_post(speaker=speaker, stakeholder=stakeholder, meeting=meeting)
    statement = Statement(
        meeting=meeting,
        stakeholder=stakeholder,
        speaker=speaker,
        speaker_post=speaker_post,
        language=language,
        title=title.strip(),
        text=text,
        file=file or "",
        embargo_until=embargo_until,
        state=StatementState.DRAFT,
        created_by=actor,
    )
    _check_fields(statement)
    themes = list(themes)
    with transaction.atomic():
        statement._history_user = actor
        statement._history_date = at
        try:
            statement.save()
        except Exception:
            if file and statement.file._committed:
                statement.file.storage.delete(statement.file.name)
            raise
        if themes:
            _set_themes_silently(statement, themes)
            _snapshot_themes(statement)
        statement_search_refresh(statement=statement)
    return statement


def statement_update(
    *, actor, statement: Statement, data: Mapping[str, Any], at: datetime.datetime | None = None
) -> Statement:
    """Change a draft or returned statement's fields named in ``data`` (meeting, speaker,
    speaker_post, language, title, text, file, themes, embargo_until).

    A new ``file`` is stored beside the old one, which is never deleted (its name stays in the
    history); a false ``file`` detaches the file. Saves only the fields that changed, with one
    history row by ``actor``, and refreshes the search vector; changes nothing if nothing
    changed. Raises PermissionDenied unless ``actor`` acts for the statement's stakeholder;
    DeadlinePassed for a delegate after the deadline of the statement's meeting (or of the new
    one); StatementNotEditable unless the statement is a draft or returned; InvalidStatementFile,
    InvalidStatement as statement_create does. Raises ValueError for a key it does not know.
    """
    unknown = set(data) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"statement_update cannot change {sorted(unknown)}")
    at = at or timezone.now()
    _require_act_for(actor, statement, statement.stakeholder)
    with transaction.atomic():
        current = _lock(statement)
        statement_check_editable(actor=actor, statement=current, at=at)
        changed: list[str] = []
        for name in ("meeting", "speaker", "speaker_post", "language", "title", "embargo_until"):
            if name in data:
                value = data[name].strip() if name in {"title", "speaker_post"} else data[name]
                if getattr(current, name) != value:
                    setattr(current, name, value)
                    changed.append(name)
        if "text" in data and current.text != data["text"]:
            current.text = data["text"]
            changed.append("text")
        if "meeting" in changed:
            statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
        if "file" in data:
            upload = data["file"]
            if upload:
                # The file already stored (an unchanged form field) is not a new upload.
                if not (getattr(upload, "_committed", False) and upload.name == current.file.name):
                    _check_file(upload)
                    current.file = upload
                    changed.append("file")
            elif current.file:
                current.file = ""
                changed.append("file")
        if {"speaker", "meeting"} & set(changed) or "speaker_post" in data:
            _check_speaker(speaker=current.speaker, stakeholder=current.stakeholder)
            if current.speaker is not None and not current.speaker_post:
                current.speaker_post = _default_post(
                    speaker=current.speaker,
                    stakeholder=current.stakeholder,
                    meeting=current.meeting,
                )
                if "speaker_post" not in changed:
                    changed.append("speaker_post")
        _check_fields(current)
        themes_changed = False
        if "themes" in data:
            new_ids = {theme.pk for theme in data["themes"]}
            old_ids = set(current.themes.values_list("pk", flat=True))
            if new_ids != old_ids:
                _set_themes_silently(current, data["themes"])
                themes_changed = True
        if not changed and not themes_changed:
            return statement
        _save(current, actor=actor, at=at, update_fields=changed)
        if {"title", "text"} & set(changed):
            statement_search_refresh(statement=current)
    _copy_back(statement, current, [*changed, "updated"])
    return current


def statement_submit(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Submit a draft or returned statement to the Secretariat: state "submitted", the time of
    submission, the reason for an earlier return cleared (the history keeps it).

    Mails the delegation's focal points "Statement received" on commit. Raises PermissionDenied
    unless ``actor`` acts for the statement's stakeholder; DeadlinePassed for a delegate after
    the meeting's deadline; NotSubmittable from another state; StatementIncomplete for a
    statement with neither text nor file.
    """
    at = at or timezone.now()
    _require_act_for(actor, statement, statement.stakeholder)
    with transaction.atomic():
        current = _lock(statement)
        statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
        if current.state not in StatementState.editable_by_delegate():
            raise NotSubmittable(
                _(
                    "Only a draft or a statement returned for correction can be submitted; "
                    "this one is: %(state)s."
                )
                % {"state": current.get_state_display()}
            )
        if not current.text.strip() and not current.file:
            raise StatementIncomplete(
                _("A statement needs its text or a file (PDF or Word) before it is submitted.")
            )
        current.state = StatementState.SUBMITTED
        current.submitted_at = at
        current.return_reason = ""
        _save(current, actor=actor, at=at, update_fields=["state", "submitted_at", "return_reason"])
        _notify([current], event="received")
    _copy_back(statement, current, ["state", "submitted_at", "return_reason", "updated"])
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
    _require_review_statements(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Say why the statement is returned: the delegation reads it."))
    with transaction.atomic():
        current = _lock(statement)
        if current.state != StatementState.SUBMITTED:
            raise NotSubmitted(
                _("Only a submitted statement can be returned for correction; this one is: %(s)s.")
                % {"s": current.get_state_display()}
            )
        current.state = StatementState.RETURNED
        current.return_reason = reason
        _save(current, actor=actor, at=at, update_fields=["state", "return_reason"])
        _notify([current], event="returned")
    _copy_back(statement, current, ["state", "return_reason", "updated"])
    return current


def _publish(current: Statement, *, actor, at: datetime.datetime) -> None:
    current.state = StatementState.PUBLISHED
    current.published_at = at
    _save(current, actor=actor, at=at, update_fields=["state", "published_at"])


def statement_publish(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Publish a submitted statement: state "published" at ``at``; the public sees it from its
    embargo time (check against delivery), or at once without one.

    Mails the delegation's focal points on commit. Raises PermissionDenied unless ``actor`` is
    the Secretariat; NotSubmitted unless the statement is submitted.
    """
    at = at or timezone.now()
    _require_review_statements(actor)
    with transaction.atomic():
        current = _lock(statement)
        if current.state != StatementState.SUBMITTED:
            raise NotSubmitted(
                _("Only a submitted statement can be published; this one is: %(state)s.")
                % {"state": current.get_state_display()}
            )
        _publish(current, actor=actor, at=at)
        _notify([current], event="published")
    _copy_back(statement, current, ["state", "published_at", "updated"])
    return current


def statements_publish_bulk(
    *, actor, ids: Iterable[int], at: datetime.datetime | None = None
) -> list[Statement]:
    """Publish every statement of ``ids``, all or nothing; return them in id order.

    Each gets its own history row by ``actor`` and its delegation a mail on commit. Raises
    PermissionDenied unless ``actor`` is the Secretariat; StatementsNotSubmitted, publishing
    none, if any of them is not submitted (or does not exist): its ``not_submitted`` lists their
    ids and the message names them; StatementError for an empty selection.
    """
    at = at or timezone.now()
    _require_review_statements(actor)
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        raise StatementError(_("Choose the statements to publish."))
    with transaction.atomic():
        rows = {
            s.pk: s
            for s in Statement.objects.select_for_update(of=("self",))
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
        for current in published:
            _publish(current, actor=actor, at=at)
        _notify(published, event="published")
    return published


def statement_withdraw(
    *, actor, statement: Statement, at: datetime.datetime | None = None
) -> Statement:
    """Withdraw a statement, in any state but withdrawn: it leaves the public pages and the
    review queue but stays in the record with its history and file.

    Raises PermissionDenied unless ``actor`` acts for the statement's stakeholder (its
    delegation, or the Secretariat); DeadlinePassed for a delegate after the meeting's deadline;
    AlreadyWithdrawn for a withdrawn statement.
    """
    at = at or timezone.now()
    _require_act_for(actor, statement, statement.stakeholder)
    with transaction.atomic():
        current = _lock(statement)
        statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
        if current.state == StatementState.WITHDRAWN:
            raise AlreadyWithdrawn(_("This statement has already been withdrawn."))
        current.state = StatementState.WITHDRAWN
        _save(current, actor=actor, at=at, update_fields=["state"])
    _copy_back(statement, current, ["state", "updated"])
    return current
