"""A generated register built through the lifecycle rules (deterministic per seed)."""

import datetime
import random
from decimal import Decimal

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Grdp, ReportStatus

D = datetime.date
DISTRICTS = ("303", "304", "311", "312")
KINDS = ("htx", "htx", "htx", "lhhtx", "tht", "qtdnd")
SECTORS = ("agriculture", "industry", "trade", "transport", "other", "")


def _day(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def build(n=40, seed=7):
    """``n`` organisations in four districts of Hải Phòng, 2001–2024, with events and reports."""
    rng = random.Random(seed)
    orgs = []
    for i in range(n):
        established = _day(rng, D(2001, 1, 1), D(2020, 12, 31))
        unit = Unit.objects.resolve(rng.choice(DISTRICTS), established)
        org = lifecycle.establish(code=f"G{i:04d}", kind=rng.choice(KINDS), name=f"Tổ chức {i:04d}", unit=unit,
                                  sector=rng.choice(SECTORS), established_on=established)
        day, status = established, "active"
        for _ in range(rng.randrange(4)):
            day = _day(rng, day + datetime.timedelta(days=1), day + datetime.timedelta(days=900))
            if day > D(2024, 12, 31):
                break
            options = {"active": ["suspended", "stopped", "dissolved", "relocated", "reclassified"],
                       "suspended": ["resumed", "stopped"], "stopped": ["resumed", "dissolved"]}[status]
            kind = rng.choice(options)
            extra = {}
            if kind == "relocated":
                extra["unit"] = Unit.objects.resolve(rng.choice(DISTRICTS), day)
            if kind == "reclassified":
                extra["sector"] = rng.choice(SECTORS[:-1])
            lifecycle.record_event(org, kind, day, **extra)
            status = {"suspended": "suspended", "stopped": "stopped", "dissolved": "dissolved",
                      "resumed": "active"}.get(kind, status)
            if status == "dissolved":
                break
        for year in range(max(established.year, 2015), 2025):
            if rng.random() < 0.75:
                workers = rng.randrange(0, 40)
                AnnualReport.objects.create(
                    organization=org, year=year, status=ReportStatus.APPROVED, in_force=True,
                    members=rng.randrange(5, 300), workers=workers,
                    revenue=Decimal(rng.randrange(100, 50000)) / 10, profit=Decimal(rng.randrange(-500, 3000)) / 10,
                    income=Decimal(rng.randrange(200, 900)) / 10 if workers else None,
                    value_added=Decimal(rng.randrange(50, 9000)) / 10,
                )
        orgs.append(org)
    for year in range(2015, 2025):
        Grdp.objects.create(unit=Unit.objects.resolve("31", D(year, 12, 31)), year=year,
                            grdp=Decimal(100_000_000 + 7_000_000 * (year - 2015)))
    return orgs
