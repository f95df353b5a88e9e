"""Report data built by hand with the Hải Phòng demo's published figures (SPEC §7)."""

import datetime
from decimal import Decimal

import pytest

from hoptac.reports.data import ChildRow, Issuer, QualityFinding, ReportData, TargetRow, UnitInfo

DISTRICTS = [
    ("303", "Quận Hồng Bàng"), ("304", "Quận Ngô Quyền"), ("305", "Quận Lê Chân"), ("306", "Quận Hải An"),
    ("307", "Quận Kiến An"), ("308", "Quận Đồ Sơn"), ("309", "Quận Dương Kinh"), ("311", "Huyện Thuỷ Nguyên"),
    ("312", "Huyện An Dương"), ("313", "Huyện An Lão"), ("314", "Huyện Kiến Thuỵ"), ("315", "Huyện Tiên Lãng"),
    ("316", "Huyện Vĩnh Bảo"), ("317", "Huyện Cát Hải"), ("318", "Huyện Bạch Long Vĩ"),
]
PUBLISHED = {
    "htx.total": 549, "htx.active": 347, "htx.not_operating": 202,
    "htx.by_sector": {"agriculture": 208, "industry": 139, "trade": 99, "transport": 29, "other": 40,
                      "unclassified": 34},
    "htx.established": 160, "lhhtx.established": 1, "tht.established": 0, "qtdnd.established": 0,
    "htx.dissolved": 107, "qtdnd.dissolved": 9,
    "lhhtx.total": 2, "tht.total": 180, "qtdnd.total": 12,
    "members.total": 62950, "workers.total": 8183,
    "revenue.avg": Decimal("8437.912"), "revenue.avg_vs_baseline_pct": Decimal("34.8271"),
    "income.avg": Decimal("46.3981"), "income.avg_vs_baseline_ratio": Decimal("3.0907"),
    "grdp.share_pct": Decimal("0.3172"), "reports.coverage_pct": Decimal("91.2409"),
}


def split(total, parts):
    """``total`` spread over ``parts`` deterministic, uneven shares summing exactly to it."""
    weights = [(k * 7) % 11 + 1 for k in range(parts)]
    shares = [total * w // sum(weights) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def children():
    codes = ("htx.total", "htx.active", "htx.established", "htx.dissolved", "members.total", "workers.total")
    columns = {code: split(PUBLISHED[code], len(DISTRICTS)) for code in codes}
    rows = []
    for k, (code, name) in enumerate(DISTRICTS):
        values = {c: columns[c][k] for c in codes}
        values["htx.not_operating"] = values["htx.total"] - values["htx.active"]
        rows.append(ChildRow(code=code, name=name, values=values))
    return rows


def targets():
    source = "Kế hoạch số 74-KH/TU ngày 04/9/2021"
    rows = []
    for year, tht, htx in ((2030, 300, 500), (2045, 400, 600)):
        rows += [
            TargetRow("tht.total", year, "~", Decimal(tht), source, 180, tht - 180, Decimal(210 if year == 2030 else 255),
                      False, "linear trend 2017–2021"),
            TargetRow("htx.active", year, ">", Decimal(htx), source, 347, htx - 347, Decimal(520 if year == 2030 else 610),
                      True, "linear trend 2017–2021"),
            TargetRow("grdp.share_pct", year, "~", Decimal("0.5"), source, Decimal("0.3172"), Decimal("0.1828"), None,
                      None, ""),
        ]
    return rows


def make_data(**overrides):
    values = dict(PUBLISHED)
    fields = dict(
        unit=UnitInfo("31", "Thành phố Hải Phòng", 1), year=2021, date=datetime.date(2021, 12, 31),
        since=datetime.date(2002, 1, 1), baseline_year=2001, values=values,
        baseline_values={"revenue.avg": Decimal("24227.2"), "income.avg": Decimal("15.0123")},
        children=children(), children_level=2, targets=targets(),
        quality=[QualityFinding("report.missing", 48)],
        issuer=Issuer(), generated_at=datetime.datetime(2026, 11, 25, 9, 30, tzinfo=datetime.UTC),
        version="0.1.0",
    )
    fields.update(overrides)
    return ReportData(**fields)


@pytest.fixture
def demo_data():
    return make_data()


@pytest.fixture
def empty_data():
    zeros = {code: 0 for code in ReportData.COUNT_CODES}
    zeros.update({"htx.active": 0, "htx.not_operating": 0, "htx.by_sector": {}, "members.total": 0,
                  "workers.total": 0, "revenue.avg": None, "income.avg": None})
    return make_data(unit=UnitInfo("318", "Huyện Bạch Long Vĩ", 2), year=2003, date=datetime.date(2003, 12, 31),
                     since=datetime.date(2003, 1, 1), values=zeros, baseline_values={}, children=[], targets=[],
                     quality=[])


@pytest.fixture
def small_register(db):
    """Five cooperatives in Quận Hồng Bàng (one without a sector, one dissolved), with 2021 reports."""
    from hoptac.geo.models import Unit
    from hoptac.registry import lifecycle
    from hoptac.registry.models import AnnualReport

    unit = Unit.objects.resolve("303", datetime.date(2010, 1, 1))
    orgs = []
    for n, sector in enumerate(["agriculture", "agriculture", "trade", "", "transport"], start=1):
        orgs.append(lifecycle.establish(code=f"R{n:03d}", kind="htx", name=f"HTX Thử nghiệm số {n}", unit=unit,
                                        established_on=datetime.date(2005 + n, 3, 1), sector=sector))
    lifecycle.record_event(orgs[4], "dissolved", datetime.date(2020, 6, 30))
    for n, org in enumerate(orgs[:4], start=1):
        AnnualReport.objects.create(organization=org, year=2021, status="approved", in_force=True,
                                    members=20 * n, workers=5 * n, revenue=Decimal(1000 * n),
                                    income=Decimal("40.5") + n)
    return orgs
