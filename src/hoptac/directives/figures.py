"""What the report and the back office count in documents, tasks, support and awards.

Support is in scope of a unit U like every indicator (SPEC §3): a support row
of year Y counts under U when its organisation's unit on 31 December of Y lies
under U (``OrganizationState.in_scope``, crosswalk included). Awards to an
organisation follow the organisation's unit on the decision date; awards to a
collective or a person follow the unit recorded with them, and count for the
province (the unit without a parent) whatever their unit.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from hoptac.directives.models import Award, Document, Level, RecipientKind, Support, Task, TaskStatus
from hoptac.geo.models import UnitClosure
from hoptac.registry.models import OrganizationState


def _year_end(year):
    return datetime.date(year, 12, 31)


def support_rows(unit, first_year, last_year):
    """Support rows of the years ``first_year``–``last_year`` whose organisation lies in ``unit``'s scope."""
    wanted = Q(pk__in=[])
    for year in range(first_year, last_year + 1):
        orgs = OrganizationState.objects.in_scope(unit, _year_end(year)).values("organization_id")
        wanted |= Q(year=year, organization_id__in=orgs)
    return Support.objects.filter(wanted)


def support_figures(unit, first_year, last_year):
    """Organisations supported and amounts (million VND), in total, by kind and by year.

    ``{"organizations": n, "rows": n, "amount": Decimal, "by_kind": {kind: {"organizations", "amount"}},
    "by_year": {year: {"organizations", "amount"}}}``; kinds and years without support are absent.
    """
    orgs, amount = set(), Decimal(0)
    by_kind = defaultdict(lambda: {"orgs": set(), "amount": Decimal(0)})
    by_year = defaultdict(lambda: {"orgs": set(), "amount": Decimal(0)})
    rows = 0
    for org_id, year, kind, value in support_rows(unit, first_year, last_year).values_list(
            "organization_id", "year", "kind", "amount"):
        rows += 1
        orgs.add(org_id)
        amount += value
        for bucket in (by_kind[kind], by_year[year]):
            bucket["orgs"].add(org_id)
            bucket["amount"] += value

    def plain(table):
        return {k: {"organizations": len(v["orgs"]), "amount": v["amount"]} for k, v in sorted(table.items())}

    return {"organizations": len(orgs), "rows": rows, "amount": amount,
            "by_kind": plain(by_kind), "by_year": plain(by_year)}


def support_drill(unit, first_year, last_year, kind=None, year=None):
    """The support rows behind a figure (organisation code and name, year, kind, amount), for drill-through."""
    rows = support_rows(unit, first_year, last_year)
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(year=year)
    return list(rows.select_related("organization").order_by("organization__code", "year", "kind", "pk"))


def awards_in_scope(unit, since, until):
    """Awards decided between ``since`` and ``until`` (inclusive) in ``unit``'s scope."""
    awards = Award.objects.filter(decided_on__gte=since, decided_on__lte=until)
    if unit.parent_id is None:
        return awards
    in_scope = OrganizationState.objects.in_scope(unit, until).values("organization_id")
    under = UnitClosure.objects.filter(ancestor=unit).values("descendant_id")
    return awards.filter(Q(organization_id__in=in_scope) | Q(organization__isnull=True, unit_id__in=under))


def award_figures(unit, since, until):
    """Collectives (organisations and other collectives) and individuals commended, and the decisions."""
    awards = awards_in_scope(unit, since, until)
    individuals = awards.filter(recipient_kind=RecipientKind.INDIVIDUAL).count()
    total = awards.count()
    decisions = sorted({(d, n) for n, d in awards.values_list("decision", "decided_on")})
    return {"collectives": total - individuals, "individuals": individuals, "decisions": decisions}


def document_figures(unit, since, until):
    """Directive documents of the province issued in the period (a province's report only; else None)."""
    if unit.parent_id is not None:
        return None
    documents = Document.objects.filter(level=Level.PROVINCE, issued_on__gte=since, issued_on__lte=until)
    return {"documents": documents.count(),
            "implemented": sorted({d.number for d in Document.objects.filter(
                implemented_by__in=documents, level=Level.CENTRAL)})}


def task_figures(unit, since, until, on):
    """The action plan set by the period's documents: tasks, agencies, years, by status, overdue on ``on``."""
    if unit.parent_id is None:
        tasks = Task.objects.filter(document__issued_on__gte=since, document__issued_on__lte=until)
    else:
        return None
    if not tasks.exists():
        return {"tasks": 0}
    statuses = dict.fromkeys(TaskStatus.values, 0)
    for status in tasks.values_list("status", flat=True):
        statuses[status] += 1
    return {
        "tasks": tasks.count(),
        "agencies": len(set(tasks.values_list("lead_agency", flat=True))),
        "first_year": min(t.year for t in tasks.values_list("starts_on", flat=True)),
        "last_year": max(t.year for t in tasks.values_list("deadline", flat=True)),
        "by_status": statuses,
        "overdue": tasks.overdue(on).count(),
    }


def for_report(unit, since, until, on=None):
    """Everything the review report cites from these records, for the period ``since``–``until``."""
    return {
        "documents": document_figures(unit, since, until),
        "tasks": task_figures(unit, since, until, on or until),
        "support": support_figures(unit, since.year, until.year),
        "awards": award_figures(unit, since, until),
    }
