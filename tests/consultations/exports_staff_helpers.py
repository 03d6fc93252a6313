"""What the tests of the Secretariat's exports share: a process with one record of each kind
(and some the exports must leave out), the rows each export should hold, and readers of the
CSV and XLSX downloads."""

import codecs
import csv
import datetime
import io

import openpyxl

from consultations.choices import (
    InscriptionStatus,
    Language,
    LevelRequestStatus,
    SeatSource,
    Stance,
)
from consultations.services.positions import position_record
from consultations.services.statements import (
    statement_create,
    statement_publish,
    statement_return,
    statement_submit,
)
from registry.choices import ProtocolRank
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    DelegationMemberFactory,
    FocalPointFactory,
    InscriptionFactory,
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RegionalGroupFactory,
    RoundTableFactory,
    SeatFactory,
    SecretariatUserFactory,
    SpeakersListFactory,
    StatementFactory,
    ThemeFactory,
)

UTC = datetime.UTC
# The clock while the world is made: the time of every "auto_now" field (a position's, a
# seat's). 16:00 UTC is 12:00 in New York (EDT), where every meeting of the world is.
MADE_AT = datetime.datetime(2006, 9, 15, 16, 0, tzinfo=UTC)
NEW_YORK = "America/New_York"


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def local(*args) -> datetime.datetime:
    """A time as the exports give it: on the venue's clock, without the zone."""
    return datetime.datetime(*args)


def make_world() -> dict:
    """The 2006 Dialogue with Côte d'Ivoire's published statement, a statement returned for
    correction, a draft never submitted (left out), a stance on the Forum, two delegations,
    two seats at round table 1 and three inscriptions on the plenary's speakers list; and a
    statement at another process (left out)."""
    african = RegionalGroupFactory(code="AFRICAN", name="African States", short_name="African")
    process = ProcessFactory(slug="hld-2006", title="High-level Dialogue")
    plenary = MeetingFactory(process=process, slug="plenary", title="First plenary")
    civ = MemberStateFactory(
        name="Côte d'Ivoire", slug="cote-d-ivoire", iso3="CIV", regional_group=african
    )
    ghana = MemberStateFactory(name="Ghana", slug="ghana", iso3="GHA", regional_group=african)
    senegal = MemberStateFactory(name="Senegal", slug="senegal", iso3="SEN", regional_group=african)
    minister = PersonFactory(
        honorific="H.E. Mr.", given_name="Youssouf", family_name="Bakayoko", slug="bakayoko"
    )
    AppointmentFactory(
        person=minister,
        stakeholder=civ,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    ambassador = PersonFactory(
        honorific="Mr.", given_name="Ilahiri", family_name="Djédjé", slug="djedje"
    )
    officer = SecretariatUserFactory(email="officer@un.org", first_name="Ana", last_name="Silva")
    focal_point = FocalPointFactory(
        stakeholder=civ,
        user__email="focal@civ.example",
        user__first_name="Awa",
        user__last_name="Koné",
    ).user
    poverty = ThemeFactory(
        slug="poverty",
        name="Poverty",
        parent=ThemeFactory(slug="root-causes", name="Root causes of migration"),
    )

    published = statement_create(
        actor=focal_point,
        stakeholder=civ,
        meeting=plenary,
        title="Déclaration de la Côte d'Ivoire",
        language=Language.FRENCH,
        text="Monsieur le Président,\nla Côte d'Ivoire soutient le Forum.",
        speaker=minister,
        themes=[poverty],
        embargo_until=utc(2006, 9, 14, 15, 0),
        at=utc(2006, 9, 13, 13, 0),
    )
    statement_submit(actor=focal_point, statement=published, at=utc(2006, 9, 13, 14, 30))
    statement_publish(actor=officer, statement=published, at=utc(2006, 9, 13, 20, 0))
    published.refresh_from_db()
    type(published).objects.filter(pk=published.pk).update(file="statements/0a1b2c.pdf")
    returned = statement_create(
        actor=focal_point,
        stakeholder=civ,
        meeting=plenary,
        title="=Second statement",
        language=Language.ENGLISH,
        text="Text.",
        at=utc(2006, 9, 13, 13, 5),
    )
    statement_submit(actor=focal_point, statement=returned, at=utc(2006, 9, 13, 15, 0))
    statement_return(
        actor=officer, statement=returned, reason="Please attach the PDF.", at=utc(2006, 9, 13, 16)
    )
    statement_create(
        actor=focal_point,
        stakeholder=civ,
        meeting=plenary,
        title="Ivorian draft",
        language=Language.ENGLISH,
        at=utc(2006, 9, 13, 13, 10),
    )
    StatementFactory(
        meeting=MeetingFactory(process=ProcessFactory(slug="forum-2007")),
        stakeholder=civ,
        title="At the Forum",
        published=True,
    )

    forum = IssueFactory(
        process=process, slug="global-forum", title="Should a Global Forum follow the Dialogue?"
    )
    position_record(
        actor=officer,
        issue=forum,
        stakeholder=civ,
        stance=Stance.SUPPORTS,
        statement=published,
        note="Offered to co-chair.",
    )
    position_record(actor=officer, issue=forum, stakeholder=ghana, stance=Stance.NEUTRAL)

    civ_delegation = DelegationFactory(
        process=process,
        stakeholder=civ,
        head=minister,
        head_post="Minister for Foreign Affairs",
        level=ProtocolRank.MINISTER,
        notes="Arrives on 13 September.",
    )
    DelegationMemberFactory(
        delegation=civ_delegation,
        person=ambassador,
        post="Permanent Representative",
        rank=ProtocolRank.HEAD_OF_DELEGATION,
    )
    DelegationMemberFactory(
        delegation=civ_delegation,
        person=minister,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    ghana_delegation = DelegationFactory(process=process, stakeholder=ghana)

    table = RoundTableFactory(
        process=process,
        slug="round-table-1",
        number=1,
        title="Round table 1",
        theme=ThemeFactory(slug="development", name="Migration and development"),
    )
    SeatFactory(meeting=table, delegation=civ_delegation, choice=1, assigned_by=officer)
    SeatFactory(
        meeting=table, delegation=civ_delegation, choice=1, assigned_by=officer, is_published=True
    )
    SeatFactory(meeting=table, delegation=ghana_delegation, source=SeatSource.HAND)

    speakers = SpeakersListFactory(meeting=plenary)
    InscriptionFactory(
        speakers_list=speakers,
        stakeholder=civ,
        speaker=minister,
        speaker_post="Minister for Foreign Affairs",
        level=ProtocolRank.MINISTER,
        position=1,
        status=InscriptionStatus.SPOKE,
        inscribed_at=utc(2006, 9, 1, 12, 0, 30),
        inscribed_by=focal_point,
        spoke_at=utc(2006, 9, 14, 14, 2),
        spoke_seconds=270,
    )
    InscriptionFactory(
        speakers_list=speakers,
        stakeholder=ghana,
        level=ProtocolRank.HEAD_OF_DELEGATION,
        requested_level=ProtocolRank.MINISTER,
        level_request_status=LevelRequestStatus.PENDING,
        position=2,
        inscribed_at=utc(2006, 9, 2, 9, 0),
    )
    InscriptionFactory(
        speakers_list=speakers,
        stakeholder=senegal,
        position=None,
        status=InscriptionStatus.WITHDRAWN,
        inscribed_at=utc(2006, 9, 3, 9, 0),
    )
    return {"process": process, "published": published, "returned": returned}


def civ(*rest) -> list:
    return ["Côte d'Ivoire", "Member State", "CIV", "African States", *rest]


def ghana(*rest) -> list:
    return ["Ghana", "Member State", "GHA", "African States", *rest]


STAKEHOLDER = ["Stakeholder", "Kind", "ISO code", "Regional group"]
HEADERS = {
    "statements": [
        "ID",
        "Title",
        *STAKEHOLDER,
        "Meeting",
        "Meeting date",
        "Language",
        "Speaker",
        "Speaker's post",
        "Themes",
        "State",
        "Reason for return",
        "Submitted (local time)",
        "Submitted by",
        "Published (local time)",
        "Published by",
        "Check against delivery until (local time)",
        "Time zone",
        "File",
        "Text",
    ],
    "positions": [
        "Issue",
        *STAKEHOLDER,
        "Stance",
        "Note",
        "Statement",
        "Statement ID",
        "Statement state",
        "Recorded by",
        "Recorded (local time)",
        "Time zone",
    ],
    "delegations": [
        *STAKEHOLDER,
        "Level of representation",
        "Head of delegation",
        "Post of the head of delegation",
        "Number of members",
        "Members and their posts",
        "Notes",
    ],
    "seats": [
        "Allocation",
        "Round table",
        "Round table number",
        "Theme",
        *STAKEHOLDER,
        "Choice obtained",
        "Source",
        "Assigned by",
        "Assigned (local time)",
        "Time zone",
    ],
    "speakers": [
        "Meeting",
        "Meeting date",
        "List state",
        "Place",
        *STAKEHOLDER,
        "Speaker",
        "Speaker's post",
        "Level of representation",
        "Requested level",
        "Level request",
        "Status",
        "Inscribed (local time)",
        "Inscribed by",
        "Expected to take the floor (local time)",
        "Took the floor (local time)",
        "Spoke for",
        "Time zone",
    ],
    # Turns timed at the floor (tests/consultations/test_floor_views.py has rows of them).
    "speaking-time": [
        "Meeting",
        "Turn",
        "Right of reply number",
        *STAKEHOLDER,
        "Speaker",
        "Started (local time)",
        "Spoke for",
        "Time limit",
        "Overrun",
        "Time zone",
    ],
}
# The last two columns of every export: the rows of these tests are the record, with no source.
MARK_HEADERS = ["Illustrative or record", "Recorded in"]
RECORD = ["Record", ""]
for _headers in HEADERS.values():
    _headers.extend(MARK_HEADERS)
LIST_STATE = "Open"
MINISTER = "H.E. Mr. Youssouf Bakayoko"
MINISTER_POST = "Minister for Foreign Affairs"
DAY = datetime.date(2006, 9, 14)


def expected_rows(world) -> dict[str, list[list]]:
    """Each export's rows, typed as the XLSX holds them ("" for an empty text)."""
    return {name: [[*row, *RECORD] for row in rows] for name, rows in _expected_rows(world).items()}


def _expected_rows(world) -> dict[str, list[list]]:
    published, returned = world["published"], world["returned"]
    return {
        "statements": [
            [
                published.pk,
                "Déclaration de la Côte d'Ivoire",
                *civ("First plenary", DAY, "French", MINISTER, MINISTER_POST),
                "Root causes of migration: Poverty",
                "Published",
                "",
                local(2006, 9, 13, 10, 30),
                "Awa Koné",
                local(2006, 9, 13, 16, 0),
                "Ana Silva",
                local(2006, 9, 14, 11, 0),
                NEW_YORK,
                "0a1b2c.pdf",
                "Monsieur le Président,\nla Côte d'Ivoire soutient le Forum.",
            ],
            [
                returned.pk,
                "'=Second statement",
                *civ("First plenary", DAY, "English", "", "", ""),
                "Returned for correction",
                "Please attach the PDF.",
                local(2006, 9, 13, 11, 0),
                "Awa Koné",
                None,
                "",
                None,
                NEW_YORK,
                "",
                "Text.",
            ],
        ],
        "positions": [
            [
                "Should a Global Forum follow the Dialogue?",
                *civ("Supports", "Offered to co-chair.", "Déclaration de la Côte d'Ivoire"),
                published.pk,
                "Published",
                "Ana Silva",
                local(2006, 9, 15, 12, 0),
                NEW_YORK,
            ],
            [
                "Should a Global Forum follow the Dialogue?",
                *ghana("Neutral", "", "", None, ""),
                "Ana Silva",
                local(2006, 9, 15, 12, 0),
                NEW_YORK,
            ],
        ],
        "delegations": [
            civ(
                "Deputy Prime Minister / Minister",
                MINISTER,
                MINISTER_POST,
                2,
                f"{MINISTER} ({MINISTER_POST}); Mr. Ilahiri Djédjé (Permanent Representative)",
                "Arrives on 13 September.",
            ),
            ghana("Other head of delegation", "", "", 0, "", ""),
        ],
        "seats": [
            [
                "Published",
                "Round table 1",
                1,
                "Migration and development",
                *civ(1, "Automatic allocation", "Ana Silva", local(2006, 9, 15, 12, 0), NEW_YORK),
            ],
            [
                "Draft",
                "Round table 1",
                1,
                "Migration and development",
                *civ(1, "Automatic allocation", "Ana Silva", local(2006, 9, 15, 12, 0), NEW_YORK),
            ],
            [
                "Draft",
                "Round table 1",
                1,
                "Migration and development",
                *ghana(None, "Edited by the Secretariat", "", local(2006, 9, 15, 12, 0), NEW_YORK),
            ],
        ],
        "speakers": [
            [
                "First plenary",
                DAY,
                LIST_STATE,
                1,
                *civ(MINISTER, MINISTER_POST, "Deputy Prime Minister / Minister", "", ""),
                "Spoke",
                local(2006, 9, 1, 8, 0, 30),
                "Awa Koné",
                local(2006, 9, 14, 10, 0),
                local(2006, 9, 14, 10, 2),
                datetime.timedelta(minutes=4, seconds=30),
                NEW_YORK,
            ],
            [
                "First plenary",
                DAY,
                LIST_STATE,
                2,
                *ghana("", "", "Other head of delegation", "Deputy Prime Minister / Minister"),
                "Pending confirmation",
                "Inscribed",
                local(2006, 9, 2, 5, 0),
                "",
                local(2006, 9, 14, 10, 4, 30),
                None,
                None,
                NEW_YORK,
            ],
            [
                "First plenary",
                DAY,
                LIST_STATE,
                None,
                "Senegal",
                "Member State",
                "SEN",
                "African States",
                "",
                "",
                "Other head of delegation",
                "",
                "",
                "Withdrawn",
                local(2006, 9, 3, 5, 0),
                "",
                None,
                None,
                None,
                NEW_YORK,
            ],
        ],
        "speaking-time": [],  # the list was kept by hand: no turn was timed
    }


# --- reading the downloads ----------------------------------------------------------------------
def csv_text(response) -> str:
    """The CSV body, which must begin with a UTF-8 byte order mark, without it."""
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    return body[len(codecs.BOM_UTF8) :].decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response), newline="")))


def as_csv(value) -> str:
    """A typed value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return str(value)


def as_xlsx(value):
    """A typed value as openpyxl reads it back: a date as a datetime, "" as None."""
    if value == "":
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)
    return value


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def xlsx_rows(response) -> list[list]:
    return [list(row) for row in workbook(response).active.iter_rows(values_only=True)]
