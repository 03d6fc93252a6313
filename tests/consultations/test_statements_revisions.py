"""Every version of a statement kept and read back (consultations/services/statements.py,
consultations/selectors/statements.py), and the selectors of the delegate's list and the review
queue."""

import pytest
from django.core.files.base import ContentFile

from consultations.models import Statement
from consultations.selectors.statements import (
    delegate_statements,
    review_queue,
    statement_counts,
    statement_revisions,
)
from consultations.services.statements import (
    InvalidStatement,
    statement_publish,
    statement_return,
    statement_submit,
    statement_update,
    statement_withdraw,
)
from tests.consultations.statements_helpers import (
    PDF,
    draft,
    published,
    reload,
    submitted,
    utc,
    withdrawn,
)
from tests.factories import (
    AppointmentFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    cooperation = ThemeFactory(slug="international-cooperation", name="International cooperation")
    remittances = ThemeFactory(slug="remittances", name="Remittances")
    return {"cooperation": cooperation, "remittances": remittances}


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
    # A never-submitted draft is its delegation's alone: not queued, not counted.
    assert queue[2:] == [published_one.title]
    assert a_draft.title not in queue
    assert [s.title for s in review_queue(process=process, state="draft")] == []
    assert early.pk in [s.pk for s in review_queue(meeting=meeting)]
    assert [(c.state, c.count) for c in statement_counts(process=process)] == [
        ("submitted", 2),
        ("returned", 0),
        ("published", 1),
        ("withdrawn", 0),
    ]
