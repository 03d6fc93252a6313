import datetime

import pytest
import time_machine
from django.core.cache import cache

from consultations.loading import themes_load
from registry.loading import registry_load
from registry.roles import DELEGATE
from tests.factories import FocalPointFactory, MemberStateFactory, SecretariatUserFactory


# --clock=2027-12-31T23:30:00Z moves the clock of the whole test process (each xdist worker runs
# pytest_configure) to that instant and lets it tick, so that a test that passes only in the
# month, year or UTC offset it was written in fails in CI (.ci/run: `make test-clock`) rather
# than on someone's machine later. A test's own `time_machine` travels on top and returns to it.
def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        help="start the clock at this ISO 8601 instant (with its UTC offset) and let it tick",
    )


def pytest_configure(config):
    instant = config.getoption("--clock")
    if not instant:
        return
    destination = datetime.datetime.fromisoformat(instant)
    if destination.tzinfo is None:
        raise pytest.UsageError(f"--clock={instant}: give the UTC offset, e.g. Z or +02:00")
    traveller = time_machine.travel(destination, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


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
