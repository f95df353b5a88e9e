"""``hoptac vintages``: the indicators of a unit on a date as recorded at two moments, and what differs."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from hoptac.reports.data import ReportError
from hoptac.indicators.engine import IndicatorInputError, parse_date, parse_moment, parse_year
from hoptac.reports.revision_display import figure_label, moment_text, value_text
from hoptac.reports.revisions import compare_vintages


class Command(BaseCommand):
    help = ("List every indicator of a unit on a date (and of its units one level down) that differs between "
            "the register as recorded at two moments.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. 31 for Hải Phòng")
        parser.add_argument("--date", required=True, help="the date the figures are for (YYYY-MM-DD)")
        parser.add_argument("--from", dest="first", required=True,
                            help="first moment: YYYY-MM-DD[THH:MM[+07:00]] or dd/mm/yyyy [hh:mm] (Hải Phòng time)")
        parser.add_argument("--to", dest="second", required=True, help="second moment, written the same way")
        parser.add_argument("--since", help="start of the period (YYYY-MM-DD); default 1 January of the date's year")
        parser.add_argument("--baseline-year", help="year to compare revenue and income with, e.g. 2001")
        parser.add_argument("--format", default="table", choices=("table", "json"))
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the table")

    def handle(self, *args, **options):
        with override(options["lang"]):
            self._handle(options)

    def _handle(self, options):
        try:
            date = parse_date(options["date"], "date")
            since = parse_date(options["since"], "period start") if options["since"] else None
            baseline = parse_year(options["baseline_year"])
            first, second = parse_moment(options["first"]), parse_moment(options["second"])
        except IndicatorInputError as exc:
            raise CommandError(str(exc)) from None
        try:
            comparison = compare_vintages(options["unit"], date, first, second, since=since, baseline_year=baseline)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(comparison.as_json(), ensure_ascii=False, indent=2))
            return
        unit = comparison.unit
        self.stdout.write(_("%(unit)s (%(code)s), %(date)s: figures as recorded at %(first)s and at %(second)s") % {
            "unit": comparison.unit_name, "code": unit.code, "date": f"{date:%d/%m/%Y}",
            "first": moment_text(first), "second": moment_text(second)})
        if not comparison.changes:
            self.stdout.write(_("the %(n)s figures are the same at both moments") % {"n": comparison.compared})
            return
        rows = [(figure_label(key, comparison.names), value_text(a), value_text(b)) for key, a, b in comparison.changes]
        width = max(len(label) for label, _a, _b in rows)
        for label, before, after in rows:
            self.stdout.write(f"  {label:<{width}}  {before:>10}  →  {after}")
        self.stdout.write(_("%(n)s of %(total)s figures differ") % {"n": len(comparison.changes),
                                                                     "total": comparison.compared})
