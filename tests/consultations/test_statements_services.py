"""State changes of statements (consultations/services/statements.py) and their revisions
(consultations/selectors/statements.py)."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, transaction

from consultations.choices import StatementState
from consultations.models import Statement
from consultations.selectors.statements import (
    delegate_statements,
    review_queue,
    statement_counts,
    statement_revisions,
)
from consultations.services.statements import (
    AlreadyWithdrawn,
    DeadlinePassed,
    InvalidStatement,
    NotSubmittable,
    NotSubmitted,
    ReasonRequired,
    StatementError,
    StatementIncomplete,
    StatementNotEditable,
    StatementsNotSubmitted,
    statement_create,
    statement_publish,
    statement_return,
    statement_submit,
    statement_update,
    statement_withdraw,
    statements_publish_bulk,
)
from hlderp.public_cache import public_pages_changed
from registry.choices import ProtocolRank
from tests.factories import (
    AppointmentFactory,
    FocalPointFactory,
    MeetingFactory,
    PersonFactory,
    ProcessFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def process(db):
    return ProcessFactory(title="High-level Dialogue", is_current=True)


@pytest.fixture
def meeting(process):
    """Plenary 1 on 14 September 2006, 10:00-13:00 in New York; no deadline."""
    return MeetingFactory(process=process, title="Plenary 1")


@pytest.fixture
def minister(state_a):
    person = PersonFactory(honorific="H.E.", given_name="Ana", family_name="Aaa")
    AppointmentFactory(
        person=person,
        stakeholder=state_a,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )
    return person


@pytest.fixture
def themes(db):
    cooperation = ThemeFactory(slug="international-cooperation", name="International cooperation")
    remittances = ThemeFactory(slug="remittances", name="Remittances")
    return {"cooperation": cooperation, "remittances": remittances}


def draft(actor, stakeholder, meeting, **fields) -> Statement:
    fields.setdefault("title", "Statement of State A")
    fields.setdefault("language", "en")
    fields.setdefault("text", "Mr. President,\nWe support the Forum.")
    fields.setdefault("at", utc(2006, 9, 1, 12))
    return statement_create(actor=actor, stakeholder=stakeholder, meeting=meeting, **fields)


def submitted(actor, stakeholder, meeting, **fields) -> Statement:
    statement = draft(actor, stakeholder, meeting, **fields)
    return statement_submit(actor=actor, statement=statement, at=utc(2006, 9, 2, 12))


def reload(statement: Statement) -> Statement:
    return Statement.objects.select_related("meeting__venue").get(pk=statement.pk)


# --- the whole life of a statement, every version kept -------------------------------------------
def test_every_version_is_kept_with_its_author_time_and_changed_fields(
    delegate_a, secretariat_user, state_a, meeting, minister, themes
):
    statement = draft(
        delegate_a, state_a, meeting, speaker=minister, themes=[themes["remittances"]]
    )
    statement_submit(actor=delegate_a, statement=statement, at=utc(2006, 9, 2, 12))
    statement_return(
        actor=secretariat_user,
        statement=statement,
        reason="Please name the speaker's post as delivered.",
        at=utc(2006, 9, 3, 12),
    )
    statement_update(
        actor=delegate_a,
        statement=statement,
        data={
            "text": "Mr. President,\nWe strongly support the Forum.",
            "themes": [themes["remittances"], themes["cooperation"]],
        },
        at=utc(2006, 9, 4, 12),
    )
    statement_submit(actor=delegate_a, statement=statement, at=utc(2006, 9, 5, 12))
    statement_publish(actor=secretariat_user, statement=statement, at=utc(2006, 9, 6, 12))
    statement_withdraw(actor=delegate_a, statement=statement, at=utc(2006, 9, 7, 12))

    revisions = statement_revisions(statement=reload(statement))

    assert [(r.number, r.author, r.at, r.state, r.changed_fields) for r in revisions] == [
        (1, delegate_a, utc(2006, 9, 1, 12), "draft", []),
        (2, delegate_a, utc(2006, 9, 2, 12), "submitted", ["state", "submitted_at"]),
        (3, secretariat_user, utc(2006, 9, 3, 12), "returned", ["state", "return_reason"]),
        (4, delegate_a, utc(2006, 9, 4, 12), "returned", ["text", "themes"]),
        (
            5,
            delegate_a,
            utc(2006, 9, 5, 12),
            "submitted",
            ["state", "return_reason", "submitted_at"],
        ),
        (6, secretariat_user, utc(2006, 9, 6, 12), "published", ["state", "published_at"]),
        (7, delegate_a, utc(2006, 9, 7, 12), "withdrawn", ["state"]),
    ]
    assert Statement.history.count() == 7  # one row per change, none for the m2m signals
    # The same fields as django-simple-history's own diff of each row with the one before.
    for revision in revisions[1:]:
        record = revision.record
        assert sorted(record.diff_against(record.prev_record).changed_fields) == sorted(
            revision.changed_fields
        )


def test_each_version_shows_its_values_and_the_text_diff(
    delegate_a, secretariat_user, state_a, meeting, minister, themes
):
    statement = draft(
        delegate_a, state_a, meeting, speaker=minister, themes=[themes["remittances"]]
    )
    statement_submit(actor=delegate_a, statement=statement, at=utc(2006, 9, 2, 12))
    statement_return(
        actor=secretariat_user, statement=statement, reason="Too long.", at=utc(2006, 9, 3, 12)
    )
    statement_update(
        actor=delegate_a,
        statement=statement,
        data={
            "text": "Mr. President,\nWe strongly support the Forum.",
            "themes": [themes["cooperation"]],
        },
        at=utc(2006, 9, 4, 12),
    )

    revisions = statement_revisions(statement=reload(statement))

    first, second, third, fourth = revisions
    assert (first.record.instance.text, [t.name for t in first.themes]) == (
        "Mr. President,\nWe support the Forum.",
        ["Remittances"],
    )
    assert first.record.speaker_post == "Minister for Foreign Affairs"
    assert [(c.label, c.old, c.new) for c in second.changes] == [
        ("state", "Draft", "Submitted"),
        ("submitted at", "", "2 September 2006, 08:00 EDT"),
    ]
    assert [(c.label, c.old, c.new) for c in third.changes] == [
        ("state", "Submitted", "Returned for correction"),
        ("reason for return", "", "Too long."),
    ]
    text, theme_change = fourth.changes
    assert text.lines == [
        ("same", "Mr. President,"),
        ("removed", "We support the Forum."),
        ("added", "We strongly support the Forum."),
    ]
    assert (theme_change.old, theme_change.new) == ("Remittances", "International cooperation")
    assert fourth.record.instance.text == "Mr. President,\nWe strongly support the Forum."


def test_revisions_are_read_in_five_queries_whatever_their_number(
    delegate_a, state_a, meeting, minister, themes, django_assert_num_queries
):
    statement = draft(
        delegate_a, state_a, meeting, speaker=minister, themes=[themes["remittances"]]
    )
    for day in range(2, 12):
        statement_update(
            actor=delegate_a,
            statement=statement,
            data={"text": f"Version of day {day}"},
            at=utc(2006, 9, day, 12),
        )
    statement = reload(statement)

    with django_assert_num_queries(5):
        revisions = statement_revisions(statement=statement)

    assert len(revisions) == 11


def test_replacing_the_file_keeps_the_old_one_in_storage_and_in_the_history(
    settings, tmp_path, delegate_a, state_a, meeting
):
    settings.MEDIA_ROOT = tmp_path
    statement = draft(delegate_a, state_a, meeting, file=ContentFile(PDF, name="first.pdf"))
    first_name = statement.file.name

    statement_update(
        actor=delegate_a,
        statement=statement,
        data={"file": ContentFile(PDF + b"% second\n", name="second.pdf")},
        at=utc(2006, 9, 2, 12),
    )
    statement_update(
        actor=delegate_a, statement=statement, data={"file": False}, at=utc(2006, 9, 3, 12)
    )

    revisions = statement_revisions(statement=reload(statement))
    names = [r.record.file for r in revisions]  # the history keeps the names as text
    assert names[0] == first_name
    assert names[1] != first_name
    assert names[2] == ""
    assert [r.changed_fields for r in revisions] == [[], ["file"], ["file"]]
    assert sorted(p.name for p in (tmp_path / "statements").iterdir()) == sorted(
        [first_name.split("/")[1], names[1].split("/")[1]]
    )
    assert reload(statement).file.name == ""


def test_update_without_a_change_writes_no_version(delegate_a, state_a, meeting, themes):
    statement = draft(delegate_a, state_a, meeting, themes=[themes["remittances"]])

    statement_update(
        actor=delegate_a,
        statement=statement,
        data={
            "title": "Statement of State A",
            "text": "Mr. President,\nWe support the Forum.",
            "themes": [themes["remittances"]],
        },
    )

    assert statement.history.count() == 1


def test_create_sets_the_speakers_post_on_the_day_of_the_meeting(
    delegate_a, state_a, meeting, minister
):
    statement = draft(delegate_a, state_a, meeting, speaker=minister)

    assert (statement.speaker, statement.speaker_post, statement.created_by) == (
        minister,
        "Minister for Foreign Affairs",
        delegate_a,
    )
    assert statement.history.get().history_user == delegate_a


def test_speaker_without_a_post_for_the_stakeholder_is_refused(delegate_a, state_a, meeting):
    stranger = PersonFactory(given_name="Bo", family_name="Bbb")
    AppointmentFactory(person=stranger)  # a post for another State

    with pytest.raises(InvalidStatement) as refused:
        draft(delegate_a, state_a, meeting, speaker=stranger)

    assert str(refused.value) == "Bo Bbb holds no post for State A."
    assert Statement.objects.count() == 0


def test_blank_title_is_refused(delegate_a, state_a, meeting):
    with pytest.raises(InvalidStatement) as refused:
        draft(delegate_a, state_a, meeting, title="   ")

    assert str(refused.value) == "A statement needs a title."


# --- transitions that are not allowed ----------------------------------------------------------
def withdrawn(actor, stakeholder, meeting):
    statement = draft(actor, stakeholder, meeting)
    return statement_withdraw(actor=actor, statement=statement)


def published(actor, stakeholder, meeting, secretariat):
    statement = submitted(actor, stakeholder, meeting)
    return statement_publish(actor=secretariat, statement=statement, at=utc(2006, 9, 3, 12))


@pytest.mark.parametrize(
    ("start", "action", "error", "message"),
    [
        (
            "submitted",
            "submit",
            NotSubmittable,
            "Only a draft or a statement returned for correction can be submitted; "
            "this one is: Submitted.",
        ),
        (
            "published",
            "submit",
            NotSubmittable,
            "Only a draft or a statement returned for correction can be submitted; "
            "this one is: Published.",
        ),
        (
            "withdrawn",
            "submit",
            NotSubmittable,
            "Only a draft or a statement returned for correction can be submitted; "
            "this one is: Withdrawn.",
        ),
        (
            "draft",
            "publish",
            NotSubmitted,
            "Only a submitted statement can be published; this one is: Draft.",
        ),
        (
            "published",
            "publish",
            NotSubmitted,
            "Only a submitted statement can be published; this one is: Published.",
        ),
        (
            "withdrawn",
            "publish",
            NotSubmitted,
            "Only a submitted statement can be published; this one is: Withdrawn.",
        ),
        (
            "draft",
            "return",
            NotSubmitted,
            "Only a submitted statement can be returned for correction; this one is: Draft.",
        ),
        (
            "published",
            "return",
            NotSubmitted,
            "Only a submitted statement can be returned for correction; this one is: Published.",
        ),
        (
            "submitted",
            "update",
            StatementNotEditable,
            "This statement cannot be changed now (Submitted): only drafts and statements "
            "returned for correction can.",
        ),
        (
            "published",
            "update",
            StatementNotEditable,
            "This statement cannot be changed now (Published): only drafts and statements "
            "returned for correction can.",
        ),
        (
            "withdrawn",
            "update",
            StatementNotEditable,
            "This statement cannot be changed now (Withdrawn): only drafts and statements "
            "returned for correction can.",
        ),
        ("withdrawn", "withdraw", AlreadyWithdrawn, "This statement has already been withdrawn."),
    ],
)
def test_transition_not_allowed_raises_its_error_and_changes_nothing(
    delegate_a, secretariat_user, state_a, meeting, start, action, error, message
):
    statement = {
        "draft": lambda: draft(delegate_a, state_a, meeting),
        "submitted": lambda: submitted(delegate_a, state_a, meeting),
        "published": lambda: published(delegate_a, state_a, meeting, secretariat_user),
        "withdrawn": lambda: withdrawn(delegate_a, state_a, meeting),
    }[start]()
    versions = statement.history.count()
    act = {
        "submit": lambda: statement_submit(actor=delegate_a, statement=statement),
        "publish": lambda: statement_publish(actor=secretariat_user, statement=statement),
        "return": lambda: statement_return(
            actor=secretariat_user, statement=statement, reason="Shorter, please."
        ),
        "update": lambda: statement_update(
            actor=delegate_a, statement=statement, data={"title": "New title"}
        ),
        "withdraw": lambda: statement_withdraw(actor=delegate_a, statement=statement),
    }[action]

    with pytest.raises(error) as refused:
        act()

    assert str(refused.value) == message
    assert isinstance(refused.value, StatementError)
    assert reload(statement).state == start
    assert statement.history.count() == versions


def test_return_needs_a_reason(secretariat_user, delegate_a, state_a, meeting):
    statement = submitted(delegate_a, state_a, meeting)

    with pytest.raises(ReasonRequired) as refused:
        statement_return(actor=secretariat_user, statement=statement, reason="  \n ")

    assert str(refused.value) == "Say why the statement is returned: the delegation reads it."
    assert reload(statement).state == StatementState.SUBMITTED


def test_submit_needs_a_text_or_a_file(delegate_a, state_a, meeting):
    statement = draft(delegate_a, state_a, meeting, text="  ")

    with pytest.raises(StatementIncomplete) as refused:
        statement_submit(actor=delegate_a, statement=statement)

    assert str(refused.value) == (
        "A statement needs its text or a file (PDF or Word) before it is submitted."
    )


def test_resubmission_clears_the_return_reason_which_the_history_keeps(
    delegate_a, secretariat_user, state_a, meeting
):
    statement = submitted(delegate_a, state_a, meeting)
    statement_return(actor=secretariat_user, statement=statement, reason="Shorter, please.")

    statement_submit(actor=delegate_a, statement=statement)

    assert (reload(statement).state, reload(statement).return_reason) == ("submitted", "")
    assert [r.return_reason for r in statement.history.order_by("history_id")] == [
        "",
        "",
        "Shorter, please.",
        "",
    ]


def test_withdrawn_statement_stays_in_the_record(delegate_a, secretariat_user, state_a, meeting):
    statement = published(delegate_a, state_a, meeting, secretariat_user)

    statement_withdraw(actor=secretariat_user, statement=statement)

    statement = reload(statement)
    assert (statement.state, statement.published_at) == ("withdrawn", utc(2006, 9, 3, 12))
    assert Statement.objects.public(now=utc(2030, 1, 1)).count() == 0
    assert statement.history.count() == 4


# --- who may act -----------------------------------------------------------------------------
def test_delegate_cannot_act_for_another_delegation(delegate_a, delegate_b, state_a, meeting):
    statement = draft(delegate_a, state_a, meeting)

    attempts = [
        lambda: statement_update(actor=delegate_b, statement=statement, data={"title": "Mine"}),
        lambda: statement_submit(actor=delegate_b, statement=statement),
        lambda: statement_withdraw(actor=delegate_b, statement=statement),
        lambda: draft(delegate_b, state_a, meeting),
    ]

    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert str(refused.value) == "You do not act for State A."
    assert reload(statement).title == "Statement of State A"
    assert Statement.objects.count() == 1


def test_only_the_secretariat_publishes_and_returns(delegate_a, state_a, meeting):
    statement = submitted(delegate_a, state_a, meeting)

    attempts = [
        lambda: statement_publish(actor=delegate_a, statement=statement),
        lambda: statement_return(actor=delegate_a, statement=statement, reason="Typo."),
        lambda: statements_publish_bulk(actor=delegate_a, ids=[statement.pk]),
    ]

    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert str(refused.value) == "Only the Secretariat reviews and publishes statements."
    assert reload(statement).state == StatementState.SUBMITTED


# --- the deadline ----------------------------------------------------------------------------
DEADLINE_MESSAGE = (
    "The deadline for statements to Plenary 1 was 13 September 2006 at 18:00 (EDT). "
    "Only the Secretariat can change them now."
)


@pytest.fixture
def deadline_meeting(meeting):
    meeting.statement_deadline = utc(2006, 9, 13, 22)  # 18:00 in New York
    meeting.save()
    return meeting


def test_delegate_can_act_until_the_deadline(delegate_a, state_a, deadline_meeting):
    just_before = utc(2006, 9, 13, 21, 59)
    statement = draft(delegate_a, state_a, deadline_meeting, at=just_before)
    statement_update(
        actor=delegate_a, statement=statement, data={"title": "Revised"}, at=just_before
    )
    statement_submit(actor=delegate_a, statement=statement, at=just_before)

    assert reload(statement).state == StatementState.SUBMITTED


@pytest.mark.parametrize("action", ["create", "update", "submit", "withdraw"])
def test_delegate_cannot_change_anything_from_the_deadline_on(
    delegate_a, state_a, deadline_meeting, action
):
    statement = draft(delegate_a, state_a, deadline_meeting, at=utc(2006, 9, 12, 12))
    at = utc(2006, 9, 13, 22)  # the deadline itself
    act = {
        "create": lambda: draft(delegate_a, state_a, deadline_meeting, at=at),
        "update": lambda: statement_update(
            actor=delegate_a, statement=statement, data={"title": "Late"}, at=at
        ),
        "submit": lambda: statement_submit(actor=delegate_a, statement=statement, at=at),
        "withdraw": lambda: statement_withdraw(actor=delegate_a, statement=statement, at=at),
    }[action]

    with pytest.raises(DeadlinePassed) as refused:
        act()

    assert str(refused.value) == DEADLINE_MESSAGE
    assert reload(statement).state == StatementState.DRAFT
    assert Statement.objects.count() == 1


def test_moving_a_statement_to_a_meeting_past_its_deadline_is_refused(
    delegate_a, state_a, meeting, deadline_meeting
):
    other = MeetingFactory(process=meeting.process, title="Round table 1")
    statement = draft(delegate_a, state_a, other, at=utc(2006, 9, 14, 12))

    with pytest.raises(DeadlinePassed) as refused:
        statement_update(
            actor=delegate_a,
            statement=statement,
            data={"meeting": deadline_meeting},
            at=utc(2006, 9, 14, 12),
        )

    assert str(refused.value) == DEADLINE_MESSAGE


def test_secretariat_changes_statements_after_the_deadline(
    delegate_a, secretariat_user, state_a, deadline_meeting
):
    statement = draft(delegate_a, state_a, deadline_meeting, at=utc(2006, 9, 12, 12))
    late = utc(2006, 9, 15, 12)

    statement_update(
        actor=secretariat_user, statement=statement, data={"title": "As delivered"}, at=late
    )
    statement_submit(actor=secretariat_user, statement=statement, at=late)
    statement_publish(actor=secretariat_user, statement=statement, at=late)

    statement = reload(statement)
    assert (statement.title, statement.state) == ("As delivered", StatementState.PUBLISHED)
    assert [r.history_user for r in statement.history.order_by("history_id")] == [
        delegate_a,
        secretariat_user,
        secretariat_user,
        secretariat_user,
    ]


# --- bulk publication ------------------------------------------------------------------------
def test_bulk_publication_publishes_all_with_a_version_each(
    delegate_a, delegate_b, secretariat_user, state_a, state_b, meeting
):
    a = submitted(delegate_a, state_a, meeting)
    b = submitted(delegate_b, state_b, meeting, title="Statement of State B")

    published_now = statements_publish_bulk(
        actor=secretariat_user, ids=[b.pk, a.pk], at=utc(2006, 9, 14, 18)
    )

    assert [s.pk for s in published_now] == sorted([a.pk, b.pk])
    assert [
        (s.state, s.published_at, s.history.latest().history_user) for s in (reload(a), reload(b))
    ] == [
        ("published", utc(2006, 9, 14, 18), secretariat_user),
        ("published", utc(2006, 9, 14, 18), secretariat_user),
    ]


def test_bulk_publication_is_all_or_nothing_and_names_what_blocked_it(
    delegate_a, secretariat_user, state_a, meeting
):
    ready = submitted(delegate_a, state_a, meeting, title="Ready")
    still_draft = draft(delegate_a, state_a, meeting, title="Still a draft")

    with pytest.raises(StatementsNotSubmitted) as refused:
        statements_publish_bulk(actor=secretariat_user, ids=[ready.pk, still_draft.pk, 999_999])

    assert refused.value.not_submitted == [still_draft.pk, 999_999]
    assert str(refused.value) == (
        "Nothing was published: these statements are not awaiting publication: "
        f"#{still_draft.pk} “Still a draft” (Draft); #999999 (not found)."
    )
    assert reload(ready).state == StatementState.SUBMITTED
    assert ready.history.count() == 2


def test_bulk_publication_of_nothing_is_refused(secretariat_user):
    with pytest.raises(StatementError) as refused:
        statements_publish_bulk(actor=secretariat_user, ids=[])

    assert str(refused.value) == "Choose the statements to publish."


# --- mail to the delegation, only after commit ---------------------------------------------------
@pytest.fixture
def focal_points(state_a, state_b, delegate_a):
    FocalPointFactory(stakeholder=state_a, user__email="a2@example.org")
    FocalPointFactory(stakeholder=state_a, user__email="gone@example.org", user__is_active=False)
    FocalPointFactory(stakeholder=state_b, user__email="b2@example.org")


def test_submission_mails_the_focal_points_only_once_committed(
    delegate_a, state_a, meeting, focal_points, mailoutbox, django_capture_on_commit_callbacks
):
    statement = draft(delegate_a, state_a, meeting)

    with django_capture_on_commit_callbacks() as callbacks:
        statement_submit(actor=delegate_a, statement=statement)
    sent_before_commit = list(mailoutbox)
    for callback in callbacks:
        callback()

    assert sent_before_commit == []
    assert len([c for c in callbacks if c is not public_pages_changed]) == 1
    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("Statement received: Statement of State A", ["a2@example.org", "a@example.org"])
    ]
    assert mailoutbox[0].body == (
        "The Secretariat has received the statement below. "
        "It will be reviewed before it is published.\n\n"
        "State A, Plenary 1: “Statement of State A”.\n\n"
        f"See it in the delegate portal: /delegate/statements/{statement.pk}/"
    )


def test_return_mails_the_reason(
    delegate_a,
    secretariat_user,
    state_a,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    statement = submitted(delegate_a, state_a, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        statement_return(
            actor=secretariat_user, statement=statement, reason="Please add the speaker."
        )

    assert [(m.subject, m.to) for m in mailoutbox] == [
        (
            "Statement returned for correction: Statement of State A",
            ["a2@example.org", "a@example.org"],
        )
    ]
    assert mailoutbox[0].body.split("\n\n")[0] == (
        "The Secretariat has returned the statement below for correction. "
        "Reason: Please add the speaker."
    )


def test_publication_mails_each_delegation_with_the_embargo_time(
    delegate_a,
    delegate_b,
    secretariat_user,
    state_a,
    state_b,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    a = submitted(delegate_a, state_a, meeting, embargo_until=utc(2006, 9, 14, 14, 30))
    b = submitted(delegate_b, state_b, meeting, title="Statement of State B")

    with django_capture_on_commit_callbacks(execute=True):
        statements_publish_bulk(actor=secretariat_user, ids=[a.pk, b.pk], at=utc(2006, 9, 14, 12))

    assert sorted((m.subject, tuple(m.to)) for m in mailoutbox) == [
        ("Statement published: Statement of State A", ("a2@example.org", "a@example.org")),
        ("Statement published: Statement of State B", ("b2@example.org", "b@example.org")),
    ]
    by_subject = {m.subject: m.body.split("\n\n")[0] for m in mailoutbox}
    assert by_subject["Statement published: Statement of State A"] == (
        "The Secretariat has published the statement below. Check against delivery: it shows "
        "to the public from 14 September 2006 at 10:30 (EDT)."
    )
    assert by_subject["Statement published: Statement of State B"] == (
        "The Secretariat has published the statement below."
    )


def test_no_mail_when_the_transaction_rolls_back(
    delegate_a,
    secretariat_user,
    state_a,
    meeting,
    focal_points,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    statement = submitted(delegate_a, state_a, meeting)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        statement_publish(actor=secretariat_user, statement=statement)
        raise RuntimeError("the outer work failed")

    assert (callbacks, mailoutbox) == ([], [])
    assert reload(statement).state == StatementState.SUBMITTED


def test_drafts_updates_and_withdrawals_send_no_mail(
    delegate_a, state_a, meeting, focal_points, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement = draft(delegate_a, state_a, meeting)
        statement_update(actor=delegate_a, statement=statement, data={"title": "Better"})
        statement_withdraw(actor=delegate_a, statement=statement)

    assert (callbacks, mailoutbox) == ([], [])


# --- search vector ---------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL only: run with DATABASE_URL=postgres"
)
def test_search_vector_follows_the_title_and_text_on_postgresql(delegate_a, state_a, meeting):
    statement = draft(delegate_a, state_a, meeting, text="Remittances matter.")

    def found(words: str) -> list[int]:
        query = SearchQuery(words, config="simple", search_type="websearch")
        return list(Statement.objects.filter(search_vector=query).values_list("pk", flat=True))

    before = found("remittances")
    statement_update(actor=delegate_a, statement=statement, data={"text": "Diasporas matter."})

    assert before == [statement.pk]
    assert found("remittances") == []
    assert found("diasporas") == [statement.pk]
    assert found("state") == [statement.pk]  # the title


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'", reason="SQLite has no search vector to keep"
)
def test_search_vector_stays_empty_on_sqlite(delegate_a, state_a, meeting):
    statement = draft(delegate_a, state_a, meeting)

    assert connection.vendor == "sqlite"
    assert Statement.objects.filter(pk=statement.pk, search_vector__isnull=True).count() == 1


# --- selectors -------------------------------------------------------------------------------
def test_delegate_statements_are_the_users_own_in_any_state(
    delegate_a, delegate_b, secretariat_user, state_a, state_b, meeting
):
    mine = [
        draft(delegate_a, state_a, meeting, title="A draft"),
        submitted(delegate_a, state_a, meeting, title="A submitted"),
        withdrawn(delegate_a, state_a, meeting),
    ]
    draft(delegate_b, state_b, meeting, title="B draft")

    rows = delegate_statements(user=delegate_a)

    assert sorted(row.statement.pk for row in rows) == sorted(s.pk for s in mine)
    assert delegate_statements(user=secretariat_user) == []


def test_review_queue_puts_submitted_first_and_counts_by_state(
    delegate_a, delegate_b, secretariat_user, state_a, state_b, process, meeting
):
    early = submitted(delegate_a, state_a, meeting, title="Early")
    a_draft = draft(delegate_a, state_a, meeting, title="Draft")
    late = submitted(delegate_b, state_b, meeting, title="Late")
    Statement.objects.filter(pk=late.pk).update(submitted_at=utc(2006, 9, 3, 12))
    published_one = published(delegate_b, state_b, meeting, secretariat_user)

    queue = [s.title for s in review_queue(process=process)]

    assert queue[:2] == ["Early", "Late"]
    assert sorted(queue[2:]) == sorted([a_draft.title, published_one.title])
    assert [s.title for s in review_queue(process=process, state="draft")] == ["Draft"]
    assert early.pk in [s.pk for s in review_queue(meeting=meeting)]
    assert [(c.state, c.count) for c in statement_counts(process=process)] == [
        ("draft", 1),
        ("submitted", 2),
        ("returned", 0),
        ("published", 1),
        ("withdrawn", 0),
    ]
