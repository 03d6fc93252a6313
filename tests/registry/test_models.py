import datetime

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from registry.choices import StakeholderKind
from registry.models import Person, Stakeholder, User
from tests.factories import (
    PASSWORD,
    AppointmentFactory,
    MembershipFactory,
    MemberStateFactory,
    PersonFactory,
    StakeholderFactory,
    UserFactory,
)

# Logins go through django-axes, which needs the request of the attempt.
LOGIN_REQUEST = RequestFactory().post("/accounts/login/")

pytestmark = pytest.mark.django_db


def _violates(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_member_state_needs_iso_code_admission_date_and_group():
    assert _violates(MemberStateFactory, iso3=None)
    assert _violates(MemberStateFactory, iso3="be")
    assert _violates(MemberStateFactory, admission_date=None)
    assert _violates(MemberStateFactory, regional_group=None)
    assert not _violates(MemberStateFactory, iso3="BEL")


def test_iso_code_is_unique_and_only_for_states():
    MemberStateFactory(iso3="BEL")

    assert _violates(MemberStateFactory, iso3="BEL")
    assert _violates(StakeholderFactory, kind=StakeholderKind.IGO, iso3="IOM")


def test_only_un_entities_have_an_entity_type():
    assert _violates(StakeholderFactory, kind=StakeholderKind.NGO, un_entity_type="fund_programme")
    assert not _violates(StakeholderFactory, un_entity_type="fund_programme")


def test_membership_ends_after_it_starts():
    start = datetime.date(2006, 4, 1)

    assert _violates(MembershipFactory, start=start, end=start)
    assert _violates(MembershipFactory, start=start, end=datetime.date(2006, 3, 31))
    assert not _violates(MembershipFactory, start=start, end=datetime.date(2006, 4, 2))
    assert not _violates(MembershipFactory, start=start, end=None)


def test_appointment_cannot_end_before_it_starts():
    assert _violates(
        AppointmentFactory, start=datetime.date(2006, 1, 2), end=datetime.date(2006, 1, 1)
    )


def test_active_on_follows_admission_establishment_and_dissolution():
    admitted_2006 = MemberStateFactory(admission_date=datetime.date(2006, 6, 28))
    commission = StakeholderFactory(
        kind=StakeholderKind.INDEPENDENT_BODY,
        established=datetime.date(2003, 12, 9),
        dissolved=datetime.date(2005, 12, 31),
    )
    undated = StakeholderFactory()

    def active(day):
        return set(Stakeholder.objects.active_on(day))

    assert active(datetime.date(2005, 1, 1)) == {commission, undated}
    assert active(datetime.date(2006, 6, 28)) == {admitted_2006, undated}
    assert [
        admitted_2006.is_active_on(datetime.date(2006, 6, 27)),
        commission.is_active_on(datetime.date(2005, 12, 31)),
    ] == [False, True]


def test_email_is_unique_whatever_its_case_and_logs_in_in_any_case():
    user = UserFactory(email="Focal.Point@Mission.example")

    assert _violates(UserFactory, email="focal.point@mission.example")
    assert (
        authenticate(LOGIN_REQUEST, username="focal.point@MISSION.example", password=PASSWORD)
        == user
    )


def test_create_superuser_by_email():
    admin = User.objects.create_superuser("chief@un.example", "a long enough password")

    assert (admin.is_staff, admin.is_superuser, str(admin)) == (True, True, "chief@un.example")


def test_a_name_written_family_name_first_shows_so_and_sorts_by_family_name():
    PersonFactory(honorific="Mr.", given_name="Kofi", family_name="Annan", slug="kofi-annan")
    PersonFactory(
        honorific="Mr.",
        given_name="Ki-moon",
        family_name="Ban",
        family_name_first=True,
        slug="ban-ki-moon",
    )
    PersonFactory(honorific="Mr.", given_name="Jan", family_name="Eliasson", slug="jan-eliasson")

    assert [(str(p), p.name) for p in Person.objects.all()] == [
        ("Mr. Kofi Annan", "Kofi Annan"),
        ("Mr. Ban Ki-moon", "Ban Ki-moon"),
        ("Mr. Jan Eliasson", "Jan Eliasson"),
    ]


def test_the_registry_data_writes_ban_ki_moon_family_name_first(registry):
    assert str(Person.objects.get(slug="ban-ki-moon")) == "Mr. Ban Ki-moon"
    assert str(Person.objects.get(slug="kofi-annan")) == "Mr. Kofi Annan"
