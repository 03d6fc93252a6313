"""The 2006 High-level Dialogue as a demo: what the briefing records, and illustrative data.

What the briefing states is entered as fact: the mandate resolutions, the Secretary-General's
report, the Global Commission's report and its Recommendation 33, both preparatory panels with
the entities that addressed them, the plenary of 14-15 September 2006, the four round tables
with their themes and the first Global Forum (Brussels, July 2007). Seat preferences, seats,
the plenary speakers lists, statements and positions are illustrative, generated from a fixed
seed, and flagged as such row by row (``demo.marks``): every page, export and feed that shows
them says so, and the process's note counts them.

``demo_load`` is idempotent: what exists is left alone.
"""

import datetime
import random
import zoneinfo

from django.db import transaction

from consultations.choices import DocumentKind, DocumentRole, MeetingKind, MeetingStatus
from consultations.demo.briefing import demo_briefing_load
from consultations.demo.forum import demo_forum_load
from consultations.demo.marks import demo_marks_set
from consultations.demo.statements import demo_statements_load
from consultations.demo.translations import demo_translations_load
from consultations.models import (
    Delegation,
    Document,
    Meeting,
    Process,
    ProcessDocument,
    Room,
    SpeakersList,
    Theme,
    Venue,
)
from registry.choices import ProtocolRank, StakeholderKind
from registry.models import Stakeholder, User

SEED = 2006
DIALOGUE_DAY_ONE = datetime.date(2006, 9, 14)
FOLLOW_UP = (
    "The Secretary-General recommended a consultative Forum to continue addressing "
    "international migration and development: State-owned, open to all Member States, "
    "voluntary and non-legislative. The Government of Belgium offered to organize and host the "
    "first meeting of a Global Forum on International Migration and Development in July 2007. "
    "Member States wished the UN system, especially the Global Migration Group, to support the "
    "follow-up: examples of best practice, practical responses, substantive input and "
    "activities at the request of Member States."
)

DOCUMENTS = [
    # symbol, kind, title, date, author slug, role
    (
        "A/RES/58/208",
        DocumentKind.RESOLUTION,
        "International migration and development",
        datetime.date(2003, 12, 23),
        None,
        DocumentRole.MANDATE,
        "Decided to hold a high-level dialogue in 2006; its outcome a Chairman's summary; "
        "requested a report reviewing the literature on migration and development.",
    ),
    (
        "A/RES/60/227",
        DocumentKind.RESOLUTION,
        "International migration and development",
        datetime.date(2005, 12, 23),
        None,
        DocumentRole.MANDATE,
        "Set the Dialogue for 14-15 September 2006 and allowed up to two preparatory panels.",
    ),
    (
        "A/60/871",
        DocumentKind.REPORT,
        "International migration and development: Report of the Secretary-General",
        datetime.date(2006, 5, 18),
        "executive-office-sg",
        DocumentRole.BACKGROUND,
        "Recommended a consultative Forum on international migration and development.",
    ),
    (
        "",
        DocumentKind.REPORT,
        "Migration in an interconnected world: New directions for action",
        datetime.date(2005, 10, 5),
        "gcim",
        DocumentRole.BACKGROUND,
        "Report of the Global Commission on International Migration: six Principles and 33 "
        "Recommendations.",
    ),
    (
        "A/61/515",
        DocumentKind.OUTCOME,
        "Summary of the High-level Dialogue on International Migration and Development",
        datetime.date(2006, 10, 13),
        None,
        DocumentRole.OUTCOME,
        "The Chairman's Summary, the outcome document the General Assembly asked for.",
    ),
]

VENUES = {
    "new-york": (
        "United Nations Headquarters",
        "New York",
        "United States of America",
        "America/New_York",
    ),
    "geneva": ("Palais des Nations", "Geneva", "Switzerland", "Europe/Zurich"),
    "brussels": ("Venue of the host Government", "Brussels", "Belgium", "Europe/Brussels"),
}
ROOMS = {
    "ga-hall": ("new-york", "General Assembly Hall", 1800),
    "conference-room-4": ("new-york", "Conference Room 4", 220),
}

# slug, kind, number, title, venue, room, local start, local end, theme slug, description
MEETINGS = [
    (
        "panel-new-york-2006",
        MeetingKind.PREPARATORY_PANEL,
        1,
        "First preparatory panel (New York)",
        "new-york",
        None,
        (2006, 6, 8, 10, 0),
        (2006, 6, 8, 13, 0),
        None,
        "High-level officials of Global Migration Group institutions and the regional "
        "commissions were invited to address Member States.",
    ),
    (
        "panel-geneva-2006",
        MeetingKind.PREPARATORY_PANEL,
        2,
        "Second preparatory panel (Geneva)",
        "geneva",
        None,
        (2006, 7, 6, 10, 0),
        (2006, 7, 6, 13, 0),
        None,
        "Another opportunity for high-level officials of Global Migration Group institutions to "
        "address Member States.",
    ),
    (
        "plenary-1",
        MeetingKind.PLENARY,
        1,
        "High-level Dialogue: 1st plenary meeting",
        "new-york",
        "ga-hall",
        (2006, 9, 14, 10, 0),
        (2006, 9, 14, 13, 0),
        None,
        "",
    ),
    (
        "plenary-2",
        MeetingKind.PLENARY,
        2,
        "High-level Dialogue: 2nd plenary meeting",
        "new-york",
        "ga-hall",
        (2006, 9, 14, 15, 0),
        (2006, 9, 14, 18, 0),
        None,
        "",
    ),
    (
        "plenary-3",
        MeetingKind.PLENARY,
        3,
        "High-level Dialogue: 3rd plenary meeting",
        "new-york",
        "ga-hall",
        (2006, 9, 15, 10, 0),
        (2006, 9, 15, 13, 0),
        None,
        "",
    ),
    (
        "plenary-4",
        MeetingKind.PLENARY,
        4,
        "High-level Dialogue: 4th plenary meeting",
        "new-york",
        "ga-hall",
        (2006, 9, 15, 15, 0),
        (2006, 9, 15, 18, 0),
        None,
        "",
    ),
    (
        "round-table-1",
        MeetingKind.ROUND_TABLE,
        1,
        "Round table 1: Migration and development",
        "new-york",
        "conference-room-4",
        (2006, 9, 14, 10, 0),
        (2006, 9, 14, 13, 0),
        "migration-and-development",
        "",
    ),
    (
        "round-table-2",
        MeetingKind.ROUND_TABLE,
        2,
        "Round table 2: Human rights and trafficking",
        "new-york",
        "conference-room-4",
        (2006, 9, 14, 15, 0),
        (2006, 9, 14, 18, 0),
        "human-rights-and-trafficking",
        "",
    ),
    (
        "round-table-3",
        MeetingKind.ROUND_TABLE,
        3,
        "Round table 3: Multidimensional aspects of migration, including remittances",
        "new-york",
        "conference-room-4",
        (2006, 9, 15, 10, 0),
        (2006, 9, 15, 13, 0),
        "multidimensional-aspects",
        "",
    ),
    (
        "round-table-4",
        MeetingKind.ROUND_TABLE,
        4,
        "Round table 4: Partnerships and capacity building",
        "new-york",
        "conference-room-4",
        (2006, 9, 15, 15, 0),
        (2006, 9, 15, 18, 0),
        "partnerships-and-capacity-building",
        "",
    ),
    (
        "global-forum-2007",
        MeetingKind.FORUM,
        1,
        "First meeting of the Global Forum on Migration and Development",
        "brussels",
        None,
        (2007, 7, 9, 9, 0),
        (2007, 7, 11, 18, 0),
        None,
        "Hosted by the Government of Belgium: the follow-up to the Dialogue.",
    ),
]

# Who addressed each preparatory panel, as the briefing lists them.
PANEL_SPEAKERS = {
    "panel-new-york-2006": [
        "unfpa",
        "undesa",
        "world-bank",
        "eca",
        "ece",
        "eclac",
        "escap",
        "escwa",
        "srsg-migration",
    ],
    "panel-geneva-2006": ["unctad", "unhchr", "unhcr", "ilo", "iom", "srsg-migration"],
}
# Illustrative levels of representation of the Member States at the Dialogue.
LEVEL_WEIGHTS = [
    (ProtocolRank.HEAD_OF_STATE, 2),
    (ProtocolRank.VICE_PRESIDENT, 1),
    (ProtocolRank.HEAD_OF_GOVERNMENT, 2),
    (ProtocolRank.MINISTER, 35),
    (ProtocolRank.VICE_MINISTER, 25),
    (ProtocolRank.HEAD_OF_DELEGATION, 35),
]
MEMBER_STATES_SPEAKING = 127
# Illustrative co-chairs of the round tables, two from different regional groups each.
TABLE_POPULARITY = {1: 1.6, 2: 1.0, 3: 1.1, 4: 0.9}
CO_CHAIRS = {1: ("MEX", "PHL"), 2: ("SEN", "NLD"), 3: ("MAR", "POL"), 4: ("BEL", "BGD")}


def _aware(parts: tuple[int, ...], time_zone: str) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=zoneinfo.ZoneInfo(time_zone))


# Illustrative: the round-table choices closed two weeks before the Dialogue, in New York.
PREFERENCES_DEADLINE = datetime.datetime(
    2006, 9, 1, 18, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York")
)


def _process() -> Process:
    process, _created = Process.objects.get_or_create(
        slug="hld-2006",
        defaults={
            "title": "High-level Dialogue on International Migration and Development",
            "short_title": "HLD 2006",
            "description": (
                "Held by the General Assembly on 14 and 15 September 2006, as decided in "
                "resolution 58/208, with two preparatory panels and four round tables. The "
                "outcome document is a Chairman's Summary."
            ),
            "start_date": datetime.date(2006, 6, 8),
            "end_date": datetime.date(2007, 7, 11),
            "is_current": not Process.objects.filter(is_current=True).exists(),
            "follow_up": FOLLOW_UP,
            # Assumed for the demo: no source states the 2006 seat rules (seat_rules_source).
            "round_tables_per_state": 1,
            "round_table_cap": 48,
            "regional_balance": True,
            "co_chairs_per_round_table": 2,
            "minutes_per_speaker": 5,
        },
    )
    if process.seat_preferences_deadline is None:
        process.seat_preferences_deadline = PREFERENCES_DEADLINE
        process.save(update_fields=["seat_preferences_deadline"])
    return process


def _documents(process: Process) -> None:
    stakeholders = {
        s.slug: s for s in Stakeholder.objects.filter(slug__in=["gcim", "executive-office-sg"])
    }
    gcim_report = None
    for order, (symbol, kind, title, date, author, role, summary) in enumerate(DOCUMENTS):
        lookup = {"symbol": symbol} if symbol else {"title": title, "symbol": ""}
        document, _ = Document.objects.get_or_create(
            **lookup,
            defaults={
                "kind": kind,
                "title": title,
                "date": date,
                "summary": summary,
                "author": stakeholders.get(author),
            },
        )
        ProcessDocument.objects.get_or_create(
            process=process, document=document, role=role, defaults={"order": order}
        )
        if author == "gcim":
            gcim_report = document
    recommendation, _ = Document.objects.get_or_create(
        part_of=gcim_report,
        number="33",
        defaults={
            "kind": DocumentKind.RECOMMENDATION,
            "title": "Global Migration Facility",
            "date": gcim_report.date,
            "author": stakeholders["gcim"],
            "summary": (
                "Suggested that the Secretary-General establish a Global Migration Facility "
                "that would build on the Geneva Migration Group."
            ),
        },
    )
    ProcessDocument.objects.get_or_create(
        process=process,
        document=recommendation,
        role=DocumentRole.BACKGROUND,
        defaults={"order": len(DOCUMENTS)},
    )


def _meetings(process: Process) -> dict[str, Meeting]:
    venues = {}
    for key, (name, city, country, time_zone) in VENUES.items():
        venues[key], _ = Venue.objects.get_or_create(
            name=name, defaults={"city": city, "country": country, "time_zone": time_zone}
        )
    rooms = {}
    for key, (venue, name, capacity) in ROOMS.items():
        rooms[key], _ = Room.objects.get_or_create(
            venue=venues[venue], name=name, defaults={"capacity": capacity}
        )
    themes = {t.slug: t for t in Theme.objects.all()}
    meetings = {}
    for slug, kind, number, title, venue, room, start, end, theme, description in MEETINGS:
        time_zone = venues[venue].time_zone
        meetings[slug], _ = Meeting.objects.get_or_create(
            slug=slug,
            defaults={
                "process": process,
                "kind": kind,
                "number": number,
                "title": title,
                "venue": venues[venue],
                "room": rooms.get(room),
                "start": _aware(start, time_zone),
                "end": _aware(end, time_zone),
                "theme": themes.get(theme),
                "description": description,
                "status": MeetingStatus.HELD,
                "capacity": 48 if kind == MeetingKind.ROUND_TABLE else None,
            },
        )
    return meetings


def _delegations(process: Process, rng: random.Random) -> dict[int, Delegation]:
    states = list(Stakeholder.objects.member_states().active_on(DIALOGUE_DAY_ONE).order_by("iso3"))
    other_slugs = {"holy-see", "european-union", "iom"} | {
        slug for speakers in PANEL_SPEAKERS.values() for slug in speakers
    }
    others = list(Stakeholder.objects.filter(slug__in=other_slugs).order_by("slug"))
    existing = {d.stakeholder_id: d for d in process.delegations.all()}
    levels, weights = zip(*LEVEL_WEIGHTS, strict=True)
    new = []
    for stakeholder in states + others:
        level = (
            rng.choices(levels, weights)[0]
            if stakeholder.kind == StakeholderKind.MEMBER_STATE
            else ProtocolRank.HEAD_OF_DELEGATION
        )
        if stakeholder.pk not in existing:
            new.append(Delegation(process=process, stakeholder=stakeholder, level=level))
    Delegation.objects.bulk_create(new)
    return {d.stakeholder_id: d for d in process.delegations.select_related("stakeholder")}


def demo_load(*, actor: User) -> Process:
    """Create the 2006 Dialogue demo, leaving alone whatever of it already exists.

    ``actor`` (a Secretariat user) is recorded on the seats and inscriptions it makes.
    Needs the registry and themes loaded (``load_registry``); raises Stakeholder.DoesNotExist
    otherwise.
    """
    from consultations.services.seats import (
        round_table_co_chairs_set,
        seat_preferences_set,
        seats_allocate,
        seats_publish,
    )
    from consultations.services.speakers import inscription_create, inscription_mark_spoke

    rng = random.Random(SEED)
    with transaction.atomic():
        process = _process()
        _documents(process)
        meetings = _meetings(process)
        delegations = _delegations(process, rng)
        states = sorted(
            (d for d in delegations.values() if d.stakeholder.kind == StakeholderKind.MEMBER_STATE),
            key=lambda d: d.stakeholder.iso3,
        )
        round_tables = [meetings[f"round-table-{n}"] for n in range(1, 5)]

        # Round-table preferences and seats (illustrative): round table 1 the most wanted.
        if not process.delegations.filter(seat_preferences__isnull=False).exists():
            for delegation in states:
                # Weighted sampling without replacement (Efraimidis-Spirakis): three choices.
                ranked = sorted(
                    round_tables,
                    key=lambda m: -(rng.random() ** (1 / TABLE_POPULARITY[m.number])),
                )[:3]
                seat_preferences_set(actor=actor, delegation=delegation, meetings=ranked)
        # The co-chairs first: the allocation seats them at their round tables.
        by_iso3 = {d.stakeholder.iso3: d.stakeholder for d in states}
        for number, (first, second) in CO_CHAIRS.items():
            meeting = round_tables[number - 1]
            if not meeting.chairs.exists():
                round_table_co_chairs_set(
                    actor=actor,
                    meeting=meeting,
                    chairs=[(None, by_iso3[first]), (None, by_iso3[second])],
                )
        if not any(m.seats.exists() for m in round_tables):
            seats_allocate(actor=actor, process=process)
        if process.seats_published_at is None:  # the 2006 allocation is public
            seats_publish(actor=actor, process=process)

        # Preparatory panels: who addressed them, as the briefing lists them (they spoke).
        by_slug = {d.stakeholder.slug: d.stakeholder for d in delegations.values()}
        for slug, speakers in PANEL_SPEAKERS.items():
            meeting = meetings[slug]
            speakers_list, created = SpeakersList.objects.get_or_create(
                meeting=meeting, defaults={"minutes_per_speaker": 10}
            )
            if not created:
                continue
            for i, speaker in enumerate(speakers):
                inscription = inscription_create(
                    actor=actor,
                    speakers_list=speakers_list,
                    stakeholder=by_slug[speaker],
                    at=meeting.start - datetime.timedelta(days=7, minutes=-i),
                )
                inscription_mark_spoke(
                    actor=actor,
                    inscription=inscription,
                    spoke_at=meeting.start + datetime.timedelta(minutes=10 * i),
                    seconds=600,
                )

        # Plenary speakers lists (illustrative): 127 Member States, the Holy See, the EU, IOM.
        plenaries = [meetings[f"plenary-{n}"] for n in range(1, 5)]
        if not SpeakersList.objects.filter(meeting__in=plenaries).exists():
            # Belgium (which offered to host the Forum) and Mexico speak: the demo accounts.
            hosts = [d for d in states if d.stakeholder.iso3 in ("BEL", "MEX")]
            others_states = [d for d in states if d not in hosts]
            speaking = hosts + rng.sample(others_states, k=MEMBER_STATES_SPEAKING - len(hosts))
            _chinese_speaker_in(speaking, states)
            others = [by_slug[s] for s in ("holy-see", "european-union", "iom")]
            queue = [d.stakeholder for d in speaking] + others
            rng.shuffle(queue)
            opens = datetime.datetime(2006, 8, 1, 14, 0, tzinfo=datetime.UTC)
            lists = [
                SpeakersList.objects.create(
                    meeting=m,
                    opens_at=opens,
                    closes_at=plenaries[0].start - datetime.timedelta(days=1),
                    minutes_per_speaker=5,
                )
                for m in plenaries
            ]
            for i, stakeholder in enumerate(queue):
                inscription_create(
                    actor=actor,
                    speakers_list=lists[i * len(lists) // len(queue)],
                    stakeholder=stakeholder,
                    at=opens + datetime.timedelta(hours=3 * i),
                )
    demo_statements_load(process=process, actor=actor)

    demo_marks_set(
        process=process,
        meetings=[slug for slug, *_rest in MEETINGS],
        fact_inscriptions=PANEL_SPEAKERS,
    )
    # Its follow-up as a process of its own, beside it: the switcher and /p/ pages show two.
    demo_forum_load()
    demo_briefing_load(process=process)  # what the briefing records beyond the programme
    demo_translations_load()  # the titles in the five other languages (data/translations.json)
    return process


def _chinese_speaker_in(speaking: list, states: list) -> None:
    """Make China one of the illustrative speakers, so that the demo has a statement in each of
    the six languages: it takes the place of the first State of its own regional group in the
    sample, which leaves the count of each group and the order as they were."""
    china = next((d for d in states if d.stakeholder.iso3 == "CHN"), None)
    if china is None or china in speaking:
        return
    group = china.stakeholder.regional_group_id
    for index, delegation in enumerate(speaking):
        stakeholder = delegation.stakeholder
        if stakeholder.regional_group_id == group and stakeholder.iso3 not in ("BEL", "MEX"):
            speaking[index] = china
            return
