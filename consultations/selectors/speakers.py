"""Reads of speakers lists: the order, when each speaker is expected, who spoke and how long.

A speaker is expected to take the floor at the meeting's start plus the time of the speakers
before: the seconds actually spoken for those who have spoken, the list's minutes per speaker
for the others. Every read here costs a fixed number of queries whatever the list's length.
"""

import datetime
import functools
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from consultations.choices import (
    InscriptionStatus,
    LevelRequestStatus,
    SpeakersListAction,
    SpeakersListState,
)
from consultations.models import (
    Delegation,
    DelegationMember,
    Inscription,
    InscriptionMove,
    Meeting,
    SpeakersList,
)
from consultations.selectors.compiled import ANY_ID, Compiled, compile_once, run_instances
from registry.choices import ProtocolRank
from registry.collation import translated_text
from registry.models import Person
from registry.permissions import stakeholder_ids


def format_seconds(seconds: int | None) -> str:
    """Seconds as minutes:seconds, e.g. 270 -> "4:30"; "" for none."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


@dataclass(frozen=True)
class SpeakerRow:
    """One place on a speakers list, with the times the list implies for it."""

    inscription: Inscription
    place: int
    expected_at: datetime.datetime  # UTC
    expected_local: datetime.datetime  # in the venue's time zone
    allotted_seconds: int  # what the row counts for in the expected times
    status: str
    actual_seconds: int | None

    @property
    def actual_duration(self) -> str:
        return format_seconds(self.actual_seconds)

    @property
    def spoke(self) -> bool:
        return self.status == InscriptionStatus.SPOKE

    @property
    def expected_end(self) -> datetime.datetime:
        return self.expected_at + datetime.timedelta(seconds=self.allotted_seconds)

    @property
    def overruns(self) -> bool:
        """True when this speaker is expected to finish after the meeting ends."""
        return self.expected_end > self.inscription.speakers_list.meeting.end


@dataclass(frozen=True)
class MeetingSpeakers:
    """A meeting's speakers list in order, with expected times and the overrun warning."""

    speakers_list: SpeakersList
    rows: list[SpeakerRow]
    withdrawn: list[Inscription]
    expected_end: datetime.datetime  # UTC: when the last speaker is expected to finish
    overruns: bool
    moves: list[InscriptionMove] = field(default_factory=list)

    @property
    def meeting(self) -> Meeting:
        return self.speakers_list.meeting

    @property
    def process(self):
        return self.speakers_list.meeting.process

    @property
    def time_zone(self) -> str:
        return self.speakers_list.meeting.venue.time_zone

    @property
    def meeting_end(self) -> datetime.datetime:
        return self.speakers_list.meeting.end

    @property
    def expected_end_local(self) -> datetime.datetime:
        return self.expected_end.astimezone(self.speakers_list.meeting.venue.tzinfo)

    @property
    def overrun_seconds(self) -> int:
        return max(0, int((self.expected_end - self.meeting_end).total_seconds()))

    @property
    def overrun_duration(self) -> str:
        return format_seconds(self.overrun_seconds)

    @property
    def spoken_count(self) -> int:
        return sum(1 for row in self.rows if row.spoke)

    @property
    def pending_level_requests(self) -> list[Inscription]:
        """Speakers placed at their registered level while a higher one awaits the
        Secretariat, in list order."""
        return [row.inscription for row in self.rows if row.inscription.level_request_pending]

    @property
    def level_decisions(self) -> list[Inscription]:
        """Inscriptions whose requested level the Secretariat confirmed or refused, latest
        decision first (the deciders come with ``speakers_list_detail(with_moves=True)``)."""
        decided = [
            inscription
            for inscription in [row.inscription for row in self.rows] + self.withdrawn
            if inscription.level_request_status
            in (LevelRequestStatus.CONFIRMED, LevelRequestStatus.REFUSED)
        ]
        return sorted(decided, key=lambda i: (i.level_decided_at, i.pk), reverse=True)

    def is_open(self, at: datetime.datetime | None = None) -> bool:
        return self.speakers_list.is_open(at or timezone.now())


def _expected_times(
    *, start: datetime.datetime, minutes_per_speaker: int, rows: list[tuple[str, int | None]]
) -> tuple[list[tuple[datetime.datetime, int]], datetime.datetime]:
    """(expected start, allotted seconds) of each (status, spoke_seconds) row, and the end."""
    per_speaker = minutes_per_speaker * 60
    moment = start
    times = []
    for status, spoke_seconds in rows:
        allotted = (
            spoke_seconds
            if status == InscriptionStatus.SPOKE and spoke_seconds is not None
            else per_speaker
        )
        times.append((moment, allotted))
        moment += datetime.timedelta(seconds=allotted)
    return times, moment


def speakers_list_inscriptions(*, speakers_list: SpeakersList) -> QuerySet[Inscription]:
    """The inscriptions of ``speakers_list`` in the list's order (withdrawn ones too: their
    status says so), with stakeholder and speaker loaded."""
    return (
        Inscription.objects.filter(speakers_list=speakers_list)
        .select_related("stakeholder", "speaker")
        .order_by("position", "inscribed_at", "pk")
    )


def speakers_list_detail(*, speakers_list: SpeakersList, with_moves: bool = False):
    """A list's rows in order with expected times (see MeetingSpeakers); 1 query, 2 with moves.

    ``speakers_list`` should come with ``meeting__venue`` and ``meeting__process`` loaded.
    """
    meeting = speakers_list.meeting
    tz = zoneinfo.ZoneInfo(meeting.venue.time_zone)
    inscriptions = speakers_list_inscriptions(speakers_list=speakers_list)
    if with_moves:  # the Secretariat's page, which names who decided on a requested level
        inscriptions = inscriptions.select_related("level_decided_by")
    on_list = []
    withdrawn = []
    for inscription in inscriptions:
        inscription.speakers_list = speakers_list  # no query to get back to the meeting
        if inscription.status in InscriptionStatus.on_list():
            on_list.append(inscription)
        else:
            withdrawn.append(inscription)
    times, end = _expected_times(
        start=meeting.start,
        minutes_per_speaker=speakers_list.minutes_per_speaker,
        rows=[(i.status, i.spoke_seconds) for i in on_list],
    )
    rows = [
        SpeakerRow(
            inscription=inscription,
            place=inscription.position,
            expected_at=expected,
            expected_local=expected.astimezone(tz),
            allotted_seconds=allotted,
            status=inscription.status,
            actual_seconds=inscription.spoke_seconds,
        )
        for inscription, (expected, allotted) in zip(on_list, times, strict=True)
    ]
    moves = []
    if with_moves:
        moves = list(
            InscriptionMove.objects.filter(inscription__speakers_list=speakers_list)
            .select_related("inscription__stakeholder", "moved_by")
            .order_by("-moved_at", "-pk")
        )
    return MeetingSpeakers(
        speakers_list=speakers_list,
        rows=rows,
        withdrawn=withdrawn,
        expected_end=end if rows else meeting.start,
        overruns=end > meeting.end,
        moves=moves,
    )


def meeting_speakers(*, meeting) -> MeetingSpeakers | None:
    """The speakers list of a meeting in order with expected floor times, or None.

    Two queries whatever the list's length: the list with its meeting, venue and process,
    then its inscriptions with stakeholder and speaker.
    """
    speakers_list = (
        SpeakersList.objects.select_related("meeting__venue", "meeting__process")
        .filter(meeting_id=getattr(meeting, "pk", meeting))
        .first()
    )
    if speakers_list is None:
        return None
    return speakers_list_detail(speakers_list=speakers_list)


@dataclass(frozen=True)
class PortalInscription:
    """One of the delegate's inscriptions as the portal prints it, with its place and
    expected time: read narrowly, no model instance (its list is the one ``speakers_lists``
    holds)."""

    pk: int
    speakers_list: SpeakersList
    stakeholder_name: str
    status: str
    level_request_status: str
    requested_level: int | None
    level_decision_reason: str
    place: int | None
    expected_at: datetime.datetime | None
    expected_local: datetime.datetime | None
    is_open: bool
    inscription: Inscription | None = None  # the speakers page's (:func:`delegate_context`)

    def get_requested_level_display(self) -> str:
        """The requested level's label, as an inscription gives it to
        speakers/_level_request.html."""
        return str(ProtocolRank(self.requested_level).label)


@dataclass(frozen=True)
class ListState:
    speakers_list: SpeakersList
    state: SpeakersListState
    speaker_count: int

    @property
    def is_open(self) -> bool:
        return self.state == SpeakersListState.OPEN

    @property
    def not_yet_open(self) -> bool:
        return self.state == SpeakersListState.NOT_OPEN_YET


def process_speakers_lists(*, process, at: datetime.datetime | None = None) -> list[ListState]:
    """The speakers lists of ``process``'s meetings in meeting order, each with its state and
    the number of speakers holding a place. One query, compiled once per worker."""
    at = at or timezone.now()
    lists = run_instances(_process_lists_sql(connection.vendor), process.pk)
    return [
        ListState(speakers_list=sl, state=sl.state_at(at), speaker_count=sl.speaker_count)
        for sl in lists
    ]


@functools.cache
def _process_lists_sql(vendor: str) -> Compiled:
    lists = (
        SpeakersList.objects.filter(meeting__process_id=ANY_ID)
        .select_related("meeting__venue", "meeting__process", "floor")
        .annotate(
            speaker_count=Count(
                "inscriptions",
                filter=Q(inscriptions__status__in=InscriptionStatus.on_list()),
            )
        )
        .order_by("meeting__start", "meeting__number", "pk")
    )
    return compile_once(lists, placeholder=ANY_ID)


def portal_context(*, user, process) -> dict:
    """Context for templates/consultations/speakers/_portal.html in the delegate portal.

    ``speakers_lists``: the process's lists with their open/closed state;
    ``speakers_inscriptions``: the inscriptions of the user's stakeholders on them (withdrawn
    ones too), each with its place and expected time (:class:`PortalInscription`). Two queries
    whatever the size (the lists, then the user's inscriptions with every place on the lists
    where they hold one), and the user's stakeholders if not yet read.
    """
    now = timezone.now()
    lists = process_speakers_lists(process=process, at=now)
    by_id = {state.speakers_list.pk: state for state in lists}
    ids = stakeholder_ids(user)
    on_list = InscriptionStatus.on_list()
    # One narrow read: the user's inscriptions (withdrawn ones too) and, on each list where
    # one of them holds a place, every place, for the time of those ahead.
    placed = Inscription.objects.filter(
        speakers_list_id__in=by_id.keys(), stakeholder_id__in=ids, position__isnull=False
    ).values("speakers_list_id")
    rows = (
        Inscription.objects.filter(speakers_list_id__in=by_id.keys())
        .filter(Q(stakeholder_id__in=ids) | Q(speakers_list_id__in=placed, status__in=on_list))
        .annotate(stakeholder_name=translated_text("stakeholder__name"))
        .order_by("speakers_list__meeting__start", "speakers_list_id", "position", "pk")
        .values_list(
            "pk",
            "speakers_list_id",
            "stakeholder_id",
            "stakeholder_name",
            "status",
            "spoke_seconds",
            "position",
            "level_request_status",
            "requested_level",
            "level_decision_reason",
            named=True,
        )
    )
    mine = []
    ahead: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for row in rows:
        if row.status in on_list:
            ahead[row.speakers_list_id].append((row.status, row.spoke_seconds))
        if row.stakeholder_id in ids:
            mine.append(row)
    expected_by_list = {}
    for list_id, places in ahead.items():
        speakers_list = by_id[list_id].speakers_list
        expected_by_list[list_id], _end = _expected_times(
            start=speakers_list.meeting.start,
            minutes_per_speaker=speakers_list.minutes_per_speaker,
            rows=places,
        )
    entries = []
    for row in mine:
        state = by_id[row.speakers_list_id]
        expected = None
        if row.position is not None:
            expected = expected_by_list[row.speakers_list_id][row.position - 1][0]
        entries.append(
            PortalInscription(
                pk=row.pk,
                speakers_list=state.speakers_list,
                stakeholder_name=row.stakeholder_name,
                status=row.status,
                level_request_status=row.level_request_status,
                requested_level=row.requested_level,
                level_decision_reason=row.level_decision_reason,
                place=row.position,
                expected_at=expected,
                expected_local=(
                    expected.astimezone(state.speakers_list.meeting.venue.tzinfo)
                    if expected
                    else None
                ),
                is_open=state.is_open,
            )
        )
    return {"speakers_lists": lists, "speakers_inscriptions": entries}


def delegate_context(*, user, process) -> dict:
    """Context for templates/consultations/speakers/delegate_index.html: ``portal_context``,
    each inscription with its model instance in ``inscription`` (the page shows the speaker
    and the level too), stakeholder and speaker loaded. One query more, whatever the size."""
    context = portal_context(user=user, process=process)
    entries = context["speakers_inscriptions"]
    instances = Inscription.objects.select_related("stakeholder", "speaker").in_bulk(
        [entry.pk for entry in entries]
    )
    for entry in entries:
        if entry.pk in instances:
            instances[entry.pk].speakers_list = entry.speakers_list  # no query for the meeting
    context["speakers_inscriptions"] = [
        replace(entry, inscription=instances[entry.pk])
        for entry in entries
        if entry.pk in instances
    ]
    return context


# --- who may be named as speaker ----------------------------------------------------------------
def delegation_speakers(*, process, stakeholders):
    """The persons a delegate may name as speaker for ``stakeholders`` (ids or a queryset) at
    ``process``'s meetings: the heads and members of their delegations to it, by name."""
    heads = Delegation.objects.filter(
        process=process, stakeholder__in=stakeholders, head__isnull=False
    ).values("head_id")
    members = DelegationMember.objects.filter(
        delegation__process=process, delegation__stakeholder__in=stakeholders
    ).values("person_id")
    return Person.objects.filter(Q(pk__in=heads) | Q(pk__in=members)).order_by(
        "family_name", "given_name", "pk"
    )


def delegation_post(*, process, stakeholder, person) -> str | None:
    """``person``'s post in ``stakeholder``'s delegation to ``process`` ("" if none is given),
    or None if the person neither heads nor belongs to it. Two queries at most."""
    head_post = (
        Delegation.objects.filter(process=process, stakeholder=stakeholder, head=person)
        .values_list("head_post", flat=True)
        .first()
    )
    if head_post is not None:
        return head_post
    return (
        DelegationMember.objects.filter(
            delegation__process=process, delegation__stakeholder=stakeholder, person=person
        )
        .values_list("post", flat=True)
        .first()
    )


@dataclass(frozen=True)
class ListChange:
    """One change of a list's state, from its history: what, when (UTC), by whom."""

    action: str
    action_label: str
    at: datetime.datetime
    by: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None


def speakers_list_changes(*, speakers_list: SpeakersList) -> list[ListChange]:
    """The changes of ``speakers_list``'s state made through the staff pages (opened, closed,
    reopened, suspended, resumed, closing time set), latest first. One query."""
    labels = dict(SpeakersListAction.choices)
    records = (
        speakers_list.history.filter(history_change_reason__in=labels.keys())
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return [
        ListChange(
            action=record.history_change_reason,
            action_label=str(labels[record.history_change_reason]),
            at=record.history_date,
            by=record.history_user.email if record.history_user else "",
            opens_at=record.opens_at,
            closes_at=record.closes_at,
        )
        for record in records
    ]
