import pytest
from django.core.cache import cache

from consultations.loading import themes_load
from registry.loading import registry_load
from registry.roles import DELEGATE
from tests.factories import FocalPointFactory, MemberStateFactory, SecretariatUserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the cached public pages (and the lockout counters)
    of an earlier test, whose data was rolled back, must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


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
