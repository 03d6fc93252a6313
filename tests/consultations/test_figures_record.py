"""What "N Member States made statements at the Dialogue" counts: statements at the meetings on
the process's record (its plenary meetings and round tables unless a meeting says otherwise),
by States that were Members on the meeting's day at the venue (StatementQuerySet.counted_at);
and the statement services refusing a statement as a Member State before its admission."""

import datetime

import pytest
from django.urls import reverse

from consultations.choices import MeetingKind, StatementState
from consultations.models import Meeting, Statement
from consultations.selectors.positions import issue_figures, participants_list, summary_figures
from consultations.services.statements import (
    NotAMemberState,
    statement_create,
    statement_publish,
    statement_submit,
    statement_update,
    statements_publish_bulk,
)
from tests.consultations.test_summary import hld_world
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    MeetingFactory,
    MemberStateFactory,
    ProcessFactory,
    RegionalGroupFactory,
    StakeholderFactory,
    StatementFactory,
    VenueFactory,
)

# clock: hld_world() sets its embargo and the end of the process from today.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]

UTC = datetime.UTC
SOUTH_SUDAN_REFUSED = (
    "South Sudan became a Member State of the United Nations on 14 July 2011, after Plenary 1 "
    "(14 September 2006): it cannot make a statement there as a Member State."
)


def south_sudan():
    return MemberStateFactory(
        name="South Sudan",
        slug="south-sudan",
        iso3="SSD",
        admission_date=datetime.date(2011, 7, 14),
        regional_group=RegionalGroupFactory(code="AFRICAN-SSD", name="African (SSD)"),
    )


def brussels_forum(process):
    """The Global Forum's first meeting, Brussels, July 2007: a forum, not on the record."""
    return MeetingFactory(
        process=process,
        slug="global-forum-2007",
        kind=MeetingKind.FORUM,
        title="First meeting of the Global Forum",
        venue=VenueFactory(name="Egmont Palace", city="Brussels", time_zone="Europe/Brussels"),
        start=datetime.datetime(2007, 7, 10, 7, 0, tzinfo=UTC),
        end=datetime.datetime(2007, 7, 11, 16, 0, tzinfo=UTC),
    )


def listed_member_states(client, summary) -> list[str]:
    response = client.get(summary.member_states.url)
    return [s.name for s in response.context["stakeholders"]]


# --- the Dialogue's count ---------------------------------------------------------------------
def test_a_statement_at_the_2007_forum_does_not_change_the_dialogues_count(client):
    world = hld_world()
    argentina = MemberStateFactory(name="Argentina", slug="argentina", iso3="ARG")
    forum = brussels_forum(world.process)
    at_forum = StatementFactory(
        stakeholder=argentina, meeting=forum, title="Argentina in Brussels", published=True
    )

    summary = summary_figures(process=world.process)

    assert summary.member_states.count == 9
    assert "Argentina" not in [s.name for s in summary.member_states.stakeholders]
    assert listed_member_states(client, summary) == [
        s.name for s in summary.member_states.stakeholders
    ]
    assert issue_figures(issue=world.forum).total.count == 9
    # The same statement at a plenary of the Dialogue counts: the meeting made the difference.
    at_forum.meeting = world.plenary
    at_forum.save()
    after = summary_figures(process=world.process)
    assert after.member_states.count == 10
    assert len(listed_member_states(client, after)) == 10


def test_a_statement_by_a_state_admitted_after_the_meeting_does_not_count(client):
    world = hld_world()
    # Made without the services (an old import, say): the figures must not count it.
    StatementFactory(
        stakeholder=south_sudan(), meeting=world.plenary, title="South Sudan", published=True
    )

    summary = summary_figures(process=world.process)

    counted = [s.name for s in summary.member_states.stakeholders]
    assert (summary.member_states.count, "South Sudan" in counted) == (9, False)
    assert listed_member_states(client, summary) == counted
    everyone = [s.name for s in participants_list(process=world.process)]
    assert (len(everyone), "South Sudan" in everyone) == (14, False)
    assert issue_figures(issue=world.forum).total.count == 9


def test_the_meetings_on_the_record_are_its_plenaries_and_round_tables_unless_it_says_otherwise():
    process = ProcessFactory()
    meetings = {
        kind: MeetingFactory(process=process, kind=kind, slug=kind) for kind in MeetingKind.values
    }
    state = MemberStateFactory()
    for meeting in meetings.values():
        StatementFactory(stakeholder=state, meeting=meeting, title=meeting.kind, published=True)

    def counted() -> list[str]:
        return sorted(Statement.objects.counted_at(process).values_list("title", flat=True))

    assert counted() == ["plenary", "round_table"]
    assert [m.kind for m in meetings.values() if m.is_on_record] == ["plenary", "round_table"]
    Meeting.objects.filter(slug="plenary").update(on_record=False)
    Meeting.objects.filter(slug="forum").update(on_record=True)
    assert counted() == ["forum", "round_table"]
    assert {m.slug: m.is_on_record for m in Meeting.objects.filter(process=process)} == {
        "preparatory_panel": False,
        "plenary": False,
        "round_table": True,
        "forum": True,
        "other": False,
    }


def _meeting_at(process, slug, start, time_zone):
    return MeetingFactory(
        process=process,
        slug=slug,
        title=slug,
        venue=VenueFactory(name=f"Venue {slug}", time_zone=time_zone),
        start=start,
        end=start + datetime.timedelta(hours=3),
    )


def test_membership_is_read_on_the_meetings_day_at_its_venue():
    """Montenegro was admitted on 28 June 2006. 08:00 on the 28th in Tokyo is still the 27th in
    UTC (it counts); 20:00 on the 27th in New York is already the 28th in UTC (it does not)."""
    process = ProcessFactory()
    montenegro = MemberStateFactory(
        name="Montenegro", iso3="MNE", admission_date=datetime.date(2006, 6, 28)
    )
    tokyo = _meeting_at(
        process, "tokyo", datetime.datetime(2006, 6, 27, 23, 0, tzinfo=UTC), "Asia/Tokyo"
    )
    new_york = _meeting_at(
        process, "new-york", datetime.datetime(2006, 6, 28, 0, 0, tzinfo=UTC), "America/New_York"
    )
    statements = [
        StatementFactory(stakeholder=montenegro, meeting=m, title=m.slug, published=True)
        for m in (tokyo, new_york)
    ]

    assert list(Statement.objects.counted_at(process).values_list("title", flat=True)) == ["tokyo"]
    assert [s.counts_in_figures for s in statements] == [True, False]


def test_a_dissolved_state_counts_until_its_dissolution_and_others_whatever_the_date():
    process = ProcessFactory()
    serbia_and_montenegro = MemberStateFactory(
        name="Serbia and Montenegro",
        iso3="SCG",
        admission_date=datetime.date(2000, 11, 1),
        dissolved=datetime.date(2006, 6, 3),
    )
    iom = StakeholderFactory(name="IOM", slug="iom", established=datetime.date(2016, 9, 19))
    june = _meeting_at(
        process, "june", datetime.datetime(2006, 6, 1, 14, tzinfo=UTC), "America/New_York"
    )
    september = _meeting_at(
        process, "september", datetime.datetime(2006, 9, 14, 14, tzinfo=UTC), "America/New_York"
    )
    for meeting in (june, september):
        StatementFactory(
            stakeholder=serbia_and_montenegro, meeting=meeting, title=f"SCG {meeting.slug}"
        )
        StatementFactory(stakeholder=iom, meeting=meeting, title=f"IOM {meeting.slug}")

    assert sorted(Statement.objects.counted_at(process).values_list("title", flat=True)) == [
        "IOM june",
        "IOM september",
        "SCG june",
    ]


# --- the statement services refuse a Member State before its admission ------------------------
@pytest.fixture
def plenary_2006():
    """Plenary 1, 14 September 2006 in New York, of the current process."""
    return MeetingFactory(process=ProcessFactory(is_current=True), title="Plenary 1")


def test_creating_a_statement_as_a_member_state_before_its_admission_is_refused(
    secretariat_user, plenary_2006
):
    with pytest.raises(NotAMemberState) as refused:
        statement_create(
            actor=secretariat_user,
            stakeholder=south_sudan(),
            meeting=plenary_2006,
            title="Statement of South Sudan",
            language="en",
        )

    assert str(refused.value) == SOUTH_SUDAN_REFUSED
    assert Statement.objects.count() == 0


def test_moving_a_statement_to_a_meeting_before_the_admission_is_refused(secretariat_user):
    process = ProcessFactory(is_current=True)
    state = south_sudan()
    later = MeetingFactory(
        process=process,
        title="Plenary 2012",
        start=datetime.datetime(2012, 9, 14, 14, tzinfo=UTC),
        end=datetime.datetime(2012, 9, 14, 17, tzinfo=UTC),
    )
    statement = statement_create(
        actor=secretariat_user, stakeholder=state, meeting=later, title="T", language="en"
    )
    early = MeetingFactory(process=process, title="Plenary 1")

    with pytest.raises(NotAMemberState, match="after Plenary 1 \\(14 September 2006\\)"):
        statement_update(actor=secretariat_user, statement=statement, data={"meeting": early})

    statement.refresh_from_db()
    assert statement.meeting == later


@pytest.mark.parametrize("action", ["submit", "publish", "publish_bulk"])
def test_submitting_or_publishing_it_is_refused_too(secretariat_user, plenary_2006, action):
    statement = StatementFactory(
        stakeholder=south_sudan(),
        meeting=plenary_2006,
        title="Imported",
        text="Text",
        state=StatementState.DRAFT if action == "submit" else StatementState.SUBMITTED,
        submitted_at=None if action == "submit" else datetime.datetime(2006, 9, 1, tzinfo=UTC),
    )
    run = {
        "submit": lambda: statement_submit(actor=secretariat_user, statement=statement),
        "publish": lambda: statement_publish(actor=secretariat_user, statement=statement),
        "publish_bulk": lambda: statements_publish_bulk(actor=secretariat_user, ids=[statement.pk]),
    }[action]

    with pytest.raises(NotAMemberState) as refused:
        run()

    assert str(refused.value) == SOUTH_SUDAN_REFUSED
    statement.refresh_from_db()
    assert (statement.state, statement.published_at) == (
        StatementState.DRAFT if action == "submit" else StatementState.SUBMITTED,
        None,
    )


def test_the_form_shows_the_refusal_on_the_meeting(client, plenary_2006):
    state = south_sudan()
    DelegationFactory(process=plenary_2006.process, stakeholder=state)
    delegate = FocalPointFactory(stakeholder=state, user__email="ssd@example.org").user
    client.force_login(delegate)

    response = client.post(
        "/delegate/statements/new/",
        {
            "stakeholder": state.pk,
            "meeting": plenary_2006.pk,
            "language": "en",
            "title": "Statement of South Sudan",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"meeting": [SOUTH_SUDAN_REFUSED]}
    assert SOUTH_SUDAN_REFUSED in response.content.decode()
    assert Statement.objects.count() == 0


def test_the_secretariat_takes_a_meeting_off_the_record_in_the_admin(secretariat_client):
    meeting = MeetingFactory(title="Informal plenary", slug="informal")
    url = reverse("admin:consultations_meeting_change", args=[meeting.pk])
    assert '<option value="" selected>By its kind' in secretariat_client.get(url).content.decode()

    response = secretariat_client.post(
        url,
        {
            "process": str(meeting.process_id),
            "kind": meeting.kind,
            "title_en": meeting.title,
            "slug": meeting.slug,
            "status": meeting.status,
            "on_record": "False",
            "venue": str(meeting.venue_id),
            "start_0": "2006-09-14",
            "start_1": "10:00:00",
            "end_0": "2006-09-14",
            "end_1": "13:00:00",
            "chairs-TOTAL_FORMS": "0",
            "chairs-INITIAL_FORMS": "0",
            "chairs-MIN_NUM_FORMS": "0",
            "chairs-MAX_NUM_FORMS": "1000",
        },
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.on_record, meeting.is_on_record) == (False, False)
