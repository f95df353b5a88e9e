import pytest

from hoptac.demo import build


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, built once for the module (committed to the test database, wiped after)."""
    with django_db_blocker.unblock():
        result, accounts = build.build()
    yield result, accounts
    with django_db_blocker.unblock():
        build.wipe()
