"""The delegate portal kept for its user until what it shows changes (hlderp/signed_in_cache.py):
a write the portal shows, or the clock passing an instant one of its answers depends on."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import clock_horizon
from consultations.choices import InscriptionStatus, MeetingKind
from consultations.models import Floor, SpeakersList
from consultations.selectors.seats import preferences_deadline
from consultations.services.statements.editing import statement_update
from hlderp import public_cache
from registry.models import Stakeholder
from tests.consultations.test_portal_queries import OWN, REQUEST, world
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    SpeakersListFactory,
    StatementFactory,
    TOTPDeviceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOW = datetime.datetime(2006, 9, 1, 12, tzinfo=datetime.UTC)
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def made(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    made = world()
    plenary = MeetingFactory(process=made["process"], kind=MeetingKind.PLENARY)
    made["draft"] = StatementFactory(meeting=plenary, stakeholder=made["state"], title="Draft A")
    made["speakers"] = SpeakersListFactory(meeting=plenary)
    client.force_login(made["user"])
    return made


def visit(client, path="/delegate/") -> tuple[int, str]:
    """The queries of a visit and its page, without the sign-out form's token (new each time)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), _TOKEN.sub("", response.content.decode())


def test_a_second_visit_reads_one_query_and_shows_the_same_page(client, made):
    rendered, first = visit(client)
    kept, second = visit(client)

    assert (rendered, kept) == (REQUEST + OWN, REQUEST)
    assert second == first
    assert "Draft A" in second


def test_a_draft_saved_by_a_colleague_shows_at_the_next_visit(client, made):
    colleague = FocalPointFactory(stakeholder=made["state"]).user
    visit(client)
    public_before = public_cache.generations()

    statement_update(actor=colleague, statement=made["draft"], data={"title": "Draft B"})
    queries, page = visit(client)

    assert public_cache.generations() == public_before  # no public page shows a draft
    assert queries == REQUEST + OWN
    assert "Draft B" in page and "Draft A" not in page


def test_a_change_to_the_registry_or_an_inscription_shows_at_the_next_visit(client, made):
    speakers = made["speakers"]
    visit(client)

    Stakeholder.objects.filter(pk=made["state"].pk).update(name_en="Kingdom of Belgium")
    _queries, renamed = visit(client)
    InscriptionFactory(speakers_list=speakers, stakeholder=made["state"], position=1)
    _queries, inscribed = visit(client)

    assert "Kingdom of Belgium" in renamed
    assert "place 1" in inscribed and "place 1" not in renamed


def test_a_speakers_list_opening_shows_when_it_opens_with_no_write(client, made, time_machine):
    opens = NOW + datetime.timedelta(seconds=30)  # before the longest a page is kept
    speakers = made["speakers"]
    SpeakersList.objects.filter(pk=speakers.pk).update(opens_at=opens)
    inscription = InscriptionFactory(
        speakers_list=speakers,
        stakeholder=made["state"],
        position=1,
        status=InscriptionStatus.INSCRIBED,
    )
    withdraw = f"/delegate/speakers/inscriptions/{inscription.pk}/withdraw/"
    visit(client)
    kept, before = visit(client)

    time_machine.move_to(opens, tick=False)
    queries, after = visit(client)

    assert kept == REQUEST and withdraw not in before
    assert queries == REQUEST + OWN and withdraw in after


def test_each_user_and_language_has_its_own_and_a_floor_in_session_is_never_kept(client, made):
    other = FocalPointFactory(stakeholder=MemberStateFactory(name="Chile")).user
    visit(client)
    _queries, french = visit(client, "/delegate/?lang=fr")
    client.force_login(other)
    _queries, chile = visit(client)
    Floor.objects.create(speakers_list=made["speakers"], in_session=True)
    client.force_login(made["user"])
    visit(client)
    in_session = [visit(client)[0] for _ in range(2)]

    assert "Portail" in french or "portail" in french
    assert "Chile" in chile and "Belgium" not in chile and "Draft A" not in chile
    assert in_session[0] == in_session[1] > REQUEST + OWN  # rendered, with the floor's own


def test_nothing_is_kept_while_the_page_cache_is_off(client, made, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    visit(client)

    assert [visit(client)[0] for _ in range(2)] == [REQUEST + OWN, REQUEST + OWN]


def test_choosing_a_process_renders_and_the_next_visit_keeps_the_choice(client, made):
    later = ProcessFactory(slug="later", title="Later process")
    DelegationFactory(process=later, stakeholder=made["state"])
    visit(client)

    chosen_queries, chosen = visit(client, "/delegate/?process=later")
    _queries, remembered = visit(client)
    kept, again = visit(client)

    assert chosen_queries > REQUEST and '<p class="lead">Later process</p>' in chosen
    assert '<p class="lead">Later process</p>' in remembered
    assert kept == REQUEST and again == remembered


def test_the_clock_rules_say_when_their_answer_changes():
    process = ProcessFactory(seat_preferences_deadline=NOW + datetime.timedelta(hours=2))
    opens = NOW + datetime.timedelta(hours=1)

    with clock_horizon.watch() as horizon:
        preferences_deadline(process=process, now=NOW)
        SpeakersListFactory.build(opens_at=opens, closes_at=NOW).state_at(NOW)
    with clock_horizon.watch() as passed:
        preferences_deadline(process=process, now=NOW + datetime.timedelta(hours=3))
    clock_horizon.changes_at(opens, NOW)  # outside watch(): nothing to tell

    assert horizon.until == opens
    assert passed.until is None


def test_a_role_given_shows_in_the_switcher_at_the_next_visit(client, made):
    from django.contrib.auth.models import Group

    from registry.roles import SECRETARIAT

    other = ProcessFactory(slug="not-delegated", title="A process without Belgium")
    TOTPDeviceFactory(user=made["user"])  # the Secretariat signs in with a second factor
    client.force_login(made["user"])  # verified from the start: only the role changes below
    visit(client)
    _queries, delegate = visit(client)

    made["user"].groups.add(Group.objects.get(name=SECRETARIAT))  # moves no generation
    _queries, secretariat = visit(client)

    assert f'value="{other.slug}"' not in delegate
    assert f'value="{other.slug}"' in secretariat


def test_an_entry_of_another_layout_or_generation_or_past_is_a_miss():
    from hlderp.signed_in_cache import _current_parts

    later = time.time() + 60
    entry = ((7, 9), later, {"portal_body": "<p>kept</p>"})

    assert _current_parts(entry, (7, 9)) == {"portal_body": "<p>kept</p>"}
    assert _current_parts(entry, (7, 10)) is None  # a write moved a generation
    assert _current_parts(((7, 9), time.time() - 1, {}), (7, 9)) is None  # its horizon passed
    assert _current_parts(entry, None) is None  # the cache is unreachable
    assert _current_parts(("old layout",), (7, 9)) is None
    assert _current_parts(None, (7, 9)) is None
