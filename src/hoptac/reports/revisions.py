"""Revision analysis of a published report, and the comparison of two vintages (SPEC §3).

A published report keeps the moment its figures were computed (``made_at``), the
product version whose definitions it used and every figure it printed. The
analysis asks the same question today and lists each figure that differs, with
its value then and now, and the records made after publication that changed it.

Records are attributed to figures by recomputing: the candidate records (events
recorded or voided, report revisions approved, ratings, macro data and targets
recorded after ``made_at`` that could touch the report) are put in the order of
their moments, and the figures are computed as recorded at each moment in turn;
a figure that changes between two consecutive moments was changed by the records
of the later one. Past :data:`MAX_STEPS` moments, consecutive moments are grouped,
and the records of a group are listed as those that could have changed the figure.

A figure that differs already when recomputed as recorded at ``made_at`` was not
changed by records: under the same product version that would be a fault; under
another version it is a change of definitions, shown apart.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import hoptac
from hoptac.geo.models import Unit
from hoptac.geo.names import name_on
from hoptac.indicators import engine
from hoptac.registry.models import AnnualReport, Event, Grdp, OrganizationState, Target, YearRating
from hoptac.reports.data import ReportError, _jsonable, check_moment, collect

MAX_STEPS = 24  # recomputations at most, besides "then" and "now" (each is one report's queries)
COMPARED = ("values", "baseline_values", "children", "targets")  # what the register's vintages reproduce


def _iso(moment):
    """A moment in the product's time zone (Asia/Ho_Chi_Minh), ISO with its offset."""
    return timezone.localtime(moment).isoformat()


class Cause:
    RECORDS = "records"
    DEFINITIONS = "definitions"
    BOTH = "both"
    UNEXPLAINED = "unexplained"


@dataclass(frozen=True)
class Record:
    """One record made after publication: what, about whom, when and by whom."""

    kind: str  # event, void, report, rating, macro, target
    moment: datetime.datetime
    by: str
    what: str
    organization: str = ""  # "name (code)" when the record is about one organisation
    pk: int | None = None

    PRIVATE_KINDS = ("report", "rating")  # per-organisation annual figures and ratings are not public (SPEC §6)

    def public(self):
        """This record as the portal shows it: a report revision or a rating without its organisation."""
        if self.kind in self.PRIVATE_KINDS:
            return Record(self.kind, self.moment, self.by, self.what.split(" ")[0], "", None)
        return self

    def as_json(self):
        return {"kind": self.kind, "moment": _iso(self.moment), "by": self.by, "what": self.what,
                "organization": self.organization}


@dataclass
class FigureChange:
    key: tuple  # ("values", "htx.total"), ("children", "31303", "htx.total"), ("targets", "htx.active 2030", "latest")…
    then: object
    now: object
    cause: str
    recomputed_then: object = None  # the figure with today's definitions on the records of then
    records: list = field(default_factory=list)  # Record
    attributed: bool = True  # False: the records could have changed it (grouped moments), not shown one by one

    @property
    def path(self):
        return ".".join(self.key)

    def as_json(self):
        return {"figure": self.path, "then": self.then, "now": self.now, "cause": self.cause,
                "recomputed_then": self.recomputed_then, "attributed": self.attributed,
                "records": [r.as_json() for r in self.records]}


@dataclass
class Analysis:
    made_at: datetime.datetime
    now: datetime.datetime
    version_then: str
    version_now: str
    changes: list  # FigureChange
    records: list  # every candidate Record, in order
    compared: int  # figures compared

    @property
    def definitions_changed(self):
        return self.version_then != self.version_now

    def public(self):
        """The analysis as the portal shows it (see :meth:`Record.public`)."""
        changes = [FigureChange(c.key, c.then, c.now, c.cause, c.recomputed_then, [r.public() for r in c.records],
                                c.attributed) for c in self.changes]
        return Analysis(self.made_at, self.now, self.version_then, self.version_now, changes,
                        [r.public() for r in self.records], self.compared)

    def as_json(self):
        return {"made_at": _iso(self.made_at), "now": _iso(self.now),
                "product_version": {"then": self.version_then, "now": self.version_now},
                "figures_compared": self.compared, "figures_changed": len(self.changes),
                "changes": [c.as_json() for c in self.changes], "records": [r.as_json() for r in self.records]}


# --- figures as flat keys ---------------------------------------------------------------


def flatten(figures):
    """``{key tuple: value}`` for every compared figure of a ``ReportData.figures()`` dict."""
    out = {}

    def put(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                put((*prefix, str(k)), v)
        else:
            out[prefix] = value

    put(("values",), figures.get("values") or {})
    put(("baseline_values",), figures.get("baseline_values") or {})
    for child in figures.get("children") or []:
        put(("children", child["code"]), child.get("values") or {})
    for target in figures.get("targets") or []:
        name = f"{target['indicator']} {target['year']}"
        for part in ("latest", "gap", "projection", "on_track"):
            out[("targets", name, part)] = target.get(part)
    return out


def differences(before, after):
    """Keys whose value differs between two flattened figure sets (a key absent on one side counts)."""
    return [k for k in sorted(set(before) | set(after), key=_order) if _norm(_get(before, k)) != _norm(_get(after, k))]


def _get(flat, key):
    """A figure; a sector absent from a breakdown is a count of zero (zero entries are omitted)."""
    value = flat.get(key)
    if value is None and len(key) >= 2 and key[-2] == "htx.by_sector":
        return 0
    return value


def _order(key):
    return (COMPARED.index(key[0]), key[1:])


def _norm(value):
    """Decimals are stored as exact strings; compare numbers as numbers."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return value


# --- computing a report's figures at a moment ----------------------------------------------


def figures_of(report):
    """The figures ``report`` stored, or :class:`ReportError` when it kept none."""
    if not report.figures or report.made_at is None:
        raise ReportError(_("this report was published before figures were kept; it has no revision analysis"))
    return report.figures


def figures_at(report, as_recorded):
    """The report's figures recomputed with today's definitions, as recorded at ``as_recorded`` (None: now)."""
    stored = report.figures
    territory = stored.get("territory_of")
    data = collect(report.unit_code, report.year, since=report.since, baseline_year=report.baseline_year,
                   territory_of=datetime.date.fromisoformat(territory) if territory else None,
                   today=report.as_of, as_recorded=as_recorded, figures_only=True)
    return data.figures()


# --- the records made after publication -------------------------------------------------------


def _who(user):
    return user.get_username() if user is not None else ""


def _org(org):
    return f"{org.name} ({org.code})"


def candidate_records(report, after, until=None):
    """Records made in (``after``, ``until``] that could change ``report``'s figures, oldest first."""
    until = until or timezone.now()
    unit = Unit.objects.resolve(report.unit_code, report.as_of)
    orgs = OrganizationState.objects.filter(unit__closure_ancestors__ancestor=unit).values("organization_id")
    in_area = Q(organization_id__in=orgs) | Q(unit__closure_ancestors__ancestor=unit)
    years = {report.year} | ({report.baseline_year} if report.baseline_year else set())
    records = []
    events = Event.objects.filter(date__lte=report.as_of).filter(in_area).select_related(
        "organization", "unit", "recorded_by", "voided_by").distinct()
    for e in events.filter(recorded_at__gt=after, recorded_at__lte=until):
        where = f" → {e.unit.name} ({e.unit.code})" if e.unit_id and e.type != "established" else ""
        records.append(Record("event", e.recorded_at, _who(e.recorded_by),
                              f"{e.get_type_display()} {e.date:%d/%m/%Y}{where}", _org(e.organization), e.pk))
    for e in events.filter(voided_at__gt=after, voided_at__lte=until):
        reason = f": {e.void_reason}" if e.void_reason else ""
        records.append(Record("void", e.voided_at, _who(e.voided_by),
                              f"{e.get_type_display()} {e.date:%d/%m/%Y}{reason}", _org(e.organization), e.pk))
    for r in AnnualReport.objects.filter(year__in=years, approved_at__gt=after, approved_at__lte=until,
                                         organization_id__in=orgs).select_related("organization", "approved_by"):
        records.append(Record("report", r.approved_at, _who(r.approved_by), f"{r.year} r{r.revision}",
                              _org(r.organization), r.pk))
    for r in YearRating.objects.filter(year__in=years, recorded_at__gt=after, recorded_at__lte=until,
                                       organization_id__in=orgs).select_related("organization", "recorded_by"):
        records.append(Record("rating", r.recorded_at, _who(r.recorded_by), f"{r.year}: {r.get_rating_display()}",
                              _org(r.organization), r.pk))
    # Macro data and targets are versioned: a new version is recorded, the one it replaces is
    # superseded at the same moment, so the versions recorded after publication are the changes.
    for g in Grdp.versions.filter(unit__code=report.unit_code, year__lte=report.year, recorded_at__gt=after,
                                  recorded_at__lte=until).select_related("unit"):
        records.append(Record("macro", g.recorded_at, "", f"{g.unit.name} ({g.unit.code}) {g.year}", "", g.pk))
    for t in Target.versions.filter(unit__code=report.unit_code, recorded_at__gt=after, recorded_at__lte=until):
        records.append(Record("target", t.recorded_at, "", f"{t.indicator} {t.op} {t.value} ({t.year})", "", t.pk))
    records.sort(key=lambda r: (r.moment, r.kind, r.pk or 0))
    return records


def _steps(records):
    """Groups of records, one per recomputation: each distinct moment, or runs of them past MAX_STEPS."""
    moments = sorted({r.moment for r in records})
    if len(moments) <= MAX_STEPS:
        bounds = moments
    else:
        per = -(-len(moments) // MAX_STEPS)
        bounds = [moments[min(i + per, len(moments)) - 1] for i in range(0, len(moments), per)]
    steps, start = [], None
    for bound in bounds:
        steps.append((bound, [r for r in records if (start is None or r.moment > start) and r.moment <= bound]))
        start = bound
    return steps, len(moments) > MAX_STEPS


# --- the analysis ----------------------------------------------------------------------------


def fingerprint():
    """The latest recording moment of every kind of record an analysis reads (a few aggregate queries).

    Records are never changed in place (a correction is a new record, a void sets its moment), so
    an analysis made under the same fingerprint and product version is still right.
    """
    parts = [Event.objects.aggregate(a=Max("recorded_at"), b=Max("voided_at"), n=Count("pk")),
             AnnualReport.objects.aggregate(a=Max("approved_at"), b=Max("superseded_at"), n=Count("pk")),
             YearRating.objects.aggregate(a=Max("recorded_at"), n=Count("pk")),
             Grdp.versions.aggregate(a=Max("recorded_at"), n=Count("pk")),
             Target.versions.aggregate(a=Max("recorded_at"), n=Count("pk"))]
    return "|".join(str(sorted(p.items())) for p in parts)


ANALYSIS_TTL = 24 * 3600


def cached_analysis(report):
    """:func:`analyse` of ``report`` now, kept in the cache while no record is added, voided or superseded."""
    stamp = f"{report.pk}|{report.sha256}|{hoptac.__version__}|{fingerprint()}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:32]
    key = f"reports:revisions:{digest}"
    analysis = cache.get(key)
    if analysis is None:
        analysis = analyse(report)
        cache.set(key, analysis, ANALYSIS_TTL)
    return analysis


def analyse(report, now=None):
    """The revision analysis of ``report`` (a PublishedReport) as of ``now`` (default: this moment)."""
    stored = figures_of(report)
    then = flatten(stored)
    recomputed = flatten(figures_at(report, report.made_at))
    today = flatten(figures_at(report, now))  # None: today's answer
    now = now or timezone.now()
    version_now = hoptac.__version__
    by_definitions = set(differences(then, recomputed))
    records = candidate_records(report, report.made_at, now)
    steps, grouped = _steps(records)
    responsible = {}
    previous = recomputed
    for moment, group in steps:
        current = today if moment >= now else flatten(figures_at(report, moment))
        for key in differences(previous, current):
            responsible.setdefault(key, []).extend(group)
        previous = current
    unexplained_now = set(differences(previous, today))  # changes no listed record made
    same_version = report.product_version == version_now
    by_records = set(differences(recomputed, today))
    changes = []
    for key in differences(then, today):
        if key in by_definitions and not same_version:
            cause = Cause.BOTH if key in by_records else Cause.DEFINITIONS
        elif key in by_definitions or key in unexplained_now or key not in responsible:
            cause = Cause.UNEXPLAINED  # the same definitions gave another answer, or no listed record did it
        else:
            cause = Cause.RECORDS
        changes.append(FigureChange(
            key=key, then=_get(then, key), now=_get(today, key), cause=cause,
            recomputed_then=_get(recomputed, key) if key in by_definitions else None,
            records=responsible.get(key, []), attributed=not grouped,
        ))
    return Analysis(made_at=report.made_at, now=now, version_then=report.product_version, version_now=version_now,
                    changes=changes, records=records, compared=len(set(then) | set(today)))


# --- two vintages of one question ----------------------------------------------------------


@dataclass
class Comparison:
    unit: object
    date: datetime.date
    first: datetime.datetime
    second: datetime.datetime
    changes: list  # (key, value at first, value at second)
    compared: int
    names: dict = field(default_factory=dict)  # unit code → name on the date, for the unit and its children

    @property
    def unit_name(self):
        return name_on(self.unit, self.date)

    def as_json(self):
        return {"unit": {"code": self.unit.code, "name": self.unit_name}, "date": self.date.isoformat(),
                "from": _iso(self.first), "to": _iso(self.second), "figures_compared": self.compared,
                "changes": [{"figure": ".".join(k), "from": a, "to": b} for k, a, b in self.changes]}


def compare_vintages(unit_code, date, first, second, since=None, baseline_year=None):
    """Every figure of the indicators of ``unit_code`` on ``date`` (and of its units one level
    down) that differs between the register as recorded at ``first`` and at ``second``."""
    check_moment(first)
    check_moment(second)
    try:
        unit = engine.resolve_unit(unit_code, date)
        flat, names = [], {}
        for moment in (first, second):
            values = engine.compute(unit, date, since, baseline_year, as_recorded=moment)
            children = engine.breakdown(unit, date, since, baseline_year, by="children", as_recorded=moment)
            names.update({row["key"]: name_on(row["unit"], date) for row in children if row["unit"] is not None})
            flat.append(flatten(_jsonable({
                "values": values,
                "children": [{"code": row["key"], "values": row["values"]} for row in children],
            })))
    except engine.IndicatorInputError as exc:
        raise ReportError(str(exc)) from None
    before, after = flat
    keys = differences(before, after)
    return Comparison(unit=unit, date=date, first=first, second=second,
                      changes=[(k, _get(before, k), _get(after, k)) for k in keys],
                      compared=len(set(before) | set(after)), names=names)
