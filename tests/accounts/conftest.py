import pytest

from tests.accounts.factories import build_world


@pytest.fixture
def world(db):
    return build_world()
