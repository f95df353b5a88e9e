"""Importing the interchange format: all or nothing, every problem named.

The whole input is validated first — cells, references, duplicates and, through
:func:`hoptac.registry.lifecycle.check_sequence`, the lifecycle of every organisation
the input touches; the annual reports as a set in SQL, the rows its screen does not
pass in Python (:mod:`.staging`) — and only when no problem was found is anything
written, in bulk (:mod:`.inserts`), with the state rows of new organisations
built from the checked histories and one :func:`rebuild_states` pass for the others, in
one transaction. Queries are per table, never per row.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core.inserts import Inserter, bulk_load, insert_triggers_once
from hoptac.registry.interchange import extensions
from hoptac.registry.interchange.problems import ImportRejected, Problem
from hoptac.registry.interchange.readers import EXTRA, Records
from hoptac.registry.interchange.rows import Row, iter_rows
from hoptac.registry.interchange.staging import ReportStage
from hoptac.registry.interchange.schema import (
    INDICATOR_CODES,
    RECORDED_AT,
    RECORDED_TABLES,
    TABLES,
    Invalid,
    is_empty,
    parse_date,
    parse_decimal,
    parse_flag,
    parse_int,
    parse_recorded_at,
    text,
)
from hoptac.registry.interchange.units import UnitIndex, UnitRef
from hoptac.registry.lifecycle import (
    Step,
    Successor,
    check_sequence,
    insert_new_states,
    intervals,
    rebuild_states,
    status_on,
    successor_problems,
    successors_in_register,
)
from hoptac.registry.models import (
    GONE_STATUSES,
    AnnualReport,
    Comparator,
    Event,
    EventSuccessor,
    EventType,
    Grdp,
    Kind,
    Organization,
    OrganizationState,
    OrganizationStateVersion,
    Origin,
    REPORTING_TZ,
    ReportingWindow,
    ReportStatus,
    Sector,
    Target,
    YearRating,
)
from hoptac.registry.interchange.report_rows import RATINGS, ReportReader, macro_values
from hoptac.registry.signals import announce_change

SECTORS = tuple(Sector.values)
DEFAULT_VSIC_VERSION = Organization._meta.get_field("vsic_version").default
FIRST_YEAR = 1900
REBUILD_CHUNK = 2000  # organisations per rebuild_states call (keeps IN lists short for SQLite)
# Stands in for a unit already reported as wrong, so the lifecycle check does not report it again.
ANY_UNIT = UnitRef(pk=None, code="?", name="?", regime="", valid_from=None, valid_to=None)
# Events each optional column belongs to.
ONLY_FOR = {"unit": EventType.RELOCATED, "sector": EventType.RECLASSIFIED, "name": EventType.RENAMED}
VSIC = re.compile(r"^[0-9]{4}$")
ORIGINS = tuple(Origin.values)
# The register's tables an import inserts into: their row-blind insert triggers (the change stamp)
# fire once for the import, not once per row (core.inserts.insert_triggers_once).
WRITTEN = (Organization, Event, EventSuccessor, OrganizationState, OrganizationStateVersion, AnnualReport,
           YearRating, Grdp, Target, ReportingWindow)


def _count(n):
    """A count with the active language's grouping (40.000 in Vietnamese, 40,000 in English)."""
    return number_format(n, force_grouping=True)


@dataclass
class ImportResult:
    """What an import wrote."""

    source: str
    organizations: int = 0
    events: int = 0
    annual_reports: int = 0
    macro: int = 0
    targets: int = 0
    windows: int = 0
    directives: dict = field(default_factory=dict)  # rows of the files of extensions (documents, tasks, …)

    def counts(self):
        """``{file: rows written}`` for every file of the format, the extensions' files included."""
        return {"organizations": self.organizations, "events": self.events, "annual_reports": self.annual_reports,
                "macro": self.macro, "targets": self.targets, "windows": self.windows, **self.directives}

    def summary(self):
        text = _(
            "imported %(orgs)s organisations, %(events)s events, %(reports)s annual reports, "
            "%(macro)s GRDP figures and %(targets)s targets from %(source)s"
        ) % {
            "orgs": _count(self.organizations), "events": _count(self.events),
            "reports": _count(self.annual_reports), "macro": _count(self.macro),
            "targets": _count(self.targets), "source": self.source,
        }
        return text + extensions.summary(self.directives)


@dataclass
class OrgRecord:
    row: object
    code: str
    kind: str
    name: str
    unit: object
    sector: str
    established_on: object
    details: dict
    origin: str = ""
    recorded_at: object = None  # None: the import's moment


@dataclass
class EventRecord:
    row: object
    org_code: str
    step: Step
    document: str
    note: str
    recorded_at: object = None


@dataclass
class Existing:
    """An organisation already in the register."""

    pk: int
    established_on: object
    kind: str = ""
    history: list = field(default_factory=list)  # its Steps, loaded only when the input adds events


class Importer:
    def __init__(self, tables, *, source, by=None, labels=None, problems=(), today=None, channel=Channel.IMPORT):
        self._arguments = (tables, {"source": source, "by": by, "labels": labels, "problems": problems, "today": today,
                                    "channel": channel})
        self.channel = channel
        self.tables = tables
        self.source = source
        self.by = by
        self.labels = labels or {}
        self.problems = list(problems)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.orgs = {}  # code -> OrgRecord (from the input)
        self.events = []
        self.reports, self.grdp, self.targets, self.windows, self.ratings = [], [], [], [], []
        self.stage = None  # the annual reports' rows in SQL (ReportStage)
        self.columns = {}  # table -> the columns its rows have

    def label(self, table):
        return self.labels.get(table, f"{table}.csv")

    def rows(self, table):
        if not self._header(table):
            return iter(())
        return iter_rows(table, self.tables.get(table) or [], self.label(table), self.problems)

    def _header(self, table):
        """Check the columns of ``table``'s rows; False when a required one is missing (nothing to read)."""
        spec = TABLES[table]
        rows = self.tables.get(table) or []
        if isinstance(rows, Records):
            seen = rows.columns()  # without making a dict of each row
        else:
            seen = set()
            for raw in rows:
                seen.update(raw)
            seen.discard(EXTRA)
        self.columns[table] = seen
        known = (*spec.columns, RECORDED_AT) if table in RECORDED_TABLES else spec.columns
        for column in sorted(seen - set(known)):
            self.problems.append(Problem(self.label(table), 1, column, column,
                                         _("unknown column (expected %(columns)s)") % {"columns": ", ".join(known)}))
        missing = [c for c in spec.columns if c in spec.required and c not in seen]
        if rows and missing:
            for column in missing:
                self.problems.append(Problem(self.label(table), 1, column, "", _("required column missing from the header")))
            self.unusable.add(table)
            return False
        return True

    def run(self):
        """Check, then write everything or nothing.

        Two imports may check the same new codes at once (PostgreSQL lets both
        read before either writes): the second to write then breaks a unique
        constraint. Its transaction is rolled back and the input is checked again
        against what the first one saved, which names the rows at fault.
        """
        try:
            return self._run()
        except IntegrityError:
            pass
        tables, options = self._arguments
        try:
            return Importer(tables, **options)._run()
        except IntegrityError:
            raise ImportRejected([Problem(self.source, 0, "", "", _(
                "other changes saved the same records while this import was being checked; nothing was "
                "changed: run the import again"))]) from None

    def _run(self):
        unknown = sorted(set(self.tables) - set(TABLES))
        if unknown:
            raise ValueError(f"unknown tables {unknown}; the interchange tables are {list(TABLES)}")
        self.unusable = set()
        with transaction.atomic(), bulk_load():
            self.units = UnitIndex.load()
            self.existing = {
                code: Existing(pk, established_on, kind)
                for code, pk, established_on, kind in Organization.objects.values_list(
                    "code", "pk", "established_on", "kind")
            }
            self.sequences = {}
            self.check_organizations()
            self.check_events()
            self.check_lifecycles()
            self.check_successors()
            self.check_reports()
            self.check_macro()
            self.check_targets()
            self.check_windows()
            self.parts = [part(self) for part in extensions.PARTS]
            for part in self.parts:
                part.check()
            if self.problems:
                order = {t: i for i, t in enumerate(TABLES)}
                labels = {self.label(t): order[t] for t in TABLES}
                self.problems.sort(key=lambda p: (labels.get(p.file, -1), p.row))
                raise ImportRejected(self.problems)
            with insert_triggers_once(*WRITTEN):
                return self.write()

    # -- organizations ---------------------------------------------------
    def check_organizations(self):
        kinds = tuple(Kind.values)
        kind_hint = _("unknown kind (use %(kinds)s)") % {"kinds": ", ".join(kinds)}
        sector_hint = _("unknown sector (use %(sectors)s, or leave empty)") % {"sectors": ", ".join(SECTORS)}
        origin_hint = _("unknown origin (use %(origins)s, or leave empty for new)") % {"origins": ", ".join(ORIGINS)}
        for row in self.rows("organizations"):
            code = row.get("code", required=True, max_length=40)
            kind = row.get("kind", required=True, choices=kinds, hint=kind_hint)
            name = row.get("name", required=True, max_length=255)
            established_on = row.get("established_on", parse_date, required=True)
            if established_on:
                unit = row.get("unit", lambda v: self.units.resolve(v, established_on), required=True)
            else:
                unit = row.get("unit", required=True) and None
            sector = row.get("sector", choices=SECTORS, hint=sector_hint)
            details = {
                "address": row.get("address", max_length=300) or "",
                "phone": row.get("phone", max_length=40) or "",
                "email": row.email("email"),
                "representative": row.get("representative", max_length=120) or "",
                # v2 identity (SPEC §4 v2)
                "legacy_number": row.get("legacy_number", max_length=40) or "",
                "registered_by": row.get("registered_by", max_length=200) or "",
                "vsic": row.get("vsic", self._vsic) or "",
                "vsic_version": row.get("vsic_version", max_length=8) or DEFAULT_VSIC_VERSION,
                "public_contact": row.get("public_contact", parse_flag) or False,
            }
            origin = row.get("origin", choices=ORIGINS, hint=origin_hint) or ""
            recorded_at = self._recorded_at(row, established_on)
            if not code:
                continue
            if code in self.orgs:
                row.fail("code", code, _("this code is already used in row %(row)d") % {"row": self.orgs[code].row.number})
            elif code in self.existing:
                row.fail("code", code, _("an organisation with this code is already in the register"))
            else:
                self.orgs[code] = OrgRecord(row, code, kind, name, unit, sector or "", established_on, details, origin,
                                            recorded_at)

    def _recorded_at(self, row, date):
        """The row's ``recorded_at`` (None: the import's moment); what it records must be dated by then."""
        cell = row.raw.get(RECORDED_AT)
        if cell is None or cell == "":  # no such column, or an empty cell (most rows): the import's moment
            return None
        recorded_at = row.get(RECORDED_AT, lambda v: parse_recorded_at(v, self.now))
        if recorded_at is not None and date and date > recorded_at.astimezone(REPORTING_TZ).date():
            row.fail(RECORDED_AT, row.value(RECORDED_AT), _(
                "recorded before the date it records (%(date)s): nothing is recorded ahead of its date")
                % {"date": date.strftime("%d/%m/%Y")})
            return None
        return recorded_at

    @staticmethod
    def _vsic(value):
        raw = text(value)
        if not VSIC.match(raw):
            raise Invalid(_("a VSIC code is four digits, for example 0118"))
        return raw

    # -- events ----------------------------------------------------------
    def check_events(self):
        types = tuple(t for t in EventType.values if t != EventType.ESTABLISHED)
        sector_hint = _("unknown sector (use %(sectors)s)") % {"sectors": ", ".join(SECTORS)}
        for row in self.rows("events"):
            org_code = row.get("org_code", required=True)
            date = row.get("date", parse_date, required=True)
            kind = row.get("type", required=True)
            if kind == EventType.ESTABLISHED:
                row.fail("type", kind, _("the establishment comes from organizations (established_on), not from events"))
                kind = None
            elif kind and kind not in types:
                row.fail("type", kind, _("unknown event type (use %(types)s)") % {"types": ", ".join(types)})
                kind = None
            for column, owner in ONLY_FOR.items():
                if kind and kind != owner and not is_empty(row.value(column)):
                    row.fail(column, row.value(column), _("only used with %(type)s events") % {"type": owner})
            unit = None
            if kind == EventType.RELOCATED and date and not is_empty(row.value("unit")):
                unit = row.get("unit", lambda v: self.units.resolve(v, date)) or ANY_UNIT
            sector = ""
            if kind == EventType.RECLASSIFIED and not is_empty(row.value("sector")):
                sector = row.get("sector", choices=SECTORS, hint=sector_hint) or SECTORS[-1]
            name = (row.get("name", max_length=255) or "") if kind == EventType.RENAMED else ""
            until = row.get("until", parse_date)
            successors = self._successors(row)
            document = row.get("document", max_length=120) or ""
            note = row.get("note") or ""
            recorded_at = self._recorded_at(row, date)
            org = self.orgs.get(org_code)
            if recorded_at is not None and org is not None and recorded_at < (org.recorded_at or self.now):
                row.fail(RECORDED_AT, row.value(RECORDED_AT), _(
                    "recorded before its organisation was (organizations row %(row)d): an event is recorded "
                    "on or after its organisation") % {"row": org.row.number})
            if org_code and org_code not in self.orgs and org_code not in self.existing:
                if "organizations" not in self.unusable:
                    row.fail("org_code", org_code, _("no organisation with this code in organizations or in the register"))
                continue
            if org_code and date and kind:
                self.events.append(EventRecord(row, org_code, Step(kind, date, unit, sector, name, until, successors),
                                               document, note, recorded_at))

    @staticmethod
    def _successors(row):
        """The ``successors`` cell: codes separated by ``;``, in the record's order."""
        raw = row.get("successors")
        if raw is None:
            return ()
        codes = tuple(c.strip() for c in raw.split(";"))
        if not all(codes):
            row.fail("successors", raw, _("an empty code between two ';' (write codes separated by ';')"))
            return ()
        return codes

    def _load_histories(self, codes):
        """The non-voided events of organisations already in the register, in application order."""
        by_pk = {self.existing[c].pk: self.existing[c] for c in codes}
        pks = list(by_pk)
        for start in range(0, len(pks), 500):
            rows = (
                Event.objects.filter(organization_id__in=pks[start:start + 500], voided_at__isnull=True)
                .order_by("organization_id", "date", "id")
                .values_list("organization_id", "type", "date", "unit_id", "sector", "name", "until")
            )
            for org_id, kind, date, unit_id, sector, name, until in rows:
                unit = self.units.by_pk.get(unit_id) if unit_id else None
                by_pk[org_id].history.append(Step(kind, date, unit, sector, name, until))

    def check_lifecycles(self):
        """Every touched organisation's whole history through lifecycle.check_sequence."""
        by_org = defaultdict(list)
        for event in self.events:
            by_org[event.org_code].append(event)
        self._load_histories({c for c in by_org if c not in self.orgs})
        for code in set(self.orgs) | set(by_org):
            org = self.orgs.get(code)
            sequence = []
            if org is not None:
                known = org.established_on is not None
                date = org.established_on if known else datetime.date.min
                sequence.append((Step(EventType.ESTABLISHED, date, org.unit, org.sector, org.name or ""), org if known else None))
            else:
                sequence.extend((step, "existing") for step in self.existing[code].history)
            sequence.extend((event.step, event) for event in by_org.get(code, ()))
            sequence.sort(key=lambda pair: pair[0].date)  # stable: same-day events keep their order
            self.sequences[code] = [step for step, _origin in sequence]
            if len(sequence) == 1 and org is not None and org.established_on and org.established_on <= self.today:
                continue  # a lone establishment in the past breaks no rule
            for violation in check_sequence(self.sequences[code], today=self.today):
                self._report(violation, sequence)

    def check_successors(self):
        """The successors each reorganising event names: in the input or in the register, and fit (SPEC §2 v2)."""
        named = [e for e in self.events if e.step.successors]
        in_register = defaultdict(set)
        for event in named:
            in_register[event.step.date].update(c for c in event.step.successors if c not in self.orgs)
        found_in_register = {date: successors_in_register(codes, date) for date, codes in in_register.items()}
        for event in named:
            step = event.step
            if any(c in self.orgs and self.orgs[c].established_on is None for c in step.successors):
                continue  # a successor's own row is wrong, and reported
            found = {}
            for code in step.successors:
                org = self.orgs.get(code)
                if org is None:
                    facts = found_in_register[step.date].get(code)
                    if facts is not None and code in self.sequences:  # its history changes with this import
                        facts = Successor(code, facts.kind, facts.established_on, facts.origin,
                                          self._exists(code, step.date))
                    if facts is not None:
                        found[code] = facts
                elif org.established_on is not None:
                    found[code] = Successor(code, org.kind, org.established_on, org.origin, self._exists(code, step.date))
            predecessor = self.orgs.get(event.org_code)
            kind = predecessor.kind if predecessor else self.existing[event.org_code].kind
            for message in successor_problems(event.org_code, kind, step, found):
                if "organizations" in self.unusable:
                    break
                event.row.fail("successors", event.row.value("successors"), message)

    def _exists(self, code, date):
        status = status_on(self.sequences[code], date)
        return status is not None and status not in GONE_STATUSES

    def _report(self, violation, sequence):
        step, origin = sequence[violation.index]
        if origin is None:
            return  # the establishment date is itself invalid, already reported
        if isinstance(origin, OrgRecord):
            if violation.field == "type" and violation.index > 0:
                return  # "must be the first event": the earlier events are reported themselves
            column = "established_on" if violation.field == "date" else violation.field
            origin.row.fail(column, origin.row.value(column), violation.message)
        elif isinstance(origin, EventRecord):
            origin.row.fail(violation.field, origin.row.value(violation.field), violation.message)
        else:
            # A recorded event is broken by what the input adds: blame the input's event just before it.
            before = [o for _, o in sequence[:violation.index] if isinstance(o, EventRecord)]
            after = [o for _, o in sequence[violation.index:] if isinstance(o, EventRecord)]
            culprit = (before or after)[-1 if before else 0]
            culprit.row.fail("type", culprit.row.value("type"),
                             _("with the events already in the register: %(rule)s") % {"rule": violation.message})

    # -- annual reports --------------------------------------------------
    def check_reports(self):
        """The reports as a set (:mod:`.staging`), and in Python the rows its screen does not pass."""
        table = self.tables.get("annual_reports") or []
        if not self._header("annual_reports") or not table:
            return
        self.stage = ReportStage(self.columns["annual_reports"], table, today=self.today)
        known = {code: (None, o.established_on and o.established_on.year) for code, o in self.orgs.items()}
        known.update((code, (e.pk, e.established_on and e.established_on.year)) for code, e in self.existing.items())
        label = self.label("annual_reports")
        rows = [Row("annual_reports", label, n, table[n - 2], self.problems) for n in self.stage.screen(known)]
        codes = {text(r.value("org_code")) for r in rows} & set(self.existing)
        recorded, rated = set(), set()  # (code, year) of the reports and ratings in the register
        pks = [self.existing[c].pk for c in codes]
        for start in range(0, len(pks), 500):
            recorded.update(AnnualReport.objects.filter(organization_id__in=pks[start:start + 500])
                            .values_list("organization__code", "year"))
            rated.update(YearRating.objects.filter(organization_id__in=pks[start:start + 500], superseded_at__isnull=True)
                         .values_list("organization__code", "year"))
        first_row = {}
        reader = ReportReader(self.columns.get("annual_reports", ()))
        rating_hint = _("unknown rating (use %(ratings)s, or leave empty)") % {"ratings": ", ".join(RATINGS)}
        for row in rows:
            code = row.get("org_code", required=True)
            year = row.get("year", parse_int, required=True)
            values = reader.values(row)
            rating = row.get("rating", choices=RATINGS, hint=rating_hint)
            if year is not None and not FIRST_YEAR <= year <= self.today.year:
                rule = _("in the future") if year > self.today.year else _("not a plausible year")
                row.fail("year", year, rule)
                year = None
            org = self.orgs.get(code) or self.existing.get(code)
            if code and org is None:
                if "organizations" not in self.unusable:
                    row.fail("org_code", code, _("no organisation with this code in organizations or in the register"))
                continue
            recorded_at = self._recorded_at(row, None)
            submitted = values["first_submitted_at"]
            if recorded_at is not None and submitted is not None and submitted > recorded_at:
                row.fail("submitted_at", row.value("submitted_at"), _(
                    "after the report was recorded (recorded_at): a report is submitted before it is recorded"))
            if code is None or year is None:
                continue
            reader.check(row, values, year)
            if org.established_on and year < org.established_on.year:
                row.fail("year", year, _("before the organisation was established (%(date)s)")
                         % {"date": org.established_on.strftime("%d/%m/%Y")})
            elif (code, year) in first_row:
                row.fail("year", year, _("a second report for this organisation and year (the first is in row %(row)d)")
                         % {"row": first_row[code, year]})
            elif (code, year) in recorded:
                row.fail("year", year, _("a report for this organisation and year is already in the register"))
            elif rating and (code, year) in rated:
                row.fail("rating", rating, _("this organisation is already rated for this year in the register; "
                                             "change the rating in the back office"))
            else:
                first_row[code, year] = row.number
                values["recorded_at"] = recorded_at  # values is the row's own dict
                self.reports.append((row.number, code, year, values))
                if rating:
                    self.ratings.append((code, year, rating, recorded_at))

    # -- macro and targets -----------------------------------------------
    def _unit_year(self, row, max_year, on=None):
        """The row's unit (resolved ``on`` that date, by default 31 December of the year) and year."""
        year = row.get("year", parse_int, required=True)
        if year is not None and not FIRST_YEAR <= year <= max_year:
            row.fail("year", year, _("in the future") if year > max_year else _("not a plausible year"))
            year = None
        if year is None:
            row.get("unit", required=True)
            return None, None
        unit = row.get("unit", lambda v: self.units.resolve(v, on or datetime.date(year, 12, 31)), required=True)
        return unit, year

    def check_macro(self):
        seen = {(u, y): None for u, y in Grdp.objects.values_list("unit_id", "year")}
        for row in self.rows("macro"):
            unit, year = self._unit_year(row, self.today.year)
            figures = macro_values(row)
            recorded_at = self._recorded_at(row, None)
            if unit is None:
                continue
            key = (unit.pk, year)
            if key in seen:
                where = _("row %(row)d") % {"row": seen[key]} if seen[key] else _("the register")
                row.fail("year", year, _("GRDP of this unit and year is already in %(where)s") % {"where": where})
            else:
                seen[key] = row.number
            if row.ok:
                self.grdp.append(Grdp(unit_id=unit.pk, year=year, recorded_at=recorded_at or self.now, **figures))

    def check_targets(self):
        seen = {k: None for k in Target.objects.values_list("indicator", "unit_id", "year")}
        ops = tuple(Comparator.values)
        for row in self.rows("targets"):
            indicator = row.get("indicator", required=True, choices=INDICATOR_CODES,
                                hint=_("unknown indicator code (see SPEC §3, e.g. htx.active)"))
            set_on = row.get("set_on", parse_date)
            territory_of = row.get("territory_of", parse_date)
            if set_on and set_on > self.today:
                row.fail("set_on", set_on, _("in the future"))
            # The unit is the one the target was set for: as it was on territory_of (default set_on).
            unit, year = self._unit_year(row, 2100, on=territory_of or set_on)
            op = row.get("op", required=True, choices=ops, hint=_("unknown comparator (use %(ops)s)") % {"ops": " ".join(ops)})
            value = row.get("value", parse_decimal, required=True)
            source = row.get("source", max_length=255) or ""
            recorded_at = self._recorded_at(row, set_on)
            if unit is None or indicator is None:
                continue
            key = (indicator, unit.pk, year)
            if key in seen:
                where = _("row %(row)d") % {"row": seen[key]} if seen[key] else _("the register")
                row.fail("year", year, _("a target for this indicator, unit and year is already in %(where)s") % {"where": where})
            else:
                seen[key] = row.number
            if row.ok:
                self.targets.append(Target(indicator=indicator, unit_id=unit.pk, year=year, op=op, value=value, source=source,
                                           set_on=set_on, territory_of=territory_of, recorded_at=recorded_at or self.now))

    def check_windows(self):
        """Reporting windows (SPEC §4 v2): one per year, the deadline on or after the opening day."""
        seen = {y: None for y in ReportingWindow.objects.values_list("year", flat=True)}
        for row in self.rows("windows"):
            year = row.get("year", parse_int, required=True)
            opens_on = row.get("opens_on", parse_date, required=True)
            deadline = row.get("deadline", parse_date, required=True)
            if year is not None and not FIRST_YEAR <= year <= 2100:
                row.fail("year", year, _("not a plausible year"))
                year = None
            if opens_on and deadline and deadline < opens_on:
                row.fail("deadline", deadline, _("before the window opens (%(date)s)") % {"date": opens_on.strftime("%d/%m/%Y")})
            recorded_at = self._recorded_at(row, None)
            if year is None:
                continue
            if year in seen:
                where = _("row %(row)d") % {"row": seen[year]} if seen[year] else _("the register")
                row.fail("year", year, _("a reporting window for this year is already in %(where)s") % {"where": where})
            else:
                seen[year] = row.number
            if row.ok:
                self.windows.append(ReportingWindow(year=year, opens_on=opens_on, deadline=deadline, recorded_by=self.by,
                                                    recorded_at=recorded_at or self.now))

    # -- writing ---------------------------------------------------------
    def write(self):
        by = self.by.pk if self.by is not None else None
        # A recording moment from the file (SPEC §4), prepared as the ORM would; None keeps the import's moment.
        moment = Event._meta.get_field("recorded_at")

        def recorded(value, key="recorded_at"):
            return {} if value is None else {key: moment.get_db_prep_save(value, connection)}

        # A new organisation's states come from its history as checked (self.sequences, the order
        # the events are written in): its row is written with its current state, and, when all its
        # events are recorded at the import's moment (no recorded_at in the file), its state rows and
        # versions without reading its events back. The others go through rebuild_states.
        spans = {code: intervals(self.sequences[code]) for code in self.orgs}
        Inserter(Organization).insert([
            {"code": o.code, "kind": o.kind, "name": str(spans[o.code][-1][4]),
             "unit_id": spans[o.code][-1][2].pk, "sector": str(spans[o.code][-1][3]), "established_on": o.established_on,
             "status": str(spans[o.code][-1][1]), **o.details, **recorded(o.recorded_at, "created_at")}
            for o in self.orgs.values()
        ])
        # The ids of the new rows: one query over the table (an IN list of 40,000 codes is slower, and too long for SQLite).
        ids = dict(Organization.objects.values_list("code", "pk")) if self.orgs else {}
        ids.update((code, e.pk) for code, e in self.existing.items())
        # Same-day events apply in order of id: establishments first, then the input's events in file order.
        events = [
            {"organization_id": ids[o.code], "type": EventType.ESTABLISHED, "date": o.established_on,
             "unit_id": o.unit.pk, "sector": o.sector, "name": o.name, "origin": o.origin, "recorded_by_id": by,
             **recorded(o.recorded_at)}
            for o in self.orgs.values()
        ]
        events += [
            {"organization_id": ids[e.org_code], "type": e.step.type, "date": e.step.date,
             "unit_id": e.step.unit.pk if e.step.unit else None, "sector": e.step.sector, "name": e.step.name,
             "document": e.document, "note": e.note, "until": e.step.until, "recorded_by_id": by,
             **recorded(e.recorded_at)}
            for e in self.events
        ]
        last_id = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        writer = Inserter(Event)
        writer.insert(events)
        self._write_successors(ids, last_id)
        at_other_moments = {o.code for o in self.orgs.values() if o.recorded_at is not None}
        at_other_moments.update(e.org_code for e in self.events if e.recorded_at is not None)
        insert_new_states([(ids[code], o.kind, spans[code]) for code, o in self.orgs.items()
                           if code not in at_other_moments], writer.now)
        touched = sorted({ids[e.org_code] for e in self.events if e.org_code not in self.orgs}
                         | {ids[code] for code in at_other_moments if code in self.orgs})
        for start in range(0, len(touched), REBUILD_CHUNK):
            rebuild_states(touched[start:start + REBUILD_CHUNK])
        reports = 0
        if self.stage is not None:
            # Created and approved when recorded (recorded_at), else at the import's moment.
            self.stage.accept(self.reports, lambda value: moment.get_db_prep_save(value, connection))
            reports = self.stage.insert(Inserter(AnnualReport), {
                "revision": 1, "status": ReportStatus.APPROVED.value, "in_force": True, "created_by_id": by,
                "approved_by_id": by})
        if self.ratings:
            YearRating.objects.bulk_create(
                YearRating(organization_id=ids[code], year=year, rating=rating, recorded_by_id=by,
                           recorded_at=recorded_at or self.now)
                for code, year, rating, recorded_at in self.ratings)
        Grdp.objects.bulk_create(self.grdp)
        Target.objects.bulk_create(self.targets)
        ReportingWindow.objects.bulk_create(self.windows)
        for part in self.parts:
            part.write(ids)
        result = ImportResult(self.source, len(self.orgs), len(self.events), reports, len(self.grdp), len(self.targets),
                              len(self.windows), {k: v for part in self.parts for k, v in part.counts.items()})
        self._audit(result)
        return result

    def _write_successors(self, ids, last_id):
        """Link the reorganising events just written to their successors, in the record's order."""
        named = [e for e in self.events if e.step.successors]
        if not named:
            return
        written = defaultdict(list)  # (organisation, type, date) -> ids of this import's events, in file order
        for pk, org_id, kind, date in Event.objects.filter(
                id__gt=last_id, organization_id__in={ids[e.org_code] for e in named},
                type__in={e.step.type for e in named}).order_by("id").values_list("id", "organization_id", "type", "date"):
            written[org_id, kind, date].append(pk)
        links = []
        for e in named:
            event_id = written[ids[e.org_code], e.step.type, e.step.date].pop(0)
            links += [EventSuccessor(event_id=event_id, organization_id=ids[code], position=i)
                      for i, code in enumerate(e.step.successors)]
        EventSuccessor.objects.bulk_create(links)

    def _audit(self, result):
        audit.record("registry.import", Organization, after=result.counts(), note=result.summary()[:2000], user=self.by,
                     channel=self.channel)
        # Reports, GRDP and targets change figures too: tell listeners (the portal cache) after commit.
        announce_change((), reason="import")
