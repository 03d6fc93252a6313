"""An allocation is a draft until the Secretariat publishes it: ``seats_publish``, and every
page that shows seats (the meeting page, the delegate portal, the delegation's seats page)."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied

from consultations.choices import SeatSource
from consultations.models import MeetingChair, Process, Seat
from consultations.selectors.seats import (
    delegation_seats,
    meeting_seats,
    portal_context,
    seats_overview,
)
from consultations.services.seats import (
    SeatRuleError,
    seat_remove,
    seats_allocate,
    seats_publish,
)
from tests.consultations.seats.helpers import prefer, seat_process, seats_of, sit, state
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2006, 9, 1, 22, 0, tzinfo=datetime.UTC)


@pytest.fixture
def drafted(secretariat_user, state_a):
    """State A (the delegate's, African) and three other States, allocated as a draft."""
    process, (rt1, rt2) = seat_process(capacity=2, is_current=True)
    a = DelegationFactory(process=process, stakeholder=state_a)
    state_a.regional_group = state(process, "State B", "AFRICAN").stakeholder.regional_group
    state_a.save(update_fields=["regional_group"])
    b = process.delegations.get(stakeholder__name="State B")
    c = state(process, "State C", "WEOG")
    d = state(process, "State D", "WEOG")
    prefer(a, rt1)
    prefer(b, rt2)
    prefer(c, rt1)
    prefer(d, rt2)
    seats_allocate(actor=secretariat_user, process=process)
    return process, rt1, rt2, a


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


# --- The service --------------------------------------------------------------------------------
def test_an_allocation_is_a_draft_until_published(drafted):
    process, _rt1, _rt2, _a = drafted

    assert seats_of(process) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }
    assert seats_of(process, published=True) == {}
    assert Process.objects.get(pk=process.pk).seats_published_at is None


@pytest.mark.clock
def test_publishing_copies_the_draft_and_records_who_and_when(secretariat_user, drafted):
    process, _rt1, _rt2, _a = drafted

    with time_machine.travel(PUBLISHED_AT, tick=False):
        count = seats_publish(actor=secretariat_user, process=process)

    process.refresh_from_db()
    assert count == 4
    assert (
        seats_of(process, published=True)
        == seats_of(process)
        == {
            "Round table 1": ["State A", "State C"],
            "Round table 2": ["State B", "State D"],
        }
    )
    assert (process.seats_published_at, process.seats_published_by) == (
        PUBLISHED_AT,
        secretariat_user,
    )
    latest = process.history.order_by("-history_id").first()
    assert (latest.history_user, latest.seats_published_at) == (secretariat_user, PUBLISHED_AT)
    assert (
        sorted(Seat.history.filter(is_published=True).values_list("history_type", "history_user"))
        == [("+", secretariat_user.pk)] * 4
    )


def test_running_the_allocation_again_leaves_the_published_seats_alone(secretariat_user, drafted):
    process, rt1, rt2, a = drafted
    seats_publish(actor=secretariat_user, process=process)
    prefer(a, rt2)
    prefer(process.delegations.get(stakeholder__name="State B"), rt1)

    seats_allocate(actor=secretariat_user, process=process)

    assert seats_of(process) == {
        "Round table 1": ["State B", "State C"],
        "Round table 2": ["State A", "State D"],
    }
    assert seats_of(process, published=True) == {
        "Round table 1": ["State A", "State C"],
        "Round table 2": ["State B", "State D"],
    }
    assert seats_overview(process=process).draft_differs is True


def test_publishing_a_hand_edit_shows_it(secretariat_user, drafted):
    process, _rt1, _rt2, a = drafted
    seats_publish(actor=secretariat_user, process=process)
    seat_remove(actor=secretariat_user, seat=Seat.objects.draft().get(delegation=a))
    seat_remove(
        actor=secretariat_user,
        seat=Seat.objects.draft().get(delegation__stakeholder__name="State B"),
    )

    assert seats_overview(process=process).draft_differs is True
    assert seats_publish(actor=secretariat_user, process=process) == 2
    assert seats_of(process, published=True) == {
        "Round table 1": ["State C"],
        "Round table 2": ["State D"],
    }
    assert list(
        Seat.history.filter(history_type="-", is_published=True)
        .order_by("delegation__stakeholder__name")
        .values_list("delegation__stakeholder__name", "history_change_reason")
    ) == [
        ("State A", "replaced on publication"),
        ("State B", "replaced on publication"),
        ("State C", "replaced on publication"),
        ("State D", "replaced on publication"),
    ]
    assert seats_overview(process=process).draft_differs is False


def test_a_delegate_cannot_publish(delegate_a, drafted):
    process, _rt1, _rt2, _a = drafted

    with pytest.raises(PermissionDenied):
        seats_publish(actor=delegate_a, process=process)

    assert seats_of(process, published=True) == {}


def test_an_empty_draft_is_not_published(secretariat_user):
    process, _tables = seat_process()

    with pytest.raises(SeatRuleError) as error:
        seats_publish(actor=secretariat_user, process=process)

    assert error.value.messages == ["There is no draft seat to publish: run the allocation first."]
    assert Process.objects.get(pk=process.pk).seats_published_at is None


def test_a_draft_that_breaks_a_rule_is_not_published(secretariat_user, drafted):
    process, rt1, _rt2, _a = drafted
    sit(state(process, "State E", "WEOG"), rt1)  # a third seat at a table of two

    with pytest.raises(SeatRuleError) as error:
        seats_publish(actor=secretariat_user, process=process)

    assert error.value.messages[0] == "Round table 1 has 3 seats, over its capacity of 2."
    assert seats_of(process, published=True) == {}


def test_a_published_seat_is_not_edited_by_hand(secretariat_user, drafted):
    process, _rt1, _rt2, a = drafted
    seats_publish(actor=secretariat_user, process=process)
    published = Seat.objects.published().get(delegation=a)

    with pytest.raises(SeatRuleError) as error:
        seat_remove(actor=secretariat_user, seat=published)

    assert error.value.messages == [
        "A published seat changes only when the draft is published: edit the draft."
    ]
    assert Seat.objects.published().filter(delegation=a).count() == 1


# --- Every page that shows seats ----------------------------------------------------------------
def test_the_meeting_page_shows_only_published_seats(client, secretariat_user, drafted):
    process, rt1, _rt2, _a = drafted
    MeetingChair.objects.all().delete()
    url = f"/meetings/{rt1.slug}/"

    draft = _text(client.get(url))
    seats_publish(actor=secretariat_user, process=process)
    published = _text(client.get(url))

    assert "Seats are not allocated yet." in draft
    assert "State A" not in draft and "State C" not in draft
    assert "Member States seated 2 Member States" in published
    assert "Seats are not allocated yet." not in published
    assert [s.delegation.stakeholder.name for s in meeting_seats(meeting=rt1)] == [
        "State A",
        "State C",
    ]


def test_the_delegate_portal_shows_only_published_seats(
    client, secretariat_user, delegate_a, drafted
):
    process, _rt1, _rt2, _a = drafted
    client.force_login(delegate_a)

    draft = _text(client.get(f"/delegate/?process={process.slug}"))
    draft_context = portal_context(user=delegate_a, process=process)
    seats_publish(actor=secretariat_user, process=process)
    published = _text(client.get(f"/delegate/?process={process.slug}"))

    assert "Choices: 1. Round table 1 Seats: none yet" in draft
    assert [item.seats for item in draft_context["seat_delegations"]] == [[]]
    assert "Choices: 1. Round table 1 Seats: Round table 1" in published
    assert [
        item.seats for item in portal_context(user=delegate_a, process=process)["seat_delegations"]
    ] == [["Round table 1"]]


def test_the_delegations_seats_page_shows_only_published_seats(
    client, secretariat_user, delegate_a, drafted
):
    process, _rt1, _rt2, a = drafted
    client.force_login(delegate_a)
    url = f"/delegate/seats/{a.pk}/"

    draft = _text(client.get(url))
    seats_publish(actor=secretariat_user, process=process)
    published = _text(client.get(url))

    assert "Your seats No seat allocated yet." in draft
    assert delegation_seats(delegation=a).seats == [Seat.objects.published().get(delegation=a)]
    assert "Your seats Round table 1 · your choice 1" in published


def test_the_secretariat_sees_the_draft_and_publishes_it_from_its_page(
    client, secretariat_user, drafted
):
    process, _rt1, _rt2, _a = drafted
    client.force_login(secretariat_user)
    page = f"/secretariat/seats/?process={process.slug}"

    html = client.get(page).content.decode()
    before = _text(client.get(page))
    refused = client.post(f"/secretariat/seats/publish/?process={process.slug}", follow=True)
    response = client.post(
        f"/secretariat/seats/publish/?process={process.slug}", {"confirm": "on"}, follow=True
    )

    assert "Not published yet. The draft differs from the published seats." in before
    # Each box its own id, so that each label ticks its own box.
    assert (html.count('id="id_confirm"'), html.count('id="id_publish_confirm"')) == (1, 1)
    assert "4 seats at the round tables." in before
    assert "Tick the box to confirm: publishing shows the seats." in _text(refused)
    assert seats_of(process, published=True) == seats_of(process)
    assert response.redirect_chain == [(page, 302)]
    text = _text(response)
    assert "4 seats published: the public and the delegations see them now." in text
    assert "The draft is what is published." in text
    assert [s.source for s in Seat.objects.published()] == [SeatSource.ALLOCATION] * 4


# Where seats reach a page for the public or a delegate: each template here has its test above
# (the meeting page, the delegate portal, the delegation's seats page). A new page that shows
# seats fails this test until it is added here with a test that drafts do not show on it.
SEAT_MARKERS = ("seats/_meeting_seats.html", "seats/_portal.html", "detail.seats", "item.seats")
PAGES_WITH_SEATS = [
    "consultations/delegate/_portal_body.html",
    "consultations/programme/meeting_detail.html",
    "consultations/seats/_portal.html",
    "consultations/seats/delegation.html",
]


def test_every_page_that_shows_seats_to_the_public_or_delegates_is_tested_for_drafts():
    root = Path(settings.BASE_DIR) / "templates"
    found = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if any(marker in path.read_text() for marker in SEAT_MARKERS)
    )

    assert found == PAGES_WITH_SEATS
