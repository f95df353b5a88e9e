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


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """A browser test fails when a page reported a Content-Security-Policy violation."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    from tests import browser

    browser.CSP_VIOLATIONS.clear()
    yield
    seen, browser.CSP_VIOLATIONS[:] = list(browser.CSP_VIOLATIONS), []
    if seen:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(seen)), pytrace=False)


@pytest.fixture
def today():
    return datetime.date.today()


@pytest.fixture
def unit_on():
    """Resolve a unit code on a date: unit_on('303', D(2010, 1, 1))."""
    from hoptac.geo.models import Unit

    return lambda code, date=datetime.date(2021, 12, 31): Unit.objects.resolve(code, date)


@pytest.fixture
def make_org(unit_on):
    """Establish an organisation through the lifecycle rules."""
    from hoptac.registry import lifecycle

    counter = {"n": 0}

    def make(kind="htx", unit="303", established_on=datetime.date(2005, 3, 1), sector="agriculture", name=None, code=None):
        counter["n"] += 1
        return lifecycle.establish(
            code=code or f"T{counter['n']:04d}",
            kind=kind,
            name=name or f"HTX thử nghiệm {counter['n']}",
            unit=unit_on(unit, established_on),
            sector=sector,
            established_on=established_on,
        )

    return make
