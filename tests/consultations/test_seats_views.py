import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from consultations.choices import ChairRole, SeatSource
from consultations.models import MeetingChair, Seat, SeatPreference
from consultations.selectors.illustrative import illustrative_counts_prime
from consultations.selectors.seats import meeting_seats, portal_context
from tests.consultations.seats.helpers import (
    many_states,
    prefer,
    regional_group,
    seat_process,
    sit,
    state,
)
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    MemberStateFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

NOTE = "The seats shown are illustrative."


@pytest.fixture
def secretariat(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def hld():
    """The current process: two round tables of 2 seats, one a State, regional balance."""
    process, tables = seat_process(capacity=2, is_current=True, illustrative_note=NOTE)
    return process, tables


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The delegate's choices ---------------------------------------------------------------------
def test_delegate_sets_the_choices_of_their_own_delegation(client, delegate_a, state_a, hld):
    process, (rt1, rt2) = hld
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    client.force_login(delegate_a)
    url = f"/delegate/seats/{delegation.pk}/"

    page = client.get(url)
    response = client.post(url, {"choice_1": rt2.pk, "choice_2": rt1.pk}, follow=True)

    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["choice_1", "choice_2"]
    assert NOTE in _text(page)
    assert response.redirect_chain == [(url, 302)]
    assert list(delegation.seat_preferences.values_list("meeting__title", "rank")) == [
        ("Round table 2", 1),
        ("Round table 1", 2),
    ]
    assert _messages(response) == ["Your round-table choices are saved."]
    assert "Your round-table choices are saved." in _text(response)


def test_delegate_choices_must_be_in_order_and_once_each(client, delegate_a, state_a, hld):
    process, (rt1, _rt2) = hld
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    client.force_login(delegate_a)
    url = f"/delegate/seats/{delegation.pk}/"

    gap = client.post(url, {"choice_2": rt1.pk})
    twice = client.post(url, {"choice_1": rt1.pk, "choice_2": rt1.pk})

    assert gap.status_code == twice.status_code == 200
    assert gap.context["form"].non_field_errors() == [
        "Fill in your choices in order: a later choice needs every earlier one."
    ]
    assert twice.context["form"].non_field_errors() == ["Choose each round table once at most."]
    assert SeatPreference.objects.count() == 0


def test_delegate_page_shows_the_seats_held(client, delegate_a, state_a, hld):
    process, (rt1, _rt2) = hld
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    prefer(delegation, rt1)
    Seat.objects.create(delegation=delegation, meeting=rt1, choice=1, is_published=True)
    client.force_login(delegate_a)

    response = client.get(f"/delegate/seats/{delegation.pk}/")

    assert "Your seats Round table 1 · your choice 1" in _text(response)
    assert response.context["form"].initial == {"choice_1": rt1.pk}


def test_delegate_gets_404_for_another_stakeholders_delegation(client, delegate_a, state_b, hld):
    process, (rt1, _rt2) = hld
    other = DelegationFactory(process=process, stakeholder=state_b)
    client.force_login(delegate_a)

    get = client.get(f"/delegate/seats/{other.pk}/")
    post = client.post(f"/delegate/seats/{other.pk}/", {"choice_1": rt1.pk})

    assert (get.status_code, post.status_code) == (404, 404)
    assert SeatPreference.objects.count() == 0


def test_delegate_gets_403_on_the_secretariat_seat_pages(client, delegate_a, hld):
    process, (rt1, _rt2) = hld
    seat = sit(state(process, "State X"), rt1)
    client.force_login(delegate_a)

    responses = [
        client.get("/secretariat/seats/"),
        client.post("/secretariat/seats/run/", {"confirm": "on"}),
        client.get(f"/secretariat/seats/{seat.pk}/"),
        client.post(f"/secretariat/seats/{seat.pk}/remove/", {"confirm": "on"}),
        client.get(f"/secretariat/seats/tables/{rt1.pk}/co-chairs/"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403, 403]
    assert Seat.objects.count() == 1


def test_anonymous_visitor_is_sent_to_log_in(client, hld):
    response = client.get("/secretariat/seats/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/secretariat/seats/"


# --- The Secretariat ----------------------------------------------------------------------------
def _four_states(process, rt1, rt2):
    a = state(process, "State A", "AFRICAN")
    b = state(process, "State B", "AFRICAN")
    c = state(process, "State C", "WEOG")
    d = state(process, "State D", "WEOG")
    prefer(a, rt1)
    prefer(b, rt1, rt2)
    prefer(c, rt1)
    prefer(d, rt2)
    return a, b, c, d


def test_secretariat_runs_the_allocation_through_the_form(secretariat, hld):
    process, (rt1, rt2) = hld
    _four_states(process, rt1, rt2)

    response = secretariat.post(
        f"/secretariat/seats/run/?process={process.slug}", {"confirm": "on"}, follow=True
    )

    text = _text(response)
    assert response.redirect_chain == [(f"/secretariat/seats/?process={process.slug}", 302)]
    assert Seat.objects.filter(source=SeatSource.ALLOCATION).count() == 4
    assert "Report of the allocation" in text
    assert "4 seats allocated, 0 earlier automatic seats replaced" in text
    assert "1st choice : 3 2nd choice : 1 unranked : 0 no seat : 0" in text
    assert "75.0% of the 4 States that stated a preference got their first choice." in text
    assert "State B African States Round table 1 Round table 2 first choice full" in text
    assert response.context["report"].first_choices == 3
    assert NOTE in text


def test_the_report_is_shown_once(secretariat, hld):
    process, (rt1, rt2) = hld
    _four_states(process, rt1, rt2)
    secretariat.post("/secretariat/seats/run/", {"confirm": "on"})

    first = secretariat.get("/secretariat/seats/")
    second = secretariat.get("/secretariat/seats/")

    assert first.context["report"] is not None
    assert second.context["report"] is None


def test_the_allocation_needs_the_confirmation(secretariat, hld):
    process, (rt1, rt2) = hld
    _four_states(process, rt1, rt2)

    response = secretariat.post("/secretariat/seats/run/", {}, follow=True)

    assert _messages(response) == ["Tick the box to confirm: the allocation replaces seats."]
    assert Seat.objects.count() == 0


def test_secretariat_page_shows_tables_counts_balance_and_missed_first_choices(secretariat, hld):
    process, (rt1, rt2) = hld
    a, b, c, d = _four_states(process, rt1, rt2)
    for delegation, table, choice in [(a, rt1, 1), (c, rt1, 1), (b, rt2, 2), (d, rt2, 1)]:
        Seat.objects.create(delegation=delegation, meeting=table, choice=choice)

    response = secretariat.get("/secretariat/seats/")

    text = _text(response)
    overview = response.context["overview"]
    assert [(t.meeting.title, t.count, t.capacity) for t in overview.tables] == [
        ("Round table 1", 2, 2),
        ("Round table 2", 2, 2),
    ]
    assert "4 seats at the round tables." in text
    assert "Round table 1: 2 / 2 Round table 2: 2 / 2" in text
    assert [(c.label, c.count) for c in overview.by_choice] == [
        ("1st choice", 3),
        ("2nd choice", 1),
        ("unranked", 0),
        ("no seat", 0),
    ]
    assert [
        (row.group, [(cell.actual, cell.proportional) for cell in row.cells])
        for row in overview.balance
        if row.seats
    ] == [
        ("African States", [(1, 1.0), (1, 1.0)]),
        ("Western European and other States", [(1, 1.0), (1, 1.0)]),
    ]
    assert "African States 1 (proportional 1.00) 1 (proportional 1.00) 2" in text
    assert [(m.state, m.reason_label) for m in overview.missed] == [
        ("State B", "first choice full")
    ]
    assert NOTE in text


def test_a_refused_hand_edit_shows_the_broken_rule_and_changes_nothing(secretariat, hld):
    process, (rt1, rt2) = hld
    a, b, c, d = _four_states(process, rt1, rt2)
    seat = sit(a, rt1)
    for delegation, table in [(c, rt1), (b, rt2), (d, rt2)]:
        sit(delegation, table)

    response = secretariat.post(
        f"/secretariat/seats/{seat.pk}/move/", {"meeting": rt2.pk, "reason": "Asked"}, follow=True
    )

    assert response.redirect_chain == [(f"/secretariat/seats/{seat.pk}/", 302)]
    assert _messages(response)[0] == "Round table 2 has 3 seats, over its capacity of 2."
    assert "Round table 2 has 3 seats, over its capacity of 2." in _text(response)
    seat.refresh_from_db()
    assert (seat.meeting, seat.source) == (rt1, SeatSource.ALLOCATION)


def test_secretariat_moves_swaps_adds_and_removes_seats_by_hand(secretariat, hld):
    process, (rt1, rt2) = hld
    process.regional_balance = False
    process.save()
    a, b, c, _d = _four_states(process, rt1, rt2)
    seat_a, seat_b = sit(a, rt1), sit(b, rt2)

    page = secretariat.get(f"/secretariat/seats/{seat_a.pk}/")
    swap = secretariat.post(f"/secretariat/seats/{seat_a.pk}/swap/", {"other": seat_b.pk})
    move = secretariat.post(f"/secretariat/seats/{seat_b.pk}/move/", {"meeting": rt2.pk})
    add = secretariat.post(f"/secretariat/seats/tables/{rt1.pk}/add/", {"delegation": c.pk})
    remove = secretariat.post(f"/secretariat/seats/{seat_b.pk}/remove/", {"confirm": "on"})

    assert page.status_code == 200
    assert [choice for choice, _label in page.context["move_form"].fields["meeting"].choices] == [
        "",
        rt2.pk,
    ]
    assert [r.status_code for r in (swap, move, add, remove)] == [302, 302, 302, 302]
    assert [m.message for m in get_messages(remove.wsgi_request)] == [
        "State A and State B swapped round tables.",
        "State B moved to Round table 2.",
        "State C seated at Round table 1.",
        "The seat of State B at Round table 2 is removed.",
    ]
    assert sorted(
        Seat.objects.values_list("delegation__stakeholder__name", "meeting__title", "source")
    ) == [
        ("State A", "Round table 2", SeatSource.HAND),
        ("State C", "Round table 1", SeatSource.HAND),
    ]


def test_removing_needs_the_confirmation(secretariat, hld):
    process, (rt1, _rt2) = hld
    seat = sit(state(process, "State A"), rt1)

    response = secretariat.post(f"/secretariat/seats/{seat.pk}/remove/", {}, follow=True)

    assert _messages(response) == ["This field is required."]
    assert Seat.objects.filter(pk=seat.pk).exists()


def test_secretariat_sets_the_co_chairs_of_a_round_table(secretariat, hld):
    _process, (rt1, _rt2) = hld
    ghana = MemberStateFactory(name="Ghana", regional_group=regional_group("AFRICAN"))
    kenya = MemberStateFactory(name="Kenya", regional_group=regional_group("AFRICAN"))
    belgium = MemberStateFactory(name="Belgium", regional_group=regional_group("WEOG"))
    person = PersonFactory(family_name="Verhofstadt", given_name="Guy")
    url = f"/secretariat/seats/tables/{rt1.pk}/co-chairs/"

    page = secretariat.get(url)
    refused = secretariat.post(url, {"stakeholder_1": ghana.pk, "stakeholder_2": kenya.pk})
    saved = secretariat.post(
        url, {"stakeholder_1": ghana.pk, "stakeholder_2": belgium.pk, "person_2": person.pk}
    )

    assert list(page.context["form"].fields) == [
        "stakeholder_1",
        "person_1",
        "stakeholder_2",
        "person_2",
    ]
    assert refused.status_code == 200
    assert _messages(refused) == [
        "Kenya and Ghana are from the same regional group: co-chairs come from different "
        "regional groups."
    ]
    assert saved.status_code == 302
    assert list(
        MeetingChair.objects.filter(meeting=rt1, role=ChairRole.CO_CHAIR).values_list(
            "stakeholder__name", "person__family_name"
        )
    ) == [("Ghana", None), ("Belgium", "Verhofstadt")]


# --- Partials -----------------------------------------------------------------------------------
def test_meeting_seats_block_lists_states_with_their_group_and_the_co_chairs(hld):
    process, (rt1, _rt2) = hld
    for name, code in [("Zambia", "AFRICAN"), ("Austria", "WEOG")]:
        sit(state(process, name, code), rt1, published=True)
    ghana = MemberStateFactory(name="Ghana", regional_group=regional_group("AFRICAN"))
    MeetingChair.objects.create(meeting=rt1, role=ChairRole.CO_CHAIR, stakeholder=ghana)

    Seat.objects.filter(meeting=rt1).update(is_illustrative=True)
    seats = meeting_seats(meeting=rt1)
    illustrative_counts_prime(processes=[rt1.process])  # as the meeting page's view does
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(
            "consultations/seats/_meeting_seats.html", {"meeting": rt1, "seats": seats}
        )

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    assert [s.delegation.stakeholder.name for s in seats] == ["Austria", "Zambia"]
    assert (
        "Co-chairs Ghana (African States) Member States seated 2 Member States Member States "
        "seated at this round table Member State Regional group Austria Illustrative Western "
        "European and other States Zambia Illustrative African States"
    ) in text
    assert NOTE in text
    assert len(queries) == 0


def test_portal_block_lists_the_users_delegations_with_choices_and_seats(
    client, delegate_a, state_a, hld
):
    process, (rt1, rt2) = hld
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    prefer(delegation, rt2, rt1)
    Seat.objects.create(delegation=delegation, meeting=rt2, choice=1, is_published=True)
    client.force_login(delegate_a)

    response = client.get("/delegate/")

    text = _text(response)
    assert "Round-table seats" in text
    assert (
        "State A Edit choices Choices: 1. Round table 2; 2. Round table 1 Seats: Round table 2"
    ) in text
    assert f'href="/delegate/seats/{delegation.pk}/"' in response.content.decode()
    assert NOTE in text


def test_secretariat_dashboard_links_to_the_seats_page(secretariat, hld):
    response = secretariat.get("/secretariat/")

    assert 'href="/secretariat/seats/"' in response.content.decode()


# --- Constant query counts ----------------------------------------------------------------------
def _world(process, tables, sizes):
    delegations = many_states(process, sizes, start=500 * len(tables))
    for i, delegation in enumerate(delegations):
        table = tables[i % len(tables)]
        prefer(delegation, table, tables[(i + 1) % len(tables)])
        Seat.objects.create(delegation=delegation, meeting=table, choice=1)
    for table in tables:
        MeetingChair.objects.create(
            meeting=table,
            role=ChairRole.CO_CHAIR,
            stakeholder=delegations[0].stakeholder,
            person=PersonFactory(),
        )
    return delegations


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_secretariat_seats_page_runs_the_same_queries_at_two_sizes(secretariat):
    small, small_tables = seat_process(tables=2, capacity=None)
    big, big_tables = seat_process(tables=4, capacity=None)
    _world(small, small_tables, {"AFRICAN": 2, "WEOG": 1})
    _world(big, big_tables, {"AFRICAN": 10, "ASIA_PACIFIC": 8, "EEG": 5, "WEOG": 7})
    sit(state(big, "State Extra"), big_tables[0])  # a seat with no preference behind it

    assert _queries(secretariat, f"/secretariat/seats/?process={small.slug}") == _queries(
        secretariat, f"/secretariat/seats/?process={big.slug}"
    )


def test_delegate_pages_run_the_same_queries_at_two_sizes(client, delegate_a, state_a):
    small, small_tables = seat_process(tables=2, is_current=True)
    big, big_tables = seat_process(tables=5, round_tables_per_state=2)
    one = DelegationFactory(process=small, stakeholder=state_a)
    prefer(one, small_tables[0])
    many = DelegationFactory(process=big, stakeholder=state_a)
    prefer(many, *big_tables[:4])
    for table in big_tables[:2]:
        Seat.objects.create(delegation=many, meeting=table, choice=1, is_published=True)
    client.force_login(delegate_a)

    assert _queries(client, f"/delegate/seats/{one.pk}/") == _queries(
        client, f"/delegate/seats/{many.pk}/"
    )


def test_portal_context_runs_the_same_queries_at_two_sizes(delegate_a, state_a):
    small, small_tables = seat_process(tables=2)
    big, big_tables = seat_process(tables=4, round_tables_per_state=2)
    prefer(DelegationFactory(process=small, stakeholder=state_a), small_tables[0])
    second = FocalPointFactory(user=delegate_a).stakeholder
    for stakeholder in (state_a, second):
        delegation = DelegationFactory(process=big, stakeholder=stakeholder)
        prefer(delegation, *big_tables)
        for table in big_tables[:2]:
            Seat.objects.create(delegation=delegation, meeting=table, is_published=True)

    def count(process):
        user = type(delegate_a).objects.get(pk=delegate_a.pk)  # no cached focal points
        with CaptureQueriesContext(connection) as queries:
            context = portal_context(user=user, process=process)
            render_to_string("consultations/seats/_portal.html", {"process": process, **context})
        return len(queries), len(context["seat_delegations"])

    # The user's stakeholders, their delegations with choices and seats (one UNION), and the
    # process's illustrative rows, for the note the block shows.
    assert count(small) == (3, 1)
    assert count(big) == (3, 2)
