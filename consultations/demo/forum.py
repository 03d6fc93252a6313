"""The first Global Forum on Migration and Development (Brussels, 9-11 July 2007) as a second
demo process: the follow-up the 2006 Dialogue asked for, run beside it.

What is entered as fact: the host (the Government of Belgium), the dates (a civil society day on
9 July, the meeting of Governments on 10 and 11 July 2007) and the three round-table themes.
The times of day, the levels of representation and the handful of delegations (Belgium and
Mexico among them, so that the demo focal points see two processes) are illustrative, and
their rows say so (``demo.marks``). Never the current process: the 2006 Dialogue stays the
front page's default.

``demo_forum_load`` is idempotent: what exists is left alone.
"""

import datetime
import zoneinfo

from django.db.models import Q

from consultations.choices import MeetingKind, MeetingStatus
from consultations.demo.marks import demo_marks_set
from consultations.models import Delegation, Meeting, Process, Venue
from registry.choices import ProtocolRank
from registry.models import Stakeholder

SLUG = "gfmd-2007"
TIME_ZONE = "Europe/Brussels"
# slug, kind, number, title, local start, local end (day, hour, minute in July 2007)
MEETINGS = [
    (
        "gfmd-2007-civil-society-day",
        MeetingKind.OTHER,
        None,
        "Civil society day",
        (9, 9, 0),
        (9, 18, 0),
    ),
    ("gfmd-2007-opening", MeetingKind.PLENARY, 1, "Opening plenary", (10, 9, 0), (10, 11, 0)),
    (
        "gfmd-2007-round-table-1",
        MeetingKind.ROUND_TABLE,
        1,
        "Round table 1: Human capital development and labour mobility",
        (10, 11, 30),
        (10, 17, 30),
    ),
    (
        "gfmd-2007-round-table-2",
        MeetingKind.ROUND_TABLE,
        2,
        "Round table 2: Remittances and other diaspora resources",
        (11, 9, 0),
        (11, 12, 30),
    ),
    (
        "gfmd-2007-round-table-3",
        MeetingKind.ROUND_TABLE,
        3,
        "Round table 3: Policy and institutional coherence, and partnerships",
        (11, 14, 0),
        (11, 16, 30),
    ),
    ("gfmd-2007-closing", MeetingKind.PLENARY, 2, "Closing plenary", (11, 17, 0), (11, 18, 0)),
]
# A State's ISO code or another stakeholder's slug, level of representation (illustrative).
DELEGATIONS = [
    ("BEL", ProtocolRank.HEAD_OF_GOVERNMENT),
    ("MEX", ProtocolRank.VICE_MINISTER),
    ("PHL", ProtocolRank.MINISTER),
    ("MAR", ProtocolRank.MINISTER),
    ("SEN", ProtocolRank.HEAD_OF_DELEGATION),
    ("NLD", ProtocolRank.VICE_MINISTER),
    ("iom", ProtocolRank.HEAD_OF_DELEGATION),
]


def _local(day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2007, 7, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))


def demo_forum_load() -> Process:
    """Create the 2007 Global Forum demo process, its meetings and delegations, leaving alone
    whatever of it exists. Never marks it current. Needs the registry loaded and the venue of the
    2006 demo's Brussels meeting (``demo_load`` calls this last); a stakeholder missing from the
    registry is left out."""
    process, _created = Process.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Global Forum on Migration and Development 2007",
            "short_title": "GFMD 2007",
            "description": (
                "The first meeting of the Global Forum, State-led, voluntary and non-binding, "
                "hosted by the Government of Belgium in Brussels: a civil society day on 9 July "
                "and the meeting of Governments on 10 and 11 July 2007."
            ),
            "start_date": datetime.date(2007, 7, 9),
            "end_date": datetime.date(2007, 7, 11),
            "is_current": False,
            "minutes_per_speaker": 5,
        },
    )
    venue, _ = Venue.objects.get_or_create(
        name="Venue of the host Government",
        defaults={"city": "Brussels", "country": "Belgium", "time_zone": TIME_ZONE},
    )
    for slug, kind, number, title, start, end in MEETINGS:
        Meeting.objects.get_or_create(
            slug=slug,
            defaults={
                "process": process,
                "kind": kind,
                "number": number,
                "title": title,
                "venue": venue,
                "start": _local(*start),
                "end": _local(*end),
                "status": MeetingStatus.HELD,
                "capacity": 40 if kind == MeetingKind.ROUND_TABLE else None,
            },
        )
    keys = [key for key, _level in DELEGATIONS]
    found = Stakeholder.objects.filter(Q(iso3__in=keys) | Q(slug__in=keys))
    stakeholders = {s.iso3 or s.slug: s for s in found}
    existing = set(process.delegations.values_list("stakeholder_id", flat=True))
    Delegation.objects.bulk_create(
        [
            Delegation(process=process, stakeholder=stakeholders[key], level=level)
            for key, level in DELEGATIONS
            if key in stakeholders and stakeholders[key].pk not in existing
        ]
    )
    demo_marks_set(
        process=process, meetings=[slug for slug, *_rest in MEETINGS], fact_inscriptions={}
    )
    return process
