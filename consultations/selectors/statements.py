"""Reads of statement intake: a delegation's statements, the review queue, the revisions.

Each selector runs a fixed number of queries, whatever the number of statements or revisions.
"""

import datetime
import difflib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.formats import date_format

from consultations.choices import Language, StatementState
from consultations.clock_horizon import changes_at
from consultations.models import Meeting, Process, Statement, Theme
from consultations.models.statements import STATEMENT_EDITABLE_FIELDS
from registry.models import Person, User

# The fields a revision is compared on: what a delegation or the Secretariat can change.
COMPARED_FIELDS = (
    *STATEMENT_EDITABLE_FIELDS,
    "state",
    "return_reason",
    "submitted_at",
    "published_at",
)


def _for_lists(related=("meeting__venue", "meeting__process", "stakeholder", "speaker")):
    # A list shows titles: the text and the search vector (kilobytes a row) stay in the table.
    return Statement.objects.select_related(*related).defer("text", "search_vector")


# --- the delegation's statements ---------------------------------------------------------------
@dataclass(frozen=True)
class StatementRow:
    """A statement with what its delegation may still do with it."""

    statement: Statement
    can_edit: bool  # change or submit: draft or returned, before the deadline
    can_withdraw: bool
    deadline_passed: bool

    @property
    def state(self) -> StatementState:
        """The statement's state, with its label, badge and what may follow it."""
        return StatementState(self.statement.state)


def statement_row(*, statement: Statement, at: datetime.datetime | None = None) -> StatementRow:
    """What the delegation may do with ``statement`` at ``at``; no query (meeting loaded)."""
    at = at or timezone.now()
    deadline = statement.meeting.statement_deadline
    changes_at(deadline, at)
    passed = deadline is not None and at >= deadline
    return StatementRow(
        statement=statement,
        can_edit=not passed and StatementState(statement.state).delegate_may_change,
        can_withdraw=not passed and StatementState(statement.state).may_be_withdrawn,
        deadline_passed=passed,
    )


def delegate_statements(
    *, user, process: Process | None = None, statements=None
) -> list[StatementRow]:
    """The statements of every stakeholder ``user`` is focal point of, in any state, most
    recently changed first (only ``process``'s meetings if given), read from ``statements``
    (by default as lists show them, with venue, process and speaker). One query."""
    if statements is None:
        statements = _for_lists()
    statements = statements.of_user(user).order_by("-updated", "-pk")
    if process is not None:
        statements = statements.filter(meeting__process=process)
    now = timezone.now()
    return [statement_row(statement=s, at=now) for s in statements]


@dataclass(frozen=True)
class StateGroup:
    state: StatementState
    rows: list[StatementRow]


def statements_by_state(rows: list[StatementRow]) -> list[StateGroup]:
    """``rows`` grouped by state in the order of the workflow, empty states left out."""
    groups = []
    for state in StatementState:
        in_state = [row for row in rows if row.statement.state == state]
        if in_state:
            groups.append(StateGroup(state=state, rows=in_state))
    return groups


def portal_context(*, user, process: Process) -> dict:
    """Context for templates/consultations/statements/_portal.html in the delegate portal:
    ``statement_groups``, the user's statements at ``process``'s meetings by state. One query,
    of what the block prints: each statement with its meeting and stakeholder only."""
    rows = delegate_statements(
        user=user,
        process=process,
        statements=_for_lists(related=("meeting", "stakeholder")),
    )
    return {"statement_groups": statements_by_state(rows), "statement_count": len(rows)}


# --- the Secretariat's review -------------------------------------------------------------------
def review_queue(
    *,
    process: Process | None = None,
    meeting: Meeting | None = None,
    state: str | None = None,
):
    """Statements submitted at least once, submitted first (oldest submission first), then the
    others most recently changed first; filtered by process, meeting and state. A lazy
    queryset. Never-submitted drafts are left out: they are the delegation's alone."""
    statements = (
        _for_lists()
        .seen_by_secretariat()
        .annotate(
            queue_order=Case(
                When(state=StatementState.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )
    if process is not None:
        statements = statements.filter(meeting__process=process)
    if meeting is not None:
        statements = statements.filter(meeting=meeting)
    if state:
        statements = statements.filter(state=state)
    return statements.order_by("queue_order", "submitted_at", "-updated", "-pk")


@dataclass(frozen=True)
class StateCount:
    state: StatementState
    count: int


def statement_counts(*, process: Process) -> list[StateCount]:
    """How many statements of ``process``'s meetings, submitted at least once, are in each
    state a submission can lead to (in the order of the workflow). Never-submitted drafts are
    not counted: the Secretariat does not see them. One query."""
    counts = dict(
        Statement.objects.seen_by_secretariat()
        .filter(meeting__process=process)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    # No "draft" row: a statement submitted once is never a draft again.
    return [
        StateCount(state=state, count=counts.get(state.value, 0))
        for state in StatementState
        if state != StatementState.DRAFT
    ]


def dashboard_context(*, process: Process) -> dict:
    """Context for templates/consultations/statements/_dashboard.html: ``statement_counts``."""
    return {"statement_counts": statement_counts(process=process)}


# --- revisions ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    """One field that differs from the revision before: its name, label and both values."""

    field: str
    label: str
    old: str
    new: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # the text's (kind, line) diff


@dataclass(frozen=True)
class Revision:
    """One saved version of a statement, numbered from 1, with what changed since the last."""

    record: object  # the HistoricalStatement row
    number: int
    author: User | None
    at: datetime.datetime
    at_local: datetime.datetime
    state: StatementState
    themes: list[Theme]
    changes: list[FieldChange]

    @property
    def history_id(self) -> int:
        return self.record.history_id

    @property
    def changed_fields(self) -> list[str]:
        return [change.field for change in self.changes]


def _text_lines(old: str, new: str) -> list[tuple[str, str]]:
    """A line diff: ("removed" | "added" | "same", line)."""
    kinds = {"- ": "removed", "+ ": "added", "  ": "same"}
    return [
        (kinds[line[:2]], line[2:])
        for line in difflib.ndiff(old.splitlines(), new.splitlines())
        if line[:2] in kinds
    ]


class _Display:
    """Turns a history row's raw values into what a reader sees, from preloaded lookups."""

    def __init__(self, *, tz: zoneinfo.ZoneInfo, meetings: dict, persons: dict, themes: dict):
        self.tz = tz
        self.meetings = meetings
        self.persons = persons
        self.themes = themes

    def moment(self, value: datetime.datetime | None) -> str:
        if value is None:
            return ""
        return date_format(value.astimezone(self.tz), "j F Y, H:i T")

    def value(self, record, name: str, theme_ids: list[int]) -> str:
        if name == "themes":
            return "; ".join(str(self.themes[pk]) for pk in theme_ids if pk in self.themes)
        if name == "meeting":
            meeting = self.meetings.get(record.meeting_id)
            return str(meeting) if meeting else ""
        if name == "speaker":
            person = self.persons.get(record.speaker_id)
            return str(person) if person else ""
        if name == "language":
            return str(Language(record.language).label) if record.language else ""
        if name == "state":
            return str(StatementState(record.state).label)
        if name == "file":
            return PurePosixPath(_file_name(record)).name
        value = getattr(record, name)
        if isinstance(value, datetime.datetime):
            return self.moment(value)
        return "" if value is None else str(value)


def _file_name(record) -> str:
    """The stored file's name: the history keeps it as text (a FieldFile on a statement)."""
    return getattr(record.file, "name", record.file) or ""


def _raw(record, name: str, theme_ids: list[int]):
    if name == "themes":
        return sorted(theme_ids)
    if name == "file":
        return _file_name(record)
    return getattr(record, Statement._meta.get_field(name).attname)


def statement_revisions(*, statement: Statement) -> list[Revision]:
    """Every saved version of ``statement``, oldest first, each with its author, time, state,
    themes and the fields changed since the version before (none for the first), with both
    values and, for the text, a line diff.

    Five queries whatever the number of versions: the history rows with their authors, their
    themes, and the meetings, persons and themes they name. ``statement`` should come with
    ``meeting__venue`` loaded (times show in the venue's time zone).
    """
    history_model = Statement.history.model
    records = list(
        statement.history.select_related("history_user").order_by("history_date", "history_id")
    )
    theme_ids: dict[int, list[int]] = {record.history_id: [] for record in records}
    for history_id, theme_id in (
        history_model.themes.model.objects.filter(history_id__in=list(theme_ids))
        .order_by("theme_id")
        .values_list("history_id", "theme_id")
    ):
        theme_ids[history_id].append(theme_id)
    themes = {
        theme.pk: theme
        for theme in Theme.objects.select_related("parent").filter(
            pk__in={pk for ids in theme_ids.values() for pk in ids}
        )
    }
    meetings = Meeting.objects.in_bulk({record.meeting_id for record in records})
    persons = Person.objects.in_bulk(
        {record.speaker_id for record in records if record.speaker_id is not None}
    )
    display = _Display(
        tz=statement.meeting.venue.tzinfo, meetings=meetings, persons=persons, themes=themes
    )
    revisions = []
    previous = None
    for number, record in enumerate(records, start=1):
        ids = theme_ids[record.history_id]
        changes = []
        if previous is not None:
            before, before_ids = previous
            for name in COMPARED_FIELDS:
                if _raw(before, name, before_ids) == _raw(record, name, ids):
                    continue
                old = display.value(before, name, before_ids)
                new = display.value(record, name, ids)
                changes.append(
                    FieldChange(
                        field=name,
                        label=str(Statement._meta.get_field(name).verbose_name),
                        old=old,
                        new=new,
                        lines=_text_lines(before.text, record.text) if name == "text" else [],
                    )
                )
        revisions.append(
            Revision(
                record=record,
                number=number,
                author=record.history_user,
                at=record.history_date,
                at_local=record.history_date.astimezone(display.tz),
                state=StatementState(record.state),
                themes=[themes[pk] for pk in ids if pk in themes],
                changes=changes,
            )
        )
        previous = (record, ids)
    return revisions
