"""``hoptac report``: the review report of a unit for a year, as DOCX, PDF or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hoptac.core import numbers
from hoptac.indicators.engine import IndicatorInputError, parse_date, parse_moment, parse_year
from hoptac.reports.data import Issuer, ReportError
from hoptac.reports.revision_display import moment_text
from hoptac.reports.services import FORMATS, LANGUAGES, make_report


class Command(BaseCommand):
    help = "Write the review report of a unit for a year (Decree 30 layout) as DOCX, PDF or XLSX."
    # Reading the register needs no system check; skipping them keeps this command usable (and fast)
    # while an unrelated app reports a configuration problem.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. 31 for Hải Phòng")
        parser.add_argument("--year", required=True, help="year of the report; data as of 31 December")
        parser.add_argument("--since", help="start of the period (YYYY-MM-DD); default 1 January of the year")
        parser.add_argument("--baseline-year", help="year to compare revenue and income with, e.g. 2001")
        parser.add_argument("--territory-of", help="YYYY-MM-DD: the unit as it was on this date, on its territory then")
        parser.add_argument("--as-recorded", help="the register as it stood at this moment: ISO date-time "
                            "(2021-03-15T16:30+07:00) or dd/mm/yyyy [hh:mm], Vietnam time; default now")
        parser.add_argument("--format", required=True, help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--lang", default="vi", help="vi (default) or en")
        parser.add_argument("--issuer", help="issuing body, e.g. 'Sở Tài chính'")
        parser.add_argument("--issuer-parent", help="body above the issuer, e.g. 'UBND thành phố Hải Phòng'")
        parser.add_argument("--symbol", help="issuer's abbreviation in the number, e.g. STC")
        parser.add_argument("--place", help="place in the date line, e.g. Hải Phòng")

    def handle(self, *args, **options):
        fmt = options["format"].lower()
        if fmt not in FORMATS:
            raise CommandError(_("format “%(value)s” is not supported; use one of: %(choices)s")
                               % {"value": options["format"], "choices": ", ".join(FORMATS)})
        if options["lang"] not in LANGUAGES:
            raise CommandError(_("language “%(value)s” is not supported; use vi or en") % {"value": options["lang"]})
        output = Path(options["output"])
        if output.is_dir():
            raise CommandError(_("output %(output)s is a directory; give a file name, e.g. %(example)s")
                               % {"output": output, "example": output / ("report." + fmt)})
        if not output.parent.exists():
            raise CommandError(_("output folder %(folder)s does not exist") % {"folder": output.parent})
        if output.suffix.lower() != f".{fmt}":
            raise CommandError(_("output %(output)s should end in .%(fmt)s for --format %(fmt)s") % {"output": output, "fmt": fmt})
        try:
            year = parse_year(options["year"], "year")
            since = parse_date(options["since"], "period start") if options["since"] else None
            baseline = parse_year(options["baseline_year"]) if options["baseline_year"] else None
            territory_of = parse_date(options["territory_of"], "territory date") if options["territory_of"] else None
            as_recorded = parse_moment(options["as_recorded"]) if options["as_recorded"] else None
        except IndicatorInputError as exc:
            raise CommandError(str(exc)) from None
        issuer = Issuer.from_settings(name=options["issuer"], parent=options["issuer_parent"],
                                      symbol=options["symbol"], place=options["place"])
        try:
            rendered = make_report(options["unit"], year, fmt, since=since, baseline_year=baseline,
                                   lang=options["lang"], issuer=issuer, territory_of=territory_of,
                                   as_recorded=as_recorded)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        try:
            output.write_bytes(rendered.content)
        except OSError as exc:
            raise CommandError(_("cannot write %(output)s: %(error)s") % {"output": output, "error": exc.strerror}) from None
        data = rendered.data
        line = _("wrote %(output)s (%(format)s, %(size)s bytes): %(unit)s (%(code)s), %(year)s, data as of %(date)s") % {
            "output": output, "format": fmt.upper(), "size": numbers.integer(len(rendered.content)),
            "unit": data.unit.name, "code": data.unit.code, "year": data.year, "date": f"{data.date:%d/%m/%Y}"}
        if not data.has_data:
            line += _(" — no data for this unit and year; the report says so")
        if data.as_recorded:
            line += _(", as recorded up to %(moment)s") % {"moment": moment_text(data.as_recorded)}
        self.stdout.write(line)
