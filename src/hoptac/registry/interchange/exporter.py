"""Exporting the register in the interchange format.

The output is deterministic, so that export → import into an empty database →
export gives identical files: rows in a fixed order, numbers written in one
canonical form, and (for workbooks) fixed timestamps inside the file.
Voided events are not exported: the format has no place for them.
"""

import csv
import datetime
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Min
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hoptac.core import spreadsheets
from hoptac.geo.models import Unit
from hoptac.registry.interchange import extensions
from hoptac.registry.interchange.problems import ReadError
from hoptac.registry.interchange.schema import TABLES, format_moment, format_number
from hoptac.registry.models import (
    AnnualReport, Event, EventSuccessor, EventType, Grdp, Organization, ReportingWindow, Target, YearRating,
)
from hoptac.registry.report_checks import V2_FIELDS

# Workbook properties and zip entries carry this instead of "now" (byte-identical exports).
FIXED_TIME = datetime.datetime(2001, 1, 1)
DEFAULT_VSIC_VERSION = Organization._meta.get_field("vsic_version").default


def _count(n):
    return number_format(n, force_grouping=True)


def _blank(value):
    return None if value == "" else value


def export_tables():
    """``{table: [row, …]}`` with typed cells (str, int, Decimal, date or None), in export order."""
    units = dict(Unit.objects.values_list("pk", "code"))
    established = {
        org_id: (unit_id, name, sector, origin)
        for org_id, unit_id, name, sector, origin in Event.objects.filter(
            type=EventType.ESTABLISHED, voided_at__isnull=True)
        .values_list("organization_id", "unit_id", "name", "sector", "origin")
    }
    organizations = []
    for pk, code, kind, established_on, *details, legacy, registered_by, vsic, version, public in (
        Organization.objects.order_by("code").values_list(
            "pk", "code", "kind", "established_on", "address", "phone", "email", "representative",
            "legacy_number", "registered_by", "vsic", "vsic_version", "public_contact")
    ):
        unit_id, name, sector, origin = established[pk]
        # The default version is written only beside a VSIC code (a v1 row stays without it).
        version = None if version in ("", DEFAULT_VSIC_VERSION) and not vsic else version
        organizations.append(
            [code, kind, name, units[unit_id], _blank(sector), established_on, *map(_blank, details),
             _blank(legacy), _blank(registered_by), _blank(vsic), version, _blank(origin), int(public)]
        )
    successors = {}
    for event_id, code in EventSuccessor.objects.order_by("event_id", "position").values_list(
            "event_id", "organization__code"):
        successors.setdefault(event_id, []).append(code)
    events = [
        [code, date, kind, units.get(unit_id), _blank(sector), _blank(name), _blank(document), _blank(note),
         until, ";".join(successors[pk]) if pk in successors else None]
        for pk, code, date, kind, unit_id, sector, name, document, note, until in Event.objects.filter(
            voided_at__isnull=True)
        .exclude(type=EventType.ESTABLISHED)
        .order_by("organization__code", "date", "id")
        .values_list("pk", "organization__code", "date", "type", "unit_id", "sector", "name", "document", "note",
                     "until")
    ]
    first_submitted = {
        (org_id, year): moment
        for org_id, year, moment in AnnualReport.objects.filter(first_submitted_at__isnull=False)
        .values_list("organization_id", "year").annotate(first=Min("first_submitted_at")).order_by()
    }
    ratings = dict(((org_id, year), rating) for org_id, year, rating in YearRating.objects.filter(
        superseded_at__isnull=True).values_list("organization_id", "year", "rating"))
    reports = [
        [*row[1:9], int(row[9]), _moment(first_submitted.get((row[0], row[2]))), *map(_answer, row[10:]),
         ratings.get((row[0], row[2]))]
        for row in AnnualReport.objects.filter(in_force=True)
        .order_by("organization__code", "year")
        .values_list("organization_id", "organization__code", "year", "members", "workers", "revenue", "profit",
                     "income", "value_added", "is_estimate", *V2_FIELDS)
    ]
    macro = [list(map(_blank, r)) for r in Grdp.objects.order_by("unit__code", "year").values_list(
        "unit__code", "year", *TABLES["macro"].columns[2:])]
    targets = [
        [indicator, unit, year, op, value, _blank(source), set_on, territory_of]
        for indicator, unit, year, op, value, source, set_on, territory_of in Target.objects.order_by(
            "year", "indicator", "unit__code")
        .values_list("indicator", "unit__code", "year", "op", "value", "source", "set_on", "territory_of")
    ]
    windows = [list(r) for r in ReportingWindow.objects.order_by("year").values_list("year", "opens_on", "deadline")]
    return {
        "organizations": organizations, "events": events, "annual_reports": reports,
        "macro": macro, "targets": targets, "windows": windows, **extensions.export_rows(),
    }


def _answer(value):
    """A yes/no answer as written in files: 1, 0, or empty when not answered."""
    return int(value) if isinstance(value, bool) else value


def _moment(value):
    return format_moment(value) if value is not None else None


def _canonical(value):
    """Decimals become int when whole, else a Decimal without trailing zeros."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


class CsvFolderWriter:
    """One UTF-8 CSV file per table (with a BOM, so that Excel shows Vietnamese correctly)."""

    def __init__(self, path):
        self.path = Path(path)

    def write(self, tables):
        if self.path.exists() and not self.path.is_dir():
            raise ReadError(_("%(path)s exists and is not a folder") % {"path": self.path})
        self.path.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            spec = TABLES[name]
            with (self.path / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
                # Text cells starting like a formula get one leading "'" (SPEC §4).
                writer = csv.writer(handle, lineterminator="\n")
                used = spec.used_columns(tables[name])
                writer.writerow([spec.columns[i] for i in used])
                writer.writerows(spreadsheets.csv_row([row[i] for i in used], format_number) for row in tables[name])


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry FIXED_TIME, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or Path(filename).name, handle.read())


class WorkbookWriter:
    """One XLSX workbook, a sheet per table, typed dates and numbers (openpyxl, write-only)."""

    def __init__(self, path):
        self.path = Path(path)

    def write(self, tables):
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter

        # Open the target first: write-only sheets left unsaved after a failed open
        # complain about their unfinished XML when they are collected.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # save_workbook() would stamp "modified" with the current time; ExcelWriter does not.
        with _FixedTimeZip(self.path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            workbook = Workbook(write_only=True)
            workbook.properties.creator = "hoptac"
            workbook.properties.created = workbook.properties.modified = FIXED_TIME
            for name in TABLES:
                spec = TABLES[name]
                sheet = workbook.create_sheet(name)
                used = spec.used_columns(tables[name])
                sheet.append([spec.columns[i] for i in used])
                for row in tables[name]:
                    # Text stays text: a name starting with "=" is not written as a formula.
                    sheet.append(spreadsheets.xlsx_row(sheet, [_canonical(row[i]) for i in used]))
            ExcelWriter(workbook, archive).save()


@dataclass
class ExportResult:
    path: str
    counts: dict

    def summary(self):
        c = self.counts
        return _(
            "exported %(orgs)s organisations, %(events)s events, %(reports)s annual reports, "
            "%(macro)s GRDP figures and %(targets)s targets to %(path)s"
        ) % {
            "orgs": _count(c["organizations"]), "events": _count(c["events"]), "reports": _count(c["annual_reports"]),
            "macro": _count(c["macro"]), "targets": _count(c["targets"]), "path": self.path,
        } + extensions.summary(c)


def export_path(path):
    """Write the register to ``path``: a workbook when it ends in ``.xlsx``, else a folder of CSV files."""
    path = Path(path)
    tables = export_tables()
    writer = WorkbookWriter(path) if path.suffix.lower() == ".xlsx" else CsvFolderWriter(path)
    writer.write(tables)
    return ExportResult(str(path), {name: len(rows) for name, rows in tables.items()})
