"""Progress towards plan targets (SPEC §3, Targets).

For each ``Target`` of a unit: the latest value (the indicator on the last
31 December on or before ``as_of`` for which it has a value), the gap to the
target, a projection to the target year and a verdict.

Method (stated in every result, ``METHOD``): least-squares linear trend over
the last five yearly values up to the latest one (fewer when fewer exist; a
single value projects flat), evaluated at the target year and clamped at zero.
The series uses the unit's own area for every year (its closure, so a new
unit's history includes the old units that map into it). When the target year
is already past, the value of that year is used instead of a projection.

Verdicts honour the comparator: ``>`` projection above the value, ``>=`` at
least, ``<=`` at most, ``~`` (about) within ±10 % of the value.

v2 (SPEC §3 v2): a target is judged on the territory it was set for —
``territory_of``, else ``set_on`` — by the engine's territory basis: its unit's
code resolved on that date, every year counted on that area. A target with
neither is judged as in v1. Each result names that territory (``territory_unit``,
``territory_of``) beside the unit the question was asked for today.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hoptac.geo.models import Unit, UnitNotFound
from hoptac.indicators import vintage
from hoptac.indicators.engine import _series_block
from hoptac.registry.models import Target

TREND_YEARS = 5
MIN_TREND_POINTS = 3  # fewer known years give no projection ("not enough data")
APPROX_TOLERANCE = Decimal("0.10")
LOOKBACK_YEARS = 10
METHOD = _(
    "Least-squares linear trend over the last 5 yearly values (31 December), "
    "projected to the target year and clamped at zero; “about” means within ±10% of the target."
)


@dataclass
class Progress:
    target: Target
    latest_year: int | None
    latest_value: Decimal | None
    gap: Decimal | None  # target value − latest value
    projection: Decimal | None
    on_track: bool | None  # None when there is no data
    points: list  # [(year, value)] used for the trend
    method: str
    territory_unit: Unit | None = None  # v2: the unit as it was on territory_of (None: v1's reading)
    territory_of: datetime.date | None = None

    @property
    def verdict(self):
        if self.on_track is None:
            return "no-data"
        return "on-track" if self.on_track else "off-track"


def indicator_value(values, code):
    """A scalar indicator value, ``htx.by_sector.<sector>`` included."""
    if code.startswith("htx.by_sector."):
        return values["htx.by_sector"].get(code.rsplit(".", 1)[1], 0)
    value = values.get(code)
    return None if isinstance(value, dict) else value


def linear_projection(points, year):
    """Least-squares line through ``points`` [(year, value)] evaluated at ``year``, ≥ 0."""
    if not points:
        return None
    if len(points) == 1:
        return max(Decimal(points[0][1]), Decimal(0))
    n = Decimal(len(points))
    xs = [Decimal(x) for x, _ in points]
    ys = [Decimal(y) for _, y in points]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return max(my + slope * (Decimal(year) - mx), Decimal(0))


def meets(value, op, target):
    value, target = Decimal(value), Decimal(target)
    if op == ">":
        return value > target
    if op == ">=":
        return value >= target
    if op == "<=":
        return value <= target
    if op == "~":
        return abs(value - target) <= abs(target) * APPROX_TOLERANCE
    raise ValueError(f"unknown comparator {op!r}")


def targets_of(unit, as_recorded=None):
    """Targets set for ``unit`` or for the unit of the same code and level in the
    other regime: a province's 2030 target is recorded on the unit in force in
    2030 (after the 2025 reform) but is read in reports dated before it.
    With ``as_recorded`` R, the targets as recorded at R."""
    targets = vintage.of(as_recorded).targets
    if getattr(unit, "pk", None) is None:
        return targets.none()
    return targets.filter(unit__code=unit.code, unit__level=unit.level).order_by("year", "indicator")


def targets_progress(unit, as_of, as_recorded=None):
    """Progress of every target of ``unit``, ordered by year then indicator.

    The values, trend and projection are computed for ``unit`` itself, or, for a
    target recording the territory it was set for, on that territory. With
    ``as_recorded`` R, targets and values as the register held them at R.
    """
    targets = list(targets_of(unit, as_recorded))
    if not targets:
        return []
    last = as_of.year if as_of >= datetime.date(as_of.year, 12, 31) else as_of.year - 1
    first = last - LOOKBACK_YEARS + 1
    blocks = {}

    def yearly_of(key, block_unit, territory_of):
        if key not in blocks:
            blocks[key] = _series_block(block_unit, first, last, None, territory_of=territory_of,
                                        as_recorded=as_recorded)
        return blocks[key]

    out = []
    for target in targets:
        territory_unit, territory_of = territory(target)
        if territory_unit is None:
            yearly = yearly_of(None, unit, None)
        else:
            yearly = yearly_of((territory_unit.pk, territory_of), territory_unit, territory_of)
        known = [(y, indicator_value(yearly[y], target.indicator)) for y in range(first, last + 1)]
        known = [(y, v) for y, v in known if v is not None]
        if not known:
            out.append(Progress(target, None, None, None, None, None, [], str(METHOD), territory_unit, territory_of))
            continue
        latest_year, latest = known[-1]
        points = known[-TREND_YEARS:]
        if target.year <= latest_year:
            projection = next((Decimal(v) for y, v in known if y == target.year), Decimal(latest))
        elif len(points) < MIN_TREND_POINTS:
            projection = None  # not enough years to speak of a trend
        else:
            projection = linear_projection(points, target.year)
            if projection <= 0 < Decimal(latest):
                projection = None  # a falling line runs out before the target year: "not enough data", not 0
        out.append(
            Progress(
                target=target, latest_year=latest_year, latest_value=Decimal(latest),
                gap=target.value - Decimal(latest), projection=projection,
                on_track=None if projection is None else meets(projection, target.op, target.value),
                points=points, method=str(METHOD), territory_unit=territory_unit, territory_of=territory_of,
            )
        )
    return out


def territory(target):
    """(unit as it was, date) of the territory a target was set for, or (None, None) for a v1 target
    (or one whose unit code names no unit on that date, judged as in v1)."""
    territory_of = target.territory_of or target.set_on
    if territory_of is None:
        return None, None
    try:
        return Unit.objects.resolve(target.unit.code, territory_of), territory_of
    except UnitNotFound:
        return None, None
