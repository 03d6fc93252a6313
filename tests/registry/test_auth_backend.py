"""The signed-in user of each request is loaded with what every request asks of them
(registry.backends.ModelBackend): their roles and whether they hold a second factor, in the
one query that loads them; a change to either takes effect at the user's next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice

from registry import otp
from registry.backends import ModelBackend
from registry.permissions import is_delegate, is_secretariat
from registry.roles import DELEGATE, SECRETARIAT
from tests.factories import (
    FocalPointFactory,
    SecretariatUserFactory,
    TOTPDeviceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def loaded(user):
    return ModelBackend().get_user(user.pk)


def test_roles_and_second_factor_come_with_the_user_in_one_query():
    officer = SecretariatUserFactory()
    delegate = UserFactory(role=DELEGATE)

    with CaptureQueriesContext(connection) as captured:
        officer_loaded, delegate_loaded = loaded(officer), loaded(delegate)
        facts = [
            (is_secretariat(u), otp.has_second_factor(u)) for u in (officer_loaded, delegate_loaded)
        ]
        delegate_role = is_delegate(delegate_loaded)  # the role answers: no focal point is read

    assert facts == [(True, True), (False, False)]
    assert delegate_role is True
    assert len(captured.captured_queries) == 2  # one a user


def test_recovery_codes_alone_count_as_a_second_factor_an_unconfirmed_app_does_not():
    user = UserFactory(role=DELEGATE)
    TOTPDeviceFactory(user=user, confirmed=False)
    assert otp.has_second_factor(loaded(user)) is False

    StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    assert otp.has_second_factor(loaded(user)) is True


def test_an_inactive_user_is_not_loaded():
    user = UserFactory(is_active=False)
    assert loaded(user) is None
    assert ModelBackend().get_user(10**9) is None


def test_a_rule_s_permission_reads_no_permission_table_a_model_permission_still_does():
    delegate = loaded(UserFactory(role=DELEGATE))
    officer = loaded(SecretariatUserFactory())

    with CaptureQueriesContext(connection) as captured:
        asked = (
            delegate.has_perm("registry.access_secretariat"),
            delegate.has_perm("registry.access_delegate_portal"),
        )
    assert asked == (False, True)
    assert captured.captured_queries == []
    # The Secretariat's role holds model permissions through its group, read as before.
    assert officer.has_perm("registry.change_stakeholder") is True
    assert delegate.has_perm("registry.change_stakeholder") is False


def test_a_role_taken_away_takes_effect_at_the_next_request(client):
    officer = SecretariatUserFactory()
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = officer.totpdevice_set.get().persistent_id
    session.save()
    assert client.get("/secretariat/").status_code == 200

    officer.groups.remove(Group.objects.get(name=SECRETARIAT))

    assert client.get("/secretariat/").status_code == 403


def test_a_focal_point_without_the_delegate_role_is_still_a_delegate():
    focal_point = FocalPointFactory(user=UserFactory())
    assert is_delegate(loaded(focal_point.user)) is True


def test_the_user_is_loaded_whole_as_the_orm_loads_it_with_facts_that_are_booleans():
    officer = SecretariatUserFactory(first_name="Ana", time_zone="Europe/Zurich")
    fields = [field.attname for field in type(officer)._meta.concrete_fields]

    user = loaded(officer)

    expected = type(officer).objects.get(pk=officer.pk)
    assert [getattr(user, name) for name in fields] == [getattr(expected, n) for n in fields]
    assert (user.in_role_secretariat, user.in_role_delegate) == (True, False)
    assert (user.has_confirmed_totp, user.has_confirmed_recovery) == (True, False)
    assert {
        type(getattr(user, name)) for name in ("in_role_secretariat", "has_confirmed_totp")
    } == {bool}
    assert user._state.adding is False and user._state.db == "default"
