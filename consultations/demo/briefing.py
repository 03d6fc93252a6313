"""What the briefing records beyond the programme, each as a record with its source.

- the Secretary-General's meeting of end October 2005 with the executive heads of UN entities
  and IOM's Director General, which decided to expand the Geneva Migration Group, and the
  Global Migration Group's establishment in April 2006 (events of both groupings);
- Peter Sutherland's posts when he was named Special Representative: Chairman of BP and of
  Goldman Sachs (appointments, for two companies in the registry);
- where the briefing's date differs from the official record (it dates his appointment
  January 2005; the Secretary-General announced it on 23 January 2006), both dates, each with
  its source (``AppointmentDate``); the registry works with the announcement's;
- what the two preparatory panels contributed (its three points), on both panels' meetings, and
  the UN system's high-level participation in the round tables, on the four round tables
  (``MeetingNote``);
- www.unmigration.org, given for more information, as a link of the Dialogue.

These are facts, not illustrative data: each names its source. ``demo_briefing_load`` is
idempotent: what exists is left alone.
"""

import datetime

from consultations.models import Meeting, MeetingNote, Process, ProcessLink
from registry.choices import ProtocolRank, StakeholderKind
from registry.models import (
    Appointment,
    AppointmentDate,
    Grouping,
    GroupingEvent,
    Person,
    Stakeholder,
)

BRIEFING = (
    "Briefing \u201cThe High-Level Dialogue on International Migration and Development\u201d, "
    "Hania Zlotnik, Population Division, UN DESA"
)
ANNOUNCEMENT = (
    "Press release SG/A/976-BIO/3735 of 23 January 2006: the Secretary-General's announcement "
    "of the appointment"
)

COMPANIES = [
    # slug, name, short name, website
    ("bp", "BP p.l.c.", "BP", "https://www.bp.com"),
    ("goldman-sachs-international", "Goldman Sachs International", "Goldman Sachs", ""),
]
# Peter Sutherland's posts at his appointment: the briefing names them ("Chairman of BP and
# Goldman Sachs"); the announcement gives since when he held them.
SUTHERLAND_POSTS = [
    # company slug, post, date, as the announcement gives it
    ("bp", "Chairman", datetime.date(1997, 1, 1), "since 1997"),
    ("goldman-sachs-international", "Chairman", datetime.date(1995, 1, 1), "since 1995"),
]
SPECIAL_REPRESENTATIVE_DATES = [
    # date, as the source gives it, source
    (datetime.date(2005, 1, 1), "January 2005", BRIEFING),
    (datetime.date(2006, 1, 23), "23 January 2006", ANNOUNCEMENT),
]

GROUPING_EVENTS = [
    # date, as the briefing gives it, title, description, grouping slugs
    (
        datetime.date(2005, 10, 31),
        "End of October 2005",
        "The Secretary-General meets the executive heads of UN entities working on migration "
        "and the Director General of IOM",
        "In follow-up to Recommendation 33 of the Global Commission on International Migration "
        "(a Global Migration Facility that would build on the Geneva Migration Group), the "
        "Secretary-General met with the executive heads of the United Nations entities working "
        "on migration and the Director General of the International Organization for Migration. "
        "That meeting produced the decision to expand the Geneva Migration Group.",
        ["geneva-migration-group", "gmg"],
    ),
    (
        datetime.date(2006, 4, 1),
        "April 2006",
        "The Secretary-General establishes the Global Migration Group",
        "As a result of the decision to expand the Geneva Migration Group, the "
        "Secretary-General established the Global Migration Group: ILO, IOM, UNCTAD, UNDESA, "
        "UNDP, UNFPA, UNHCHR, UNHCR, UNODC and the World Bank.",
        ["geneva-migration-group", "gmg"],
    ),
]

PANELS = ["panel-new-york-2006", "panel-geneva-2006"]
ROUND_TABLES = [f"round-table-{n}" for n in range(1, 5)]
MEETING_NOTES = [
    # heading, meeting slugs, points in order
    (
        "The panels' contribution to the Dialogue",
        PANELS,
        [
            "Discussed how the members of the Global Migration Group could contribute to "
            "enhance the benefits of international migration or address the challenges it "
            "posed.",
            "Emphasized the contribution of the UN system to the normative framework on "
            "migration, especially the international instruments.",
            "The members of the Global Migration Group expressed views on the process of the "
            "High-level Dialogue and its possible follow-up.",
        ],
    ),
    (
        "The UN system at the round tables",
        ROUND_TABLES,
        [
            "High-level representatives of UN system institutions participated in the round "
            "tables of the High-level Dialogue.",
            "Member States noted the contributions by the UN system and listened to a statement "
            "by IOM.",
            "As a result, Member States wish that the UN system, especially the Global Migration "
            "Group, provide support for the follow-up to the Dialogue.",
        ],
    ),
]
LINKS = [
    # title, address
    (
        "International migration and development: the United Nations website",
        "http://www.unmigration.org/",
    ),
]


def _sutherland() -> None:
    person = Person.objects.get(slug="peter-sutherland")
    for slug, name, short_name, website in COMPANIES:
        Stakeholder.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": StakeholderKind.PRIVATE_SECTOR,
                "name": name,
                "short_name": short_name,
                "website": website,
            },
        )
    companies = {s.slug: s for s in Stakeholder.objects.filter(slug__in=[c[0] for c in COMPANIES])}
    for slug, post, since, label in SUTHERLAND_POSTS:
        appointment, _ = Appointment.objects.get_or_create(
            person=person,
            stakeholder=companies[slug],
            post=post,
            defaults={
                "rank": ProtocolRank.OTHER,
                "source": f"{BRIEFING} (the post); {ANNOUNCEMENT} (since when)",
            },
        )
        AppointmentDate.objects.get_or_create(
            appointment=appointment,
            source=ANNOUNCEMENT,
            defaults={"date": since, "date_label": label},
        )
    # The reference data's appointment (registry/data/persons.csv): the announcement's date.
    special_representative = Appointment.objects.get(
        person=person, stakeholder__slug="srsg-migration"
    )
    if not special_representative.source:
        special_representative.source = ANNOUNCEMENT
        special_representative.save(update_fields=["source"])
    for date, label, source in SPECIAL_REPRESENTATIVE_DATES:
        AppointmentDate.objects.get_or_create(
            appointment=special_representative,
            source=source,
            defaults={"date": date, "date_label": label},
        )


def _grouping_events() -> None:
    groupings = {g.slug: g for g in Grouping.objects.all()}
    for date, label, title, description, slugs in GROUPING_EVENTS:
        event, created = GroupingEvent.objects.get_or_create(
            date=date,
            title=title,
            defaults={"date_label": label, "description": description, "source": BRIEFING},
        )
        if created:
            event.groupings.set([groupings[slug] for slug in slugs])


def _meeting_notes() -> None:
    meetings = {m.slug: m for m in Meeting.objects.filter(slug__in=PANELS + ROUND_TABLES)}
    for heading, slugs, points in MEETING_NOTES:
        for order, text in enumerate(points, start=1):
            note, created = MeetingNote.objects.get_or_create(
                heading=heading, order=order, defaults={"text": text, "source": BRIEFING}
            )
            if created:
                note.meetings.set([meetings[slug] for slug in slugs])


def demo_briefing_load(*, process: Process) -> None:
    """Add to the registry and to ``process`` (the 2006 Dialogue) what the briefing records
    beyond its programme (see the module's docstring), each with its source. Leaves alone what
    exists. Needs the registry and the Dialogue's meetings loaded; raises DoesNotExist or
    KeyError otherwise."""
    _sutherland()
    _grouping_events()
    _meeting_notes()
    for order, (title, url) in enumerate(LINKS):
        ProcessLink.objects.get_or_create(
            process=process, url=url, defaults={"title": title, "source": BRIEFING, "order": order}
        )
