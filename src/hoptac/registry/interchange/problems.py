"""What goes wrong with an interchange file, said so that a user can fix it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, row, column), the value found and the rule.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1);
    ``column`` is empty for a problem about a whole row or file.
    """

    file: str
    row: int
    column: str
    value: str
    rule: str

    def __str__(self):
        where = _("%(file)s row %(row)d") % {"file": self.file, "row": self.row} if self.row else self.file
        if not self.column:
            return f"{where}: {self.rule}"
        return _("%(where)s, column %(column)s: %(value)s — %(rule)s") % {
            "where": where, "column": self.column, "value": repr(self.value), "rule": self.rule,
        }


class ImportRejected(Exception):
    """The import changed nothing; ``problems`` lists every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s): " + "; ".join(map(str, self.problems[:3])))

    def lines(self):
        return [str(p) for p in self.problems]


class ReadError(Exception):
    """The path cannot be read as the interchange format at all (one line for the user)."""
