"""The statistics page: read the visitor's choice, compute, lay out tables.

Tables are plain data (title, columns, rows of raw values) so that the page,
its charts and its CSV/XLSX downloads show the same numbers.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.utils.translation import pgettext_lazy

from hoptac.core import numbers
from hoptac.geo.models import LAST_OLD_DATE, REFORM_DATE, Unit, UnitNotFound
from hoptac.geo.names import name_on
from hoptac.indicators import documents
from hoptac.indicators import labels as indicator_labels
from hoptac.indicators.engine import IndicatorInputError, check_moment, moment_text
from hoptac.indicators.v2 import V2_COUNT_CODES, V2_REPORT_CODES
from hoptac.portal import charts, selectors
from hoptac.registry import vocabulary
from hoptac.registry.models import UNCLASSIFIED, Sector

LABELS = {
    "htx.total": pgettext_lazy("portal", "Cooperatives"),
    "htx.active": pgettext_lazy("portal", "of which active"),
    "htx.not_operating": pgettext_lazy("portal", "of which not operating"),
    "lhhtx.total": pgettext_lazy("portal", "Unions of cooperatives"),
    "tht.total": pgettext_lazy("portal", "Cooperative groups"),
    "qtdnd.total": pgettext_lazy("portal", "People's credit funds"),
    "htx.established": pgettext_lazy("portal", "Cooperatives established"),
    "lhhtx.established": pgettext_lazy("portal", "Unions of cooperatives established"),
    "tht.established": pgettext_lazy("portal", "Cooperative groups established"),
    "qtdnd.established": pgettext_lazy("portal", "People's credit funds established"),
    "htx.dissolved": pgettext_lazy("portal", "Cooperatives dissolved"),
    "qtdnd.dissolved": pgettext_lazy("portal", "People's credit funds dissolved"),
    "members.total": pgettext_lazy("portal", "Members of cooperatives"),
    "workers.total": pgettext_lazy("portal", "Workers in cooperatives"),
    "revenue.avg": pgettext_lazy("portal", "Average revenue per cooperative (million VND)"),
    "revenue.avg_vs_baseline_pct": pgettext_lazy("portal", "Average revenue compared with the baseline year (%)"),
    "income.avg": pgettext_lazy("portal", "Average income per worker (million VND a year)"),
    "income.avg_vs_baseline_ratio": pgettext_lazy("portal", "Average income compared with the baseline year (times)"),
    "grdp.share_pct": pgettext_lazy("portal", "Share of the collective economy in GRDP (%)"),
    "reports.coverage_pct": pgettext_lazy("portal", "Annual reports received (%)"),
}
# Names that stand on their own (targets, chart legends), where "of which …" would not read.
STANDALONE = {
    "htx.active": pgettext_lazy("portal", "Cooperatives in operation"),
    "htx.not_operating": pgettext_lazy("portal", "Cooperatives not operating"),
}
SERIES_CODES = ("htx.total", "htx.active", "htx.not_operating")
CHILD_CODES = ("htx.total", "htx.active", "htx.not_operating", "htx.established", "htx.dissolved",
               "members.total", "workers.total")


def label(code, standalone=False):
    if standalone and code in STANDALONE:
        return str(STANDALONE[code])
    return str(LABELS.get(code, code))


DECIMALS = {
    "revenue.avg": 0,
    "revenue.avg_vs_baseline_pct": 2,
    "income.avg": 1,
    "income.avg_vs_baseline_ratio": 2,
    "grdp.share_pct": 2,
    "reports.coverage_pct": 1,
    "profit.avg": 0,
    "revenue.with_members_pct": 2,
    "htx.good_fair_pct": 2,
    "htx.value_chain_pct": 2,
    "htx.value_chain_of_good_fair_pct": 2,
    "managers.college_pct": 2,
    "population.share_pct": 2,
}


@dataclass(frozen=True)
class Figure:
    """A number with the decimals it is shown with (rounding is presentation only)."""

    value: object
    places: int = 2


def figure(code, value):
    if selectors.withheld(value):
        return value
    return Figure(value, DECIMALS[code]) if code in DECIMALS and value is not None else value


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    chart: str = ""
    note: str = ""
    drill: dict = field(default_factory=dict)  # row index -> URL of the organisations behind its count


@dataclass
class Choice:
    """The visitor's choice, validated; ``errors`` holds one message per bad field."""

    unit_code: str
    date: datetime.date
    since: datetime.date
    baseline_year: int | None
    unit: object = None
    errors: list = field(default_factory=list)
    territory_of: datetime.date | None = None  # v2: the unit as it was on this date, on its territory then
    as_recorded: datetime.datetime | None = None  # v2: the figures the register gave at this moment (vintages)

    @property
    def unit_name(self):
        """The unit's name as it was on the date shown (SPEC §2 v2)."""
        return name_on(self.unit, self.date) if self.unit is not None else ""

    def query(self):
        query = {
            "unit": self.unit_code,
            "date": self.date.isoformat(),
            "since": self.since.isoformat(),
            "baseline_year": str(self.baseline_year or ""),  # a year: never grouped (2010, not 2.010)
        }
        if self.territory_of:
            query["territory_of"] = self.territory_of.isoformat()
        if self.as_recorded:
            query["as_recorded"] = self.as_recorded.isoformat()
        return query

    @property
    def vintage_text(self):
        """What the page says when it shows a vintage (SPEC §3): "Số liệu theo dữ liệu ghi nhận đến …"."""
        if self.as_recorded is None:
            return ""
        return _("Figures as recorded up to %(moment)s") % {"moment": moment_text(self.as_recorded)}

    def territory_options(self):
        """[(value, label, selected)] of the territory basis (:func:`territory_options`)."""
        return territory_options(self.unit_code, self.date, self.territory_of)

    def drill_url(self, page_url, code):
        """The page listing the organisations behind ``code`` for this choice."""
        return f"{page_url}?{urlencode({**self.query(), 'drill': code})}"

    def querystring(self):
        """The choice as a query string, for download links that must give what is on screen."""
        return urlencode(self.query())


def territory_options(unit_code, date, territory_of=None):
    """[(value, label, selected)] of the territory basis where the unit's territory changed: as
    the unit is on ``date``, or as it was on the other side of the reform; [] elsewhere."""
    other = LAST_OLD_DATE if date >= REFORM_DATE else timezone.localdate()
    if other < REFORM_DATE <= date or date < REFORM_DATE <= other:
        if not Unit.objects.on(other).filter(code=unit_code).exists():
            return []
    else:
        return []
    today = other >= REFORM_DATE
    label_other = (_("as it is today") if today else
                   _("as it was on %(date)s") % {"date": other.strftime("%d/%m/%Y")})
    return [
        ("", _("as the unit is on %(date)s") % {"date": date.strftime("%d/%m/%Y")}, not territory_of),
        (other.isoformat(), label_other, territory_of == other),
    ]


def parse(get, portal_settings):
    """Read ``?unit=&date=&since=&baseline_year=``; a bad value falls back to its default with a message."""
    today = timezone.localdate()
    last_year_end = datetime.date(today.year - 1, 12, 31)  # the latest complete year, with its reports
    errors = []
    try:
        date = selectors.parse_date(get.get("date")) or last_year_end
    except ValueError:
        errors.append(_("The date “%(value)s” is not a date; use dd/mm/yyyy.") % {"value": get.get("date")})
        date = last_year_end
    if date > today:
        errors.append(_("The date %(value)s is in the future; today's figures are shown.") % {"value": date.strftime("%d/%m/%Y")})
        date = today
    try:
        since = selectors.parse_date(get.get("since")) or datetime.date(date.year, 1, 1)
    except ValueError:
        errors.append(_("The start of the period “%(value)s” is not a date; use dd/mm/yyyy.") % {"value": get.get("since")})
        since = datetime.date(date.year, 1, 1)
    if since > date:
        errors.append(_("The period cannot start after its end; it starts on 1 January instead."))
        since = datetime.date(date.year, 1, 1)
    raw_baseline = (get.get("baseline_year") or "").strip()
    baseline_year = portal_settings.baseline_year
    if raw_baseline:
        if raw_baseline.isdigit() and 1990 <= int(raw_baseline) <= date.year:
            baseline_year = int(raw_baseline)
        else:
            errors.append(_("The baseline year “%(value)s” must be a year between 1990 and %(year)s.")
                          % {"value": raw_baseline, "year": date.year})
    unit_code = (get.get("unit") or "").strip() or portal_settings.province_code
    choice = Choice(unit_code, date, since, baseline_year, errors=errors)
    if (get.get("as_recorded") or "").strip():
        try:
            choice.as_recorded = check_moment(get.get("as_recorded"))
        except IndicatorInputError as exc:
            errors.append(capfirst(_("%(problem)s; today's figures are shown.") % {"problem": exc}))
    try:
        choice.territory_of = selectors.parse_date(get.get("territory_of"))
    except ValueError:
        errors.append(_("The territory date “%(value)s” is not a date; the unit as it is on the chosen date "
                        "is shown.") % {"value": get.get("territory_of")})
    if choice.territory_of:
        try:
            choice.unit = Unit.objects.resolve(unit_code, choice.territory_of)
            return choice
        except UnitNotFound as exc:
            errors.append(_("Territory: %(problem)s; the unit as it is on the chosen date is shown.")
                          % {"problem": exc})
            choice.territory_of = None
    try:
        choice.unit = Unit.objects.resolve(unit_code, date)
    except UnitNotFound as exc:
        errors.append(_("Unit: %(problem)s; the province is shown instead.") % {"problem": exc})
        choice.unit_code = portal_settings.province_code
        try:
            choice.unit = Unit.objects.resolve(choice.unit_code, date)
        except UnitNotFound:
            choice.unit = None
    return choice


# Sums over annual reports: with no report in force for the year they are not zero but unknown.
REPORTED_SUMS = ("members.total", "workers.total")


def reported(values):
    """``values`` with the sums over annual reports set to None when no report of the year is in force."""
    if values and not values.get("reports.coverage_pct"):
        return {**values, **dict.fromkeys(REPORTED_SUMS)}
    return values


def sector_label(code):
    return vocabulary.label("sectors", code).capitalize()


def values_of(choice, public=True):
    """The indicators of the choice as the page shows them: sums over reports unknown without a
    report; for the public, figures over fewer than 3 reports withheld (SPEC §6)."""
    if choice.unit is None:
        return {}
    values = reported(selectors.indicators(choice.unit, choice.date, choice.since, choice.baseline_year,
                                           choice.territory_of, choice.as_recorded))
    if not public:
        return values
    return selectors.withhold(values, choice.unit, choice.date, choice.territory_of, choice.as_recorded)


def build(choice, portal_settings, page_url="", public=True):
    """All tables of the page for ``choice`` (empty when the unit is unknown); with ``page_url``,
    each register count links to the organisations behind it. ``public``: figures taken from fewer
    than 3 annual reports are withheld (SPEC §6); officers of the unit pass False."""
    if choice.unit is None:
        return []
    unit, date, since, baseline = choice.unit, choice.date, choice.since, choice.baseline_year
    territory_of, as_recorded = choice.territory_of, choice.as_recorded
    values = values_of(choice, public)
    when = date.strftime("%d/%m/%Y")
    tables = []

    counts = Table("counts", _("Organisations on %(date)s") % {"date": when}, [pgettext("portal", "Indicator"), pgettext("portal", "Number")])
    for code in ("htx.total", "htx.active", "htx.not_operating", "lhhtx.total", "tht.total", "qtdnd.total"):
        _link(counts, choice, page_url, code, values.get(code))
        counts.rows.append([label(code), values.get(code)])
    tables.append(counts)

    by_sector = values.get("htx.by_sector") or {}
    total = values.get("htx.total") or 0
    order = [code for code, _label in Sector.choices] + [UNCLASSIFIED]
    sectors = Table("sectors", _("Cooperatives by sector on %(date)s") % {"date": when},
                    [pgettext("portal", "Sector"), pgettext("portal", "Cooperatives"), pgettext("portal", "Share (%)")])
    for code in order:
        if by_sector.get(code):
            share = Figure(100 * by_sector[code] / total, 2) if total else None
            _link(sectors, choice, page_url, f"htx.by_sector.{code}", by_sector[code])
            sectors.rows.append([sector_label(code), by_sector[code], share])
    sectors.chart = charts.bar_chart(sectors.title, [(r[0], r[1]) for r in sectors.rows],
                                     desc=_("Bar chart; the same numbers are in the table below."))
    tables.append(sectors)

    period = Table("period", _("Established and dissolved from %(since)s to %(date)s")
                   % {"since": since.strftime("%d/%m/%Y"), "date": when}, [pgettext("portal", "Indicator"), pgettext("portal", "Number")])
    for code in ("htx.established", "lhhtx.established", "tht.established", "qtdnd.established",
                 "htx.dissolved", "qtdnd.dissolved"):
        _link(period, choice, page_url, code, values.get(code))
        period.rows.append([label(code), values.get(code)])
    tables.append(period)

    economy = Table("economy", _("Members, workers, revenue and income in %(year)s (baseline %(baseline)s)")
                    % {"year": date.year, "baseline": baseline or "–"}, [pgettext("portal", "Indicator"), pgettext("portal", "Value")])
    for code in ("members.total", "workers.total", "revenue.avg", "revenue.avg_vs_baseline_pct", "income.avg",
                 "income.avg_vs_baseline_ratio", "grdp.share_pct", "reports.coverage_pct"):
        economy.rows.append([label(code), figure(code, values.get(code))])
    if values.get("members.total") is None:
        economy.note = _("No annual report for %(year)s has been approved yet: no data yet.") % {"year": date.year}
    tables.append(economy)
    tables.append(_v2_table(choice, page_url, values))

    target_rows = selectors.targets(unit, date, as_recorded)
    if target_rows:
        targets = Table("targets", _("Targets"), [pgettext("portal", "Indicator"), pgettext("portal", "Target year"), pgettext("portal", "Target"), pgettext("portal", "Latest value"),
                                                 pgettext("portal", "Progress (%)"), pgettext("portal", "Projection"),
                                                 pgettext("portal", "Verdict"), pgettext("portal", "Source"),
                                                 pgettext("portal", "Territory of the target"),
                                                 pgettext("portal", "Unit today")])
        today = _unit_today(unit)
        for row in target_rows:
            latest = _as_figure(row["indicator"], row["latest"])
            progress = Figure(row["progress_pct"], 1) if row["progress_pct"] is not None else None
            projection = _as_figure(row["indicator"], row["projection"])
            verdict = _verdict(row["on_track"])
            if public and _target_withheld(row, unit, as_recorded):
                latest = progress = projection = verdict = selectors.WITHHELD
            targets.rows.append([label(row["indicator"], standalone=True), str(row["year"]), f'{row["op"]} {numbers.localized(row["value"])}',
                                 latest, progress, projection, verdict, row["source"],
                                 _territory_text(row, unit), today])
        tables.append(targets)

    first = portal_settings.series_start
    last = date.year if date.month == 12 and date.day == 31 else date.year - 1
    if last >= first:
        rows, changes = selectors.series(unit, first, last, baseline, territory_of, with_changes=True,
                                         as_recorded=as_recorded)
        series = Table("series", _("Cooperatives on 31 December of each year, %(first)s–%(last)s")
                       % {"first": first, "last": last}, [pgettext("portal", "Year")] + [label(c, standalone=True) for c in SERIES_CODES])
        if changes:
            series.note = _("The unit's territory changed: the figures from %(years)s are for its new territory.") % {
                "years": ", ".join(str(y) for y in changes)}
        for year, vals in rows:
            series.rows.append([str(year)] + [vals.get(c) for c in SERIES_CODES])
        series.chart = charts.line_chart(
            series.title, [r[0] for r in rows],
            [(label(c, standalone=True), [v.get(c) for _y, v in rows]) for c in SERIES_CODES],
            desc=_("Line chart; the same numbers are in the table below."),
        )
        tables.append(series)

    children = (selectors.public_children if public else selectors.by_child_unit)(unit, date, since, baseline,
                                                                                  territory_of, as_recorded)
    if children:
        by_unit = Table("units", _("By unit on %(date)s") % {"date": when},
                        [pgettext("portal", "Unit"), pgettext("portal", "Code")] + [label(c) for c in CHILD_CODES])
        for child, vals in children:
            by_unit.rows.append([name_on(child, date), child.code] + [vals.get(c) for c in CHILD_CODES])
        tables.append(by_unit)
    return tables


def _v2_table(choice, page_url, values):
    """The indicators added in v2 (SPEC §3 v2): register counts with their drill-through, and
    figures from annual reports or ratings (withheld in ``values`` when the public may not see them)."""
    table = Table("v2", _("Structure, reorganisation and quality in %(year)s") % {"year": choice.date.year},
                  [pgettext("portal", "Indicator"), pgettext("portal", "Value")])
    for code in V2_COUNT_CODES:
        _link(table, choice, page_url, code, values.get(code))
        table.rows.append([indicator_labels.label(code), values.get(code)])
    for code in V2_REPORT_CODES:
        table.rows.append([indicator_labels.label(code), figure(code, values.get(code))])
    if values.get("grdp.share_source"):
        table.rows.append([indicator_labels.label("grdp.share_source"),
                           str(indicator_labels.SHARE_SOURCE_LABELS[values["grdp.share_source"]])])
    return table


def _unit_today(unit):
    """The unit the code names today ("–" when it names none)."""
    try:
        today = Unit.objects.resolve(unit.code, timezone.localdate())
    except UnitNotFound:
        return "–"
    return f"{today.name} ({today.code})"


def _territory_text(row, unit):
    """The territory a target is judged on: the unit as it was on the date the target gives."""
    if row.get("territory_unit") is None:
        return f"{unit.name} ({unit.code})"
    return _("%(unit)s within its boundaries of %(date)s") % {
        "unit": f'{row["territory_unit"].name} ({row["territory_unit"].code})',
        "date": row["territory_of"].strftime("%d/%m/%Y")}


def _link(table, choice, page_url, code, value):
    """Link the next row's count to its drill-through (register counts only, and not for zero)."""
    if page_url and value and selectors.drillable(code):
        table.drill[len(table.rows)] = choice.drill_url(page_url, code)


def drill_title(code):
    if code.startswith("htx.by_sector."):
        return _("Cooperatives in the sector %(sector)s") % {"sector": sector_label(code.rpartition(".")[2]).lower()}
    if code in LABELS:
        return label(code, standalone=True)
    return indicator_labels.label(code)  # the v2 counts: the indicators' own words


def _as_figure(code, value):
    """Targets' values come as Decimal even for counts: show counts without decimals."""
    return None if value is None else Figure(value, DECIMALS.get(code, 0))


def _target_withheld(row, unit, as_recorded):
    """Whether a target's latest value (and so its progress, projection and verdict) is withheld
    from the public: its indicator is taken from annual reports or ratings and the figure of its
    latest year, on the target's territory, stands on fewer than 3 reports (SPEC §6)."""
    code = row["indicator"]
    if row["latest"] is None or code not in documents.REPORT_BASED:
        return False
    where = row.get("territory_unit") or unit
    territory_of = row.get("territory_of") if row.get("territory_unit") is not None else None
    date = datetime.date(row["latest_year"], 12, 31)
    values = {code: row["latest"]}
    if code == "grdp.share_pct":  # an official share is a published figure (documents.suppressed_codes)
        values = {**selectors.indicators(where, date, None, None, territory_of, as_recorded), **values}
    return code in documents.suppressed_codes(values, selectors.report_support(where, date, territory_of, as_recorded))


def _verdict(on_track):
    if on_track is None:
        return pgettext("portal", "not enough data")
    return pgettext("portal", "on track") if on_track else pgettext("portal", "off track")

