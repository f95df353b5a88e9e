import datetime

import pytest

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle

D = datetime.date


@pytest.fixture
def unit_on():
    """Resolve a unit code on a date: unit_on('303', D(2010, 1, 1))."""
    return lambda code, date=D(2021, 12, 31): Unit.objects.resolve(code, date)


@pytest.fixture
def make_org(unit_on):
    counter = {"n": 0}

    def make(kind="htx", unit="303", established_on=D(2005, 3, 1), sector="agriculture", name=None, code=None):
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


@pytest.fixture
def english():
    """Messages in English, to match them in assertions (Vietnamese is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
