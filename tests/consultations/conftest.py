"""Factories for statements, issues and positions, shared by the consultations tests.

They make raw rows, as tests/factories.py does: a test of a state change goes through the
statement services. Statements made here have no search vector: on PostgreSQL, call
``consultations.search.statement_search_refresh_all()`` before searching them.
"""

import datetime

import factory

from consultations.choices import Language, StatementState
from consultations.models import Issue, Position, Statement
from tests.factories import MeetingFactory, MemberStateFactory, ProcessFactory

# The plenary of MeetingFactory ends at 17:00 UTC on 14 September 2006.
PUBLISHED_AT = datetime.datetime(2006, 9, 14, 18, 0, tzinfo=datetime.UTC)


class StatementFactory(factory.django.DjangoModelFactory):
    """A draft statement in English by a Member State; ``published=True`` publishes it (no
    embargo); ``themes=[...]`` tags it."""

    class Meta:
        model = Statement
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    stakeholder = factory.SubFactory(MemberStateFactory)
    language = Language.ENGLISH
    title = factory.Sequence(lambda n: f"Statement {n}")

    class Params:
        published = factory.Trait(state=StatementState.PUBLISHED, published_at=PUBLISHED_AT)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"issue-{n}")
    title = factory.Sequence(lambda n: f"Issue {n}?")


class PositionFactory(factory.django.DjangoModelFactory):
    """A stance ("not stated" unless told) of a Member State on an issue, citing no statement."""

    class Meta:
        model = Position

    issue = factory.SubFactory(IssueFactory)
    stakeholder = factory.SubFactory(MemberStateFactory)
