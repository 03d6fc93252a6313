import pytest
from django.core.exceptions import PermissionDenied

from consultations.services.seats import SeatPreferenceError, seat_preferences_set
from tests.consultations.seats.helpers import prefer, seat_process
from tests.factories import DelegationFactory, MeetingFactory, RoundTableFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_delegate_sets_ranked_preferences_replacing_the_old_ones(delegate_a, state_a):
    process, (rt1, rt2) = seat_process()
    delegation = DelegationFactory(process=process, stakeholder=state_a)

    seat_preferences_set(actor=delegate_a, delegation=delegation, meetings=[rt2, rt1])
    first = [(p.meeting.title, p.rank) for p in delegation.seat_preferences.order_by("rank")]
    seat_preferences_set(actor=delegate_a, delegation=delegation, meetings=[rt1])
    second = [(p.meeting.title, p.rank) for p in delegation.seat_preferences.order_by("rank")]

    assert first == [("Round table 2", 1), ("Round table 1", 2)]
    assert second == [("Round table 1", 1)]


def test_preferences_refuse_other_meetings_duplicates_and_too_many(delegate_a, state_a):
    process, (rt1, rt2) = seat_process()
    plenary = MeetingFactory(process=process, title="Plenary")
    elsewhere = RoundTableFactory(title="Round table of another process")
    delegation = DelegationFactory(process=process, stakeholder=state_a)
    prefer(delegation, rt1)

    with pytest.raises(SeatPreferenceError) as error:
        seat_preferences_set(
            actor=delegate_a, delegation=delegation, meetings=[plenary, elsewhere, rt2, rt2]
        )

    assert error.value.messages == [
        "Plenary is not a round table of this process.",
        "Round table of another process is not a round table of this process.",
        "Round table 2 is chosen more than once.",
        "At most 2 choices: the process has 2 round tables.",
    ]
    assert [p.meeting for p in delegation.seat_preferences.all()] == [rt1]


def test_preferences_of_another_stakeholders_delegation_are_refused(delegate_b, state_a):
    process, (rt1, _rt2) = seat_process()
    delegation = DelegationFactory(process=process, stakeholder=state_a)

    with pytest.raises(PermissionDenied):
        seat_preferences_set(actor=delegate_b, delegation=delegation, meetings=[rt1])

    assert delegation.seat_preferences.count() == 0


def test_preferences_are_for_member_states_only(secretariat_user):
    process, (rt1, _rt2) = seat_process()
    delegation = DelegationFactory(process=process, stakeholder=StakeholderFactory(name="IOM"))

    with pytest.raises(SeatPreferenceError) as error:
        seat_preferences_set(actor=secretariat_user, delegation=delegation, meetings=[rt1])

    assert error.value.messages == ["Only Member States take seats at round tables."]
