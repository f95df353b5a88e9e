"""hoptac quality: the data-quality findings of a unit for a year."""

from django.core.management.base import BaseCommand, CommandError

from hoptac.indicators.engine import IndicatorInputError, parse_year, resolve_unit, year_end
from hoptac.indicators.management.commands._output import write_json, write_table
from hoptac.indicators.quality import quality_findings


class Command(BaseCommand):
    # Read-only: skip the system checks (they import every URL conf and cost a second).
    requires_system_checks = []
    help = "List data-quality findings (with the organisations concerned) for a unit and a year."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code as on 31 December of the year, or VN")
        parser.add_argument("--year", required=True)
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **opts):
        try:
            year = parse_year(opts["year"], "year")
            unit = resolve_unit(opts["unit"], year_end(year))
        except IndicatorInputError as exc:
            raise CommandError(str(exc)) from None
        findings = quality_findings(unit, year)
        if opts["format"] == "json":
            write_json(self.stdout, {
                "unit": {"code": unit.code, "name": unit.name}, "year": year,
                "findings": [{"code": f.code, "title": f.title, "detail": f.detail,
                              "count": len(f.organizations), "organizations": f.organizations} for f in findings],
            })
            return
        self.stdout.write(f"{unit.name} ({unit.code}) — {year}\n")
        for f in findings:
            self.stdout.write(f"\n[{f.code}] {f.title}: {f.detail}\n")
            if f.organizations:
                keys = [k for k in f.organizations[0] if k != "name"] + ["name"]
                write_table(self.stdout, keys, [[str(o.get(k, "")) for k in keys] for o in f.organizations])
