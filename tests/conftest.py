import pytest

from consultations.loading import themes_load
from registry.loading import registry_load
from registry.roles import DELEGATE
from tests.factories import FocalPointFactory, MemberStateFactory, SecretariatUserFactory


@pytest.fixture
def registry(db):
    """The real reference data (registry and themes), loaded as production loads it."""
    report = registry_load()
    themes_load(report=report)
    return report


@pytest.fixture
def secretariat_user(db):
    return SecretariatUserFactory(email="secretariat@example.org")


@pytest.fixture
def state_a(db):
    return MemberStateFactory(name="State A", slug="state-a", iso3="AAA")


@pytest.fixture
def state_b(db):
    return MemberStateFactory(name="State B", slug="state-b", iso3="BBB")


@pytest.fixture
def delegate_a(state_a):
    return FocalPointFactory(
        stakeholder=state_a, user__email="a@example.org", user__role=DELEGATE
    ).user


@pytest.fixture
def delegate_b(state_b):
    return FocalPointFactory(
        stakeholder=state_b, user__email="b@example.org", user__role=DELEGATE
    ).user
