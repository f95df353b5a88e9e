"""Who had to report for a year, who did, and where each report stands.

Expected: organisations of kind ``htx`` or ``lhhtx`` that exist on 31 December
of the year (established by then, status not terminal) and lie in the unit's
scope on that day — the denominator of ``reports.coverage_pct`` (SPEC §3).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max

from hoptac.geo.models import UnitClosure
from hoptac.registry.models import GONE_STATUSES, AnnualReport, Kind, OrganizationState, ReportStatus

EXPECTED_KINDS = (Kind.HTX, Kind.LHHTX)
NOT_STARTED = "none"
# Reports still to chase: nothing yet, a draft never sent, or sent back.
NEEDS_REMINDER = (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
STEPS = (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.SUBMITTED,
         ReportStatus.VERIFIED, ReportStatus.APPROVED)


def year_end(year):
    return datetime.date(year, 12, 31)


def expected_states(unit, year):
    """State rows on 31/12/``year`` of the organisations that must report, in ``unit``'s scope."""
    return (OrganizationState.objects.in_scope(unit, year_end(year))
            .filter(kind__in=EXPECTED_KINDS).exclude(status__in=GONE_STATUSES))


@dataclass
class Row:
    organization_id: int
    code: str
    name: str
    kind: str
    unit_id: int
    area: str = ""  # the unit one level below the chosen one that holds the organisation
    step: str = NOT_STARTED  # status of the latest revision, or "none"
    revision: int = 0
    in_force: bool = False  # an approved revision is in force (a correction may be under way)

    @property
    def reported(self):
        return self.in_force or self.step in (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.APPROVED)

    @property
    def needs_reminder(self):
        return self.step in NEEDS_REMINDER and not self.in_force


@dataclass
class Completeness:
    unit: object
    year: int
    rows: list
    by_step: Counter = field(default_factory=Counter)
    by_area: dict = field(default_factory=dict)

    @property
    def expected(self):
        return len(self.rows)

    @property
    def reported(self):
        return sum(r.reported for r in self.rows)

    @property
    def in_force(self):
        return sum(r.in_force for r in self.rows)

    @property
    def reported_pct(self):
        return 100 * self.reported / self.expected if self.expected else None

    @property
    def reminders(self):
        return [r for r in self.rows if r.needs_reminder]


def completeness(unit, year, organizations=None):
    """The completeness of ``year`` for ``unit``; ``organizations`` (a queryset) limits the rows."""
    states = expected_states(unit, year)
    if organizations is not None:
        states = states.filter(organization__in=organizations)
    rows = {
        s["organization_id"]: Row(s["organization_id"], s["organization__code"], s["name"], s["kind"], s["unit_id"])
        for s in states.values("organization_id", "organization__code", "name", "kind", "unit_id")
    }
    reports = AnnualReport.objects.filter(year=year, organization_id__in=list(rows))
    latest = dict(reports.values("organization_id").annotate(r=Max("revision")).values_list("organization_id", "r"))
    for org_id, revision, status in reports.values_list("organization_id", "revision", "status"):
        if latest[org_id] == revision:
            rows[org_id].step, rows[org_id].revision = status, revision
    for org_id in reports.filter(in_force=True).values_list("organization_id", flat=True):
        rows[org_id].in_force = True
    _label_areas(unit, rows.values())
    result = Completeness(unit, year, sorted(rows.values(), key=lambda r: (r.area, r.code)))
    for row in result.rows:
        result.by_step[row.step] += 1
        area = result.by_area.setdefault(row.area, {"expected": 0, "reported": 0, "reminders": 0})
        area["expected"] += 1
        area["reported"] += row.reported
        area["reminders"] += row.needs_reminder
    return result


def _label_areas(unit, rows):
    """Name, for each row, the child of ``unit`` its organisation lies under (itself when none)."""
    children = {c.pk: c.name for c in unit.children.all()}
    where = dict(
        UnitClosure.objects.filter(ancestor_id__in=children, descendant_id__in={r.unit_id for r in rows})
        .values_list("descendant_id", "ancestor_id")
    )
    for row in rows:
        row.area = children.get(where.get(row.unit_id), unit.name)
