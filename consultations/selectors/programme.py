"""Reads of the programme: processes, their documents and meetings, days in venue time."""

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from consultations.choices import DocumentRole, MeetingKind, MeetingStatus
from consultations.models import (
    Delegation,
    Meeting,
    MeetingChair,
    MeetingNote,
    Process,
    ProcessDocument,
)
from consultations.selectors.compiled import (
    ANY_ID,
    ANY_SLUG,
    Compiled,
    compile_once,
    run_instances,
    run_rows,
)
from consultations.selectors.illustrative import count_annotations, counts_keep
from consultations.selectors.meetings import ScheduleWarning, meetings_conflicts
from consultations.venue_time import MAIN_VENUE_ZONE, main_venue_zone
from registry.collation import page_columns, page_language, translated_text
from registry.models import Person
from registry.permissions import stakeholder_ids

PREPARATORY_KINDS = [MeetingKind.PREPARATORY_PANEL]
DIALOGUE_KINDS = [MeetingKind.PLENARY, MeetingKind.ROUND_TABLE, MeetingKind.OTHER]
FOLLOW_UP_KINDS = [MeetingKind.FORUM]


@dataclass(frozen=True)
class MeetingDay:
    """The meetings that start on one calendar day in their venues' time zones."""

    date: datetime.date
    meetings: list[Meeting]


@dataclass
class Programme:
    """The documents of a process's timeline, by their role: its mandate and background, its
    outcome and follow-up."""

    process: Process
    mandate: list[ProcessDocument] = field(default_factory=list)
    background: list[ProcessDocument] = field(default_factory=list)
    outcome: list[ProcessDocument] = field(default_factory=list)
    follow_up_documents: list[ProcessDocument] = field(default_factory=list)


def processes_current_first() -> QuerySet[Process]:
    """Every process, the one marked current first, then latest first: the first of them is
    the process a page shows when none is chosen (the current one, else the latest)."""
    return Process.objects.order_by("-is_current", *Process._meta.ordering, "-pk")


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def process_by_slug(*, slug: str) -> Process:
    """The process with ``slug``; raises Process.DoesNotExist, also for a value that cannot be
    a slug (a NUL byte would otherwise reach PostgreSQL and fail there)."""
    return Process.objects.get(slug=_slug_checked(slug))


def _slug_checked(slug: str) -> str:
    if not SLUG.fullmatch(slug):
        raise Process.DoesNotExist(slug)
    return slug


def process_list() -> QuerySet[Process]:
    """Every process, latest first, for a switcher (titles and dates only)."""
    return Process.objects.only(
        "slug", "title", "short_title", "start_date", "end_date", "is_current"
    )


class ProcessMenuRow(NamedTuple):
    """A process as a menu of processes shows it (the programme's menu of every process, the
    switcher of a signed-in page): a few columns, not a model instance (hundreds of them cost
    more than the rest of the programme page)."""

    pk: int
    slug: str
    title: str  # in the page's language, as the model's field reads it
    short_title: str
    start_date: datetime.date
    is_current: bool

    __str__ = Process.__str__  # the label of a process, stated once on the model


def process_menu(processes: QuerySet[Process] | None = None) -> list[ProcessMenuRow]:
    """``processes`` (every process by default, by a read compiled once per worker and
    language; else ``process_list`` or a filter of it), latest first, as ProcessMenuRow, in the
    page's language. One query."""
    language = page_language()
    if processes is None:
        rows = run_rows(_every_process_menu_sql(connection.vendor, language), None)
    else:
        rows = _menu_rows(processes, language)
    return [ProcessMenuRow._make(row) for row in rows]


def _menu_rows(processes: QuerySet[Process], language: str) -> QuerySet:
    # The titles are translated by the database: modeltranslation's own values_list makes a
    # model instance of each row to find its fallbacks (3.7 ms for 300 processes).
    columns = [
        translated_text(name, language=language) if name in ("title", "short_title") else name
        for name in ProcessMenuRow._fields
    ]
    return processes.rewrite(False).values_list(*columns)


@functools.cache
def _every_process_menu_sql(vendor: str, language: str) -> Compiled:
    return compile_once(_menu_rows(process_list(), language), placeholder=None)


def processes_for_user(*, user) -> QuerySet[Process]:
    """The processes ``user`` may switch between: every one for the Secretariat; for anyone
    else, those in which a stakeholder the user is focal point of has a delegation."""
    processes = process_list()
    if user.has_perm("registry.access_secretariat"):
        return processes
    delegated = Delegation.objects.filter(
        process=OuterRef("pk"), stakeholder_id__in=stakeholder_ids(user)
    )
    return processes.filter(Exists(delegated))


# What process_for_page finds a process by, and what stands for the value in its query.
_PAGE_LOOKUPS = {"pk": ANY_ID, "slug": ANY_SLUG, None: None}


@functools.cache
def _process_for_page_sql(vendor: str, by: str | None) -> Compiled:
    # Compiled once per worker: building the counts' nine subqueries costs more than running them.
    processes = processes_current_first().annotate(
        **count_annotations(), **{MAIN_VENUE_ZONE: main_venue_zone()}
    )
    processes = processes[:1] if by is None else processes.filter(**{by: _PAGE_LOOKUPS[by]})
    return compile_once(processes, placeholder=_PAGE_LOOKUPS[by])


def process_for_page(*, pk: int | None = None, slug: str | None = None) -> Process | None:
    """The process ``pk`` or ``slug``, else the first of ``processes_current_first``, whole, with
    what a page of it reads besides: the counts of its illustrative rows (``illustrative_note``)
    and its main venue's zone (``process_zone``). One query. Raises Process.DoesNotExist for a
    ``pk`` or ``slug`` that names none (``process_by_slug``); None when there is no process."""
    by, value = ("pk", pk) if pk is not None else ("slug", slug) if slug else (None, None)
    if by == "slug":
        value = _slug_checked(value)
    rows = run_instances(_process_for_page_sql(connection.vendor, by), value)
    if not rows:
        if by is None:
            return None
        raise Process.DoesNotExist(value)
    counts_keep(rows[0], rows[0])
    return rows[0]


def process_documents(
    *, process: Process, role: DocumentRole | None = None
) -> QuerySet[ProcessDocument]:
    """The documents of ``process`` (of one ``role`` if given), document loaded, in order."""
    links = process.process_documents.select_related("document").prefetch_related(
        "document__versions"
    )
    if role is not None:
        links = links.filter(role=role)
    return links.order_by("order", "document__date", "pk")


MEETING_ORDER = ("start", "number", "pk")


@functools.cache
def _programme_meetings_sql(vendor: str, language: str) -> Compiled:
    meetings = (
        Meeting.objects.filter(process_id=ANY_ID)
        .select_related("venue", "room", "theme")
        .only("process", "venue", "room", "theme", *_meeting_columns(language))
    )
    return compile_once(meetings.order_by(*MEETING_ORDER), placeholder=ANY_ID)


def programme_meetings(*, process: Process) -> list[Meeting]:
    """The meetings of ``process`` with their venue, room and theme loaded, in time order
    (their chairs: ``programme_chairs``), of each the columns its pages, rows, calendar event
    and JSON read (``_meeting_columns``). Each meeting's ``process`` is ``process`` itself: no
    join reads it again. One query, compiled once per worker and language."""
    meetings = run_instances(
        _programme_meetings_sql(connection.vendor, page_language()), process.pk
    )
    for meeting in meetings:
        Meeting.process.field.set_cached_value(meeting, process)
    return meetings


def _meeting_columns(language: str) -> tuple[str, ...]:
    """What a meeting's page, its row of the programme, its calendar event and its JSON read of
    the meeting, its venue, room and theme: of a translated field, the page's language and
    English only (as ``{% tr %}`` and the field itself read them). Any other column is read
    when first used, one query each."""
    return (
        *("slug", "kind", "number", "start", "end", "status", "is_illustrative", "source"),
        *page_columns("title", "description", language=language),
        "venue__time_zone",
        *page_columns("venue__name", "venue__city", "venue__country", language=language),
        *page_columns("room__name", "theme__name", language=language),
        "theme__slug",
    )


def _chair_columns(language: str) -> tuple[str, ...]:
    """What a meeting's page, its calendar event and its JSON read of a chair, its person and
    stakeholder."""
    return (
        *("meeting", "role", "order", "is_illustrative", "source"),
        *("person__slug", *Person.name_columns("person")),
        *("stakeholder__slug", "stakeholder__kind"),
        *page_columns("stakeholder__name", language=language),
    )


def programme_meetings_all(*, chairs: bool = True) -> QuerySet[Meeting]:
    """The meetings of every process with their process, venue, room and theme loaded (and
    their chairs unless ``chairs`` is False), in time order."""
    meetings = Meeting.objects.select_related("process", "venue", "room", "theme").order_by(
        *MEETING_ORDER
    )
    return meetings.prefetch_related(_chairs_prefetch()) if chairs else meetings


def programme_chairs(*, process: Process | None = None) -> dict[int, list[MeetingChair]]:
    """The chairs of the meetings of ``process`` (of every process without one) by meeting id,
    each meeting's in order, person and stakeholder loaded. One query: for a whole programme
    it costs less than a prefetch, which builds a queryset for each meeting."""
    if process is None:
        chairs = _chairs()
    else:
        chairs = run_instances(_process_chairs_sql(connection.vendor, page_language()), process.pk)
    by_meeting: dict[int, list[MeetingChair]] = defaultdict(list)
    for chair in chairs:
        by_meeting[chair.meeting_id].append(chair)
    return by_meeting


@functools.cache
def _process_chairs_sql(vendor: str, language: str) -> Compiled:
    chairs = _chairs().only(*_chair_columns(language)).filter(meeting__process_id=ANY_ID)
    return compile_once(chairs, placeholder=ANY_ID)


def meetings_by_day(*, meetings: Iterable[Meeting]) -> list[MeetingDay]:
    """Group ``meetings`` by the day they start on in their venue's time zone, days in order.

    A meeting at 23:30 in New York stays on its New York day, although it is the next day in
    UTC. Within a day, meetings keep the order they came in.
    """
    days: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        days[meeting.local_start.date()].append(meeting)
    return [MeetingDay(date=day, meetings=days[day]) for day in sorted(days)]


def programme_documents(*, process: Process) -> Programme:
    """The documents of ``process``'s timeline by their role, in two queries (the links with
    their documents, and the documents' versions). The programme's sections read their
    meetings themselves (consultations/fragments_programme.py)."""
    programme = Programme(process=process)
    documents_by_role = {
        DocumentRole.MANDATE: programme.mandate,
        DocumentRole.BACKGROUND: programme.background,
        DocumentRole.OUTCOME: programme.outcome,
        DocumentRole.FOLLOW_UP: programme.follow_up_documents,
    }
    for link in process_documents(process=process):
        documents_by_role[link.role].append(link)
    return programme


def meeting_detail(*, slug: str) -> Meeting:
    """The meeting with its process, venue, room, theme, speakers list and its floor
    (``speakers_list`` raises SpeakersList.DoesNotExist when it has none, its ``floor``
    Floor.DoesNotExist before the first sitting), chairs and the notes the record keeps of it
    (``notes``: by heading, in order); raises DoesNotExist.

    Three queries compiled once per worker and language (``_meeting_detail_sql``), of the
    columns that the meeting's page, its calendar file and the API's meeting read: of a
    translated field, the page's language and English only (as ``{% tr %}`` and the field
    itself read them). Any other column is read when first used, one query each."""
    reads = _meeting_detail_sql(connection.vendor, page_language())
    meetings = run_instances(reads.meeting, slug)
    if not meetings:
        raise Meeting.DoesNotExist(slug)
    meeting = meetings[0]
    _prefetched(meeting, "chairs", run_instances(reads.chairs, meeting.pk))
    _prefetched(meeting, "notes", run_instances(reads.notes, meeting.pk))
    return meeting


class _MeetingReads(NamedTuple):
    """meeting_detail's queries: the meeting by slug, its chairs and its notes by its id."""

    meeting: Compiled
    chairs: Compiled
    notes: Compiled


@functools.cache
def _meeting_detail_sql(vendor: str, language: str) -> _MeetingReads:
    shown = functools.partial(page_columns, language=language)
    meeting = (
        Meeting.objects.select_related("process", "venue", "room", "theme", "speakers_list__floor")
        .only(
            *_meeting_columns(language),
            *("process__slug", "process__is_current", "process__illustrative_note"),
            *shown("process__title", "process__short_title"),
            *("speakers_list__opens_at", "speakers_list__closes_at", "speakers_list__status"),
            *("speakers_list__minutes_per_speaker", "speakers_list__note"),
            *("speakers_list__floor__current", "speakers_list__floor__in_session"),
            "speakers_list__floor__version",
        )
        .filter(slug=ANY_SLUG)
        .order_by()
    )
    chairs = _chairs().only(*_chair_columns(language)).filter(meeting_id=ANY_ID)
    notes = MeetingNote.objects.only("heading", "text", "order", "source").filter(meetings=ANY_ID)
    return _MeetingReads(
        meeting=compile_once(meeting, placeholder=ANY_SLUG),
        chairs=compile_once(chairs, placeholder=ANY_ID),
        notes=compile_once(notes, placeholder=ANY_ID),
    )


def _prefetched(instance, name: str, rows: list) -> None:
    """Keep ``rows`` as ``instance``'s related ``name``, as ``prefetch_related`` keeps them:
    ``instance.<name>.all()`` reads them, with no query."""
    rows_queryset = getattr(instance, name).all()
    rows_queryset._result_cache = rows
    rows_queryset._prefetch_done = True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        name: rows_queryset,
    }


def delegations_expected(*, meeting: Meeting) -> QuerySet[Delegation]:
    """The delegations expected at a meeting open to the whole process (not a round table),
    by name, with stakeholder and regional group loaded.

    A round table seats the delegations allocated to it (``selectors.seats.meeting_seats``);
    every other meeting is open to each delegation of the process.
    """
    if meeting.kind == MeetingKind.ROUND_TABLE:
        return Delegation.objects.none()
    return (
        Delegation.objects.filter(process_id=meeting.process_id)
        .select_related("stakeholder", "stakeholder__regional_group")
        .order_by("stakeholder__name")
    )


def meeting_expected_delegations(*, meeting: Meeting) -> list[Delegation]:
    """``delegations_expected`` as a list. One query (none for a round table)."""
    return list(delegations_expected(meeting=meeting))


def meetings_near(
    *, process: Process, now: datetime.datetime | None = None, limit: int = 3
) -> tuple[list[Meeting], list[Meeting]]:
    """The next meetings (not yet ended) and the most recent ones of ``process``; two queries."""
    now = now or timezone.now()
    meetings = process.meetings.select_related("venue", "room", "theme").exclude(
        status=MeetingStatus.CANCELLED
    )
    upcoming = list(meetings.filter(end__gt=now).order_by("start", "pk")[:limit])
    recent = list(meetings.filter(end__lte=now).order_by("-start", "-pk")[:limit])
    return upcoming, recent


@dataclass(frozen=True)
class ProgrammeDashboard:
    """What the Secretariat dashboard shows of the programme."""

    upcoming: list[Meeting]
    conflicts: list[tuple[Meeting, ScheduleWarning]]


def programme_dashboard(
    *, process: Process, now: datetime.datetime | None = None, limit: int = 10
) -> ProgrammeDashboard:
    """The process's next ``limit`` active meetings and every clash of its meetings.

    Constant queries: one for the upcoming meetings, one for all meetings, three for clashes.
    """
    now = now or timezone.now()
    upcoming = list(
        process.meetings.select_related("venue", "room")
        .filter(end__gt=now, status__in=MeetingStatus.active())
        .order_by("start", "pk")[:limit]
    )
    meetings = list(
        process.meetings.select_related("process", "venue", "room").order_by("start", "pk")
    )
    clashes = meetings_conflicts(meetings=meetings)
    conflicts = [(m, warning) for m in meetings for warning in clashes.get(m.pk, [])]
    return ProgrammeDashboard(upcoming=upcoming, conflicts=conflicts)


def dashboard_context(*, process: Process, now: datetime.datetime | None = None) -> dict:
    """Context for templates/consultations/programme/_dashboard.html on the Secretariat page."""
    return {"programme_dashboard": programme_dashboard(process=process, now=now)}


def _chairs() -> QuerySet[MeetingChair]:
    return MeetingChair.objects.select_related("person", "stakeholder").order_by("order", "pk")


def _chairs_prefetch() -> Prefetch:
    return Prefetch("chairs", queryset=_chairs())
