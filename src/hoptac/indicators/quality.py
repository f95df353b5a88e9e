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

v2 (SPEC §2 v2), at 31 December of the year (or today, for the current year):

``suspension.lapsed``
    organisations whose last change of status is a ``suspended`` whose ``until``
    has passed with no renewal, ``resumed`` or ``stopped``: active again by law,
    perhaps in fact not operating (an officer records ``stopped`` where so).
``members.below_minimum``
    cooperatives whose report for the year gives fewer official members
    (``members_official``, else ``members``) than the legal minimum in force on
    31 December of the year: 5 from 2024 on (Law 17/2023/QH15), 7 before.
``merged.unknown_form``
    organisations ended by a v1 ``merged`` event: the precise form
    (``consolidated`` or ``absorbed``) is to be recorded.
``location.district_only``
    organisations existing at year end whose unit is a district or the province
    rather than a commune (after 1/7/2025 they count in the province only): to be
    re-coded to a commune from the back office.
``sector.proposed``
    unclassified organisations with a VSIC code, with the sector that the
    VSIC → sector table (:mod:`hoptac.registry.vsic`) proposes.
"""

import datetime
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.geo.models import Level, Unit
from hoptac.indicators import territory
from hoptac.indicators.engine import REPORTING_KINDS, _Area, in_force, year_end
from hoptac.registry.models import (
    GONE_STATUSES,
    AnnualReport,
    Event,
    EventType,
    Kind,
    OrganizationState,
    Sector,
    Status,
)
from hoptac.registry import report_checks
from hoptac.registry.vsic import proposed_sector

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


# --- v2 findings (SPEC §2 v2) -----------------------------------------------------

# Events that leave the status as it was: they neither renew nor end a suspension.
STATUS_NEUTRAL_EVENTS = {EventType.RELOCATED, EventType.RENAMED, EventType.RECLASSIFIED, EventType.SEPARATED}


def members_minimum(year):
    """The legal minimum of official members of a cooperative in force on 31 December of ``year``,
    as the Department set it for the check of reports (seeded with the law's: 7, then 5 from 1/7/2024)."""
    return report_checks.legal_minimum_members(year, Kind.HTX)


def _as_of(year):
    """The day a finding looks at: 31 December of ``year``, or today during that year."""
    return min(year_end(year), timezone.localdate())


def _fmt(date):
    return date.strftime("%d/%m/%Y")


def lapsed_suspensions(unit, year):
    day = _as_of(year)
    states = {s.organization_id: s for s in _existing(unit, day)}
    last = {}
    events = (
        Event.objects.filter(organization_id__in=list(states), voided_at__isnull=True, date__lte=day)
        .exclude(type__in=STATUS_NEUTRAL_EVENTS).order_by("organization_id", "date", "id")
        .values_list("organization_id", "type", "date", "until")
    )
    for org_id, kind, date, until in events:
        last[org_id] = (kind, date, until)
    rows = [
        _org(states[org_id], suspended_on=date.isoformat(), until=until.isoformat())
        for org_id, (kind, date, until) in sorted(last.items(), key=lambda item: states[item[0]].organization.code)
        if kind == EventType.SUSPENDED and until is not None and until < day
    ]
    return Finding("suspension.lapsed", str(_("Suspensions whose end date has passed without renewal, resumption or stop")),
                   str(_("%(n)d organisations: the suspension ended by itself before %(date)s")
                       % {"n": len(rows), "date": _fmt(day)}), rows)


def below_minimum_members(unit, year):
    minimum = members_minimum(year)
    if minimum is None:  # no minimum recorded for that time: nobody is below it
        minimum = 0
    states = _existing(unit, year_end(year)).filter(kind=Kind.HTX)
    figures = {
        org_id: official if official is not None else members
        for org_id, official, members in AnnualReport.objects.filter(
            in_force=True, year=year, organization__in=states.values("organization")
        ).values_list("organization_id", "members_official", "members")
    }
    rows = [
        _org(s, members_official=figures[s.organization_id], minimum=minimum)
        for s in states
        if figures.get(s.organization_id) is not None and figures[s.organization_id] < minimum
    ]
    return Finding("members.below_minimum",
                   str(_("Cooperatives with fewer official members than the legal minimum (%(n)d)") % {"n": minimum}),
                   str(_("%(n)d cooperatives below %(minimum)d official members in %(year)s")
                       % {"n": len(rows), "minimum": minimum, "year": str(year)}), rows)


def merged_unknown_form(unit, year):
    day = _as_of(year)
    qs = (
        OrganizationState.objects.filter(in_force(day) & _Area.of(unit).q(), status=Status.MERGED)
        .select_related("organization", "unit").order_by("organization__code")
    )
    rows = [_org(s, merged_on=s.valid_from.isoformat()) for s in qs]
    return Finding("merged.unknown_form", str(_("Mergers recorded without their form (consolidation or absorption)")),
                   str(_("%(n)d organisations ended by a merger of unknown form") % {"n": len(rows)}), rows)


def located_above_commune(unit, year):
    """Existing organisations whose unit is a district (with communes) or a province."""
    qs = (
        _existing(unit, _as_of(year)).filter(unit__level__lt=Level.COMMUNE)
        .filter(Exists(Unit.objects.filter(parent=OuterRef("unit"))))  # a district without communes is as precise as it gets
    )
    rows = [_org(s, level=s.unit.level) for s in qs]
    return Finding("location.district_only", str(_("Located only to a district or the province, not to a commune")),
                   str(_("%(n)d organisations to re-code to a commune") % {"n": len(rows)}), rows)


def proposed_sectors(unit, year):
    qs = _existing(unit, _as_of(year)).filter(sector="").exclude(organization__vsic="")
    rows = []
    for s in qs:
        sector = proposed_sector(s.organization.vsic, s.organization.vsic_version)
        if sector:
            rows.append(_org(s, vsic=s.organization.vsic, proposed_sector=sector,
                             proposed_sector_label=str(Sector(sector).label)))
    return Finding("sector.proposed", str(_("Unclassified organisations with a main line of business (VSIC)")),
                   str(_("%(n)d organisations: a sector is proposed from their VSIC code") % {"n": len(rows)}), rows)
def boundary_approximations(unit, year, today=None):
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
        lapsed_suspensions(unit, year),
        below_minimum_members(unit, year),
        merged_unknown_form(unit, year),
        located_above_commune(unit, year),
        proposed_sectors(unit, year),
        boundary_approximations(unit, year),
    ]
