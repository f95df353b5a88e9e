import datetime

import pytest
from pytest_django.plugin import blocking_manager_key

from tests.reference_data import Snapshot

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item):
    if TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture(scope="session")
def reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return Snapshot().take()


@pytest.fixture(autouse=True)
def _snapshot_before_transactional_tests(request):
    if _is_transactional(request.node):
        request.node.stash[SNAPSHOT] = request.getfixturevalue("reference_data")


SNAPSHOT = pytest.StashKey()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the migrations' reference data back."""
    yield
    snapshot = item.stash.get(SNAPSHOT, None)
    if snapshot is None or nextitem is None:  # after the last test the test database is gone
        return
    with item.config.stash[blocking_manager_key].unblock():
        if snapshot.needs_restore():
            snapshot.restore()


@pytest.fixture
def today():
    return datetime.date.today()
