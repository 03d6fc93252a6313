"""Fixtures shared by the consultations tests: for the statement tests, a current process with a
plenary in New York, a minister of State A and a folder of their own for the uploads
(test_statements_*_views.py and the services' tests) and the ``world`` of the public statement
pages (test_statements_public_*.py); a speakers list open in September 2006
(test_speakers_*services.py); the programme of the 2006 Dialogue (test_programme_*views.py).
A module's own fixture of the same name overrides these."""

import datetime

import pytest
from django.utils import timezone

from consultations.choices import (
    ChairRole,
    DocumentKind,
    DocumentRole,
    Language,
    MeetingKind,
    MeetingStatus,
    StatementState,
)
from consultations.models import Document, MeetingChair, ProcessDocument
from consultations.search import statement_search_refresh_all
from registry.choices import ProtocolRank, StakeholderKind
from tests.consultations.speakers_helpers import CLOSES, OPENS
from tests.consultations.statements_helpers import NOTE
from tests.consultations.statements_public_helpers import NOTE as PUBLIC_NOTE
from tests.consultations.statements_public_helpers import utc
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RegionalGroupFactory,
    RoomFactory,
    RoundTableFactory,
    SpeakersListFactory,
    StakeholderFactory,
    StatementFactory,
    ThemeFactory,
    VenueFactory,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def process(db):
    return ProcessFactory(title="High-level Dialogue", is_current=True, illustrative_note=NOTE)


@pytest.fixture
def delegation_a(process, state_a):
    """State A's delegation to ``process``: what lets State A's delegate work on it."""
    return DelegationFactory(process=process, stakeholder=state_a)


@pytest.fixture
def delegation_b(process, state_b):
    return DelegationFactory(process=process, stakeholder=state_b)


@pytest.fixture
def meeting(process):
    """Plenary 1 on 14 September 2006, 10:00-13:00 in New York; no deadline."""
    return MeetingFactory(process=process, title="Plenary 1")


@pytest.fixture
def minister(state_a):
    person = PersonFactory(honorific="H.E.", given_name="Ana", family_name="Aaa")
    AppointmentFactory(
        person=person,
        stakeholder=state_a,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    return person


@pytest.fixture
def world(db):
    """Four public statements at three meetings in two time zones, and four the public may not
    read: a draft, one under embargo, a withdrawn one and one returned for correction."""
    african = RegionalGroupFactory(code="AFRICAN", name="African States", short_name="African")
    weog = RegionalGroupFactory(
        code="WEOG", name="Western European and other States", short_name="WEOG"
    )
    process = ProcessFactory(slug="hld", title="High-level Dialogue", illustrative_note=PUBLIC_NOTE)
    new_york = VenueFactory()
    geneva = VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")
    plenary = MeetingFactory(
        process=process,
        slug="plenary",
        title="First plenary",
        venue=new_york,
        start=utc(2006, 9, 14, 14, 0),
        end=utc(2006, 9, 14, 17, 0),
    )
    # 22:30 on 14 September in New York is 02:30 on the 15th in UTC.
    evening = MeetingFactory(
        process=process,
        slug="evening",
        title="Evening plenary",
        venue=new_york,
        start=utc(2006, 9, 15, 2, 30),
        end=utc(2006, 9, 15, 4, 0),
    )
    panel = MeetingFactory(
        process=process,
        slug="geneva-panel",
        title="Geneva panel",
        venue=geneva,
        start=utc(2006, 7, 6, 8, 0),
        end=utc(2006, 7, 6, 11, 0),
    )
    belgium = MemberStateFactory(name="Belgium", slug="belgium", iso3="BEL", regional_group=weog)
    senegal = MemberStateFactory(name="Senegal", slug="senegal", iso3="SEN", regional_group=african)
    iom = StakeholderFactory(
        kind=StakeholderKind.IGO, name="International Organization for Migration", slug="iom"
    )
    root_causes = ThemeFactory(slug="root-causes", name="Root causes of migration", order=1)
    poverty = ThemeFactory(slug="poverty", name="Poverty", parent=root_causes, order=1)
    remittances = ThemeFactory(slug="remittances", name="Remittances", order=2)
    gadio = PersonFactory(
        honorific="H.E. Mr.", given_name="Cheikh Tidiane", family_name="Gadio", slug="gadio"
    )
    w = {
        "process": process,
        "belgium": belgium,
        "senegal": senegal,
        "iom": iom,
        "plenary": plenary,
        "belgium_speaks": StatementFactory(
            meeting=plenary,
            stakeholder=belgium,
            title="Belgium offers to host the Global Forum",
            text="Belgium offers to host the first meeting of the Global Forum.\n\nThank you.",
            themes=[poverty],
            published=True,
            published_at=utc(2006, 9, 14, 18, 0),
        ),
        "senegal_evening": StatementFactory(
            meeting=evening,
            stakeholder=senegal,
            language=Language.FRENCH,
            title="Déclaration du Sénégal",
            text="Les transferts de fonds des migrants.",
            speaker=gadio,
            speaker_post="Minister for Foreign Affairs",
            themes=[remittances],
            published=True,
            published_at=utc(2006, 9, 15, 3, 0),  # 23:00 on the 14th in New York
        ),
        "iom_panel": StatementFactory(
            meeting=panel,
            stakeholder=iom,
            title="IOM at the Geneva panel",
            text="Root causes of migration.",
            themes=[root_causes],
            published=True,
            published_at=utc(2006, 7, 6, 12, 0),
        ),
        "senegal_arabic": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            language=Language.ARABIC,
            title="بيان السنغال",
            text="الهجرة الدولية والتنمية.",
            published=True,
            published_at=utc(2006, 9, 16, 12, 0),
        ),
        "draft": StatementFactory(
            meeting=plenary, stakeholder=belgium, title="Belgian draft", text="Global Forum."
        ),
        "embargoed": StatementFactory(
            meeting=plenary,
            stakeholder=belgium,
            title="Belgium under embargo",
            text="Global Forum.",
            published=True,
            embargo_until=timezone.now() + datetime.timedelta(hours=2),
        ),
        "withdrawn": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            title="Withdrawn by Senegal",
            text="Global Forum.",
            state=StatementState.WITHDRAWN,
        ),
        "returned": StatementFactory(
            meeting=plenary,
            stakeholder=senegal,
            title="Returned to Senegal",
            text="Global Forum.",
            state=StatementState.RETURNED,
            return_reason="Please attach the delivered version.",
        ),
    }
    statement_search_refresh_all()
    return w


@pytest.fixture
def speakers_list(db):
    return SpeakersListFactory(
        meeting=MeetingFactory(title="Plenary 1"), opens_at=OPENS, closes_at=CLOSES
    )


@pytest.fixture
def list_delegations(speakers_list, state_a, state_b):
    """State A's and State B's delegations to the process of ``speakers_list``: what lets their
    delegates inscribe on it."""
    process = speakers_list.meeting.process
    return [DelegationFactory(process=process, stakeholder=s) for s in (state_a, state_b)]


@pytest.fixture
def hld(db):
    process = ProcessFactory(
        slug="hld-2006",
        title="High-level Dialogue on International Migration and Development",
        short_title="HLD 2006",
        start_date=datetime.date(2006, 6, 1),
        end_date=datetime.date(2006, 9, 30),
        is_current=True,
        follow_up="The first Global Forum on Migration and Development met in Brussels.",
    )
    resolution = Document.objects.create(
        kind=DocumentKind.RESOLUTION,
        symbol="A/RES/58/208",
        title="International migration and development",
        date=datetime.date(2003, 12, 23),
        url="https://undocs.org/A/RES/58/208",
    )
    summary = Document.objects.create(
        kind=DocumentKind.OUTCOME,
        symbol="A/61/515",
        title="Summary of the High-level Dialogue",
        date=datetime.date(2006, 10, 13),
    )
    ProcessDocument.objects.create(process=process, document=resolution, role=DocumentRole.MANDATE)
    ProcessDocument.objects.create(process=process, document=summary, role=DocumentRole.OUTCOME)
    return process


@pytest.fixture
def geneva(db):
    return VenueFactory(name="Palais des Nations", city="Geneva", time_zone="Europe/Zurich")


@pytest.fixture
def new_york(db):
    return VenueFactory(
        name="United Nations Headquarters", city="New York", time_zone="America/New_York"
    )


@pytest.fixture
def panel(hld, geneva):
    """Geneva, 6 July 2006, 10:00-13:00 local time (CEST): 08:00-11:00 UTC."""
    meeting = MeetingFactory(
        process=hld,
        slug="panel-geneva",
        kind=MeetingKind.PREPARATORY_PANEL,
        title="Interactive panel on migration and development",
        venue=geneva,
        room=RoomFactory(venue=geneva, name="Salle XX"),
        start=utc(2006, 7, 6, 8),
        end=utc(2006, 7, 6, 11),
        status=MeetingStatus.HELD,
    )
    MeetingChair.objects.create(
        meeting=meeting,
        role=ChairRole.CHAIR,
        person=PersonFactory(honorific="Mr.", given_name="Peter", family_name="Sutherland"),
    )
    return meeting


@pytest.fixture
def late_plenary(hld, new_york):
    """New York, 14 September 2006, 23:30 EDT: already 15 September in UTC."""
    return MeetingFactory(
        process=hld,
        slug="late-plenary",
        kind=MeetingKind.PLENARY,
        number=3,
        title="Plenary meeting 3",
        venue=new_york,
        room=RoomFactory(venue=new_york, name="General Assembly Hall"),
        start=utc(2006, 9, 15, 3, 30),
        end=utc(2006, 9, 15, 4, 30),
        status=MeetingStatus.CONFIRMED,
    )


@pytest.fixture
def round_table(hld, new_york):
    return RoundTableFactory(
        process=hld,
        slug="round-table-1",
        number=1,
        title="Round table 1",
        theme=ThemeFactory(name="Effects of international migration on development"),
        venue=new_york,
        room=RoomFactory(venue=new_york, name="Conference Room 4"),
        start=utc(2006, 9, 14, 14),
        end=utc(2006, 9, 14, 17),
        status=MeetingStatus.CANCELLED,
    )
