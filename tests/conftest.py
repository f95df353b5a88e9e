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
        return Snapshot.session()


@pytest.fixture(autouse=True)
def _snapshot_before_transactional_tests(request):
    if _is_transactional(request.node):
        request.node.stash[SNAPSHOT] = request.getfixturevalue("reference_data")


SNAPSHOT = pytest.StashKey()


NEXT_ITEM = pytest.StashKey()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the migrations' reference data back."""
    item.config.stash[NEXT_ITEM] = nextitem  # module fixtures ending now may keep what the next test needs
    yield
    snapshot = item.stash.get(SNAPSHOT, None)
    if snapshot is None or nextitem is None:  # after the last test the test database is gone
        return
    with item.config.stash[blocking_manager_key].unblock():
        if snapshot.needs_restore():
            snapshot.restore()


@pytest.fixture(autouse=True)
def _check_settings_read_afresh():
    """The checks in force are kept by each process for a second: a test's rollback of their settings
    must not reach the next test through that copy."""
    from hoptac.registry import report_checks

    report_checks.forget()
    yield
    report_checks.forget()


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """A request in English (Accept-Language, /en/) leaves English active in this thread: put the site's back,
    so that a test reading Vietnamese messages does not depend on which test ran before it."""
    yield
    from django.utils import translation

    translation.deactivate()


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


@pytest.fixture(scope="session")
def frozen_world(django_db_setup, django_db_blocker, reference_data):
    """The one world of tests/world.py, built once for the session."""
    from django.core.cache import cache

    from tests.world import FrozenWorld

    with django_db_blocker.unblock():
        frozen = FrozenWorld(reference_data).freeze()
    cache.clear()
    return frozen


@pytest.fixture
def world(frozen_world, db):
    """The suite's one world (tests/world.py): two organisations in districts 303 and 304, one user for every
    role and an API token for each, put into this test's transaction. A folder or test that needs more adds it
    with a fixture of its own name (tests/api's ``reports``); tests/journeys uses the demo world instead."""
    return frozen_world.load()


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


# --- The Hải Phòng demo world, built once and shared --------------------------------

DEMO_WORLD_USERS = "demo_world"  # the fixture a test (or its module's fixture) asks for


class DemoWorld:
    """The whole Hải Phòng demo committed to the test database, for the modules that read it.

    Built the first time a module asks for it and kept while the next test asks for it
    too (the modules using it run one after the other, at the end: see
    ``pytest_collection_modifyitems``); afterwards the database is put back as the
    migrations left it. A module whose tests commit writes (through a live server)
    calls :meth:`spoil`, and the next module gets a fresh build. Tests inside a
    transaction (``django_db``) may change it freely: their changes are rolled back.
    """

    def __init__(self, blocker, reference):
        self._blocker, self._reference = blocker, reference
        self.built = None  # (import result, accounts)
        self.organizations = 0
        self.portal = False
        self.spoilt = False

    def get(self, *, portal=False):
        """(import result, accounts) of the demo; ``portal`` adds its portal pages."""
        from django.core.cache import cache
        from django.utils import translation

        from hoptac.demo import build

        translation.deactivate()  # the site's language (a request of the module before may have switched it)
        with self._blocker.unblock():
            if self.built is not None and (self.spoilt or (self.portal and not portal) or not self._intact()):
                self._wipe()
            if self.built is None:
                cache.clear()
                self.built = build.build()
                from hoptac.registry.models import Organization

                self.organizations = Organization.objects.count()
            if portal and not self.portal:
                build.create_portal_pages()
                self.portal = True
            cache.clear()
        return self.built

    def spoil(self):
        self.spoilt = True

    def release(self, config):
        """At the end of a module: keep the world when the next test uses it too, else remove it."""
        following = config.stash.get(NEXT_ITEM, None)
        if following is None:  # the last test: the test database goes
            return
        if not self.spoilt and DEMO_WORLD_USERS in getattr(following, "fixturenames", ()):
            return
        with self._blocker.unblock():
            self._wipe()

    def _intact(self):
        from django.contrib.auth import get_user_model

        from hoptac.registry.models import Organization

        return (Organization.objects.count() == self.organizations
                and get_user_model().objects.filter(username="hoptacxa").exists())

    def _wipe(self):
        from django.core.cache import cache

        self._reference.restore()  # faster than the demo's own wipe, and takes what the tests wrote too
        cache.clear()
        self.built, self.portal, self.spoilt = None, False, False


@pytest.fixture(scope="session")
def demo_world(django_db_setup, django_db_blocker, reference_data):
    """The shared :class:`DemoWorld`; a module fixture calls ``get()`` and, at its end, ``release()``."""
    return DemoWorld(django_db_blocker, reference_data)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The modules using the demo world run last, one after the other, so that it is built once.

    Runs after pytest-django's ordering (database tests, then transactional ones,
    then the others); a flushed database gets its reference data back (above), so
    nothing before relies on running after these.
    """
    users = [item for item in items if DEMO_WORLD_USERS in getattr(item, "fixturenames", ())]
    if users:
        chosen = set(map(id, users))
        items[:] = [item for item in items if id(item) not in chosen] + users
