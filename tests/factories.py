"""Factories with no surprises: each makes the smallest valid object of its model."""

import datetime

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.choices import Language, MeetingKind, StatementState
from consultations.models import (
    Delegation,
    DelegationMember,
    Inscription,
    Issue,
    Meeting,
    Position,
    Process,
    Room,
    SeatPreference,
    SpeakersList,
    Statement,
    Theme,
    Venue,
)
from registry.choices import GroupingKind, ProtocolRank, StakeholderKind
from registry.models import (
    Appointment,
    FocalPoint,
    Grouping,
    Membership,
    Person,
    RegionalGroup,
    Stakeholder,
    User,
)
from registry.roles import DELEGATE, SECRETARIAT

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SecretariatUserFactory(UserFactory):
    """A Secretariat officer, enrolled in two-factor sign-in (the Secretariat must be): a
    confirmed TOTP device. ``tests.otp_helpers`` computes its codes."""

    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=extracted or SECRETARIAT))
            self.save()

    @factory.post_generation
    def totp_device(self, create, extracted, **kwargs):
        if create:
            TOTPDeviceFactory(user=self)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app: staff need one to pass two-factor sign-in."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class RegionalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalGroup
        django_get_or_create = ["code"]

    code = "WEOG"
    name = factory.LazyAttribute(lambda o: f"{o.code} States")
    short_name = factory.SelfAttribute("code")


class StakeholderFactory(factory.django.DjangoModelFactory):
    """A UN system entity unless told otherwise."""

    class Meta:
        model = Stakeholder

    kind = StakeholderKind.UN_ENTITY
    name = factory.Sequence(lambda n: f"Entity {n:03d}")
    slug = factory.Sequence(lambda n: f"entity-{n:03d}")


def _iso3(n: int) -> str:
    return "".join(chr(65 + (n // 26**i) % 26) for i in (2, 1, 0))


class MemberStateFactory(StakeholderFactory):
    kind = StakeholderKind.MEMBER_STATE
    name = factory.Sequence(lambda n: f"State {n:03d}")
    slug = factory.Sequence(lambda n: f"state-{n:03d}")
    iso3 = factory.Sequence(lambda n: _iso3(n + 26 * 26 * 20))  # "U.." onwards: no real clash
    admission_date = datetime.date(1945, 10, 24)
    regional_group = factory.SubFactory(RegionalGroupFactory)


class GroupingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grouping

    name = factory.Sequence(lambda n: f"Grouping {n}")
    slug = factory.Sequence(lambda n: f"grouping-{n}")
    kind = GroupingKind.COORDINATION


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    grouping = factory.SubFactory(GroupingFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_name = "Given"
    slug = factory.Sequence(lambda n: f"person-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    stakeholder = factory.SubFactory(MemberStateFactory)
    post = "Permanent Representative"
    rank = ProtocolRank.HEAD_OF_DELEGATION


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory, role=DELEGATE)
    stakeholder = factory.SubFactory(MemberStateFactory)


# --- consultations ----------------------------------------------------------------------------
UTC = datetime.UTC


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    slug = factory.Sequence(lambda n: f"process-{n}")
    title = factory.Sequence(lambda n: f"Process {n}")
    start_date = datetime.date(2006, 6, 1)
    end_date = datetime.date(2006, 9, 30)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ["name"]

    name = "United Nations Headquarters"
    city = "New York"
    time_zone = "America/New_York"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Conference Room {n}")
    capacity = 200


class MeetingFactory(factory.django.DjangoModelFactory):
    """A plenary on 14 September 2006, 10:00-13:00 New York time (14:00-17:00 UTC)."""

    class Meta:
        model = Meeting

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = MeetingKind.PLENARY
    title = factory.Sequence(lambda n: f"Meeting {n}")
    venue = factory.SubFactory(VenueFactory)
    start = datetime.datetime(2006, 9, 14, 14, 0, tzinfo=UTC)
    end = datetime.datetime(2006, 9, 14, 17, 0, tzinfo=UTC)


class RoundTableFactory(MeetingFactory):
    kind = MeetingKind.ROUND_TABLE
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Round table {o.number}")
    capacity = 48


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    process = factory.SubFactory(ProcessFactory)
    stakeholder = factory.SubFactory(MemberStateFactory)


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    person = factory.SubFactory(PersonFactory)


class SeatPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatPreference

    delegation = factory.SubFactory(DelegationFactory)
    meeting = factory.SubFactory(RoundTableFactory)
    rank = 1


class SpeakersListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakersList

    meeting = factory.SubFactory(MeetingFactory)
    minutes_per_speaker = 5


class InscriptionFactory(factory.django.DjangoModelFactory):
    """A raw row: tests of ordering should go through the speakers services instead."""

    class Meta:
        model = Inscription

    speakers_list = factory.SubFactory(SpeakersListFactory)
    stakeholder = factory.SubFactory(MemberStateFactory)
    position = factory.Sequence(lambda n: n + 1)
    inscribed_at = datetime.datetime(2006, 9, 1, 12, 0, tzinfo=UTC)


# --- statements, issues and positions -----------------------------------------------------------
# Raw rows: a test of a state change goes through the statement services. Statements made here
# have no search vector: on PostgreSQL, call
# ``consultations.search.statement_search_refresh_all()`` before searching them.

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
