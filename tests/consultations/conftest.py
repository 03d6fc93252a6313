"""Fixtures shared by the consultations tests: for the statement tests, a current process with a
plenary in New York, a minister of State A and a folder of their own for the uploads
(test_statements_*_views.py and the services' tests) and the ``world`` of the public statement
pages (test_statements_public_*.py); a speakers list open in September 2006
(test_speakers_*services.py). A module's own fixture of the same name overrides these."""

import datetime

import pytest
from django.utils import timezone

from consultations.choices import Language, StatementState
from consultations.search import statement_search_refresh_all
from registry.choices import ProtocolRank, StakeholderKind
from tests.consultations.speakers_helpers import CLOSES, OPENS
from tests.consultations.statements_helpers import NOTE
from tests.consultations.statements_public_helpers import NOTE as PUBLIC_NOTE
from tests.consultations.statements_public_helpers import utc
from tests.factories import (
    AppointmentFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RegionalGroupFactory,
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
