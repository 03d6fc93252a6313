"""The public search of the whole record (``/search/``): processes and their links, meetings
and what the record notes of them, documents, groupings and their history, stakeholders,
people and their posts, and the published statements.

Every kind but statements is matched by ``consultations.search.records_matching`` (the same
reading of a query as the statements search, on either database); statements by
``statements_matching``, counted up to ``SEARCH_COUNT_LIMIT`` like the statements list, which
the results link to. Each hit leads to the public page that shows it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from consultations.models import Document, Meeting, Process
from consultations.search import SEARCH_COUNT_LIMIT, records_matching, statements_matching
from consultations.selectors.statements_public import statements_public
from registry.models import Appointment, Grouping, Person, Stakeholder

# Hits shown for each kind of record; the count says how many more there are.
HITS_PER_KIND = 20


@dataclass(frozen=True)
class RecordHit:
    """One record found: its name, the page that shows it, and a line that places it."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class RecordKind:
    """The hits of one kind of record (the first HITS_PER_KIND) and how many there are."""

    key: str
    label: str
    hits: list[RecordHit]
    count: int


@dataclass(frozen=True)
class RecordSearch:
    query: str
    kinds: list[RecordKind] = field(default_factory=list)
    statements_count: int = 0
    statements_more: bool = False
    statements_url: str = ""

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds) + self.statements_count


def _date(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _process_hit(process: Process) -> RecordHit:
    dates = f"{_date(process.start_date)} \u2013 {_date(process.end_date)}"
    return RecordHit(process.title, reverse("p:programme", args=[process.slug]), dates)


def _meeting_hit(meeting: Meeting) -> RecordHit:
    start = meeting.start.astimezone(meeting.venue.tzinfo).date()
    return RecordHit(
        meeting.title, meeting.get_absolute_url(), f"{meeting.process} · {_date(start)}"
    )


def _document_hit(document: Document) -> RecordHit:
    # A document has no page of its own: the programme of a process that cites it lists it.
    links = list(document.process_links.all())
    url = reverse("p:programme", args=[links[0].process.slug]) if links else ""
    return RecordHit(str(document), url, _date(document.date))


def _grouping_hit(grouping: Grouping) -> RecordHit:
    return RecordHit(grouping.name, grouping.get_absolute_url(), grouping.get_kind_display())


def _stakeholder_hit(stakeholder: Stakeholder) -> RecordHit:
    return RecordHit(
        stakeholder.name, stakeholder.get_absolute_url(), stakeholder.get_kind_display()
    )


def _person_hit(person: Person) -> RecordHit:
    posts = "; ".join(f"{a.post}, {a.stakeholder.display_short_name}" for a in person.found_posts)
    return RecordHit(str(person), person.get_absolute_url(), posts)


# key, label, queryset, the fields searched, how a row becomes a hit
_KINDS: list[tuple[str, str, Callable[[], QuerySet], tuple[str, ...], Callable[[Model], RecordHit]]]
_KINDS = [
    (
        "processes",
        _("Processes"),
        lambda: Process.objects.order_by("-start_date"),
        ("title", "short_title", "description", "follow_up", "links__title", "links__url"),
        _process_hit,
    ),
    (
        "meetings",
        _("Meetings"),
        lambda: Meeting.objects.select_related("process", "venue").order_by("start", "pk"),
        ("title", "description", "theme__name", "notes__heading", "notes__text"),
        _meeting_hit,
    ),
    (
        "documents",
        _("Documents"),
        lambda: (
            Document.objects.select_related("part_of")
            .prefetch_related("process_links__process")
            .order_by("date", "pk")
        ),
        ("symbol", "title", "summary"),
        _document_hit,
    ),
    (
        "groupings",
        _("Groupings"),
        lambda: Grouping.objects.order_by("name"),
        ("name", "short_name", "description", "events__title", "events__description"),
        _grouping_hit,
    ),
    (
        "stakeholders",
        _("Stakeholders"),
        lambda: Stakeholder.objects.order_by("name"),
        ("name", "short_name", "iso3", "description"),
        _stakeholder_hit,
    ),
    (
        "people",
        _("People"),
        lambda: Person.objects.order_by("family_name", "given_name"),
        ("given_name", "family_name", "appointments__post", "appointments__source"),
        _person_hit,
    ),
]


def _people_with_posts(people: list[Person]) -> list[Person]:
    """``people``, each with ``found_posts``: their appointments, in one query."""
    posts: dict[int, list] = {}
    for appointment in Appointment.objects.filter(person__in=people).select_related("stakeholder"):
        posts.setdefault(appointment.person_id, []).append(appointment)
    for person in people:
        person.found_posts = posts.get(person.pk, [])
    return people


def record_search(*, query: str, now: datetime.datetime) -> RecordSearch:
    """Every public record that ``query`` finds, by kind: the first HITS_PER_KIND of each
    and each kind's count, a kind with a hit named by the whole query first. Then the
    published statements at ``now`` it finds (counted up to SEARCH_COUNT_LIMIT;
    ``statements_more`` past it). A blank query finds nothing. Changes nothing, raises
    nothing."""
    query = (query or "").strip()
    if not query:
        return RecordSearch(query="")
    kinds = []
    for key, label, rows, fields, hit in _KINDS:
        matching = records_matching(rows(), query, fields=fields)
        count = matching.count()
        if not count:
            continue
        found = list(matching[:HITS_PER_KIND])
        if key == "people":
            found = _people_with_posts(found)
        kinds.append(RecordKind(key, str(label), [hit(row) for row in found], count))
    # The kinds whose hit is named by the whole query first: "Geneva Migration Group" leads
    # to the grouping before the meetings that mention it.
    kinds.sort(key=lambda kind: not any(query.lower() in h.title.lower() for h in kind.hits))
    statements = statements_matching(statements_public(now=now), query)
    statements_count = statements[: SEARCH_COUNT_LIMIT + 1].count()
    return RecordSearch(
        query=query,
        kinds=kinds,
        statements_count=min(statements_count, SEARCH_COUNT_LIMIT),
        statements_more=statements_count > SEARCH_COUNT_LIMIT,
        statements_url=f"{reverse('statements')}?{urlencode({'q': query})}",
    )
