"""Factories with no surprises: each makes the smallest valid object of its model."""

import datetime

import factory
from django.contrib.auth.models import Group

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
    is_staff = True
    role = SECRETARIAT


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
