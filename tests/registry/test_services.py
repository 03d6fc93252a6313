"""Writes of the registry (registry/services.py) and the demo accounts of ``load_demo``."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from registry.models import FocalPoint, Stakeholder, User
from registry.roles import DELEGATE, SECRETARIAT
from registry.services import demo_account_ensure, focal_point_add
from tests.factories import MemberStateFactory, UserFactory

# Logins go through django-axes, which needs the request of the attempt.
LOGIN_REQUEST = RequestFactory().post("/accounts/login/")

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "secretariat@hlderp.example",
    "delegate.belgium@hlderp.example",
    "delegate.mexico@hlderp.example",
    "liaison.iom@hlderp.example",
]


def _roles(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


# --- focal_point_add -------------------------------------------------------------------------


def test_focal_point_add_creates_one_focal_point_and_gives_the_delegate_role():
    user = UserFactory()
    state = MemberStateFactory()

    focal_point = focal_point_add(user=user, stakeholder=state, title="First Secretary")

    assert list(FocalPoint.objects.values_list("user", "stakeholder", "title")) == [
        (user.pk, state.pk, "First Secretary")
    ]
    assert focal_point == FocalPoint.objects.get()
    assert _roles(user) == [DELEGATE]


def test_focal_point_add_twice_keeps_one_focal_point_and_its_first_title():
    user = UserFactory()
    state = MemberStateFactory()

    first = focal_point_add(user=user, stakeholder=state, title="First Secretary")
    second = focal_point_add(user=user, stakeholder=state, title="Counsellor")

    assert second.pk == first.pk
    assert list(FocalPoint.objects.values_list("title", flat=True)) == ["First Secretary"]
    assert _roles(user) == [DELEGATE]


def test_focal_point_add_for_a_second_stakeholder_adds_a_second_focal_point():
    user = UserFactory()
    mexico, belgium = MemberStateFactory(name="Mexico"), MemberStateFactory(name="Belgium")

    focal_point_add(user=user, stakeholder=mexico)
    focal_point_add(user=user, stakeholder=belgium)

    assert sorted(user.focal_points.values_list("stakeholder__name", flat=True)) == [
        "Belgium",
        "Mexico",
    ]


# --- demo_account_ensure ---------------------------------------------------------------------


def test_demo_account_password_authenticates():
    user, password = demo_account_ensure(
        email="demo@hlderp.example", first_name="Demo", last_name="Delegate", role=DELEGATE
    )

    assert authenticate(LOGIN_REQUEST, username="demo@hlderp.example", password=password) == user
    assert (user.first_name, user.last_name, user.is_staff) == ("Demo", "Delegate", False)
    assert _roles(user) == [DELEGATE]


def test_demo_account_gets_a_new_password_at_each_call_and_stays_one_account():
    kwargs = {
        "email": "demo@hlderp.example",
        "first_name": "Demo",
        "last_name": "Delegate",
        "role": DELEGATE,
    }

    first_user, first_password = demo_account_ensure(**kwargs)
    second_user, second_password = demo_account_ensure(**kwargs)

    assert second_user.pk == first_user.pk
    assert first_password != second_password
    assert len(second_password) >= 16
    assert authenticate(LOGIN_REQUEST, username=kwargs["email"], password=first_password) is None
    assert (
        authenticate(LOGIN_REQUEST, username=kwargs["email"], password=second_password)
        == second_user
    )
    assert User.objects.filter(email=kwargs["email"]).count() == 1


def test_demo_account_keeps_its_password_when_not_reset():
    kwargs = {
        "email": "demo@hlderp.example",
        "first_name": "Demo",
        "last_name": "Delegate",
        "role": DELEGATE,
    }
    user, password = demo_account_ensure(**kwargs, reset_password=False)

    again, kept = demo_account_ensure(**kwargs, reset_password=False)

    assert password != ""  # a new account always gets a password
    assert (again.pk, kept) == (user.pk, "")
    assert authenticate(LOGIN_REQUEST, username=kwargs["email"], password=password) == user


def test_demo_secretariat_account_is_staff_in_the_secretariat_role():
    user, password = demo_account_ensure(
        email="staff@hlderp.example", first_name="Demo", last_name="Officer", role=SECRETARIAT
    )

    assert user.is_staff is True
    assert user.is_superuser is False
    assert _roles(user) == [SECRETARIAT]
    assert authenticate(LOGIN_REQUEST, username="staff@hlderp.example", password=password) == user


# --- load_demo -------------------------------------------------------------------------------


def _load_demo() -> dict[str, tuple[str, str]]:
    """Run ``load_demo``; returns {e-mail: (role, password)} as printed."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    accounts = re.findall(
        r"^\s+(Secretariat|Delegate)\s+(\S+@\S+)\s+(\S+)\s*$", out.getvalue(), re.M
    )
    return {email: (role, password) for role, email, password in accounts}


def test_load_demo_prints_the_four_demo_accounts_with_working_passwords():
    accounts = _load_demo()

    assert sorted(accounts) == sorted(DEMO_EMAILS)
    assert {email: role for email, (role, _password) in accounts.items()} == {
        "secretariat@hlderp.example": SECRETARIAT,
        "delegate.belgium@hlderp.example": DELEGATE,
        "delegate.mexico@hlderp.example": DELEGATE,
        "liaison.iom@hlderp.example": DELEGATE,
    }
    for email, (_role, password) in accounts.items():
        user = authenticate(LOGIN_REQUEST, username=email, password=password)
        assert user is not None, email
        assert user.email == email


def test_load_demo_accounts_act_for_their_stakeholders():
    _load_demo()

    acts_for = {
        user.email: sorted(user.focal_points.values_list("stakeholder__slug", flat=True))
        for user in User.objects.filter(email__in=DEMO_EMAILS)
    }
    belgium = Stakeholder.objects.get(iso3="BEL").slug
    mexico = Stakeholder.objects.get(iso3="MEX").slug
    assert acts_for == {
        "secretariat@hlderp.example": [],
        "delegate.belgium@hlderp.example": [belgium],
        "delegate.mexico@hlderp.example": [mexico],
        "liaison.iom@hlderp.example": ["iom"],
    }
    assert User.objects.get(email="secretariat@hlderp.example").is_staff is True


def test_load_demo_twice_keeps_one_account_per_email_with_the_new_passwords():
    first = _load_demo()
    second = _load_demo()

    assert sorted(
        User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True)
    ) == sorted(DEMO_EMAILS)
    assert FocalPoint.objects.filter(user__email__in=DEMO_EMAILS).count() == 3
    for email in DEMO_EMAILS:
        assert second[email][1] != first[email][1]
        assert authenticate(LOGIN_REQUEST, username=email, password=first[email][1]) is None
        assert authenticate(LOGIN_REQUEST, username=email, password=second[email][1]) is not None


def test_load_demo_keep_passwords_prints_none_and_keeps_the_old_ones():
    first = _load_demo()
    out = io.StringIO()

    call_command("load_demo", "--keep-passwords", stdout=out)

    assert not any(email in out.getvalue() for email in DEMO_EMAILS)
    for email in DEMO_EMAILS:
        assert authenticate(LOGIN_REQUEST, username=email, password=first[email][1]) is not None
