"""consultations.choices.StatementState: each state's badge and what may follow it, and the one
rule of "public" (StatementQuerySet.public and its row-level twin Statement.is_public)."""

import datetime

import pytest

from consultations.choices import StatementState
from consultations.models import Statement
from tests.factories import PUBLISHED_AT, StatementFactory

NOW = datetime.datetime(2006, 9, 15, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def test_each_state_says_its_badge_and_what_may_follow():
    assert [
        (
            state.value,
            state.badge,
            state.delegate_may_change,
            state.awaits_review,
            state.may_be_withdrawn,
            state.has_return_reason,
            state.is_published,
        )
        for state in StatementState
    ] == [
        ("draft", "text-bg-secondary", True, False, True, False, False),
        ("submitted", "text-bg-primary", False, True, True, False, False),
        ("returned", "text-bg-warning", True, False, True, True, False),
        ("published", "text-bg-success", False, False, True, False, True),
        ("withdrawn", "text-bg-dark", False, False, False, False, False),
    ]


def test_named_groups_of_states():
    assert StatementState.editable_by_delegate() == ["draft", "returned"]
    assert StatementState.awaiting_review() == ["submitted"]
    assert StatementState.withdrawable() == ["draft", "submitted", "returned", "published"]


@pytest.mark.django_db
def test_is_public_and_the_public_queryset_agree_on_every_state_and_embargo():
    statements = {}
    for state in StatementState:
        for name, embargo in [
            ("none", None),
            ("past", NOW - HOUR),
            ("now", NOW),
            ("later", NOW + HOUR),
        ]:
            statements[(state.value, name)] = StatementFactory(
                state=state,
                published_at=PUBLISHED_AT if state == StatementState.PUBLISHED else None,
                return_reason="Too long." if state == StatementState.RETURNED else "",
                embargo_until=embargo,
            )

    public = set(Statement.objects.public(now=NOW).values_list("pk", flat=True))

    assert sorted(key for key, s in statements.items() if s.is_public(now=NOW)) == [
        ("published", "none"),
        ("published", "now"),
        ("published", "past"),
    ]
    assert sorted(key for key, s in statements.items() if s.pk in public) == [
        ("published", "none"),
        ("published", "now"),
        ("published", "past"),
    ]
