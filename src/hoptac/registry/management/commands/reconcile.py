"""hoptac reconcile FILE: the register against a list exported from the national registration system."""

import json
import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hoptac.registry import reconcile


class Command(BaseCommand):
    requires_system_checks = []
    help = ("Compare the register with a list exported from the national registration system (CSV or XLSX with "
            "code, name and status columns; optionally a unit code) and print the differences. Exit 0 when compared "
            "(with or without differences), 1 when the file cannot be compared.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the national list: a .csv (UTF-8) or .xlsx file (first sheet)")
        parser.add_argument("--code-column", default="code", help="column of the registration code (default: code)")
        parser.add_argument("--name-column", default="name", help="column of the name (default: name)")
        parser.add_argument("--status-column", default="status", help="column of the status (default: status)")
        parser.add_argument("--unit-column", default="",
                            help="column of the unit code (default: 'unit' when the file has it, else no unit check)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--output", help="also write the differences to this file (.csv or .xlsx)")

    def handle(self, *args, **opts):
        output = Path(opts["output"]) if opts.get("output") else None
        if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(_("--output must end in .csv or .xlsx"), returncode=2)
        columns = reconcile.Columns(opts["code_column"], opts["name_column"], opts["status_column"], opts["unit_column"])
        try:
            differences = reconcile.compare(opts["file"], columns)
        except reconcile.ReconcileError as exc:
            count = len(exc.problems)
            head = ngettext("the file cannot be compared: %(count)d problem",
                            "the file cannot be compared: %(count)d problems", count) % {"count": count}
            raise CommandError("\n".join([head, *exc.problems]), returncode=1) from None
        if output is not None:
            if output.suffix.lower() == ".csv":
                with output.open("w", encoding="utf-8", newline="") as handle:
                    reconcile.write_csv(handle, differences)
            else:
                reconcile.workbook(differences).save(output)
        fmt = opts["format"]
        if fmt == "json":
            self.stdout.write(json.dumps({"file": str(opts["file"]), "differences": [d.as_dict() for d in differences]},
                                         ensure_ascii=False, indent=2))
            return
        if fmt == "csv":
            reconcile.write_csv(self.stdout, differences)
            return
        counts = Counter(d.kind for d in differences)
        summary = ", ".join(f"{reconcile.KINDS[k]}: {counts[k]}" for k in reconcile.KINDS if counts[k])
        self.stdout.write(ngettext("%(n)d difference", "%(n)d differences", len(differences)) % {"n": len(differences)}
                          + (f" ({summary})" if summary else ""))
        if differences:
            rows = [[str(c) for c in d.as_row()] for d in differences]
            header = reconcile.headings()
            widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
            self.stdout.write("  ".join(str(h).ljust(w) for h, w in zip(header, widths)).rstrip())
            for row in rows:
                self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if output is not None:
            print(_("differences written to %(path)s") % {"path": output}, file=sys.stderr)
