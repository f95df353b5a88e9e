import datetime
from decimal import Decimal

import pytest

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport

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
def report():
    def make(org, year, **figures):
        money = {k: Decimal(str(v)) for k, v in figures.items() if k in ("revenue", "profit", "income", "value_added") and v is not None}
        counts = {k: v for k, v in figures.items() if k in ("members", "workers")}
        return AnnualReport.objects.create(
            organization=org, year=year, status="approved", in_force=True, **counts, **money
        )

    return make
