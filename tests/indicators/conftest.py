import datetime
from decimal import Decimal

import pytest

from hoptac.registry.models import AnnualReport

D = datetime.date


@pytest.fixture
def report():
    def make(org, year, **figures):
        money = {k: Decimal(str(v)) for k, v in figures.items() if k in ("revenue", "profit", "income", "value_added") and v is not None}
        counts = {k: v for k, v in figures.items() if k in ("members", "workers")}
        return AnnualReport.objects.create(
            organization=org, year=year, status="approved", in_force=True, **counts, **money
        )

    return make
