"""The position admin records through ``position_record``: its checks are form errors, and the
history cannot be reverted (consultations/admin/statements.py)."""

import pytest
from django.urls import reverse

from consultations.choices import Stance
from consultations.models import Position
from tests.factories import IssueFactory, MeetingFactory, PositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_a_position_citing_another_states_statement_is_refused_in_the_admin(
    secretariat_client, state_a, state_b
):
    issue = IssueFactory(title="Should remittances be cheaper?")
    meeting = MeetingFactory(process=issue.process)
    position = PositionFactory(issue=issue, stakeholder=state_a)
    of_b = StatementFactory(meeting=meeting, stakeholder=state_b, published=True)

    response = secretariat_client.post(
        reverse("admin:consultations_position_change", args=[position.pk]),
        {"stance": Stance.SUPPORTS, "statement": of_b.pk, "note": "", "_save": "Save"},
    )

    position.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This statement is not State A's: a position points to its own statement."
    ]
    assert (position.stance, position.statement) == (Stance.NOT_STATED, None)


def test_a_position_changed_in_the_admin_is_recorded_by_the_secretariat(
    secretariat_client, secretariat_user, state_a
):
    issue = IssueFactory(title="Should remittances be cheaper?")
    meeting = MeetingFactory(process=issue.process)
    position = PositionFactory(issue=issue, stakeholder=state_a)
    of_a = StatementFactory(meeting=meeting, stakeholder=state_a, published=True)

    response = secretariat_client.post(
        reverse("admin:consultations_position_change", args=[position.pk]),
        {"stance": Stance.SUPPORTS, "statement": of_a.pk, "note": " Para. 4 ", "_save": "Save"},
    )

    position.refresh_from_db()
    assert response.status_code == 302
    assert (position.stance, position.statement, position.note, position.recorded_by) == (
        Stance.SUPPORTS,
        of_a,
        "Para. 4",
        secretariat_user,
    )
    assert position.history.first().history_user == secretariat_user
    assert Position.objects.count() == 1


def test_a_positions_issue_and_state_are_read_only_in_the_admin(secretariat_client, state_a):
    position = PositionFactory(stakeholder=state_a)

    page = secretariat_client.get(
        reverse("admin:consultations_position_change", args=[position.pk])
    )

    assert list(page.context["adminform"].form.fields) == [
        "stance",
        "statement",
        "note",
        "is_illustrative",
        "source",
    ]


def test_the_secretariat_marks_a_position_illustrative_in_the_admin(secretariat_client, state_a):
    position = PositionFactory(stakeholder=state_a, stance=Stance.SUPPORTS)

    secretariat_client.post(
        reverse("admin:consultations_position_change", args=[position.pk]),
        {
            "stance": Stance.SUPPORTS,
            "statement": "",
            "note": "",
            "is_illustrative": "on",
            "source": "Invented for the demo",
        },
    )

    position.refresh_from_db()
    assert (position.stance, position.is_illustrative, position.source) == (
        Stance.SUPPORTS,
        True,
        "Invented for the demo",
    )


def test_reverting_a_position_in_the_admin_is_refused(secretariat_client, state_a):
    position = PositionFactory(stakeholder=state_a)
    first = position.history.get()
    position.stance = Stance.SUPPORTS
    position.save()

    response = secretariat_client.post(
        reverse(
            "admin:consultations_position_simple_history",
            args=[position.pk, first.history_id],
        ),
        {"stance": Stance.NOT_STATED, "statement": "", "note": "", "_save": "Revert"},
    )

    position.refresh_from_db()
    assert response.status_code == 302
    assert position.stance == Stance.SUPPORTS
