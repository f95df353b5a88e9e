"""A small register of Hải Phòng used by several test files."""

import datetime

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport

D = datetime.date


def unit(code, date):
    return Unit.objects.resolve(code, date)


def build_small_register():
    """Eight organisations over three districts with a varied history and reports."""
    orgs = {}

    def org(code, kind, district, established, sector="agriculture", name=None):
        orgs[code] = lifecycle.establish(
            code=code, kind=kind, name=name or f"HTX {code}", unit=unit(district, established),
            sector=sector, established_on=established,
        )
        return orgs[code]

    org("A1", "htx", "303", D(2000, 5, 1))
    org("A2", "htx", "304", D(2003, 2, 1), sector="")
    org("A3", "htx", "305", D(2008, 7, 1), sector="trade")
    org("A4", "htx", "305", D(2012, 1, 1), sector="industry")
    org("B1", "lhhtx", "303", D(2015, 3, 1))
    org("C1", "tht", "304", D(2018, 3, 1), sector="")
    org("Q1", "qtdnd", "303", D(2002, 6, 1), sector="credit")
    org("A5", "htx", "303", D(2020, 6, 1), sector="transport", name="HTX A1")
    lifecycle.record_event(orgs["A2"], "suspended", D(2019, 4, 1))
    lifecycle.record_event(orgs["A3"], "relocated", D(2016, 1, 1), unit=unit("303", D(2016, 1, 1)))
    lifecycle.record_event(orgs["A3"], "stopped", D(2020, 1, 1))
    lifecycle.record_event(orgs["A3"], "dissolved", D(2021, 3, 1))
    lifecycle.record_event(orgs["A4"], "reclassified", D(2018, 1, 1), sector="trade")
    lifecycle.record_event(orgs["Q1"], "dissolved", D(2010, 1, 1))
    lifecycle.record_event(orgs["A1"], "renamed", D(2010, 1, 1), name="HTX A1")
    for year in range(2001, 2022):
        for code, base in (("A1", 100), ("A2", 50), ("A4", 70), ("B1", 300)):
            o = orgs[code]
            if o.established_on.year <= year and not (code == "A2" and year >= 2020):
                AnnualReport.objects.create(
                    organization=o, year=year, status="approved", in_force=True,
                    members=base // 2 + year % 7, workers=base // 10 + year % 3,
                    revenue=base * 10 + year, income=base / 2 + year % 5, value_added=base,
                )
    return orgs


def merged_register(make_org, **figures):
    """Three cooperatives established on 1/3/2020: two in old Hải Phòng (districts 303, 304) and one in
    Hải Dương (288), merged into the new Hải Phòng on 1/7/2025; each with an approved 2025 report of ``figures``."""
    orgs = [make_org(unit=code, established_on=D(2020, 3, 1)) for code in ("303", "304", "288")]
    for org in orgs:
        AnnualReport.objects.create(organization=org, year=2025, status="approved", in_force=True, **figures)
    return orgs
