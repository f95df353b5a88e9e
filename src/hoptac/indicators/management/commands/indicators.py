"""hoptac indicators: the indicators of SPEC §3 for a unit on a date or over years."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from hoptac.geo.names import name_on
from hoptac.indicators import formatting, labels
from hoptac.indicators.engine import IndicatorInputError, check_moment, compute_for_code, series_for_code
from hoptac.indicators.management.commands._output import write_csv, write_json, write_table


class Command(BaseCommand):
    # Read-only: skip the system checks (they import every URL conf and cost a second).
    requires_system_checks = []
    help = "Compute the indicators of a unit on a date (--date) or on 31 December of each year (--years A-B)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code as on the date (e.g. 31), or VN for the whole country")
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--date", help="YYYY-MM-DD")
        when.add_argument("--years", help="A-B, e.g. 2001-2025")
        parser.add_argument("--since", help="period start, YYYY-MM-DD (default: 1 January of the date's year)")
        parser.add_argument("--baseline-year", help="year B for the *_vs_baseline indicators")
        parser.add_argument("--territory-of", help="YYYY-MM-DD: count on the unit's territory as it was on this date "
                                                   "(the code is resolved on it)")
        parser.add_argument("--as-recorded", help="a moment R: the answer the register gave at R (YYYY-MM-DD for the "
                                                  "end of that day in Việt Nam, or YYYY-MM-DDTHH:MM[:SS][+07:00])")
        parser.add_argument("--format", choices=["json", "csv", "table"], default="json")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the table labels")

    def handle(self, *args, **opts):
        try:
            opts["as_recorded"] = check_moment(opts["as_recorded"])
            if opts["years"]:
                if opts["since"]:
                    raise IndicatorInputError("--since applies to --date only (a series starts each year on 1 January)")
                if opts["format"] == "table":
                    raise IndicatorInputError("--format table applies to --date only; use json or csv for --years")
                unit, points = series_for_code(
                    opts["unit"], opts["years"], opts["baseline_year"], opts["territory_of"], opts["as_recorded"]
                )
                self._series(unit, points, opts)
            else:
                unit, date, since, values = compute_for_code(
                    opts["unit"], opts["date"], opts["since"], opts["baseline_year"], opts["territory_of"],
                    opts["as_recorded"]
                )
                self._single(unit, date, since, values, opts)
        except IndicatorInputError as exc:
            raise CommandError(str(exc)) from None

    def _single(self, unit, date, since, values, opts):
        baseline = int(opts["baseline_year"]) if opts["baseline_year"] else None
        fmt = opts["format"]
        if fmt == "json":
            write_json(self.stdout, formatting.payload(unit, date, since, baseline, values, opts["territory_of"],
                                                       opts["as_recorded"]))
        elif fmt == "csv":
            write_csv(self.stdout, ["code", "value"], [(c, v) for c, v in formatting.flat(values)])
        else:
            lang = opts["lang"]
            with override(lang):
                title = f"{name_on(unit, date)} ({unit.code}) — {date:%d/%m/%Y}, {since:%d/%m/%Y}–{date:%d/%m/%Y}"
                if baseline:
                    title += f", {baseline}"
                if opts["territory_of"]:
                    title += ", " + formatting.territory_text(unit, opts["territory_of"])
                if opts["as_recorded"]:
                    title += ", " + formatting.vintage_text(opts["as_recorded"])
                self.stdout.write(title + "\n")
                rows = []
                for code, value in formatting.flat(values):
                    if code.startswith("htx.by_sector.") and not value:
                        continue
                    rows.append((labels.label(code), formatting.format_value(code, value, lang), code))
                header = ["Chỉ tiêu", "Giá trị", "Mã"] if lang == "vi" else ["Indicator", "Value", "Code"]
                write_table(self.stdout, header, rows, right={1})

    def _series(self, unit, points, opts):
        baseline = int(opts["baseline_year"]) if opts["baseline_year"] else None
        if opts["format"] == "json":
            write_json(self.stdout, formatting.series_payload(unit, baseline, points, opts["territory_of"],
                                                              opts["as_recorded"]))
            return
        codes = [c for c, _ in formatting.flat(points[0]["values"])] if points else []
        rows = []
        for p in points:
            rows.append([p["date"].isoformat(), p["since"].isoformat(),
                         *(v for _, v in formatting.flat(p["values"]))])
        write_csv(self.stdout, ["date", "since", *codes], rows)
