import pytest

from registry.choices import ApiTokenScope
from tests.api.helpers import token_client


@pytest.fixture
def a_writer(delegate_a):
    """State A's focal point's read-and-write token."""
    return token_client(delegate_a, ApiTokenScope.READ_WRITE)


@pytest.fixture
def b_writer(delegate_b):
    return token_client(delegate_b, ApiTokenScope.READ_WRITE)


@pytest.fixture
def staff_writer(secretariat_user):
    return token_client(secretariat_user, ApiTokenScope.READ_WRITE)
