"""The 2006 demo: what the briefing states, loaded by `make run` (manage.py load_demo)."""

import datetime
import io
import re
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from consultations.choices import InscriptionStatus, Language, MeetingKind
from consultations.models import (
    Delegation,
    Document,
    Inscription,
    Meeting,
    Process,
    Seat,
    SeatPreference,
    Statement,
)
from registry.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module (it takes seconds), in a transaction rolled back at the
    module's end; each test runs in its own savepoint on top (pytest-django's ``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", keep_passwords=False, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(db, _demo_loaded):
    return Process.objects.get(slug="hld-2006")


def _local(meeting: Meeting) -> tuple[str, str]:
    return (
        meeting.local_start.strftime("%Y-%m-%d %H:%M %Z"),
        meeting.local_end.strftime("%Y-%m-%d %H:%M %Z"),
    )


def test_demo_meetings_have_the_briefings_dates(demo):
    meetings = {m.slug: m for m in demo.meetings.select_related("venue")}

    assert _local(meetings["panel-new-york-2006"])[0] == "2006-06-08 10:00 EDT"
    assert _local(meetings["panel-geneva-2006"])[0] == "2006-07-06 10:00 CEST"
    assert {m.local_start.date() for m in meetings.values() if m.kind == MeetingKind.PLENARY} == {
        datetime.date(2006, 9, 14),
        datetime.date(2006, 9, 15),
    }
    assert _local(meetings["global-forum-2007"]) == (
        "2007-07-09 09:00 CEST",
        "2007-07-11 18:00 CEST",
    )
    assert meetings["global-forum-2007"].venue.city == "Brussels"


def test_demo_has_four_round_tables_with_the_briefings_themes(demo):
    round_tables = demo.meetings.filter(kind=MeetingKind.ROUND_TABLE).order_by("number")

    assert [(m.number, m.theme.name) for m in round_tables] == [
        (1, "Migration and development"),
        (2, "Human rights and trafficking"),
        (3, "Multidimensional aspects of migration, including remittances"),
        (4, "Partnerships and capacity building"),
    ]


def test_demo_panels_list_who_addressed_them_as_the_briefing_does(demo):
    def speakers(slug):
        return [
            i.stakeholder.short_name
            for i in Inscription.objects.filter(speakers_list__meeting__slug=slug)
            .select_related("stakeholder")
            .order_by("position")
        ]

    assert speakers("panel-new-york-2006") == [
        "UNFPA",
        "UNDESA",
        "World Bank",
        "ECA",
        "ECE",
        "ECLAC",
        "ESCAP",
        "ESCWA",
        "SRSG on Migration",
    ]
    assert speakers("panel-geneva-2006") == [
        "UNCTAD",
        "UNHCHR",
        "UNHCR",
        "ILO",
        "IOM",
        "SRSG on Migration",
    ]
    assert set(
        Inscription.objects.filter(
            speakers_list__meeting__kind=MeetingKind.PREPARATORY_PANEL
        ).values_list("status", flat=True)
    ) == {InscriptionStatus.SPOKE}


def test_demo_mandate_and_recommendation_33(demo):
    mandates = demo.process_documents.filter(role="mandate").select_related("document")
    recommendation = Document.objects.get(number="33")

    assert [pd.document.symbol for pd in mandates] == ["A/RES/58/208", "A/RES/60/227"]
    assert recommendation.part_of.title == (
        "Migration in an interconnected world: New directions for action"
    )
    assert recommendation.title == "Global Migration Facility"


def test_demo_seats_every_member_state_of_2006_by_the_rules(demo):
    from consultations.services.seats import seat_rules_check

    seats = Seat.objects.published().filter(meeting__process=demo)

    assert seats.count() == 192
    assert set(seats.values_list("delegation", "meeting")) == set(
        Seat.objects.draft().filter(meeting__process=demo).values_list("delegation", "meeting")
    )
    assert demo.seats_published_at is not None
    assert Counter(seats.values_list("meeting__number", flat=True)) == {1: 48, 2: 48, 3: 48, 4: 48}
    assert (
        seat_rules_check(
            process=demo,
            seats=seats.select_related("delegation__stakeholder__regional_group", "meeting"),
        )
        == []
    )
    assert SeatPreference.objects.filter(delegation__process=demo).count() == 192 * 3


def test_demo_plenary_lists_hold_127_member_states_and_three_others(demo):
    plenary = Inscription.objects.filter(speakers_list__meeting__kind=MeetingKind.PLENARY)

    assert plenary.filter(stakeholder__kind="member_state").count() == 127
    assert sorted(
        plenary.exclude(stakeholder__kind="member_state").values_list(
            "stakeholder__slug", flat=True
        )
    ) == ["european-union", "holy-see", "iom"]


def test_loading_the_demo_twice_changes_nothing(demo):
    def snapshot():
        return (
            Meeting.objects.count(),
            Seat.objects.count(),
            Inscription.objects.count(),
            SeatPreference.objects.count(),
            Seat.history.count(),
            Inscription.history.count(),
            Delegation.objects.count(),
            list(Process.objects.values_list("slug", "is_current")),
        )

    before = snapshot()
    call_command("load_demo", keep_passwords=True, stdout=io.StringIO())

    assert snapshot() == before


def test_programme_page_shows_the_demo_with_the_briefings_dates(client, demo):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/programme/").content.decode()))

    for expected in (
        "Thursday 8 June 2006",
        "First preparatory panel (New York)",
        "Thursday 6 July 2006",
        "Second preparatory panel (Geneva)",
        "Thursday 14 September 2006",
        "Friday 15 September 2006",
        "Round table 1: Migration and development",
        "Round table 4: Partnerships and capacity building",
        "Monday 9 July 2007",
        "First meeting of the Global Forum on Migration and Development",
        "A/RES/58/208",
        "A/RES/60/227",
    ):
        assert expected in text, expected


def test_pages_with_illustrative_data_say_so(client, demo):
    for path in ("/meetings/round-table-1/", "/meetings/plenary-1/"):
        assert "not the record of HLD 2006" in client.get(path).content.decode(), path


def test_summary_page_gives_the_briefings_figures_each_with_its_list(client, demo):
    page = client.get("/summary/")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))

    # Each share says its base: the words go by those that stated a position on the issue.
    assert (
        "127 Member States made statements at the HLD 2006. About two-thirds of the 122 Member "
        "States that stated a position on this issue (85, 69.7%) expressed support for the "
        "Forum. That is 85 of the 127 Member States that spoke (66.9%). 5 stated no position."
    ) in text
    assert (
        "All of the 1 Member State that stated a position on this issue (1, 100%) expressed "
        "support. That is 1 of the 127 Member States that spoke (0.8%). 126 stated no position."
    ) in text
    assert "None of the 127 Member States that spoke stated a position on this issue." in text
    headline = page.context["summary"].member_states
    supportive = page.context["headline"].supportive
    listed = client.get(headline.url)
    supporters = client.get(supportive.url)
    assert listed.status_code == supporters.status_code == 200
    assert len(listed.context["stakeholders"]) == headline.count == 127
    assert len(supporters.context["rows"]) == supportive.count == 85
    assert "illustrative" in text.lower()


def test_a_statement_at_the_2007_forum_leaves_the_dialogues_127(client, demo):
    from consultations.models import Statement
    from consultations.selectors.positions import summary_figures
    from registry.models import Stakeholder

    forum = demo.meetings.get(slug="global-forum-2007")
    speaking = set(summary_figures(process=demo).member_states.stakeholders)
    argentina = Stakeholder.objects.get(iso3="ARG")
    silent = Stakeholder.objects.member_states().exclude(pk__in=[s.pk for s in speaking])
    for stakeholder in (argentina, silent.order_by("iso3").first()):
        Statement.objects.create(
            meeting=forum,
            stakeholder=stakeholder,
            title=f"{stakeholder} in Brussels",
            language="en",
            state="published",
            published_at=forum.start,
        )

    summary = summary_figures(process=demo)

    assert (forum.is_on_record, summary.member_states.count) == (False, 127)
    listed = client.get(summary.member_states.url).context["stakeholders"]
    assert len(listed) == 127


def test_demo_statements_are_published_searchable_and_say_they_are_illustrative(client, demo):
    response = client.get("/statements/", {"q": '"forum mondial"', "language": "fr"})
    statement = response.context["page_obj"].object_list[0]
    detail = client.get(f"/statements/{statement.pk}/").content.decode()

    assert response.status_code == 200
    assert "Déclaration fictive générée pour la démonstration de hlderp" in detail


def test_demo_statements_are_written_in_the_language_they_are_tagged_with(demo):
    from consultations.demo.statement_texts import ILLUSTRATIVE_LINES, TITLES, WELCOMES

    statements = Statement.objects.filter(meeting__process=demo, state="published")
    by_language = {
        language: statements.filter(language=language).count() for language in Language.values
    }
    for statement in statements:
        first, second = statement.text.split("\n\n")[:2]
        assert first == ILLUSTRATIVE_LINES[statement.language], statement.title
        assert second == WELCOMES[statement.language].format(name=statement.stakeholder.name)
        prefix = TITLES[statement.language].split("{name}")[0]
        assert statement.title.startswith(prefix), statement.title
    qatar = statements.get(stakeholder__iso3="QAT")

    assert all(count > 0 for count in by_language.values()), by_language
    assert (qatar.language, qatar.title) == ("ar", "بيان: Qatar")
    assert "يرحب وفدنا بالحوار الرفيع المستوى" in qatar.text
    assert "welcomes" not in qatar.text


@pytest.mark.clock
def test_belgium_can_no_longer_change_its_2006_round_table_choices(client, demo):
    from consultations.services.seats import SeatPreferenceError, seat_preferences_set
    from registry.models import FocalPoint

    user = FocalPoint.objects.filter(stakeholder__slug="belgium").first().user
    delegation = demo.delegations.get(stakeholder__slug="belgium")
    chosen = list(delegation.seat_preferences.order_by("rank").values_list("meeting", flat=True))
    client.force_login(user)

    with time_machine.travel(datetime.datetime(2006, 9, 2, tzinfo=datetime.UTC), tick=False):
        page = client.get(f"/delegate/seats/{delegation.pk}/")
        with pytest.raises(SeatPreferenceError) as error:
            seat_preferences_set(actor=user, delegation=delegation, meetings=[])

    assert error.value.messages == [
        "The deadline for round-table choices was 1 September 2006, 18:00 EDT: only the "
        "Secretariat changes them now."
    ]
    assert 'id="preferences-form"' not in page.content.decode()
    assert (
        list(delegation.seat_preferences.order_by("rank").values_list("meeting", flat=True))
        == chosen
    )


def test_demo_has_the_2007_forum_as_a_second_process_beside_the_current_dialogue(demo):
    forum = Process.objects.get(slug="gfmd-2007")

    assert list(Process.objects.values_list("slug", "is_current")) == [
        ("gfmd-2007", False),
        ("hld-2006", True),
    ]
    assert (forum.title, forum.start_date, forum.end_date) == (
        "Global Forum on Migration and Development 2007",
        datetime.date(2007, 7, 9),
        datetime.date(2007, 7, 11),
    )
    assert [(m.title, *_local(m)) for m in forum.meetings.order_by("start")] == [
        ("Civil society day", "2007-07-09 09:00 CEST", "2007-07-09 18:00 CEST"),
        ("Opening plenary", "2007-07-10 09:00 CEST", "2007-07-10 11:00 CEST"),
        (
            "Round table 1: Human capital development and labour mobility",
            "2007-07-10 11:30 CEST",
            "2007-07-10 17:30 CEST",
        ),
        (
            "Round table 2: Remittances and other diaspora resources",
            "2007-07-11 09:00 CEST",
            "2007-07-11 12:30 CEST",
        ),
        (
            "Round table 3: Policy and institutional coherence, and partnerships",
            "2007-07-11 14:00 CEST",
            "2007-07-11 16:30 CEST",
        ),
        ("Closing plenary", "2007-07-11 17:00 CEST", "2007-07-11 18:00 CEST"),
    ]
    assert sorted(forum.delegations.values_list("stakeholder__slug", flat=True)) == [
        "belgium",
        "iom",
        "mexico",
        "morocco",
        "netherlands-kingdom-of-the",
        "philippines",
        "senegal",
    ]


def test_demo_forum_has_its_own_public_pages_and_the_front_page_links_it(client, demo):
    programme = client.get("/p/gfmd-2007/programme/").content.decode()
    front = client.get("/").content.decode()

    assert "Round table 2: Remittances and other diaspora resources" in programme
    assert "Round table 4" not in programme
    assert 'href="/p/gfmd-2007/programme/"' in front


def test_demo_focal_point_of_belgium_switches_between_the_dialogue_and_the_forum(client, demo):
    client.force_login(User.objects.get(email="delegate.belgium@hlderp.example"))

    portal = client.get("/delegate/")
    forum = client.get("/delegate/?process=gfmd-2007")

    switcher = portal.content.decode().split('id="process-switcher"', 1)[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)"', switcher) == ["gfmd-2007", "hld-2006"]
    assert (portal.context["process"].slug, forum.context["process"].slug) == (
        "hld-2006",
        "gfmd-2007",
    )
