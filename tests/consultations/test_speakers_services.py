"""Speakers lists: the protocol order, inscriptions, withdrawals, moves, the record of who spoke
(consultations/services/speakers.py)."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from consultations.choices import InscriptionStatus
from consultations.models import Inscription, InscriptionMove
from consultations.services.speakers import (
    AlreadyInscribed,
    AlreadySpoke,
    InvalidPlace,
    NotOnList,
    NotSpoken,
    ReasonRequired,
    SpeakersListClosed,
    SpeakersListNotOpen,
    inscription_create,
    inscription_mark_spoke,
    inscription_move,
    inscription_unmark_spoke,
    inscription_withdraw,
    speakers_list_reorder_by_protocol,
    speaking_order_key,
)
from registry.choices import ProtocolRank, StakeholderKind
from tests.factories import (
    AppointmentFactory,
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    SpeakersListFactory,
    StakeholderFactory,
    UserFactory,
)

UTC = datetime.UTC
OPENS = datetime.datetime(2006, 9, 1, 13, 0, tzinfo=UTC)  # 09:00 in New York
CLOSES = datetime.datetime(2006, 9, 13, 22, 0, tzinfo=UTC)  # 18:00 in New York, the day before
HEAD_OF_STATE = ProtocolRank.HEAD_OF_STATE
MINISTER = ProtocolRank.MINISTER
HEAD_OF_DELEGATION = ProtocolRank.HEAD_OF_DELEGATION


def at(day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment of September 2006, UTC, while the list is open."""
    return datetime.datetime(2006, 9, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def speakers_list(db):
    return SpeakersListFactory(
        meeting=MeetingFactory(title="Plenary 1"), opens_at=OPENS, closes_at=CLOSES
    )


def order(speakers_list) -> list[str]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("stakeholder__name", flat=True)
    )


def places(speakers_list) -> list[int]:
    return list(
        Inscription.objects.filter(speakers_list=speakers_list, position__isnull=False)
        .order_by("position")
        .values_list("position", flat=True)
    )


def inscribe(user, speakers_list, stakeholder, when, level=None, **kwargs) -> Inscription:
    return inscription_create(
        actor=user,
        speakers_list=speakers_list,
        stakeholder=stakeholder,
        level=level,
        at=when,
        **kwargs,
    )


def state(name: str):
    return MemberStateFactory(name=name)


def observer_state(name: str, iso3: str):
    return StakeholderFactory(kind=StakeholderKind.OBSERVER_STATE, name=name, iso3=iso3)


def body(name: str, kind: str = StakeholderKind.UN_ENTITY):
    return StakeholderFactory(kind=kind, name=name)


# --- the protocol order -------------------------------------------------------------------------
def test_member_states_speak_by_level_of_representation(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Delegation level"), at(2), HEAD_OF_DELEGATION)
    inscribe(secretariat_user, speakers_list, state("Other level"), at(3), ProtocolRank.OTHER)
    inscribe(secretariat_user, speakers_list, state("Minister level"), at(4), MINISTER)
    inscribe(secretariat_user, speakers_list, state("Head of State"), at(5), HEAD_OF_STATE)
    inscribe(secretariat_user, speakers_list, state("Vice-Minister"), at(6), 5)
    inscribe(secretariat_user, speakers_list, state("Head of Government"), at(7), 3)
    inscribe(secretariat_user, speakers_list, state("Vice-President"), at(8), 2)

    assert order(speakers_list) == [
        "Head of State",
        "Vice-President",
        "Head of Government",
        "Minister level",
        "Vice-Minister",
        "Delegation level",
        "Other level",
    ]
    assert places(speakers_list) == [1, 2, 3, 4, 5, 6, 7]


def test_same_level_member_states_speak_in_order_of_inscription(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Second minister"), at(3), MINISTER)
    inscribe(secretariat_user, speakers_list, state("First minister"), at(2), MINISTER)
    inscribe(secretariat_user, speakers_list, state("Third minister"), at(4), MINISTER)

    assert order(speakers_list) == ["First minister", "Second minister", "Third minister"]


def test_observer_states_and_the_eu_follow_member_states_in_order_of_inscription(
    secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, body("European Union", "regional_org"), at(2))
    inscribe(secretariat_user, speakers_list, observer_state("Holy See", "VAT"), at(3), 1)
    inscribe(secretariat_user, speakers_list, state("Late State"), at(9), ProtocolRank.OTHER)
    inscribe(secretariat_user, speakers_list, observer_state("Palestine", "PSE"), at(4))

    # The Holy See's Head of State does not overtake: level counts among Member States only.
    assert order(speakers_list) == ["Late State", "European Union", "Holy See", "Palestine"]


def test_un_entities_igos_and_other_bodies_speak_last_in_order_of_inscription(
    secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, body("IOM", StakeholderKind.IGO), at(2))
    inscribe(secretariat_user, speakers_list, body("UNHCR"), at(3))
    inscribe(secretariat_user, speakers_list, body("An NGO", StakeholderKind.NGO), at(4))
    inscribe(secretariat_user, speakers_list, body("GCIM", StakeholderKind.INDEPENDENT_BODY), at(5))
    inscribe(secretariat_user, speakers_list, body("EU", StakeholderKind.REGIONAL_ORG), at(6))
    inscribe(secretariat_user, speakers_list, state("State"), at(7))

    assert order(speakers_list) == ["State", "EU", "IOM", "UNHCR", "An NGO", "GCIM"]


def test_speaking_order_key_of_values():
    early, late = at(2), at(3)
    member = {"kind": StakeholderKind.MEMBER_STATE, "level": 4, "inscribed_at": late}
    member_hos = {"kind": StakeholderKind.MEMBER_STATE, "level": 1, "inscribed_at": late}
    observer = {"kind": StakeholderKind.OBSERVER_STATE, "level": 1, "inscribed_at": early}
    un = {"kind": StakeholderKind.UN_ENTITY, "level": 1, "inscribed_at": early}

    keys = sorted([un, observer, member, member_hos], key=speaking_order_key)

    assert keys == [member_hos, member, observer, un]
    assert speaking_order_key(member) == (0, 4, late, float("inf"))
    assert speaking_order_key(observer) == (1, 0, early, float("inf"))
    assert speaking_order_key({**un, "pk": 7}) == (2, 0, early, 7)


def test_new_inscription_respects_the_secretariats_earlier_moves(secretariat_user, speakers_list):
    a = inscribe(secretariat_user, speakers_list, state("A"), at(2))
    inscribe(secretariat_user, speakers_list, state("B"), at(3))
    inscribe(secretariat_user, speakers_list, state("C"), at(4))
    inscription_move(
        actor=secretariat_user, inscription=a, to_position=3, reason="Asked to go last"
    )
    assert order(speakers_list) == ["B", "C", "A"]

    inscribe(secretariat_user, speakers_list, state("D"), at(5))
    inscribe(secretariat_user, speakers_list, state("E, vice-minister"), at(6), 5)

    # D (same level, latest) goes last, not before A; E goes before the first with a greater key.
    assert order(speakers_list) == ["E, vice-minister", "B", "C", "A", "D"]
    assert places(speakers_list) == [1, 2, 3, 4, 5]


def test_new_inscription_is_never_placed_before_a_speaker_who_spoke(
    secretariat_user, speakers_list
):
    first = inscribe(secretariat_user, speakers_list, state("Delegation"), at(2))
    inscribe(secretariat_user, speakers_list, state("Another delegation"), at(3))
    inscription_mark_spoke(
        actor=secretariat_user, inscription=first, spoke_at=at(14, 14), seconds=300
    )

    inscribe(secretariat_user, speakers_list, state("Head of State"), at(14, 14, 5), 1)

    assert order(speakers_list) == ["Delegation", "Head of State", "Another delegation"]


def test_level_defaults_to_the_delegations_level_else_other_head_of_delegation(
    secretariat_user, speakers_list
):
    with_delegation = state("With delegation")
    DelegationFactory(
        process=speakers_list.meeting.process, stakeholder=with_delegation, level=MINISTER
    )
    DelegationFactory(stakeholder=state("Elsewhere"), level=HEAD_OF_STATE)  # another process

    led = inscribe(secretariat_user, speakers_list, with_delegation, at(2))
    plain = inscribe(secretariat_user, speakers_list, state("No delegation"), at(3))
    stated = inscribe(secretariat_user, speakers_list, state("Stated"), at(4), level=2)

    assert (led.level, plain.level, stated.level) == (MINISTER, HEAD_OF_DELEGATION, 2)


def test_speaker_post_defaults_to_the_post_held_on_the_day(secretariat_user, speakers_list):
    belgium = state("Belgium")
    person = PersonFactory(family_name="Verhofstadt", given_name="Guy")
    AppointmentFactory(
        person=person,
        stakeholder=belgium,
        post="Prime Minister",
        rank=3,
        start=datetime.date(1999, 7, 12),
        end=datetime.date(2008, 3, 20),
    )
    AppointmentFactory(
        person=person,
        stakeholder=belgium,
        post="Minister of State",
        start=datetime.date(2009, 1, 1),
    )

    inscription = inscribe(secretariat_user, speakers_list, belgium, at(2), speaker=person)

    assert (inscription.speaker, inscription.speaker_post) == (person, "Prime Minister")


def test_inscription_records_who_and_when(delegate_a, state_a, speakers_list):
    inscription = inscribe(delegate_a, speakers_list, state_a, at(2, 15, 30))

    inscription.refresh_from_db()
    assert (inscription.inscribed_by, inscription.inscribed_at, inscription.status) == (
        delegate_a,
        at(2, 15, 30),
        InscriptionStatus.INSCRIBED,
    )


# --- opening hours ------------------------------------------------------------------------------
def test_delegate_cannot_inscribe_after_the_list_closes(delegate_a, state_a, speakers_list):
    with pytest.raises(SpeakersListClosed) as error:
        inscribe(delegate_a, speakers_list, state_a, CLOSES)

    assert str(error.value) == (
        "The speakers list closed on 13 September 2006 at 18:00 (EDT). "
        "Please contact the Secretariat to be inscribed or withdrawn."
    )
    assert order(speakers_list) == []


def test_delegate_cannot_inscribe_before_the_list_opens(delegate_a, state_a, speakers_list):
    with pytest.raises(SpeakersListNotOpen) as error:
        inscribe(delegate_a, speakers_list, state_a, OPENS - datetime.timedelta(seconds=1))

    assert str(error.value) == (
        "The speakers list is not open yet: it opens on 1 September 2006 at 09:00 (EDT). "
        "Until then only the Secretariat can inscribe speakers."
    )


def test_delegate_can_inscribe_from_the_opening_time(delegate_a, state_a, speakers_list):
    inscribe(delegate_a, speakers_list, state_a, OPENS)

    assert order(speakers_list) == ["State A"]


def test_secretariat_can_inscribe_before_opening_and_after_closing(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Late"), CLOSES + datetime.timedelta(days=1))
    inscribe(secretariat_user, speakers_list, state("Early"), OPENS - datetime.timedelta(days=1))

    assert order(speakers_list) == ["Early", "Late"]


def test_delegate_cannot_inscribe_a_stakeholder_they_do_not_act_for(
    delegate_a, state_b, speakers_list
):
    with pytest.raises(PermissionDenied):
        inscribe(delegate_a, speakers_list, state_b, at(2))

    assert order(speakers_list) == []


def test_a_stakeholder_holds_one_place_per_list(delegate_a, state_a, speakers_list):
    first = inscribe(delegate_a, speakers_list, state_a, at(2))

    with pytest.raises(AlreadyInscribed) as error:
        inscribe(delegate_a, speakers_list, state_a, at(3))

    assert str(error.value) == "State A is already on this speakers list."
    inscription_withdraw(actor=delegate_a, inscription=first, at=at(4))
    again = inscribe(delegate_a, speakers_list, state_a, at(5))
    assert (again.position, Inscription.objects.count()) == (1, 2)


# --- withdrawals --------------------------------------------------------------------------------
def test_withdrawal_keeps_the_row_and_the_others_close_the_gap(
    delegate_a, state_a, secretariat_user, speakers_list
):
    inscribe(secretariat_user, speakers_list, state("First"), at(2))
    mine = inscribe(delegate_a, speakers_list, state_a, at(3))
    inscribe(secretariat_user, speakers_list, state("Third"), at(4))
    inscribe(secretariat_user, speakers_list, state("Fourth"), at(5))

    inscription_withdraw(actor=delegate_a, inscription=mine, at=at(6))

    mine.refresh_from_db()
    assert (mine.status, mine.position) == (InscriptionStatus.WITHDRAWN, None)
    assert order(speakers_list) == ["First", "Third", "Fourth"]
    assert places(speakers_list) == [1, 2, 3]


def test_delegate_cannot_withdraw_after_closing_but_the_secretariat_can(
    delegate_a, state_a, secretariat_user, speakers_list
):
    mine = inscribe(delegate_a, speakers_list, state_a, at(3))

    with pytest.raises(SpeakersListClosed):
        inscription_withdraw(actor=delegate_a, inscription=mine, at=CLOSES)
    inscription_withdraw(actor=secretariat_user, inscription=mine, at=CLOSES)

    mine.refresh_from_db()
    assert mine.status == InscriptionStatus.WITHDRAWN


def test_delegate_cannot_withdraw_another_delegations_inscription(
    delegate_a, delegate_b, state_b, speakers_list
):
    theirs = inscribe(delegate_b, speakers_list, state_b, at(3))

    with pytest.raises(PermissionDenied):
        inscription_withdraw(actor=delegate_a, inscription=theirs, at=at(4))

    assert order(speakers_list) == ["State B"]


def test_withdrawing_twice_or_after_speaking_is_refused(secretariat_user, speakers_list):
    gone = inscribe(secretariat_user, speakers_list, state("Gone"), at(2))
    spoke = inscribe(secretariat_user, speakers_list, state("Spoke"), at(3))
    inscription_withdraw(actor=secretariat_user, inscription=gone)
    inscription_mark_spoke(actor=secretariat_user, inscription=spoke, spoke_at=at(14), seconds=10)

    with pytest.raises(NotOnList):
        inscription_withdraw(actor=secretariat_user, inscription=gone)
    with pytest.raises(AlreadySpoke):
        inscription_withdraw(actor=secretariat_user, inscription=spoke)


# --- moves --------------------------------------------------------------------------------------
def test_move_records_who_from_where_to_where_and_why(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("A"), at(2))
    inscribe(secretariat_user, speakers_list, state("B"), at(3))
    c = inscribe(secretariat_user, speakers_list, state("C"), at(4))
    inscribe(secretariat_user, speakers_list, state("D"), at(5))

    move = inscription_move(
        actor=secretariat_user, inscription=c, to_position=1, reason="  Must leave for Geneva  "
    )

    assert order(speakers_list) == ["C", "A", "B", "D"]
    assert places(speakers_list) == [1, 2, 3, 4]
    assert list(
        InscriptionMove.objects.values_list(
            "inscription__stakeholder__name", "from_position", "to_position", "reason", "moved_by"
        )
    ) == [("C", 3, 1, "Must leave for Geneva", secretariat_user.pk)]
    assert move.moved_at is not None


def test_move_writes_a_history_record_of_every_place_that_changed(secretariat_user, speakers_list):
    rows = [
        inscribe(secretariat_user, speakers_list, state(name), at(day))
        for name, day in (("A", 2), ("B", 3), ("C", 4), ("D", 5))
    ]
    before = Inscription.history.count()

    inscription_move(actor=secretariat_user, inscription=rows[2], to_position=1, reason="Early")

    records = Inscription.history.order_by("history_id")[before:]
    assert sorted(
        (r.stakeholder.name, r.position, r.history_type, r.history_user_id, r.status)
        for r in records
    ) == [
        ("A", 2, "~", secretariat_user.pk, InscriptionStatus.INSCRIBED),
        ("B", 3, "~", secretariat_user.pk, InscriptionStatus.INSCRIBED),
        ("C", 1, "~", secretariat_user.pk, InscriptionStatus.INSCRIBED),
    ]
    # Each record is the row as it now is, every field copied.
    fields = [f.attname for f in Inscription._meta.concrete_fields]
    for record in records:
        row = Inscription.objects.get(pk=record.id)
        assert [getattr(record, f) for f in fields] == [getattr(row, f) for f in fields]
        assert record.history_date is not None


def test_reordering_many_places_at_once_keeps_a_history_record_of_each(
    secretariat_user, speakers_list
):
    names = ["A", "B", "C", "D", "E", "F", "G", "H"]
    rows = {
        n: inscribe(secretariat_user, speakers_list, state(n), at(2 + i))
        for i, n in enumerate(names)
    }
    for name, place in (("H", 1), ("A", 8), ("D", 2), ("E", 1)):
        inscription_move(
            actor=secretariat_user, inscription=rows[name], to_position=place, reason="R"
        )
    assert order(speakers_list) == ["E", "H", "D", "B", "C", "F", "G", "A"]
    before = Inscription.history.count()

    speakers_list_reorder_by_protocol(
        actor=secretariat_user, speakers_list=speakers_list, reason="R"
    )

    assert order(speakers_list) == names
    records = Inscription.history.order_by("history_id")[before:]
    # A, B, C, D, E and H changed place, by five different shifts (one bulk update).
    assert sorted((r.stakeholder.name, r.position, r.history_type) for r in records) == [
        ("A", 1, "~"),
        ("B", 2, "~"),
        ("C", 3, "~"),
        ("D", 4, "~"),
        ("E", 5, "~"),
        ("H", 8, "~"),
    ]


def test_move_down_shifts_the_speakers_in_between_up(secretariat_user, speakers_list):
    a = inscribe(secretariat_user, speakers_list, state("A"), at(2))
    for name, day in (("B", 3), ("C", 4), ("D", 5)):
        inscribe(secretariat_user, speakers_list, state(name), at(day))

    inscription_move(actor=secretariat_user, inscription=a, to_position=3, reason="Late arrival")

    assert order(speakers_list) == ["B", "C", "A", "D"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_move_requires_a_reason(secretariat_user, speakers_list, reason):
    inscribe(secretariat_user, speakers_list, state("A"), at(2))
    b = inscribe(secretariat_user, speakers_list, state("B"), at(3))

    with pytest.raises(ReasonRequired) as error:
        inscription_move(actor=secretariat_user, inscription=b, to_position=1, reason=reason)

    assert str(error.value) == "Say why: a reason is required for every move."
    assert order(speakers_list) == ["A", "B"]
    assert InscriptionMove.objects.count() == 0


def test_only_the_secretariat_moves_speakers(delegate_a, state_a, secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("First"), at(2))
    mine = inscribe(delegate_a, speakers_list, state_a, at(3))

    with pytest.raises(PermissionDenied):
        inscription_move(actor=delegate_a, inscription=mine, to_position=1, reason="Please")

    assert order(speakers_list) == ["First", "State A"]


@pytest.mark.parametrize("to_position", [0, 3, 2])
def test_move_to_a_place_off_the_list_or_its_own_place_is_refused(
    secretariat_user, speakers_list, to_position
):
    inscribe(secretariat_user, speakers_list, state("A"), at(2))
    b = inscribe(secretariat_user, speakers_list, state("B"), at(3))

    with pytest.raises(InvalidPlace):
        inscription_move(actor=secretariat_user, inscription=b, to_position=to_position, reason="x")

    assert order(speakers_list) == ["A", "B"]


# --- the record of who spoke --------------------------------------------------------------------
def test_mark_spoke_records_when_and_how_long_and_undo_clears_it(secretariat_user, speakers_list):
    inscription = inscribe(secretariat_user, speakers_list, state("A"), at(2))

    inscription_mark_spoke(
        actor=secretariat_user, inscription=inscription, spoke_at=at(14, 14, 3), seconds=270
    )
    inscription.refresh_from_db()
    assert (inscription.status, inscription.spoke_at, inscription.spoke_seconds) == (
        InscriptionStatus.SPOKE,
        at(14, 14, 3),
        270,
    )

    inscription_unmark_spoke(actor=secretariat_user, inscription=inscription)
    inscription.refresh_from_db()
    assert (inscription.status, inscription.spoke_at, inscription.spoke_seconds) == (
        InscriptionStatus.INSCRIBED,
        None,
        None,
    )
    assert inscription.position == 1
    with pytest.raises(NotSpoken):
        inscription_unmark_spoke(actor=secretariat_user, inscription=inscription)


def test_only_the_secretariat_records_who_spoke(delegate_a, state_a, speakers_list):
    mine = inscribe(delegate_a, speakers_list, state_a, at(2))

    with pytest.raises(PermissionDenied):
        inscription_mark_spoke(actor=delegate_a, inscription=mine, spoke_at=at(14), seconds=60)


def test_a_withdrawn_speaker_cannot_be_recorded_as_having_spoken(secretariat_user, speakers_list):
    gone = inscribe(secretariat_user, speakers_list, state("Gone"), at(2))
    inscription_withdraw(actor=secretariat_user, inscription=gone)

    with pytest.raises(NotOnList):
        inscription_mark_spoke(actor=secretariat_user, inscription=gone, spoke_at=at(14), seconds=1)


# --- reset to protocol order --------------------------------------------------------------------
def test_reset_to_protocol_order_undoes_moves_and_records_each_change(
    secretariat_user, speakers_list
):
    a = inscribe(secretariat_user, speakers_list, state("A"), at(2))
    b = inscribe(secretariat_user, speakers_list, state("B"), at(3))
    c = inscribe(secretariat_user, speakers_list, state("C"), at(4))
    inscription_move(actor=secretariat_user, inscription=c, to_position=1, reason="First move")
    inscription_move(actor=secretariat_user, inscription=a, to_position=3, reason="Second move")
    assert order(speakers_list) == ["C", "B", "A"]

    moves = speakers_list_reorder_by_protocol(
        actor=secretariat_user, speakers_list=speakers_list, reason="Back to protocol"
    )

    assert order(speakers_list) == ["A", "B", "C"]
    assert sorted(
        (m.inscription.stakeholder.name, m.from_position, m.to_position) for m in moves
    ) == [
        ("A", 3, 1),
        ("C", 1, 3),
    ]
    assert (
        InscriptionMove.objects.filter(reason="Back to protocol", moved_by=secretariat_user).count()
        == 2
    )
    assert b.position == 2


def test_reset_keeps_the_speakers_who_spoke_first(secretariat_user, speakers_list):
    inscribe(secretariat_user, speakers_list, state("Delegation"), at(2))
    late = inscribe(secretariat_user, speakers_list, state("Head of State"), at(3), 1)
    inscribe(secretariat_user, speakers_list, state("Minister"), at(4), MINISTER)
    inscription_move(actor=secretariat_user, inscription=late, to_position=3, reason="Delayed")
    inscription_mark_spoke(
        actor=secretariat_user,
        inscription=Inscription.objects.get(stakeholder__name="Minister"),
        spoke_at=at(14, 14),
        seconds=300,
    )
    assert order(speakers_list) == ["Minister", "Delegation", "Head of State"]

    speakers_list_reorder_by_protocol(
        actor=secretariat_user, speakers_list=speakers_list, reason="Reset"
    )

    assert order(speakers_list) == ["Minister", "Head of State", "Delegation"]


def test_reset_requires_a_reason_and_the_secretariat(delegate_a, secretariat_user, speakers_list):
    with pytest.raises(ReasonRequired):
        speakers_list_reorder_by_protocol(
            actor=secretariat_user, speakers_list=speakers_list, reason=" "
        )
    with pytest.raises(PermissionDenied):
        speakers_list_reorder_by_protocol(
            actor=delegate_a, speakers_list=speakers_list, reason="Reset"
        )


# --- places stay 1..n ---------------------------------------------------------------------------
def test_twenty_inscriptions_one_after_another_take_places_1_to_20_in_protocol_order(
    secretariat_user, speakers_list
):
    levels = [6, 1, 4, 7, 6, 3, 5, 2, 6, 4] * 2
    for i, level in enumerate(levels):
        inscribe(secretariat_user, speakers_list, state(f"S{i:02d}"), at(2, 0, i), level)

    rows = list(
        Inscription.objects.filter(speakers_list=speakers_list)
        .select_related("stakeholder")
        .order_by("position")
    )
    assert [row.position for row in rows] == list(range(1, 21))
    assert [row.stakeholder.name for row in rows] == [
        row.stakeholder.name for row in sorted(rows, key=speaking_order_key)
    ]
    assert [row.level for row in rows] == sorted(levels)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_inscriptions_take_places_1_to_20():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite in memory has one connection, so threads cannot race; "
            "run with DATABASE_URL=postgres://..."
        )
    speakers_list = SpeakersListFactory(meeting=MeetingFactory(), opens_at=None, closes_at=None)
    delegates = []
    for i in range(20):
        stakeholder = MemberStateFactory(name=f"Concurrent {i:02d}")
        user = UserFactory(email=f"concurrent{i}@example.org")
        user.focal_points.create(stakeholder=stakeholder)
        delegates.append((user, stakeholder))
    barrier = threading.Barrier(len(delegates))
    errors: list[BaseException] = []

    def inscribe_in_thread(user, stakeholder):
        try:
            barrier.wait(timeout=30)
            inscription_create(actor=user, speakers_list=speakers_list, stakeholder=stakeholder)
        except BaseException as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=inscribe_in_thread, args=pair) for pair in delegates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    rows = list(
        Inscription.objects.filter(speakers_list=speakers_list)
        .select_related("stakeholder")
        .order_by("position")
    )
    assert [row.position for row in rows] == list(range(1, 21))
    # Same level: the order of inscription, which the lock serialised.
    assert [row.inscribed_at for row in rows] == sorted(row.inscribed_at for row in rows)
