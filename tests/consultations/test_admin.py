"""The Django admin of consultations, as the Secretariat uses it."""

# ruff: noqa: RUF001  (the pages and messages put en dashes between times)

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from consultations.choices import DocumentKind, DocumentRole, MeetingKind, MeetingStatus
from consultations.models import (
    DelegationMember,
    Document,
    InscriptionMove,
    Meeting,
    ProcessDocument,
)
from tests.consultations.test_admin_meetings import english_fields
from tests.factories import (
    DelegationFactory,
    InscriptionFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    RoomFactory,
    SeatPreferenceFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC

MANAGED_MODELS = [
    "process",
    "document",
    "processdocument",
    "delegation",
    "delegationmember",
    "theme",
    "venue",
    "room",
    "meeting",
    "meetingchair",
    "seatpreference",
    "seat",
    "speakerslist",
    "inscription",
]


@pytest.fixture
def round_table_1(db):
    venue = VenueFactory(
        name="United Nations Headquarters", city="New York", time_zone="America/New_York"
    )
    return MeetingFactory(
        process=ProcessFactory(slug="hld-2006", short_title="HLD 2006"),
        slug="round-table-1",
        kind=MeetingKind.ROUND_TABLE,
        number=1,
        title="Round table 1",
        venue=venue,
        room=RoomFactory(venue=venue, name="Conference Room 4"),
        start=datetime.datetime(2006, 9, 14, 14, tzinfo=UTC),
        end=datetime.datetime(2006, 9, 14, 17, tzinfo=UTC),
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _inline_management(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(total),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# --- Pages open ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [*MANAGED_MODELS, "inscriptionmove"])
def test_secretariat_opens_every_consultations_changelist(secretariat_client, model):
    response = secretariat_client.get(reverse(f"admin:consultations_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].model._meta.model_name == model


@pytest.mark.parametrize("model", MANAGED_MODELS)
def test_secretariat_opens_every_consultations_add_page(secretariat_client, model):
    response = secretariat_client.get(reverse(f"admin:consultations_{model}_add"))

    assert response.status_code == 200
    assert response.context["add"] is True
    assert response.context["adminform"].form._meta.model._meta.model_name == model


def test_changelists_with_rows_open(secretariat_client, round_table_1, secretariat_user):
    inscription = InscriptionFactory(speakers_list__meeting=round_table_1)
    InscriptionMove.objects.create(
        inscription=inscription,
        from_position=2,
        to_position=1,
        reason="Head of State arrived",
        moved_by=secretariat_user,
    )
    SeatPreferenceFactory(meeting=round_table_1)

    for model in [*MANAGED_MODELS, "inscriptionmove"]:
        response = secretariat_client.get(reverse(f"admin:consultations_{model}_changelist"))
        assert response.status_code == 200, model


def test_moves_on_speakers_lists_are_read_only(secretariat_client, secretariat_user):
    move = InscriptionMove.objects.create(
        inscription=InscriptionFactory(),
        from_position=2,
        to_position=1,
        reason="Head of State arrived",
        moved_by=secretariat_user,
    )

    add = secretariat_client.get(reverse("admin:consultations_inscriptionmove_add"))
    change = secretariat_client.get(
        reverse("admin:consultations_inscriptionmove_change", args=[move.pk])
    )
    post = secretariat_client.post(
        reverse("admin:consultations_inscriptionmove_change", args=[move.pk]),
        {"reason": "Changed"},
    )

    assert add.status_code == 403
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert post.status_code == 403
    move.refresh_from_db()
    assert move.reason == "Head of State arrived"


def test_delegate_is_sent_to_the_admin_login(client, delegate_a):
    client.force_login(delegate_a)

    response = client.get("/admin/consultations/meeting/")

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/consultations/meeting/"


# --- Inlines ---------------------------------------------------------------------------------


def _inlines(response) -> dict[str, list]:
    return {
        formset.opts.model._meta.model_name: [form.instance for form in formset.formset.forms]
        for formset in response.context["inline_admin_formsets"]
    }


def test_process_change_page_shows_documents_and_delegations(secretariat_client):
    process = ProcessFactory()
    document = Document.objects.create(
        kind=DocumentKind.RESOLUTION, symbol="A/RES/60/227", title="International migration"
    )
    link = ProcessDocument.objects.create(
        process=process, document=document, role=DocumentRole.MANDATE
    )
    delegation = DelegationFactory(process=process)

    response = secretariat_client.get(
        reverse("admin:consultations_process_change", args=[process.pk])
    )

    assert _inlines(response) == {"processdocument": [link], "delegation": [delegation]}


def test_delegation_change_page_shows_members_and_seat_preferences(secretariat_client):
    delegation = DelegationFactory()
    member = DelegationMember.objects.create(delegation=delegation, person=PersonFactory())
    preference = SeatPreferenceFactory(delegation=delegation, meeting__process=delegation.process)

    response = secretariat_client.get(
        reverse("admin:consultations_delegation_change", args=[delegation.pk])
    )

    assert _inlines(response) == {"delegationmember": [member], "seatpreference": [preference]}


def test_meeting_search_finds_by_title(secretariat_client, round_table_1):
    MeetingFactory(title="Plenary meeting 1")

    response = secretariat_client.get(
        reverse("admin:consultations_meeting_changelist"), {"q": "round"}
    )

    assert [str(m) for m in response.context["cl"].result_list] == ["Round table 1"]


# --- Scheduling warnings ---------------------------------------------------------------------


def _meeting_form(meeting_like: Meeting, **overrides) -> dict[str, str]:
    data = {
        "process": str(meeting_like.process_id),
        "kind": MeetingKind.OTHER,
        "number": "",
        "title": "Briefing for the press",
        "slug": "briefing",
        "theme": "",
        "status": MeetingStatus.PLANNED,
        "venue": str(meeting_like.venue_id),
        "room": str(meeting_like.room_id),
        "start_0": "2006-09-14",
        # New York time (the venue's): 12:00-14:00 EDT, overlapping round table 1's 10:00-13:00
        "start_1": "12:00:00",
        "end_0": "2006-09-14",
        "end_1": "14:00:00",
        "capacity": "",
        "description": "",
        **_inline_management("chairs"),
    }
    data.update(overrides)
    return english_fields(data)


WARNING = "Conference Room 4 is also booked for Round table 1 (14 September 2006, 10:00–13:00 EDT)."


def test_saving_an_overlapping_meeting_in_the_same_room_warns_after_saving(
    secretariat_client, round_table_1
):
    response = secretariat_client.post(
        reverse("admin:consultations_meeting_add"), _meeting_form(round_table_1), follow=True
    )

    assert response.status_code == 200
    briefing = Meeting.objects.get(slug="briefing")
    messages = _messages(response)
    assert ("warning", WARNING) in messages
    assert messages[0] == ("warning", WARNING)
    assert messages[1][0] == "success"
    assert briefing.history.get().history_user.email == "secretariat@example.org"


def test_saving_a_meeting_in_another_room_gives_no_warning(secretariat_client, round_table_1):
    other_room = RoomFactory(venue=round_table_1.venue, name="Conference Room 2")

    response = secretariat_client.post(
        reverse("admin:consultations_meeting_add"),
        _meeting_form(round_table_1, room=str(other_room.pk)),
        follow=True,
    )

    assert [level for level, _text in _messages(response)] == ["success"]


def test_meeting_change_form_lists_its_clashes_with_links(secretariat_client, round_table_1):
    briefing = MeetingFactory(
        process=round_table_1.process,
        venue=round_table_1.venue,
        room=round_table_1.room,
        start=datetime.datetime(2006, 9, 14, 16, tzinfo=UTC),
        end=datetime.datetime(2006, 9, 14, 18, tzinfo=UTC),
    )

    response = secretariat_client.get(
        reverse("admin:consultations_meeting_change", args=[briefing.pk])
    )

    assert response.status_code == 200
    assert f"Scheduling warnings: {WARNING} ( open )" in _text(response)
    assert (
        f'href="/admin/consultations/meeting/{round_table_1.pk}/change/"'
        in response.content.decode()
    )


def test_meeting_change_form_without_clashes_says_none(secretariat_client, round_table_1):
    response = secretariat_client.get(
        reverse("admin:consultations_meeting_change", args=[round_table_1.pk])
    )

    assert "Scheduling warnings: None" in _text(response)
