"""Reads of statements for the public pages: the list, its filters, a statement and its history.

Everything here costs a fixed number of queries whatever the number of statements.
"""

import datetime
import functools
import itertools
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Expression,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname

from consultations.models import Meeting, Position, Process, Statement, Theme, Venue
from consultations.selectors.compiled import Compiled, compile_once, run_rows
from consultations.selectors.programme import SLUG, processes_current_first
from registry.collation import page_language, translated_text
from registry.models import RegionalGroup, Stakeholder

# What a saved version must change to count as a revision of the statement (not a review step).
REVISED_FIELDS = ("title", "text", "file", "language", "speaker_id", "speaker_post")


class DateBasis:
    """Which date of a statement a date range applies to."""

    MEETING = "meeting"
    PUBLISHED = "published"


def _with_list_relations(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    # The search vector is only ever read by the database: never fetch it.
    return (
        statements.defer("search_vector")
        .select_related(
            "stakeholder__regional_group", "meeting__venue", "meeting__process", "speaker"
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
    )


def statements_public(
    *, now: datetime.datetime, process: Process | None = None
) -> QuerySet[Statement]:
    """Statements the public may read at ``now`` (published, past their embargo), of every
    process or of ``process`` only, latest published first, with what a list row or an export
    row shows loaded (not the text: rows show the title only)."""
    statements = Statement.objects.public(now=now)
    if process is not None:
        statements = statements.filter(meeting__process=process)
    return _with_list_relations(statements).defer("text").order_by("-published_at", "-pk")


def statements_of_user(*, user) -> QuerySet[Statement]:
    """Every statement of the stakeholders ``user`` is focal point of, in any state, newest
    first, loaded as statements_public loads them (none for anybody else)."""
    return _with_list_relations(Statement.objects.of_user(user)).defer("text").order_by("-pk")


def statement_for_reader(*, user, pk: int, now: datetime.datetime) -> Statement:
    """Statement ``pk`` if ``user`` may read it at ``now``: a public one for anybody, any of their
    own delegations' for a delegate, any for the Secretariat. Raises Statement.DoesNotExist
    otherwise (so another delegation's unpublished statement is a 404, not a 403)."""
    return _with_list_relations(Statement.objects.visible_to(user, now=now)).get(pk=pk)


def statement_positions(*, statement: Statement) -> list[Position]:
    """The positions that cite ``statement``, by issue order."""
    return list(
        statement.positions.select_related("issue", "stakeholder").order_by(
            "issue__order", "issue__title", "stakeholder__name"
        )
    )


@dataclass(frozen=True)
class Revisions:
    """How often a statement's content changed, across every version kept of it."""

    count: int
    versions: int


def statement_revisions(*, statement: Statement) -> Revisions:
    """The saved versions of ``statement`` (its history): ``count`` is how many of them changed
    the title, text, file, language or speaker from the version before; review steps (submit,
    return, publish) and re-tagging are not revisions. One query."""
    versions = list(
        statement.history.order_by("history_date", "history_id").values(*REVISED_FIELDS)
    )
    count = sum(
        1
        for before, after in itertools.pairwise(versions)
        if any(before[name] != after[name] for name in REVISED_FIELDS)
    )
    return Revisions(count=count, versions=len(versions))


# --- Filters ------------------------------------------------------------------------------------
Choices = list[tuple[str, str]]


@dataclass(frozen=True)
class FilterChoices:
    """The options of the statement filters, read in one query each."""

    processes: Choices
    meetings: list[tuple[str, Choices]]  # one process's, under its name
    stakeholders: Choices
    regional_groups: Choices
    themes: Choices


def _choices_process(process_slug: str, meeting_slug: str) -> Expression:
    """The process whose meetings the meeting filter offers: the one chosen, else the chosen
    meeting's, else the current one (the process marked current, else the latest). An
    expression, read in the meetings' own query."""
    candidates = []
    if SLUG.fullmatch(process_slug):
        candidates.append(Process.objects.filter(slug=process_slug).values("pk")[:1])
    if SLUG.fullmatch(meeting_slug):
        candidates.append(Meeting.objects.filter(slug=meeting_slug).values("process_id")[:1])
    candidates.append(processes_current_first().values("pk")[:1])
    subqueries = [Subquery(candidate) for candidate in candidates]
    return Coalesce(*subqueries) if len(subqueries) > 1 else subqueries[0]


def _process_label(prefix: str, language: str) -> Coalesce:
    # What Process.__str__ shows (its short title, else its title), translated by the database.
    return Coalesce(
        NullIf(translated_text(f"{prefix}short_title", language=language), Value("")),
        translated_text(f"{prefix}title", language=language),
    )


def statement_filter_choices(*, process: str = "", meeting: str = "") -> FilterChoices:
    """Every process, stakeholder, regional group and theme, and the meetings of one process
    (``process``'s, else ``meeting``'s, else the current one's), as (slug or code, label)
    pairs, labelled in the page's language (English where it has none): all of them, so that a
    bookmarked filter stays valid when the statements it found are withdrawn, but the meetings
    of one process only, so that the page stays small with hundreds of processes. Five queries;
    the hundreds of labels are translated by the database, not row by row in Python; every read
    but the meetings of a process or meeting chosen is compiled once per worker and language."""
    language = page_language()
    if SLUG.fullmatch(process) or SLUG.fullmatch(meeting):
        offered = _meeting_choices(process, meeting, language)
    else:  # the current process's: the list's first page, compiled once per worker
        offered = run_rows(_current_meeting_choices_sql(connection.vendor, language), None)
    meetings: dict[str, Choices] = defaultdict(list)
    for slug, title, start, time_zone, process_name in offered:
        local_start = start.astimezone(zoneinfo.ZoneInfo(time_zone))
        meetings[process_name].append((slug, f"{title} ({local_start:%Y-%m-%d})"))
    processes, stakeholders, regional_groups, themes = (
        run_rows(read, None) for read in _choices_sql(connection.vendor, language)
    )
    # Broader themes in their order, each followed by its narrower ones in theirs.
    themes.sort(key=lambda t: (t[4], t[5], 1, t[1], t[2]) if t[3] else (t[1], t[2], 0, 0, ""))
    return FilterChoices(
        processes=processes,
        meetings=list(meetings.items()),
        stakeholders=stakeholders,
        regional_groups=regional_groups,
        themes=[
            (slug, f"{parent}: {name}" if parent_id else name)
            for slug, _, name, parent_id, _, parent in themes
        ],
    )


def _meeting_choices(process: str, meeting: str, language: str) -> QuerySet:
    return (
        Meeting.objects.rewrite(False)
        .filter(process_id=_choices_process(process, meeting))
        .order_by("start", "number")
        .values_list(
            "slug",
            translated_text("title", language=language),
            "start",
            "venue__time_zone",
            _process_label("process__", language),
        )
    )


@functools.cache
def _current_meeting_choices_sql(vendor: str, language: str) -> Compiled:
    return compile_once(_meeting_choices("", "", language), placeholder=None)


@functools.cache
def _choices_sql(vendor: str, language: str) -> tuple[Compiled, ...]:
    # The options that are the same on every request (in one language), compiled once per
    # worker: the processes, stakeholders, regional groups and themes.
    return tuple(
        compile_once(choices, placeholder=None)
        for choices in (
            Process.objects.rewrite(False)
            .order_by("-start_date", build_localized_fieldname("title", language))
            .values_list("slug", _process_label("", language)),
            Stakeholder.objects.rewrite(False)
            .order_by(build_localized_fieldname("name", language))
            .values_list("slug", translated_text("name", language=language)),
            RegionalGroup.objects.rewrite(False)
            .order_by("order", build_localized_fieldname("name", language))
            .values_list("code", translated_text("name", language=language)),
            Theme.objects.rewrite(False)
            .order_by("order", build_localized_fieldname("name", language))
            .values_list(
                "slug",
                "order",
                translated_text("name", language=language),
                "parent_id",
                "parent__order",
                translated_text("parent__name", language=language),
            ),
        )
    )


def statements_with_theme(statements: QuerySet[Statement], *, slug: str) -> QuerySet[Statement]:
    """Statements tagged with theme ``slug`` or with one of its narrower themes."""
    tagged = Statement.themes.through.objects.filter(
        Q(theme__slug=slug) | Q(theme__parent__slug=slug)
    ).values("statement_id")
    return statements.filter(pk__in=tagged)


def _local_midnight_utc(day: datetime.date, time_zone: str) -> datetime.datetime:
    local = datetime.datetime.combine(day, datetime.time(), tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(datetime.UTC)


def statements_in_date_range(
    statements: QuerySet[Statement],
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    by: str = DateBasis.MEETING,
) -> QuerySet[Statement]:
    """Statements whose meeting started (``by="meeting"``) or that were published
    (``by="published"``) from ``start`` to ``end`` inclusive, each day taken in the time zone of
    the meeting's venue, as every date on the site is shown. One query (the venues)."""
    if start is None and end is None:
        return statements
    field = "meeting__start" if by == DateBasis.MEETING else "published_at"
    venues_by_zone: dict[str, list[int]] = defaultdict(list)
    for pk, time_zone in Venue.objects.values_list("pk", "time_zone"):
        venues_by_zone[time_zone].append(pk)
    condition = None
    for time_zone, venue_ids in venues_by_zone.items():
        in_zone = Q(meeting__venue_id__in=venue_ids)
        if start is not None:
            in_zone &= Q(**{f"{field}__gte": _local_midnight_utc(start, time_zone)})
        if end is not None:
            next_day = end + datetime.timedelta(days=1)
            in_zone &= Q(**{f"{field}__lt": _local_midnight_utc(next_day, time_zone)})
        condition = in_zone if condition is None else condition | in_zone
    return statements.none() if condition is None else statements.filter(condition)
