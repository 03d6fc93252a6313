"""Recording positions and managing issues (consultations/services/positions.py)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from consultations.choices import Stance, StatementState
from consultations.models import Issue, Position
from consultations.selectors.positions import position_history
from consultations.services.positions import (
    InvalidIssue,
    InvalidStance,
    PositionsClosed,
    StatementOfAnotherProcess,
    StatementOfAnotherStakeholder,
    issue_create,
    issue_update,
    position_record,
)
from tests.factories import (
    DelegationFactory,
    IssueFactory,
    MeetingFactory,
    ProcessFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC

# The process ends on 30 September 2006 (ProcessFactory).
DURING = datetime.datetime(2006, 9, 14, 20, 0, tzinfo=UTC)
LAST_DAY = datetime.datetime(2006, 9, 30, 23, 59, tzinfo=UTC)
AFTER = datetime.datetime(2006, 10, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def process(db):
    return ProcessFactory(slug="hld", title="High-level Dialogue", is_current=True)


@pytest.fixture(autouse=True)
def delegations(process, state_a, state_b):
    """State A and State B have delegations to the process: their delegates record there."""
    return [DelegationFactory(process=process, stakeholder=s) for s in (state_a, state_b)]


@pytest.fixture
def plenary(process):
    return MeetingFactory(process=process, title="Plenary 1")


@pytest.fixture
def forum(process):
    return IssueFactory(
        process=process, slug="forum", title="Should a Global Forum follow the Dialogue?"
    )


@pytest.fixture
def statement_a(plenary, state_a):
    return StatementFactory(meeting=plenary, stakeholder=state_a, title="Statement of A")


@pytest.fixture
def statement_b(plenary, state_b):
    return StatementFactory(meeting=plenary, stakeholder=state_b, title="Statement of B")


def record(actor, issue, stakeholder, stance, **kwargs):
    kwargs.setdefault("at", DURING)
    return position_record(
        actor=actor, issue=issue, stakeholder=stakeholder, stance=stance, **kwargs
    )


def test_delegate_records_their_own_stance_with_their_own_statement(
    delegate_a, state_a, forum, statement_a
):
    position = record(
        delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_a, note="  Para. 4.  "
    )

    stored = Position.objects.get(issue=forum, stakeholder=state_a)
    assert stored == position
    assert (stored.stance, stored.statement, stored.note, stored.recorded_by) == (
        Stance.SUPPORTS,
        statement_a,
        "Para. 4.",
        delegate_a,
    )
    assert [(h.stance, h.history_type, h.history_user) for h in stored.history.all()] == [
        (Stance.SUPPORTS, "+", delegate_a)
    ]


def test_a_draft_statement_of_their_own_may_show_the_stance(delegate_a, state_a, forum, plenary):
    draft = StatementFactory(meeting=plenary, stakeholder=state_a, state=StatementState.DRAFT)

    position = record(delegate_a, forum, state_a, Stance.NEUTRAL, statement=draft)

    assert position.statement == draft


def test_every_change_is_kept_with_who_made_it(delegate_a, state_a, forum, statement_a):
    record(delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_a)
    record(delegate_a, forum, state_a, Stance.SUPPORTS_WITH_RESERVATIONS, statement=statement_a)

    position = Position.objects.get(issue=forum, stakeholder=state_a)
    assert [(h.stance, h.history_type, h.history_user) for h in position.history.all()] == [
        (Stance.SUPPORTS_WITH_RESERVATIONS, "~", delegate_a),
        (Stance.SUPPORTS, "+", delegate_a),
    ]


def test_recording_the_same_position_again_writes_nothing(delegate_a, state_a, forum, statement_a):
    record(delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_a, note="x")
    record(delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_a, note="x ")

    assert Position.objects.get(issue=forum, stakeholder=state_a).history.count() == 1


def test_delegate_cannot_record_another_delegations_position(delegate_a, state_b, forum):
    with pytest.raises(PermissionDenied, match=re.escape("You do not act for State B.")):
        record(delegate_a, forum, state_b, Stance.OPPOSES)

    assert not Position.objects.exists()


def test_delegate_cannot_point_to_another_delegations_statement(
    delegate_a, state_a, forum, statement_b
):
    with pytest.raises(
        StatementOfAnotherStakeholder,
        match=re.escape("This statement is not State A's: a position points to its own statement."),
    ):
        record(delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_b)

    assert not Position.objects.exists()


def test_a_statement_of_another_process_cannot_show_the_stance(secretariat_user, state_a, forum):
    elsewhere = StatementFactory(stakeholder=state_a, meeting=MeetingFactory(title="Elsewhere"))

    with pytest.raises(
        StatementOfAnotherProcess,
        match=re.escape("This statement was made at another process than the issue's."),
    ):
        record(secretariat_user, forum, state_a, Stance.SUPPORTS, statement=elsewhere)


def test_not_even_the_secretariat_links_a_stance_to_another_stakeholders_statement(
    secretariat_user, state_a, forum, statement_b
):
    with pytest.raises(StatementOfAnotherStakeholder):
        record(secretariat_user, forum, state_a, Stance.SUPPORTS, statement=statement_b)


def test_a_stance_must_be_one_of_the_five(delegate_a, state_a, forum):
    with pytest.raises(InvalidStance, match=re.escape("abstains is not a stance.")):
        record(delegate_a, forum, state_a, "abstains")


def test_delegate_may_change_a_position_until_the_end_date_of_the_process(
    delegate_a, state_a, forum
):
    record(delegate_a, forum, state_a, Stance.SUPPORTS, at=LAST_DAY)

    with pytest.raises(
        PositionsClosed,
        match=re.escape(
            "Positions on this process closed with its end on 30 September 2006. "
            "Please contact the Secretariat to correct a position."
        ),
    ):
        record(delegate_a, forum, state_a, Stance.OPPOSES, at=AFTER)

    assert Position.objects.get(issue=forum, stakeholder=state_a).stance == Stance.SUPPORTS


def test_secretariat_corrects_a_position_after_the_end_and_history_shows_both_versions(
    delegate_a, secretariat_user, state_a, forum, statement_a
):
    record(delegate_a, forum, state_a, Stance.SUPPORTS, statement=statement_a)

    corrected = record(
        secretariat_user,
        forum,
        state_a,
        Stance.SUPPORTS_WITH_RESERVATIONS,
        statement=statement_a,
        note="As delivered: support on condition that the Forum stays informal.",
        at=AFTER,
    )

    assert corrected.recorded_by == secretariat_user
    versions = position_history(position=corrected)
    assert [(v.user, v.stance, v.kind) for v in versions] == [
        (secretariat_user, Stance.SUPPORTS_WITH_RESERVATIONS, "~"),
        (delegate_a, Stance.SUPPORTS, "+"),
    ]
    assert versions[0].previous.stance == Stance.SUPPORTS
    assert versions[0].date > versions[1].date
    assert versions[0].note == "As delivered: support on condition that the Forum stays informal."


def test_clearing_the_statement_is_a_change(secretariat_user, state_a, forum, statement_a):
    record(secretariat_user, forum, state_a, Stance.SUPPORTS, statement=statement_a)
    position = record(secretariat_user, forum, state_a, Stance.SUPPORTS, statement=None)

    assert position.statement is None
    assert position.history.count() == 2


# --- issues -----------------------------------------------------------------------------------
def test_secretariat_creates_and_updates_an_issue(secretariat_user, process):
    issue = issue_create(
        actor=secretariat_user,
        process=process,
        slug="host",
        title="  Belgium's offer to host the first meeting  ",
        order=2,
    )
    issue_update(actor=secretariat_user, issue=issue, title="Belgium's offer to host the Forum")

    stored = Issue.objects.get(pk=issue.pk)
    assert (stored.slug, stored.title, stored.order) == (
        "host",
        "Belgium's offer to host the Forum",
        2,
    )
    assert [h.history_user for h in stored.history.all()] == [secretariat_user, secretariat_user]


def test_an_issue_slug_is_unique_within_its_process(secretariat_user, process, forum):
    with pytest.raises(
        InvalidIssue, match=re.escape("Issue with this Process and Slug already exists.")
    ):
        issue_create(actor=secretariat_user, process=process, slug="forum", title="Again?")


def test_an_issue_needs_a_question(secretariat_user, process):
    with pytest.raises(InvalidIssue, match=re.escape("This field cannot be blank.")):
        issue_create(actor=secretariat_user, process=process, slug="blank", title="  ")


def test_issue_update_refuses_unknown_fields(secretariat_user, forum):
    with pytest.raises(InvalidIssue, match=re.escape("An issue has no field process.")):
        issue_update(actor=secretariat_user, issue=forum, process=None)


def test_delegates_do_not_manage_issues(delegate_a, process, forum):
    with pytest.raises(PermissionDenied, match=re.escape("Only the Secretariat manages issues.")):
        issue_create(actor=delegate_a, process=process, slug="new", title="New?")
    with pytest.raises(PermissionDenied):
        issue_update(actor=delegate_a, issue=forum, title="Changed?")
