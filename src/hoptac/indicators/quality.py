"""Data-quality findings for a unit and a year (at 31 December of the year).

Each finding has a ``code``, a ``title``, a one-line ``detail`` and the
organisations concerned. The checks:

``sector.unclassified``
    organisations existing at year end with no sector recorded.
``report.missing``
    cooperatives and unions (the kinds that report) existing at year end with
    no annual report in force for the year.
``report.outlier.<field>``
    a report whose members, workers, revenue or income lies far outside its
    peers': robust z-score ``0.6745 × (x − median) / MAD`` above 3.5 in absolute
    value (Iglewicz and Hoaglin). Peers are the reports of the same kind in the
    unit that year, narrowed to the same sector when that sector has at least
    ``MIN_PEERS`` reports; no check with fewer than ``MIN_PEERS`` peers. When the
    MAD is zero the mean absolute deviation × 1.2533 stands in for it; when that
    is zero too, every value equals the median and nothing is flagged.
``report.stale``
    organisations that report (htx, lhhtx), active at year end, established
    before the three-year window, with no report for the year or the two before.
``name.duplicate``
    two or more organisations existing at year end in the same unit whose names
    are equal ignoring case, accents of spacing aside (names compared after
    Unicode normalisation, case folding and collapsing spaces).
``territory.boundary`` (v2)
    for a former unit (one in force before 1/7/2025), organisations existing
    today in a new unit formed partly from it and partly from outside it: asked
    for on the former unit's territory (``territory_of``), they count inside it,
    a boundary approximation (SPEC §3 v2).
``breakdown.incomplete``
    ``htx.total`` differs from the sum of ``htx.by_sector`` without
    ``unclassified`` (e.g. 549 cooperatives of which the published sectors
    account for 515): lists the cooperatives the breakdown misses.
"""

import datetime
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hoptac.indicators.engine import REPORTING_KINDS, _Area, in_force, year_end
from hoptac.registry.models import GONE_STATUSES, AnnualReport, Kind, OrganizationState, Status

MIN_PEERS = 8
Z_LIMIT = Decimal("3.5")
OUTLIER_FIELDS = ("members", "workers", "revenue", "income")
STALE_YEARS = 3


@dataclass
class Finding:
    code: str
    title: str
    detail: str = ""
    organizations: list = field(default_factory=list)


def _org(state, **extra):
    return {"code": state.organization.code, "name": state.name, "kind": state.kind, "unit": state.unit.code, **extra}


def _existing(unit, date):
    return (
        OrganizationState.objects.filter(in_force(date) & _Area.of(unit).q())
        .exclude(status__in=GONE_STATUSES)
        .select_related("organization", "unit")
        .order_by("organization__code")
    )


def _reports(year):
    return AnnualReport.objects.filter(organization=OuterRef("organization"), in_force=True, year=year)


def unclassified(unit, year):
    rows = [_org(s) for s in _existing(unit, year_end(year)).filter(sector="")]
    return Finding("sector.unclassified", str(_("Organisations with no sector recorded")),
                   str(_("%(n)d organisations have no sector") % {"n": len(rows)}), rows)


def missing_reports(unit, year):
    qs = _existing(unit, year_end(year)).filter(kind__in=REPORTING_KINDS).filter(~Exists(_reports(year)))
    rows = [_org(s) for s in qs]
    return Finding("report.missing", str(_("No annual report from an organisation existing at year end")),
                   str(_("%(n)d organisations did not report for %(year)d") % {"n": len(rows), "year": year}), rows)


def stale(unit, year):
    first = year - STALE_YEARS + 1
    recent = AnnualReport.objects.filter(
        organization=OuterRef("organization"), in_force=True, year__gte=first, year__lte=year
    )
    qs = (
        _existing(unit, year_end(year))
        .filter(kind__in=REPORTING_KINDS, status=Status.ACTIVE, organization__established_on__lt=datetime.date(first, 1, 1))
        .filter(~Exists(recent))
    )
    rows = [_org(s) for s in qs]
    return Finding("report.stale", str(_("Recorded as active but no report for %(n)d years or more") % {"n": STALE_YEARS}),
                   str(_("%(n)d organisations, no report %(a)d–%(b)d") % {"n": len(rows), "a": first, "b": year}), rows)


def _normal(name):
    text = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"\s+", " ", text).strip()


def duplicate_names(unit, year):
    groups = defaultdict(list)
    for s in _existing(unit, year_end(year)):
        groups[s.unit_id, _normal(s.name)].append(s)
    rows = []
    for states in groups.values():
        if len(states) > 1:
            rows += [_org(s, group=_normal(s.name)) for s in states]
    return Finding("name.duplicate", str(_("Duplicate names in the same unit")),
                   str(_("%(n)d organisations share a name with another in their unit") % {"n": len(rows)}), rows)


def incomplete_breakdown(unit, year):
    existing = _existing(unit, year_end(year)).filter(kind=Kind.HTX)
    total = existing.count()
    missing = [_org(s) for s in existing.filter(sector="")]
    detail = str(_("htx.total is %(total)d; the sector breakdown adds up to %(sum)d")
                 % {"total": total, "sum": total - len(missing)})
    return Finding("breakdown.incomplete", str(_("A total that its published breakdown does not add up to")),
                   detail, missing)


def robust_z(values):
    """{index: z} of the modified z-scores of ``values`` (Decimal), or {} when flat."""
    median = Decimal(statistics.median(values))
    deviations = [abs(v - median) for v in values]
    mad = Decimal(statistics.median(deviations))
    scale = mad / Decimal("0.6745") if mad else (sum(deviations) / len(deviations)) * Decimal("1.2533")
    if not scale:
        return {}
    return {i: (v - median) / scale for i, v in enumerate(values)}


def outliers(unit, year):
    reports = (
        AnnualReport.objects.filter(
            Q(in_force=True, year=year) & in_force(year_end(year), "organization__states__")
            & _Area.of(unit).q("organization__states__")
        )
        .values("organization__code", "organization__states__name", "organization__states__kind",
                "organization__states__sector", "organization__states__unit__code", *OUTLIER_FIELDS)
        .order_by("organization__code")
    )
    reports = list(reports)
    findings = []
    for fld in OUTLIER_FIELDS:
        by_kind = defaultdict(list)
        for r in reports:
            if r[fld] is not None:
                by_kind[r["organization__states__kind"]].append(r)
        rows = []
        for kind, peers in by_kind.items():
            by_sector = defaultdict(list)
            for r in peers:
                by_sector[r["organization__states__sector"]].append(r)
            groups = [g for g in by_sector.values() if len(g) >= MIN_PEERS]
            rest = [r for g in by_sector.values() if len(g) < MIN_PEERS for r in g]
            if len(rest) >= MIN_PEERS:
                groups.append(rest)
            elif rest and len(peers) >= MIN_PEERS:
                groups.append(peers)  # small sectors are compared with the whole kind
            for group in groups:
                values = [Decimal(r[fld]) for r in group]
                for i, z in robust_z(values).items():
                    if abs(z) > Z_LIMIT:
                        r = group[i]
                        row = {"code": r["organization__code"], "name": r["organization__states__name"],
                               "kind": kind, "unit": r["organization__states__unit__code"],
                               "field": fld, "value": r[fld], "z": round(float(z), 2)}
                        if row not in rows:
                            rows.append(row)
        rows.sort(key=lambda r: r["code"])
        findings.append(Finding(f"report.outlier.{fld}", str(_("Figures far outside their peers: %(field)s") % {"field": fld}),
                                str(_("%(n)d reports with |robust z| > 3.5") % {"n": len(rows)}), rows))
    return findings


def boundary_approximations(unit, year, today=None):
    from django.utils import timezone

    from hoptac.indicators import territory

    approximated = territory.approximations(unit) if getattr(unit, "pk", None) else []
    rows = []
    if approximated:
        states = (
            OrganizationState.objects.filter(in_force(today or timezone.localdate()),
                                             unit_id__in=[new.pk for new, _inside, _outside in approximated])
            .exclude(status__in=GONE_STATUSES).select_related("organization", "unit").order_by("organization__code")
        )
        rows = [_org(s) for s in states]
    return Finding("territory.boundary",
                   str(_("Counted in this former unit's territory through a new unit partly outside it")),
                   str(_("%(n)d organisations are counted by a boundary approximation") % {"n": len(rows)}), rows)


def quality_findings(unit, year):
    """Every finding for ``unit`` (resolved on 31 December of ``year``), empty ones included."""
    return [
        unclassified(unit, year),
        missing_reports(unit, year),
        *outliers(unit, year),
        stale(unit, year),
        duplicate_names(unit, year),
        incomplete_breakdown(unit, year),
        boundary_approximations(unit, year),
    ]
