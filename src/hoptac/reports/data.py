"""Everything a review report states, gathered in one place.

This is the only module of the reports app that talks to the indicator engine
(:mod:`hoptac.indicators.engine`). It returns a plain :class:`ReportData`; the
builder and the renderers read nothing else, so they can be tested with
hand-made instances.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

import hoptac


class ReportError(Exception):
    """A report cannot be made from these inputs; the message is one line for the user."""


@dataclass(frozen=True)
class Issuer:
    """Who issues the report (Decree 30 header) and where."""

    parent: str = "UBND thành phố Hải Phòng"
    name: str = "Sở Tài chính"
    symbol: str = "STC"  # the issuer's abbreviation in "Số: …/BC-STC"
    place: str = "Hải Phòng"
    signer: str = ""  # position of the signer; empty = the builder's default ("GIÁM ĐỐC")

    @classmethod
    def from_settings(cls, **overrides):
        values = {
            "parent": getattr(settings, "HOPTAC_REPORT_ISSUER_PARENT", cls.parent),
            "name": getattr(settings, "HOPTAC_REPORT_ISSUER", cls.name),
            "symbol": getattr(settings, "HOPTAC_REPORT_SYMBOL", cls.symbol),
            "place": getattr(settings, "HOPTAC_REPORT_PLACE", cls.place),
        }
        values.update({k: v for k, v in overrides.items() if v})
        return cls(**values)


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    level: int = 1  # 1 province, 2 district, 3 commune


@dataclass(frozen=True)
class ChildRow:
    """One unit one level down, with its indicator values."""

    code: str
    name: str
    values: dict


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    year: int
    op: str  # ">", ">=", "~", "<="
    value: object
    source: str = ""
    latest: object = None
    gap: object = None
    projection: object = None
    on_track: bool | None = None
    method: str = ""


@dataclass(frozen=True)
class QualityFinding:
    """A data-quality note: ``code`` names the rule, ``count`` the organisations concerned."""

    code: str
    count: int
    detail: str = ""


@dataclass
class ReportData:
    unit: UnitInfo
    year: int
    date: datetime.date  # the "as of" date D
    since: datetime.date  # the period start S
    baseline_year: int | None
    values: dict  # indicator code → value on D (SPEC §3)
    baseline_values: dict = field(default_factory=dict)  # the same on 31/12 of the baseline year
    children: list = field(default_factory=list)  # ChildRow, units one level down
    children_level: int | None = None  # 2 districts, 3 communes
    targets: list = field(default_factory=list)  # TargetRow
    quality: list = field(default_factory=list)  # QualityFinding
    issuer: Issuer = field(default_factory=Issuer)
    generated_at: datetime.datetime = field(default_factory=timezone.now)
    version: str = hoptac.__version__

    COUNT_CODES = (
        "htx.total", "lhhtx.total", "tht.total", "qtdnd.total",
        "htx.established", "lhhtx.established", "tht.established", "qtdnd.established",
        "htx.dissolved", "qtdnd.dissolved",
    )

    def value(self, code, default=None):
        value = self.values.get(code)
        return default if value is None else value

    @property
    def has_registry_data(self):
        """Any organisation in scope existing on D or with an event in the period."""
        return any(self.values.get(code) for code in self.COUNT_CODES)

    @property
    def has_annual_reports(self):
        return bool(self.values.get("members.total") or self.values.get("workers.total")
                    or self.values.get("revenue.avg") is not None or self.values.get("income.avg") is not None)

    @property
    def has_data(self):
        return self.has_registry_data or self.has_annual_reports
