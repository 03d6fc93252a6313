"""Speakers lists in the Secretariat's hands: moves, the record of who spoke, the reset to protocol
order, and places that stay 1..n (consultations/services/speakers.py)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from consultations.choices import InscriptionStatus
from consultations.models import Inscription, InscriptionMove
from consultations.services.speakers import (
    InvalidPlace,
    NotOnList,
    NotSpoken,
    ReasonRequired,
    inscription_create,
    inscription_mark_spoke,
    inscription_move,
    inscription_unmark_spoke,
    inscription_withdraw,
    speakers_list_reorder_by_protocol,
    speaking_order_key,
)
from tests.consultations.speakers_helpers import MINISTER, at, inscribe, order, places, state
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MemberStateFactory,
    SpeakersListFactory,
    UserFactory,
)


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


def test_only_the_secretariat_moves_speakers(
    list_delegations, delegate_a, state_a, secretariat_user, speakers_list
):
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


def test_only_the_secretariat_records_who_spoke(
    list_delegations, delegate_a, state_a, speakers_list
):
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
        DelegationFactory(process=speakers_list.meeting.process, stakeholder=stakeholder)
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
