"""``hoptac vintages``: the indicators of a unit on a date as recorded at two moments, and what differs."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from hoptac.reports.data import ReportError
from hoptac.reports.revision_display import MomentError, read_moment
from hoptac.reports.revisions import compare_vintages


def _moment(text, name):
    try:
        return read_moment(text)
    except MomentError as exc:
        raise CommandError(f"{name}: {exc}") from None


def _date(text, name):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{name} {text!r} is not a date in the form YYYY-MM-DD") from None


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

    def handle(self, *args, **options):
        date = _date(options["date"], "date")
        since = _date(options["since"], "period start") if options["since"] else None
        baseline = None
        if options["baseline_year"]:
            if not options["baseline_year"].isdigit():
                raise CommandError(f"baseline year {options['baseline_year']!r} is not a year (e.g. 2001)")
            baseline = int(options["baseline_year"])
        first, second = _moment(options["first"], "--from"), _moment(options["second"], "--to")
        try:
            comparison = compare_vintages(options["unit"], date, first, second, since=since, baseline_year=baseline)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(comparison.as_json(), ensure_ascii=False, indent=2))
            return
        unit = comparison.unit
        self.stdout.write(f"{comparison.unit_name} ({unit.code}), {date:%d/%m/%Y}: as recorded at {first.isoformat()} "
                          f"and at {second.isoformat()}")
        if not comparison.changes:
            self.stdout.write(f"the {comparison.compared} figures are the same at both moments")
            return
        width = max(len(".".join(k)) for k, _a, _b in comparison.changes)
        for key, before, after in comparison.changes:
            self.stdout.write(f"  {'.'.join(key):<{width}}  {_text(before):>14}  →  {_text(after)}")
        self.stdout.write(f"{len(comparison.changes)} of {comparison.compared} figures differ")


def _text(value):
    return "—" if value is None else str(value)
