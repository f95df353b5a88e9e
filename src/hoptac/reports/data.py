"""Everything a review report states, gathered in one place.

This is the only module of the reports app that talks to the indicator engine
(:mod:`hoptac.indicators.engine`). It returns a plain :class:`ReportData`; the
builder and the renderers read nothing else, so they can be tested with
hand-made instances.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

import hoptac
from hoptac.directives.figures import for_report
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.geo.names import name_on
from hoptac.indicators import engine
from hoptac.indicators.quality import quality_findings
from hoptac.indicators.targets import targets_progress
from hoptac.registry.models import Event


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
            "parent": settings.HOPTAC_REPORT_ISSUER_PARENT,
            "name": settings.HOPTAC_REPORT_ISSUER,
            "symbol": settings.HOPTAC_REPORT_SYMBOL,
            "place": settings.HOPTAC_REPORT_PLACE,
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
    # v2: the territory the target is judged on (unit name and date), "" for the report's own unit
    territory: str = ""


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
    directives: dict = field(default_factory=dict)  # hoptac.directives.figures.for_report
    territory_of: datetime.date | None = None  # v2: the unit as it was on this date, on its territory then
    support: dict = field(default_factory=dict)  # code → reports behind a figure from annual reports
    unit_today: str = ""  # "name (code)" of the unit the code names today, for targets set on another territory
    as_recorded: datetime.datetime | None = None  # v2: the register as it stood at this moment (SPEC §3 vintages)

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

    def figures(self):
        """Every figure the report states, machine-readable (JSON types; decimals as exact strings).

        Stored with a published report, so that what was printed can be compared, figure by
        figure, with the same question asked later (vintages, SPEC §3).
        """
        return _jsonable({
            "unit": {"code": self.unit.code, "name": self.unit.name}, "year": self.year, "date": self.date,
            "since": self.since, "baseline_year": self.baseline_year, "made_at": self.generated_at,
            "version": self.version, "as_recorded": self.as_recorded, "territory_of": self.territory_of,
            "values": self.values, "baseline_values": self.baseline_values,
            "children": [{"code": c.code, "name": c.name, "values": c.values} for c in self.children],
            "targets": [
                {"indicator": t.indicator, "year": t.year, "op": t.op, "value": t.value, "latest": t.latest,
                 "gap": t.gap, "projection": t.projection, "on_track": t.on_track, "method": t.method,
                 "territory": t.territory}
                for t in self.targets
            ],
            "quality": [{"code": q.code, "count": q.count} for q in self.quality],
            "support": self.support,
            "directives": self.directives,
        })


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


# --- gathering from the indicator engine ------------------------------------------------


def report_date(year, today=None):
    """The "as of" date of a yearly report: 31 December, or today for the current year."""
    today = today or timezone.localdate()
    if year > today.year:
        raise ReportError(_("year %(year)s is in the future; give a year up to %(last)s") % {"year": year, "last": today.year})
    if year < 1990:
        raise ReportError(_("year %(year)s is out of range; give a year from 1990") % {"year": year})
    return min(datetime.date(year, 12, 31), today)


def check_moment(as_recorded):
    """Refuse a moment before the register's first record: the register held nothing to report then."""
    if as_recorded is None:
        return
    first = Event.objects.aggregate(first=Min("recorded_at"))["first"]
    if first is not None and as_recorded < first:
        raise ReportError(_("%(moment)s is before the register's first record (%(first)s): the register held "
                            "nothing then.") % {"moment": timezone.localtime(as_recorded).strftime("%d/%m/%Y %H:%M"),
                                                "first": timezone.localtime(first).strftime("%d/%m/%Y %H:%M")})


def _vintage(as_recorded):
    """The engine's keyword for a vintage: none for today's answer (the engine's default)."""
    return {} if as_recorded is None else {"as_recorded": as_recorded}


def collect(unit_code, year, since=None, baseline_year=None, issuer=None, today=None, territory_of=None,
            as_recorded=None, figures_only=False):
    """Everything the report on ``unit_code`` for ``year`` states, as :class:`ReportData`.

    ``since`` (a date, default 1 January of the year) starts the period of
    foundations and dissolutions; ``baseline_year`` is the year revenue and
    income are compared with. Raises :class:`ReportError` (one line) for a unit
    code that names no unit on the date, a year in the future or a period that
    starts after the date. With ``territory_of`` the code is resolved on that date and
    every figure is computed on the unit's territory then (SPEC §3 v2). With ``as_recorded``
    (an aware datetime) every figure is the register's answer as it stood at that moment,
    and the report says it was made then (SPEC §3 vintages). ``figures_only`` leaves out what
    the revision analysis does not compare (data-quality findings, directive documents,
    report support), which halves the time.
    """
    check_moment(as_recorded)
    if as_recorded is not None and today is None:
        today = timezone.localdate(as_recorded)  # the register at R knew no later day
    date = report_date(int(year), today)
    if since is not None and since > date:
        raise ReportError(_("the period start %(since)s is after the report date %(date)s")
                          % {"since": f"{since:%d/%m/%Y}", "date": f"{date:%d/%m/%Y}"})
    if baseline_year is not None and not 1990 <= int(baseline_year) <= date.year:
        raise ReportError(_("baseline year %(year)s must lie between 1990 and %(last)s") % {"year": baseline_year, "last": date.year})
    try:
        unit = engine.resolve_unit(unit_code, territory_of or date)
    except engine.IndicatorInputError as exc:
        raise ReportError(str(exc)) from None
    if unit is engine.NATIONAL:
        raise ReportError(_("the review report is made for a province, district or commune, not for the whole country"))
    since = since or datetime.date(date.year, 1, 1)
    vintage = _vintage(as_recorded)
    try:
        values = engine.compute(unit, date, since, baseline_year, territory_of, **vintage)
        baseline_values = {}
        if baseline_year:
            base_date = datetime.date(int(baseline_year), 12, 31)
            baseline_values = engine.compute(unit, base_date, datetime.date(int(baseline_year), 1, 1),
                                             territory_of=territory_of, **vintage)
        children = [
            ChildRow(code=row["unit"].code, name=name_on(row["unit"], date), values=row["values"])
            for row in engine.breakdown(unit, date, since, baseline_year, by="children", territory_of=territory_of,
                                        **vintage)
        ]
        support = {} if figures_only else engine.report_support(unit, date, territory_of, **vintage)
        targets = _targets(unit, date, values, vintage)
    except engine.IndicatorInputError as exc:
        raise ReportError(str(exc)) from None
    children_level = unit.level + 1 if children else None
    if children and unit.level == 1 and unit.regime == "new":
        children_level = 3  # after the reform a province's next level is the commune
    return ReportData(
        unit=UnitInfo(unit.code, name_on(unit, date), unit.level), year=int(year), date=date, since=since,
        baseline_year=int(baseline_year) if baseline_year else None, values=values,
        baseline_values=baseline_values, children=children, children_level=children_level,
        targets=targets, quality=[] if figures_only else _quality(unit, date.year),
        issuer=issuer or Issuer.from_settings(), directives={} if figures_only else _directives(unit, since, date),
        territory_of=territory_of if territory_of and not unit.in_force_on(date) else None, support=support,
        unit_today=_unit_today(unit.code), as_recorded=as_recorded,
        **({"generated_at": as_recorded} if as_recorded is not None else {}),
    )


def _unit_today(code):
    try:
        unit = Unit.objects.resolve(code, timezone.localdate())
    except UnitNotFound:
        return ""
    return f"{unit.name} ({unit.code})"


def _directives(unit, since, date):
    return for_report(unit, since, date)


def _targets(unit, date, values, vintage):
    # The unit's own targets and those recorded on its namesake in the other regime
    # (targets for 2030 are recorded on the unit in force in 2030).
    progress = [(p.target, p) for p in targets_progress(unit, date, **vintage)]
    rows, seen = [], set()
    for t, p in progress:
        if (t.indicator, t.year) in seen:
            continue  # a target on the report's own unit wins over one on its namesake
        seen.add((t.indicator, t.year))
        # The latest value is the report's own figure, so the table agrees with the text; the
        # projection and verdict come from the engine's trend.
        latest = values.get(t.indicator)
        if isinstance(latest, dict) or (p is not None and p.territory_unit is not None):
            latest = None  # a target judged on its own territory: its latest value is computed there
        if latest is None and p is not None:
            latest = p.latest_value
        territory = ""
        if p is not None and p.territory_unit is not None:
            territory = f"{p.territory_unit.name} ({p.territory_unit.code}), {p.territory_of:%d/%m/%Y}"
        rows.append(TargetRow(
            indicator=t.indicator, year=t.year, op=t.op, value=t.value, source=t.source,
            latest=latest, gap=(t.value - latest) if latest is not None else None,
            projection=p.projection if p else None, on_track=p.on_track if p else None,
            method=str(p.method) if p else "", territory=territory,
        ))
    return rows


def _quality(unit, year):
    return [
        QualityFinding(code=f.code, count=len(f.organizations), detail=str(f.title))
        for f in quality_findings(unit, year)
    ]
