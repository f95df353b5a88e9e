"""hoptac drill: the organisations behind one count, with the events that put them there."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from hoptac.geo.names import name_on
from hoptac.indicators import labels
from hoptac.indicators.drill import drill_for_code
from hoptac.indicators import formatting
from hoptac.indicators.engine import IndicatorInputError, check_moment
from hoptac.indicators.management.commands._output import write_csv, write_json, write_table


def _events_text(events):
    return "; ".join(f"{e['date']:%d/%m/%Y} {e['type']}" + (f" {e['document']}" if e["document"] else "") for e in events)


class Command(BaseCommand):
    # Read-only: skip the system checks (they import every URL conf and cost a second).
    requires_system_checks = []
    help = "List the organisations counted by an indicator for a unit on a date."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code as on the date, or VN for the whole country")
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--indicator", required=True, help="a count code, e.g. htx.active or htx.by_sector.unclassified")
        parser.add_argument("--since", help="period start for established/dissolved counts, YYYY-MM-DD")
        parser.add_argument("--territory-of", help="YYYY-MM-DD: on the unit's territory as it was on this date")
        parser.add_argument("--as-recorded", help="a moment R: the organisations the register counted at R "
                                                  "(YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+07:00])")
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi")

    def handle(self, *args, **opts):
        try:
            as_recorded = check_moment(opts["as_recorded"])
            unit, date, since, rows = drill_for_code(
                opts["unit"], opts["date"], opts["indicator"], opts["since"], opts["territory_of"], as_recorded
            )
        except IndicatorInputError as exc:
            raise CommandError(str(exc)) from None
        fmt = opts["format"]
        if fmt == "json":
            data = {
                "unit": {"code": unit.code, "name": name_on(unit, date)}, "date": date.isoformat(), "since": since.isoformat(),
                "indicator": opts["indicator"], "count": len(rows),
                **({"territory_of": opts["territory_of"]} if opts["territory_of"] else {}),
                **({"as_recorded": as_recorded.isoformat()} if as_recorded else {}),
                "organizations": [
                    {**r, "events": [{**e, "date": e["date"].isoformat()} for e in r["events"]]} for r in rows
                ],
            }
            write_json(self.stdout, data)
            return
        header = ["code", "name", "kind", "unit", "sector", "status", "events"]
        table = [
            [r["code"], r["name"], r["kind"], r["unit"]["code"], r["sector"], r["status"], _events_text(r["events"])]
            for r in rows
        ]
        if fmt == "csv":
            write_csv(self.stdout, header, table)
            return
        with override(opts["lang"]):
            vintage = f", {formatting.vintage_text(as_recorded)}" if as_recorded else ""
            self.stdout.write(
                f"{labels.label(opts['indicator'])} — {name_on(unit, date)} ({unit.code}), {date:%d/%m/%Y}{vintage}: "
                f"{len(rows)}\n"
            )
        write_table(self.stdout, header, table)
