"""Pages of speakers lists: the delegate's inscriptions and the Secretariat's management
(consultations/views/speakers.py)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.choices import InscriptionStatus
from consultations.models import Inscription, InscriptionMove
from consultations.services.speakers import inscription_create, inscription_mark_spoke
from registry.choices import ProtocolRank, StakeholderKind
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    DelegationMemberFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    SpeakersListFactory,
    StakeholderFactory,
)

# clock: open_list is open from yesterday to tomorrow.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def names(speakers_list) -> list[str]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("stakeholder__name", flat=True)
    )


@pytest.fixture
def process(db):
    return ProcessFactory(title="High-level Dialogue", is_current=True)


@pytest.fixture
def open_list(process):
    """Open now; the plenary itself is on 14 September 2006, 10:00-13:00 in New York."""
    now = timezone.now()
    return SpeakersListFactory(
        meeting=MeetingFactory(process=process, title="Plenary 1"),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )


@pytest.fixture
def closed_list(process):
    return SpeakersListFactory(
        meeting=MeetingFactory(
            process=process,
            title="Plenary 2",
            start=utc(2006, 9, 15, 14),
            end=utc(2006, 9, 15, 17),
        ),
        opens_at=utc(2006, 9, 1, 13),
        closes_at=utc(2006, 9, 14, 22),  # 18:00 in New York
    )


def fill(user, speakers_list, n: int, *, start: int = 0) -> list[Inscription]:
    return [
        inscription_create(
            actor=user,
            speakers_list=speakers_list,
            stakeholder=MemberStateFactory(name=f"State {start + i:03d}"),
            at=utc(2006, 9, 1, 12, start + i),
        )
        for i in range(n)
    ]


# --- delegate -----------------------------------------------------------------------------------
def test_delegate_index_lists_the_process_lists_open_and_closed(
    delegation_a, client, delegate_a, open_list, closed_list
):
    client.force_login(delegate_a)

    response = client.get("/delegate/speakers/")

    assert response.status_code == 200
    page = text(response)
    assert [
        (s.speakers_list.meeting.title, s.is_open) for s in response.context["speakers_lists"]
    ] == [("Plenary 1", True), ("Plenary 2", False)]
    assert "Plenary 1 14 September 2006, 10:00 EDT Open" in page
    assert "Plenary 2 15 September 2006, 10:00 EDT Closed closed 14 September 2006, 18:00 EDT" in (
        page
    )
    html = response.content.decode()
    assert f'href="/delegate/speakers/{open_list.pk}/inscribe/"' in html
    assert f'href="/delegate/speakers/{closed_list.pk}/inscribe/"' not in html


def test_delegate_inscribes_own_stakeholder_with_a_speaker(
    client, delegate_a, state_a, process, open_list
):
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    person = PersonFactory(honorific="H.E.", given_name="Ana", family_name="Aaa")
    # The registry holds the minister's rank: a delegate cannot ask above it unconfirmed.
    AppointmentFactory(
        person=person,
        stakeholder=state_a,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    DelegationMemberFactory(delegation=delegation, person=person, post="Minister")
    # Holds a post for State A, but is not on its delegation to the process: not offered.
    AppointmentFactory(person=PersonFactory(family_name="Absent"), stakeholder=state_a)
    client.force_login(delegate_a)
    url = f"/delegate/speakers/{open_list.pk}/inscribe/"

    form = client.get(url).context["form"]
    response = client.post(
        url, {"stakeholder": state_a.pk, "speaker": person.pk, "speaker_post": "", "level": "4"}
    )

    assert form.initial == {"stakeholder": state_a.pk}  # the only one: chosen already
    assert list(form.fields["stakeholder"].queryset) == [state_a]
    assert list(form.fields["speaker"].queryset) == [person]
    assert response.status_code == 302
    assert response.url == "/delegate/speakers/"
    inscription = Inscription.objects.get()
    assert (
        inscription.stakeholder,
        inscription.speaker,
        inscription.speaker_post,
        inscription.level,
        inscription.position,
        inscription.inscribed_by,
    ) == (state_a, person, "Minister for Foreign Affairs", ProtocolRank.MINISTER, 1, delegate_a)


def test_delegate_is_offered_the_head_and_members_of_its_own_delegation_only(
    client, delegate_a, state_a, state_b, process, open_list
):
    head = PersonFactory(given_name="Hana", family_name="Head")
    member = PersonFactory(given_name="Mo", family_name="Member")
    own = DelegationFactory(process=process, stakeholder=state_a, head=head)
    DelegationMemberFactory(delegation=own, person=member)
    # State A's delegation to another process, and State B's to this one: not offered.
    DelegationMemberFactory(
        delegation=DelegationFactory(stakeholder=state_a), person=PersonFactory(family_name="X")
    )
    DelegationMemberFactory(
        delegation=DelegationFactory(process=process, stakeholder=state_b),
        person=PersonFactory(family_name="Y"),
    )
    client.force_login(delegate_a)

    form = client.get(f"/delegate/speakers/{open_list.pk}/inscribe/").context["form"]

    assert [str(p) for p in form.fields["speaker"].queryset] == [str(head), str(member)]


def test_delegate_cannot_name_a_speaker_of_another_stakeholder(
    delegation_a, client, delegate_a, state_a, open_list
):
    stranger = PersonFactory(family_name="Stranger")
    AppointmentFactory(person=stranger, stakeholder=MemberStateFactory())
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/speakers/{open_list.pk}/inscribe/",
        {"stakeholder": state_a.pk, "speaker": stranger.pk},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["speaker"]
    assert Inscription.objects.count() == 0


def test_delegate_inscribes_a_speaker_by_name_not_yet_in_the_registry(
    delegation_a, client, delegate_a, state_a, open_list
):
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/speakers/{open_list.pk}/inscribe/",
        {
            "stakeholder": state_a.pk,
            "speaker_name": " Ms. Nadia Newcomer ",
            "speaker_post": "Envoy",
        },
    )

    assert response.status_code == 302
    assert list(
        Inscription.objects.values_list("speaker", "speaker_name", "speaker_post", "position")
    ) == [(None, "Ms. Nadia Newcomer", "Envoy", 1)]
    page = text(client.get("/delegate/speakers/"))
    assert "Plenary 1 State A Ms. Nadia Newcomer, Envoy" in page


def test_delegate_naming_a_person_and_a_name_gets_the_error(
    client, delegate_a, state_a, process, open_list
):
    person = PersonFactory(family_name="Aaa")
    DelegationMemberFactory(
        delegation=DelegationFactory(process=process, stakeholder=state_a), person=person
    )
    client.force_login(delegate_a)

    response = client.post(
        f"/delegate/speakers/{open_list.pk}/inscribe/",
        {"stakeholder": state_a.pk, "speaker": person.pk, "speaker_name": "Someone"},
    )

    assert response.context["form"].errors == {
        "speaker_name": ["Name the speaker from the registry or by name, not both."]
    }
    assert Inscription.objects.count() == 0


def test_delegate_inscribing_for_another_stakeholder_gets_404(
    client, delegate_a, state_b, open_list
):
    client.force_login(delegate_a)
    url = f"/delegate/speakers/{open_list.pk}/inscribe/"

    post = client.post(url, {"stakeholder": state_b.pk})
    get = client.get(url, {"stakeholder": state_b.pk})

    assert (post.status_code, get.status_code) == (404, 404)
    assert Inscription.objects.count() == 0


def test_delegate_is_refused_with_a_message_after_closing(
    delegation_a, client, delegate_a, state_a, closed_list
):
    client.force_login(delegate_a)
    url = f"/delegate/speakers/{closed_list.pk}/inscribe/"
    message = (
        "The speakers list closed on 14 September 2006 at 18:00 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn."
    )

    get = client.get(url)
    post = client.post(url, {"stakeholder": state_a.pk})

    assert message in text(get)
    assert "<form" not in get.content.decode().split('id="speakers-closed"')[1]
    assert post.status_code == 200
    assert message in text(post)
    assert Inscription.objects.count() == 0


def test_delegate_withdraws_own_inscription_after_confirming(
    delegation_a, client, delegate_a, state_a, secretariat_user, open_list
):
    fill(secretariat_user, open_list, 1)
    mine = inscription_create(actor=delegate_a, speakers_list=open_list, stakeholder=state_a)
    fill(secretariat_user, open_list, 1, start=1)
    client.force_login(delegate_a)
    url = f"/delegate/speakers/inscriptions/{mine.pk}/withdraw/"

    confirm = client.get(url)
    done = client.post(url)

    assert "Withdraw this speaker from the list? The place is given up." in text(confirm)
    assert Inscription.objects.filter(pk=mine.pk).exists()
    assert done.status_code == 302
    assert done.url == "/delegate/speakers/"
    mine.refresh_from_db()
    assert (mine.status, mine.position) == (InscriptionStatus.WITHDRAWN, None)
    assert names(open_list) == ["State 000", "State 001"]


def test_delegate_cannot_withdraw_another_delegations_inscription(
    delegation_b, client, delegate_a, delegate_b, state_b, open_list
):
    theirs = inscription_create(actor=delegate_b, speakers_list=open_list, stakeholder=state_b)
    client.force_login(delegate_a)
    url = f"/delegate/speakers/inscriptions/{theirs.pk}/withdraw/"

    assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.status == InscriptionStatus.INSCRIBED


def test_portal_shows_own_inscriptions_with_place_and_expected_time(
    delegation_a, client, delegate_a, state_a, secretariat_user, open_list
):
    fill(secretariat_user, open_list, 2)
    inscription_create(actor=delegate_a, speakers_list=open_list, stakeholder=state_a)
    client.force_login(delegate_a)

    response = client.get("/delegate/")

    assert "Plenary 1 — State A · place 3, expected at 14 September 2006, 10:10 EDT" in text(
        response
    )
    assert 'href="/delegate/speakers/"' in response.content.decode()


# --- Secretariat --------------------------------------------------------------------------------
def detail_url(speakers_list) -> str:
    return f"/secretariat/speakers/{speakers_list.pk}/"


def test_delegates_cannot_open_the_secretariat_pages(client, delegate_a, open_list):
    client.force_login(delegate_a)

    assert client.get("/secretariat/speakers/").status_code == 403
    assert client.get(detail_url(open_list)).status_code == 403
    assert client.post(f"{detail_url(open_list)}reorder/", {"reason": "x"}).status_code == 403


def test_secretariat_index_lists_the_lists_with_their_counts(
    client, secretariat_user, open_list, closed_list
):
    fill(secretariat_user, open_list, 2)
    client.force_login(secretariat_user)

    response = client.get("/secretariat/speakers/")

    assert [
        (s.speakers_list.meeting.title, s.speaker_count) for s in response.context["speakers_lists"]
    ] == [("Plenary 1", 2), ("Plenary 2", 0)]
    assert f'href="{detail_url(open_list)}"' in response.content.decode()


def test_secretariat_dashboard_links_to_the_speakers_lists(client, secretariat_user, process):
    client.force_login(secretariat_user)

    html = client.get("/secretariat/").content.decode()

    assert re.search(
        r'<div class="col-md-6">\s*<div class="card h-100"><div class="card-body">\s*'
        r'<h2 class="h5">Speakers lists</h2>',
        html,
    )
    assert 'href="/secretariat/speakers/"' in html


def test_secretariat_page_shows_order_expected_times_and_the_overrun_warning(
    client, secretariat_user, process
):
    meeting = MeetingFactory(
        process=process, title="Round", start=utc(2006, 9, 14, 14), end=utc(2006, 9, 14, 14, 12)
    )
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    fill(secretariat_user, speakers_list, 3)
    client.force_login(secretariat_user)

    response = client.get(detail_url(speakers_list))

    page = text(response)
    assert "1 State 000 Member State Other head of delegation 10:00 14:00" in page
    assert "3 State 002 Member State Other head of delegation 10:10 after the end 14:10" in page
    assert (
        "The list overruns the meeting: the last speaker is expected to finish at 10:15, "
        "3:00 after the meeting's end at 10:12 (EDT)."
    ) in page


def test_secretariat_move_requires_a_reason_and_records_who_and_why(
    client, secretariat_user, open_list
):
    _a, _b, c = fill(secretariat_user, open_list, 3)
    client.force_login(secretariat_user)
    url = f"{detail_url(open_list)}move/"

    refused = client.post(url, {"inscription": c.pk, "to_position": 1, "reason": "  "})
    moved = client.post(url, {"inscription": c.pk, "to_position": 1, "reason": "Leaves early"})

    assert refused.status_code == 200
    assert list(refused.context["move_form"].errors) == ["reason"]
    assert moved.status_code == 302
    assert names(open_list) == ["State 002", "State 000", "State 001"]
    assert list(
        InscriptionMove.objects.values_list(
            "moved_by__email", "from_position", "to_position", "reason"
        )
    ) == [("secretariat@example.org", 3, 1, "Leaves early")]
    history = text(client.get(detail_url(open_list)))
    assert "secretariat@example.org State 002 3 1 Leaves early" in history


def test_secretariat_move_to_a_place_off_the_list_shows_the_error(
    client, secretariat_user, open_list
):
    a, _b = fill(secretariat_user, open_list, 2)
    client.force_login(secretariat_user)

    response = client.post(
        f"{detail_url(open_list)}move/", {"inscription": a.pk, "to_position": 5, "reason": "x"}
    )

    assert response.context["move_form"].non_field_errors() == ["Choose a place from 1 to 2."]
    assert names(open_list) == ["State 000", "State 001"]


def test_secretariat_inscribes_any_stakeholder_after_closing(client, secretariat_user, closed_list):
    iom = StakeholderFactory(kind=StakeholderKind.IGO, name="IOM")
    client.force_login(secretariat_user)

    response = client.post(
        f"{detail_url(closed_list)}inscribe/", {"stakeholder": iom.pk, "speaker_post": "Director"}
    )

    assert response.status_code == 302
    assert list(
        Inscription.objects.values_list("stakeholder__name", "speaker_post", "inscribed_by__email")
    ) == [("IOM", "Director", "secretariat@example.org")]


def test_secretariat_records_who_spoke_in_local_time_and_minutes_seconds(
    client, secretariat_user, open_list
):
    a, _b = fill(secretariat_user, open_list, 2)
    client.force_login(secretariat_user)
    url = f"{detail_url(open_list)}spoke/"

    initial = client.get(detail_url(open_list)).context["spoke_form"].initial
    bad = client.post(url, {"inscription": a.pk, "spoke_at": "2006-09-14T10:01", "duration": "4"})
    good = client.post(
        url, {"inscription": a.pk, "spoke_at": "2006-09-14T10:01", "duration": "4:30"}
    )

    assert initial == {"inscription": a.pk, "spoke_at": datetime.datetime(2006, 9, 14, 10, 0)}
    assert list(bad.context["spoke_form"].errors) == ["duration"]
    assert good.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.spoke_at, a.spoke_seconds) == (
        InscriptionStatus.SPOKE,
        utc(2006, 9, 14, 14, 1),
        270,
    )
    page = text(client.get(detail_url(open_list)))
    assert (
        "1 State 000 Member State Other head of delegation 10:00 14:00 at 10:01, for 4:30" in page
    )
    assert "2 State 001 Member State Other head of delegation 10:04 14:04" in page


def test_secretariat_undoes_the_record_of_who_spoke(client, secretariat_user, open_list):
    (a,) = fill(secretariat_user, open_list, 1)
    inscription_mark_spoke(
        actor=secretariat_user, inscription=a, spoke_at=utc(2006, 9, 14, 14), seconds=60
    )
    client.force_login(secretariat_user)

    response = client.post(f"/secretariat/speakers/inscriptions/{a.pk}/undo-spoke/")

    assert response.url == detail_url(open_list)
    a.refresh_from_db()
    assert (a.status, a.spoke_seconds) == (InscriptionStatus.INSCRIBED, None)


def test_secretariat_withdraws_after_closing(client, secretariat_user, closed_list):
    a, _b = fill(secretariat_user, closed_list, 2)
    client.force_login(secretariat_user)

    response = client.post(f"/secretariat/speakers/inscriptions/{a.pk}/withdraw/")

    assert response.url == detail_url(closed_list)
    assert names(closed_list) == ["State 001"]
    withdrawn = text(client.get(detail_url(closed_list))).split("Withdrawn")[-1]
    assert withdrawn.strip().startswith("State 000")


def test_secretariat_resets_to_protocol_order_with_a_reason(client, secretariat_user, open_list):
    a, _b, c = fill(secretariat_user, open_list, 3)
    client.force_login(secretariat_user)
    client.post(
        f"{detail_url(open_list)}move/", {"inscription": c.pk, "to_position": 1, "reason": "r"}
    )

    refused = client.post(f"{detail_url(open_list)}reorder/", {"reason": ""})
    done = client.post(f"{detail_url(open_list)}reorder/", {"reason": "Chair's ruling"})

    assert list(refused.context["reorder_form"].errors) == ["reason"]
    assert done.status_code == 302
    assert names(open_list) == ["State 000", "State 001", "State 002"]
    assert InscriptionMove.objects.filter(reason="Chair's ruling").count() == 3
    assert a.pk in InscriptionMove.objects.values_list("inscription", flat=True)


def test_secretariat_list_page_query_count_does_not_grow(client, secretariat_user, open_list):
    client.force_login(secretariat_user)
    fill(secretariat_user, open_list, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(detail_url(open_list)).status_code == 200
    more = fill(secretariat_user, open_list, 30, start=2)
    inscription_mark_spoke(
        actor=secretariat_user, inscription=more[0], spoke_at=utc(2006, 9, 14, 14), seconds=10
    )
    client.post(
        f"{detail_url(open_list)}move/",
        {"inscription": more[5].pk, "to_position": 1, "reason": "r"},
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get(detail_url(open_list))

    assert len(response.context["speakers"].rows) == 32
    assert len(large.captured_queries) == len(small.captured_queries)


def test_secretariat_index_query_count_does_not_grow(client, secretariat_user, process):
    client.force_login(secretariat_user)
    SpeakersListFactory(meeting=MeetingFactory(process=process))
    with CaptureQueriesContext(connection) as small:
        client.get("/secretariat/speakers/")
    for _ in range(10):
        SpeakersListFactory(meeting=MeetingFactory(process=process))
    with CaptureQueriesContext(connection) as large:
        response = client.get("/secretariat/speakers/")

    assert len(response.context["speakers_lists"]) == 11
    assert len(large.captured_queries) == len(small.captured_queries)


def test_delegate_index_query_count_does_not_grow(
    delegation_a, client, delegate_a, state_a, secretariat_user, process, open_list
):
    client.force_login(delegate_a)
    inscription_create(actor=secretariat_user, speakers_list=open_list, stakeholder=state_a)
    with CaptureQueriesContext(connection) as small:
        client.get("/delegate/speakers/")
    for i in range(5):
        other = SpeakersListFactory(meeting=MeetingFactory(process=process))
        inscription_create(actor=secretariat_user, speakers_list=other, stakeholder=state_a)
        fill(secretariat_user, other, 3, start=i * 3)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/delegate/speakers/")

    assert len(response.context["speakers_inscriptions"]) == 6
    assert len(large.captured_queries) == len(small.captured_queries)
