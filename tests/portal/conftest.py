import datetime

import pytest
from django.core.cache import cache

from hoptac.geo.models import Unit
from hoptac.portal import counter
from hoptac.portal.pages import ensure_portal_pages
from hoptac.registry import lifecycle

D = datetime.date
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) hoptac-tests"


@pytest.fixture(autouse=True)
def _fresh_cache_and_counter():
    """Every test starts with an empty page cache and an empty, manually flushed counter."""
    cache.clear()
    counter.visitors.autoflush = False
    counter.visitors._take()
    counter.visitors._figures = None
    counter.visitors._flushed = {}
    counter._html.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(db):
    """The page tree and its site settings (created up front: creating them bumps the cache)."""
    from hoptac.portal.models import PortalSettings

    home = ensure_portal_pages()
    PortalSettings.for_site(home.get_site())
    return home


@pytest.fixture
def client(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def make_org(db):
    counter_ = {"n": 0}

    def make(kind="htx", unit="303", established_on=D(2005, 3, 1), sector="agriculture", name=None, code=None, **details):
        counter_["n"] += 1
        return lifecycle.establish(
            code=code or f"P{counter_['n']:04d}",
            kind=kind,
            name=name or f"HTX Thử nghiệm {counter_['n']}",
            unit=Unit.objects.resolve(unit, established_on),
            sector=sector,
            established_on=established_on,
            **details,
        )

    return make
