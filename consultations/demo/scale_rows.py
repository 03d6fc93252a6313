"""The rows of the scale data set, one kind at a time, written with ``bulk_create`` in large
batches and without history (see ``consultations.demo.scale``, which calls them in order)."""

import datetime
import itertools
import math
import random
import zoneinfo
from typing import TYPE_CHECKING

from django.utils import timezone

from consultations.choices import (
    InscriptionStatus,
    Language,
    MeetingKind,
    MeetingStatus,
    SeatSource,
    Stance,
    StatementState,
)
from consultations.demo.scale_text import OPENINGS, VOCABULARY, Words, words_count
from consultations.demo.statements import LANGUAGES
from consultations.models import (
    Delegation,
    Inscription,
    Issue,
    Meeting,
    Position,
    Process,
    Room,
    Seat,
    SpeakersList,
    Statement,
    Venue,
)
from registry.choices import ProtocolRank, StakeholderKind
from registry.models import Stakeholder

if TYPE_CHECKING:  # the sizes are defined beside the entry point, which imports this module
    from consultations.demo.scale import ScaleSizes

PREFIX = "scale-"
VENUE_SUFFIX = " (scale)"
BATCH = 5000
STATEMENT_BATCH = 2000
UTC = datetime.UTC

# name, city, country, IANA time zone
VENUES = [
    ("United Nations Headquarters", "New York", "United States of America", "America/New_York"),
    ("Palais des Nations", "Geneva", "Switzerland", "Europe/Zurich"),
    ("Vienna International Centre", "Vienna", "Austria", "Europe/Vienna"),
    ("United Nations Office at Nairobi", "Nairobi", "Kenya", "Africa/Nairobi"),
    ("United Nations Conference Centre", "Bangkok", "Thailand", "Asia/Bangkok"),
    ("United Nations Conference Centre", "Addis Ababa", "Ethiopia", "Africa/Addis_Ababa"),
    ("CEPAL headquarters", "Santiago", "Chile", "America/Santiago"),
    ("UN House", "Beirut", "Lebanon", "Asia/Beirut"),
    ("Qatar National Convention Centre", "Doha", "Qatar", "Asia/Qatar"),
    ("Egmont Palace", "Brussels", "Belgium", "Europe/Brussels"),
    ("Centro Banamex", "Mexico City", "Mexico", "America/Mexico_City"),
    ("United Nations University", "Tokyo", "Japan", "Asia/Tokyo"),
]
ROOMS = [("Plenary hall", 1500), ("Conference Room 1", 300), ("Conference Room 2", 120)]
# Ten meetings a process: its kinds in order (a process of another size cycles through them).
MEETING_KINDS = [
    MeetingKind.PREPARATORY_PANEL,
    MeetingKind.PREPARATORY_PANEL,
    MeetingKind.PLENARY,
    MeetingKind.PLENARY,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.FORUM,
    MeetingKind.PLENARY,
]
MEETING_TITLES = {
    MeetingKind.PREPARATORY_PANEL: "Preparatory panel {n}",
    MeetingKind.PLENARY: "Plenary meeting {n}",
    MeetingKind.ROUND_TABLE: "Round table {n}",
    MeetingKind.FORUM: "Forum {n}",
}
PROCESS_TOPICS = [
    "International Migration and Development",
    "Least Developed Countries",
    "Financing for Development",
    "Refugees and Migrants",
    "Small Island Developing States",
    "Landlocked Developing Countries",
    "Oceans",
    "Water",
    "Road Safety",
    "Ageing",
]
# The issues a process tracks (cycled, numbered when a process tracks more than listed).
ISSUE_TITLES = [
    ("forum", "Should a State-owned, voluntary, non-binding Forum follow the meeting?"),
    ("host-offer", "The offer of a Member State to host the next meeting"),
    ("facility", "Should the Secretary-General establish a dedicated facility?"),
    ("review", "Should the General Assembly review progress every four years?"),
    ("fund", "Should a voluntary trust fund support the participation of LDCs?"),
]
# Of 100 statements: states (published dominate), weights.
STATE_WEIGHTS = [
    (StatementState.PUBLISHED, 85),
    (StatementState.SUBMITTED, 5),
    (StatementState.DRAFT, 4),
    (StatementState.RETURNED, 3),
    (StatementState.WITHDRAWN, 3),
]
STANCE_WEIGHTS = [
    (Stance.SUPPORTS, 45),
    (Stance.SUPPORTS_WITH_RESERVATIONS, 12),
    (Stance.NEUTRAL, 18),
    (Stance.OPPOSES, 8),
    (Stance.NOT_STATED, 17),
]
LEVEL_WEIGHTS = [
    (ProtocolRank.HEAD_OF_STATE, 4),
    (ProtocolRank.VICE_PRESIDENT, 2),
    (ProtocolRank.HEAD_OF_GOVERNMENT, 4),
    (ProtocolRank.MINISTER, 30),
    (ProtocolRank.VICE_MINISTER, 15),
    (ProtocolRank.HEAD_OF_DELEGATION, 40),
    (ProtocolRank.OTHER, 5),
]
POSTS = {
    ProtocolRank.HEAD_OF_STATE: "President",
    ProtocolRank.VICE_PRESIDENT: "Vice-President",
    ProtocolRank.HEAD_OF_GOVERNMENT: "Prime Minister",
    ProtocolRank.MINISTER: "Minister for Foreign Affairs",
    ProtocolRank.VICE_MINISTER: "Vice-Minister",
    ProtocolRank.HEAD_OF_DELEGATION: "Permanent Representative",
    ProtocolRank.OTHER: "Delegate",
}
RETURN_REASON = "Please attach the delivered version and correct the speaker's post."


def _weighted(rng: random.Random, weights: list[tuple]) -> list:
    values, w = zip(*weights, strict=True)
    return values, list(itertools.accumulate(w))


def _aware(day: datetime.date, hour: int, minute: int, time_zone: str) -> datetime.datetime:
    local = datetime.datetime.combine(day, datetime.time(hour, minute))
    return local.replace(tzinfo=zoneinfo.ZoneInfo(time_zone)).astimezone(UTC)


def venues_create() -> tuple[list[Venue], dict[int, list[Room]]]:
    venues = Venue.objects.bulk_create(
        Venue(name=f"{name}, {city}{VENUE_SUFFIX}", city=city, country=country, time_zone=tz)
        for name, city, country, tz in VENUES
    )
    rooms = Room.objects.bulk_create(
        Room(venue=venue, name=name, capacity=capacity)
        for venue in venues
        for name, capacity in ROOMS
    )
    by_venue: dict[int, list[Room]] = {}
    for room in rooms:
        by_venue.setdefault(room.venue_id, []).append(room)
    return venues, by_venue


def processes_create(rng: random.Random, sizes: "ScaleSizes") -> list[Process]:
    processes = []
    for i in range(sizes.processes):
        year = 1995 + i * 40 // max(sizes.processes, 1)
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        topic = PROCESS_TOPICS[i % len(PROCESS_TOPICS)]
        processes.append(
            Process(
                slug=f"{PREFIX}{i + 1:04d}",
                title=f"High-level meeting on {topic} ({year}, {i + 1})",
                short_title=f"HLM {topic[:50]} {i + 1}",
                description="Generated for load tests (seed_scale).",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(30, 400)),
                round_tables_per_state=rng.choice([1, 1, 1, 2]),
                round_table_cap=rng.choice([None, 25, 45, 50]),
                regional_balance=rng.random() < 0.8,
                co_chairs_per_round_table=2,
                minutes_per_speaker=rng.choice([3, 4, 5, 5, 5, 7]),
            )
        )
    return Process.objects.bulk_create(processes, batch_size=BATCH)


def meetings_create(rng, sizes, processes, venues, rooms, themes) -> list[Meeting]:
    per_process = [sizes.meetings // len(processes)] * len(processes)
    for i in range(sizes.meetings % len(processes)):
        per_process[i] += 1
    top_themes = [t for t in themes if t.parent_id is None] or [None]
    meetings = []
    for process, count in zip(processes, per_process, strict=True):
        numbers: dict[str, int] = {}
        day = process.start_date
        home = rng.choice(venues)
        for j in range(count):
            kind = MEETING_KINDS[j % len(MEETING_KINDS)]
            numbers[kind] = numbers.get(kind, 0) + 1
            n = numbers[kind]
            venue = home if kind != MeetingKind.PREPARATORY_PANEL else rng.choice(venues)
            room_list = rooms[venue.pk]
            room = room_list[0] if kind == MeetingKind.PLENARY else rng.choice(room_list[1:])
            day = day + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 7, 30]))
            hour = rng.choice([10, 15])
            start = _aware(day, hour, 0, venue.time_zone)
            end = start + datetime.timedelta(hours=3)
            meetings.append(
                Meeting(
                    process=process,
                    is_illustrative=True,
                    slug=f"{process.slug}-{kind.replace('_', '-')}-{n}",
                    kind=kind,
                    number=n,
                    title=MEETING_TITLES[kind].format(n=n),
                    theme=rng.choice(top_themes) if kind == MeetingKind.ROUND_TABLE else None,
                    venue=venue,
                    room=room,
                    start=start,
                    end=end,
                    status=rng.choice(
                        [MeetingStatus.HELD] * 6 + [MeetingStatus.CONFIRMED, MeetingStatus.PLANNED]
                    )
                    if rng.random() > 0.02
                    else MeetingStatus.CANCELLED,
                    statement_deadline=start - datetime.timedelta(days=1),
                    capacity=rng.choice([None, 60, 120])
                    if kind == MeetingKind.ROUND_TABLE
                    else None,
                )
            )
    return Meeting.objects.bulk_create(meetings, batch_size=BATCH)


def delegations_create(rng, processes, member_states, others) -> dict[int, list[Delegation]]:
    levels, cum = _weighted(rng, LEVEL_WEIGHTS)
    rows = []
    for process in processes:
        states = rng.sample(member_states, k=int(len(member_states) * rng.uniform(0.6, 0.95)))
        bodies = rng.sample(others, k=int(len(others) * rng.uniform(0.3, 0.8)))
        for stakeholder in sorted(states + bodies, key=lambda s: s.slug):
            level = (
                rng.choices(levels, cum_weights=cum)[0]
                if stakeholder.kind == StakeholderKind.MEMBER_STATE
                else ProtocolRank.HEAD_OF_DELEGATION
            )
            rows.append(
                Delegation(
                    process=process,
                    is_illustrative=True,
                    stakeholder=stakeholder,
                    head_post=POSTS[level],
                    level=level,
                )
            )
    created = Delegation.objects.bulk_create(rows, batch_size=BATCH)
    by_process: dict[int, list[Delegation]] = {}
    for delegation in created:
        by_process.setdefault(delegation.process_id, []).append(delegation)
    return by_process


def seats_create(rng, processes, meetings, delegations) -> None:
    """Each Member State delegation gets a seat at one round table (the cap permitting), in
    the draft and published."""
    states = {s.pk for s in Stakeholder.objects.filter(kind=StakeholderKind.MEMBER_STATE)}
    tables: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.kind == MeetingKind.ROUND_TABLE:
            tables.setdefault(meeting.process_id, []).append(meeting)
    rows = []
    for process in processes:
        process_tables = tables.get(process.pk, [])
        if not process_tables:
            continue
        cap = process.round_table_cap or 45
        taken = {t.pk: 0 for t in process_tables}
        candidates = [d for d in delegations.get(process.pk, []) if d.stakeholder_id in states]
        rng.shuffle(candidates)
        for delegation in candidates:
            choice = rng.randrange(len(process_tables))
            for offset in range(len(process_tables)):
                table = process_tables[(choice + offset) % len(process_tables)]
                if taken[table.pk] < cap:
                    taken[table.pk] += 1
                    # The draft and its published copy, as seats_publish leaves them.
                    rows += [
                        Seat(
                            meeting=table,
                            is_illustrative=True,
                            delegation=delegation,
                            source=SeatSource.ALLOCATION,
                            choice=offset + 1 if offset < 2 else None,
                            is_published=published,
                        )
                        for published in (False, True)
                    ]
                    break
    Seat.objects.bulk_create(rows, batch_size=BATCH)
    Process.objects.filter(pk__in={seat.meeting.process_id for seat in rows}).update(
        seats_published_at=timezone.now()
    )


def speakers_lists_create(rng, meetings, delegations) -> None:
    """A speakers list for every meeting but the round tables, in protocol order."""
    listed = [m for m in meetings if m.kind != MeetingKind.ROUND_TABLE]
    lists = SpeakersList.objects.bulk_create(
        (
            SpeakersList(
                meeting=m,
                opens_at=m.start - datetime.timedelta(days=30),
                closes_at=m.start - datetime.timedelta(hours=1),
                minutes_per_speaker=m.process.minutes_per_speaker,
            )
            for m in listed
        ),
        batch_size=BATCH,
    )
    kinds = {s.pk: s.kind for s in Stakeholder.objects.all()}
    rows = []
    for meeting, speakers_list in zip(listed, lists, strict=True):
        pool = delegations.get(meeting.process_id, [])
        size = min(len(pool), rng.randint(10, 60 if meeting.kind == MeetingKind.PLENARY else 20))
        chosen = rng.sample(pool, k=size)
        chosen.sort(
            key=lambda d: (
                0 if kinds[d.stakeholder_id] == StakeholderKind.MEMBER_STATE else 1,
                d.level,
                d.pk,
            )
        )
        held = meeting.status == MeetingStatus.HELD
        at = meeting.start
        for position, delegation in enumerate(chosen, start=1):
            withdrawn = rng.random() < 0.03
            spoke = held and not withdrawn
            rows.append(
                Inscription(
                    speakers_list=speakers_list,
                    is_illustrative=True,
                    stakeholder_id=delegation.stakeholder_id,
                    speaker_post=delegation.head_post,
                    level=delegation.level,
                    status=InscriptionStatus.WITHDRAWN
                    if withdrawn
                    else (InscriptionStatus.SPOKE if spoke else InscriptionStatus.INSCRIBED),
                    position=None if withdrawn else position,
                    inscribed_at=speakers_list.opens_at
                    + datetime.timedelta(minutes=rng.randrange(60 * 24 * 29)),
                    spoke_at=at if spoke else None,
                    spoke_seconds=rng.randint(150, 480) if spoke else None,
                )
            )
            if spoke:
                at = at + datetime.timedelta(seconds=rows[-1].spoke_seconds)
    Inscription.objects.bulk_create(rows, batch_size=BATCH)


def statements_create(rng, sizes, meetings, delegations, themes, log) -> dict[tuple[int, int], int]:
    """Create the statements in batches; returns the first published statement id of each
    (process, stakeholder), for the positions to cite."""
    words = {language: Words(language) for language in VOCABULARY}
    states, state_cum = _weighted(rng, STATE_WEIGHTS)
    by_pk = {s.pk: s for s in Stakeholder.objects.all()}
    leaves = [t for t in themes if t.parent_id is not None] or themes
    through = Statement.themes.through
    statement_of: dict[tuple[int, int], int] = {}
    usable = [m for m in meetings if delegations.get(m.process_id)]
    done = 0
    while done < sizes.statements:
        count = min(STATEMENT_BATCH, sizes.statements - done)
        rows, tags = [], []
        for _ in range(count):
            meeting = rng.choice(usable)
            delegation = rng.choice(delegations[meeting.process_id])
            stakeholder = by_pk[delegation.stakeholder_id]
            language = LANGUAGES.get(stakeholder.iso3 or "")
            if language is None or rng.random() < 0.15:
                language = rng.choices(
                    [Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ARABIC,
                     Language.RUSSIAN, Language.CHINESE],
                    cum_weights=[60, 75, 87, 93, 97, 100],
                )[0]  # fmt: skip
            state = rng.choices(states, cum_weights=state_cum)[0]
            delivered = meeting.start + datetime.timedelta(minutes=rng.randrange(180))
            published = state == StatementState.PUBLISHED
            submitted = state != StatementState.DRAFT
            n_words = words_count(rng, sizes.words_min, sizes.words_max)
            name = stakeholder.name
            rows.append(
                Statement(
                    meeting=meeting,
                    is_illustrative=True,
                    stakeholder=stakeholder,
                    speaker_post=delegation.head_post,
                    language=language,
                    title=f"{OPENINGS[language].format(name=name)} — {meeting.title}",
                    text=words[language].text(rng, n_words),
                    state=state,
                    return_reason=RETURN_REASON if state == StatementState.RETURNED else "",
                    # "Check against delivery": a fifth of them, until the delivery time.
                    embargo_until=delivered if rng.random() < 0.2 else None,
                    submitted_at=meeting.start - datetime.timedelta(hours=rng.randint(2, 72))
                    if submitted
                    else None,
                    published_at=meeting.start - datetime.timedelta(hours=1) if published else None,
                )
            )
            tags.append(rng.sample(leaves, k=min(len(leaves), rng.randint(1, 3))))
        created = Statement.objects.bulk_create(rows)
        through.objects.bulk_create(
            (
                through(statement_id=s.pk, theme_id=t.pk)
                for s, picked in zip(created, tags, strict=True)
                for t in picked
            ),
            batch_size=BATCH,
        )
        for s in created:
            if s.state == StatementState.PUBLISHED:
                statement_of.setdefault((s.meeting.process_id, s.stakeholder_id), s.pk)
        done += count
        log(f"  statements: {done}/{sizes.statements}")
    return statement_of


def positions_create(rng, sizes, processes, stakeholders, statement_of) -> None:
    """Exactly ``sizes.positions`` positions, spread evenly over the processes, each process
    tracking as many issues as its share needs (one position per stakeholder and issue)."""
    stances, stance_cum = _weighted(rng, STANCE_WEIGHTS)
    per_process = [sizes.positions // len(processes)] * len(processes)
    for i in range(sizes.positions % len(processes)):
        per_process[i] += 1
    issues, plan = [], []
    for process, wanted in zip(processes, per_process, strict=True):
        n_issues = max(1, math.ceil(wanted / len(stakeholders))) if wanted else 0
        shares = [wanted // n_issues + (1 if k < wanted % n_issues else 0) for k in range(n_issues)]
        for k, share in enumerate(shares):
            slug, title = ISSUE_TITLES[k % len(ISSUE_TITLES)]
            suffix = f"-{k // len(ISSUE_TITLES) + 1}" if k >= len(ISSUE_TITLES) else ""
            issues.append(
                Issue(
                    process=process,
                    slug=f"{PREFIX}{slug}{suffix}",
                    title=title + (f" ({suffix[1:]})" if suffix else ""),
                    short_title=slug.replace("-", " "),
                    order=k,
                )
            )
            plan.append((process, share))
    issues = Issue.objects.bulk_create(issues, batch_size=BATCH)
    rows = []
    for issue, (process, share) in zip(issues, plan, strict=True):
        for stakeholder in rng.sample(stakeholders, k=share):
            rows.append(
                Position(
                    issue=issue,
                    is_illustrative=True,
                    stakeholder=stakeholder,
                    stance=rng.choices(stances, cum_weights=stance_cum)[0],
                    statement_id=statement_of.get((process.pk, stakeholder.pk)),
                )
            )
        if len(rows) >= BATCH * 4:
            Position.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    Position.objects.bulk_create(rows, batch_size=BATCH)
