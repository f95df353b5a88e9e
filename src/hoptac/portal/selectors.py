"""What the portal reads: every call into the indicator engine, the registry and
the access policy goes through here, so the pages never touch them directly.

Indicator results, and every other figure read from the register below, are remembered under
the register's change stamp (:mod:`hoptac.indicators.answers`): any write to the register or the
units recomputes them; a bump of the portal's page cache (:mod:`hoptac.portal.cache`) does not
(the pages are rendered again from the remembered figures).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts.policy import public_organization_fields
from hoptac.core import dates
from hoptac.core.vietnamese import Folded, fold, sort_key
from hoptac.directives.models import Document
from hoptac.geo.models import LAST_OLD_DATE, REFORM_DATE, Unit, UnitNotFound
from hoptac.indicators import answers, documents, engine
from hoptac.indicators.drill import drillable_codes
from hoptac.indicators.drill import drill as engine_drill
from hoptac.indicators.targets import targets_progress
from hoptac.registry import lineage, vocabulary
from hoptac.registry.freshness import latest_change
from hoptac.registry.models import Event, Organization, Status
from hoptac.reports.models import PublishedReport

KEY_COUNTS = ("htx.total", "htx.active", "htx.not_operating")


def _memo(name, *parts, compute):
    """``compute()`` remembered under the register's change stamp (and today's date)."""
    return answers.remember(f"portal:{name}", (*parts, timezone.localdate()), compute)


def data_date():
    """The day of the latest change recorded in the register: what "data as of" says (cached)."""
    return _memo("data-date", compute=latest_change)


# --- units --------------------------------------------------------------------


def unit_choices(province_code, date):
    """The province and the units one level down, in force on ``date``."""
    try:
        province = Unit.objects.resolve(province_code, date)
    except UnitNotFound:
        return []
    return [province, *province.children.order_by("code")]


def directory_units(province_code):
    """Groups of units for the directory filter: [(label, [units])].

    After the 2025 reform the province's new communes come first, then its
    former districts (organisations recorded there are found through the crosswalk).
    """
    today = timezone.localdate()
    groups = [(_("Units in force today"), unit_choices(province_code, today))]
    if today >= REFORM_DATE:
        groups.append((_("Districts until 30/6/2025"), unit_choices(province_code, LAST_OLD_DATE)[1:]))
    return [(label, units) for label, units in groups if units]


def directory_unit(code):
    """The unit a directory filter names: in force today, else the former unit of that code."""
    today = timezone.localdate()
    try:
        return Unit.objects.resolve(code, today)
    except UnitNotFound:
        if today < REFORM_DATE:
            raise
        return Unit.objects.resolve(code, LAST_OLD_DATE)


# --- indicators -----------------------------------------------------------------


# Every selector below takes ``as_recorded`` (a moment, SPEC §3 vintages: the answer the register
# gave then); it is part of each cache key, so a vintage never answers for today or another vintage.


def indicators(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """The indicators of ``unit`` (with ``territory_of``: the unit as it was then, on its territory then)."""
    return _memo(
        "compute", unit.pk, date, since, baseline_year, territory_of, _moment(as_recorded),
        compute=lambda: engine.compute(unit, date, since=since, baseline_year=baseline_year,
                                       territory_of=territory_of, as_recorded=as_recorded),
    )


def _moment(as_recorded):
    return "" if as_recorded is None else as_recorded.isoformat()


def report_support(unit, date, territory_of=None, as_recorded=None):
    """{code: reports behind the figure} for the figures taken from annual reports or ratings."""
    return _memo("support", unit.pk, date, territory_of, _moment(as_recorded),
                 compute=lambda: engine.report_support(unit, date, territory_of, as_recorded))


def series(unit, first_year, last_year, baseline_year=None, territory_of=None, with_changes=False, as_recorded=None):
    """[(year, values)] for 31 December of each year (period start 1 January); with ``with_changes``,
    ``(rows, years)`` where ``years`` are the first years after the unit's territory changed."""

    def run():
        rows = engine.series(unit, first_year, last_year, baseline_year=baseline_year, territory_of=territory_of,
                             as_recorded=as_recorded)
        return ([(row["date"].year, row["values"]) for row in rows],
                [row["date"].year for row in rows if row.get("territory_changed")])

    rows, changes = _memo("series", unit.pk, first_year, last_year, baseline_year, territory_of,
                          _moment(as_recorded), compute=run)
    return (rows, changes) if with_changes else rows


def by_child_unit(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """[(child unit, values)] for the units one level down."""

    def run():
        rows = engine.breakdown(unit, date, since=since, baseline_year=baseline_year, by="children",
                                territory_of=territory_of, as_recorded=as_recorded)
        return [(row["unit"], row["values"]) for row in rows]

    return _memo("children", unit.pk, date, since, baseline_year, territory_of, _moment(as_recorded), compute=run)


# --- what the public may see (SPEC §6) -------------------------------------------------------


class Withheld:
    """A figure withheld from the public: taken from fewer than 3 annual reports (SPEC §6).

    Pages show it as "—" with the note "ít hơn 3 báo cáo" (``portal_tags.cell``/``num``); text
    downloads write the mark and the note, numeric ones leave the cell empty."""

    value = None

    def __str__(self):
        return f"{documents.SUPPRESSED_MARK} ({documents.SUPPRESSED_NOTE})"

    def __eq__(self, other):
        return isinstance(other, Withheld)

    def __hash__(self):
        return hash(Withheld)


WITHHELD = Withheld()


def withheld(value):
    return isinstance(value, Withheld)


def _withhold(values, support):
    """``values`` with the figures the public may not see replaced by :data:`WITHHELD`."""
    public, codes = documents.suppress(values, support)
    return {**public, **dict.fromkeys(codes, WITHHELD)} if codes else values


def withhold(values, unit, date, territory_of=None, as_recorded=None):
    """``values`` of ``unit`` on ``date`` as the public sees them: figures over fewer than 3 reports
    are :data:`WITHHELD` (the reports behind them: two queries, cached)."""
    return _withhold(values, report_support(unit, date, territory_of, as_recorded))


def public_indicators(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """:func:`indicators` as the public sees them."""
    return withhold(indicators(unit, date, since, baseline_year, territory_of, as_recorded), unit, date, territory_of,
                    as_recorded)


def public_series(unit, first_year, last_year, baseline_year=None, territory_of=None, codes=None, as_recorded=None):
    """:func:`series` as the public sees it. With ``codes`` (the codes the caller shows), the
    reports behind the figures are counted only when one of them comes from reports."""
    rows = series(unit, first_year, last_year, baseline_year, territory_of, as_recorded=as_recorded)
    if codes is not None and not documents.REPORT_BASED.intersection(codes):
        return rows
    support = _memo("series-support", unit.pk, first_year, last_year, territory_of, _moment(as_recorded),
                    compute=lambda: engine.series_support(unit, first_year, last_year, territory_of, as_recorded))
    return [(year, _withhold(values, support.get(year, {}))) for year, values in rows]


def public_children(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """:func:`by_child_unit` as the public sees it."""
    rows = by_child_unit(unit, date, since, baseline_year, territory_of, as_recorded)
    support = _memo("children-support", unit.pk, date, territory_of, _moment(as_recorded),
                    compute=lambda: engine.children_support(unit, date, territory_of, as_recorded))
    return [(child, _withhold(values, support.get(child.pk, {}))) for child, values in rows]


def sees_small_figures(user, unit):
    """Whether ``user`` keeps the figures the public does not see (officers whose reach covers ``unit``)."""
    return unit is not None and documents.sees_small_figures(user, unit)


def drillable(code):
    """Whether ``code`` is a register count the public may drill (SPEC §6: not figures from reports)."""
    return code in drillable_codes()


def drill(unit, date, code, since=None, territory_of=None, as_recorded=None):
    """The organisations behind the public count ``code``, in Vietnamese order of their names:
    public registration facts only (code, name, kind, unit, sector, status, dated events)."""

    def run():
        rows = engine_drill(unit, date, code, since, territory_of, as_recorded)
        return [{"code": r["code"], "name": r["name"], "kind": r["kind"], "unit": r["unit"], "sector": r["sector"],
                 "status": r["status"], "predecessors": r["predecessors"],
                 "events": [{"type": e["type"], "date": e["date"], "successors": e["successors"]} for e in r["events"]]}
                for r in sorted(rows, key=lambda r: (sort_key(r["name"]), r["code"]))]

    return _memo("drill", unit.pk, date, code, since, territory_of, _moment(as_recorded), compute=run)


def targets(unit, date, as_recorded=None):
    """Targets of ``unit`` with progress, as plain dicts: indicator, year, op, value, source,
    latest, progress_pct (latest / target), projection (to the target year), on_track.
    """

    def run():
        out = []
        for row in targets_progress(unit, date, as_recorded):
            target, latest = row.target, row.latest_value
            share = float(latest / target.value * 100) if latest is not None and target.value else None
            out.append({
                "indicator": target.indicator, "year": target.year, "op": target.op, "value": target.value,
                "source": target.source or "", "latest": latest, "latest_year": row.latest_year,
                "progress_pct": share,
                "projection": row.projection, "on_track": row.on_track,
                # v2: the territory the target was set for (None: the unit itself, as in v1)
                "territory_unit": row.territory_unit, "territory_of": row.territory_of,
            })
        return out

    return _memo("targets", unit.pk, date, _moment(as_recorded), compute=run)


def home_figures(province_code, today=None):
    """Key figures of today for the province and their trend over the last ten years."""
    today = today or timezone.localdate()
    try:
        unit = Unit.objects.resolve(province_code, today)
    except UnitNotFound:
        return None
    values = public_indicators(unit, today)
    trend = series(unit, today.year - 10, today.year - 1)
    previous = trend[-1][1] if trend else {}
    return {
        "unit": unit,
        "date": today,
        "values": values,
        "previous_year": today.year - 1,
        "previous": previous,
        "trend": trend,
    }


# --- the directory ----------------------------------------------------------------


def directory(query="", unit_code="", sector="", kind="", status=""):
    """Organisations matching the public directory's search and filters (current state), in
    Vietnamese order of their names: a sequence a Paginator can page (it loads only the page shown).

    The search ignores case and diacritics ("nuoc sach" finds "Nước sạch", "dong" finds "Đông").
    """
    orgs = Organization.objects.all()
    if query:
        key = fold(query)
        orgs = orgs.annotate(name_key=Folded("name"), products_key=Folded("products")).filter(
            Q(name_key__contains=key) | Q(code__iexact=query) | Q(products_key__contains=key))
    if unit_code:
        unit = directory_unit(unit_code)
        orgs = orgs.filter(unit__closure_ancestors__ancestor=unit)
    if sector == "unclassified":
        orgs = orgs.filter(sector="")
    elif sector:
        orgs = orgs.filter(sector=sector)
    if kind:
        orgs = orgs.filter(kind=kind)
    if status == "not_operating":
        orgs = orgs.filter(status__in=[Status.SUSPENDED, Status.STOPPED])
    elif status:
        orgs = orgs.filter(status=status)
    matching = set(orgs.values_list("pk", flat=True))
    return InOrder([pk for pk in directory_order() if pk in matching])


def directory_order():
    """Ids of every organisation in Vietnamese order of name, then code (cached per data version)."""

    def run():
        rows = Organization.objects.values_list("pk", "name", "code")
        return [pk for pk, _, _ in sorted(rows, key=lambda row: (sort_key(row[1]), row[2]))]

    return _memo("directory-order", compute=run)


class InOrder:
    """Organisations by id in a given order; slicing loads only the slice (for Paginator)."""

    def __init__(self, ids):
        self.ids = ids

    def __len__(self):
        return len(self.ids)

    count = __len__

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = self.ids[index]
        found = Organization.objects.select_related("unit", "unit__parent").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def organization_profile(code):
    """The public profile of one organisation, or None: public fields and its history."""
    org = Organization.objects.select_related("unit", "unit__parent").filter(code=code).first()
    if org is None:
        return None
    fields = public_organization_fields(org)
    history = list(
        Event.objects.filter(organization=org, voided_at__isnull=True)
        .select_related("unit")
        .order_by("date", "id")
        .only("type", "date", "unit__name", "unit__code", "sector", "name", "document", "until")
    )
    # Public registration facts: the reorganisations that link it to other organisations (SPEC §2 v2).
    named = lineage.successor_codes(history)
    for event in history:
        event.successor_codes = named.get(event.pk, [])
    return {"org": org, "fields": fields, "history": history,
            "predecessors": lineage.predecessors(org), "successors": lineage.successors(org)}


KINDS = list(vocabulary.KINDS.items())
SECTORS = list(vocabulary.SECTORS.items())  # unclassified last
STATUSES = list(vocabulary.STATUSES.items())


def parse_date(raw):
    """A date from a form: ISO (2021-12-31) or Vietnamese (31/12/2021); None when empty."""
    date = dates.parse_typed(raw)
    if date is not None and date.year < FIRST_YEAR:  # the engine looks a year back: year 1 has none
        raise ValueError(raw)
    return date


FIRST_YEAR = 1900


# --- reports and documents ----------------------------------------------------------


def published_reports():
    """Published review reports (not withdrawn), newest first, at most 50."""
    return list(PublishedReport.objects.published()[:50])


def policy_documents():
    """Published directive documents, newest first, with the documents each links to."""
    return list(Document.objects.filter(published=True).order_by("-issued_on", "number")
                .prefetch_related("implements", "replaces", "amends"))
