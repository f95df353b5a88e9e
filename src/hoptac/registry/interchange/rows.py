"""Reading the cells of one row, recording a :class:`Problem` for each broken rule."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hoptac.registry.interchange.problems import Problem
from hoptac.registry.interchange.readers import EXTRA
from hoptac.registry.interchange.schema import Invalid, is_blank, text


class Row:
    """One non-blank row of a table; ``ok`` turns false at its first problem."""

    def __init__(self, table, label, number, raw, problems):
        self.table, self.label, self.number, self.raw = table, label, number, raw
        self.problems = problems
        self.ok = True
        extra = raw.get(EXTRA)
        if extra:
            self.fail("", extra, _("%(n)d value(s) beyond the last column of the header") % {"n": len(extra)})

    def fail(self, column, value, rule):
        self.ok = False
        shown = ", ".join(text(v) for v in value) if isinstance(value, list) else text(value)
        self.problems.append(Problem(self.label, self.number, column, shown, rule))

    def value(self, column):
        return self.raw.get(column)

    def get(self, column, parse=None, *, required=False, max_length=None, choices=None, hint=""):
        """The cell parsed, or None when empty or invalid (a problem is then recorded)."""
        raw = self.raw.get(column)
        # Called for every cell of a file (millions for a large register): text, the usual
        # case, is tested once for each rule, and plain text leaves without further calls.
        if type(raw) is str:
            if not raw or raw.isspace():
                if required:
                    self.fail(column, raw, _("required"))
                return None
            if "\x00" in raw:
                self.fail(column, raw.replace("\x00", "\\0"), _("contains a NUL character (code 0), which no "
                                                                "text may hold; remove it"))
                return None
            if parse is None and max_length is None and choices is None:
                return raw.strip()  # what text() gives for text
        elif raw is None:
            if required:
                self.fail(column, raw, _("required"))
            return None
        try:
            value = parse(raw) if parse else text(raw)
        except Invalid as exc:
            self.fail(column, raw, str(exc))
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(column, raw, _("longer than %(n)d characters") % {"n": max_length})
            return None
        if choices is not None and value not in choices:
            self.fail(column, raw, hint or _("not one of %(choices)s") % {"choices": ", ".join(choices)})
            return None
        return value

    def email(self, column):
        value = self.get(column, max_length=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.fail(column, value, _("not an email address"))
                return ""
        return value or ""


def iter_rows(table, rows, label, problems):
    """The non-blank rows of ``rows`` as :class:`Row`, numbered as in the file."""
    for index, raw in enumerate(rows):
        if not raw:
            continue
        if not raw.get(EXTRA) and is_blank(raw.values() if EXTRA not in raw else
                                           [v for k, v in raw.items() if k is not EXTRA]):
            continue
        yield Row(table, label, index + 2, raw, problems)
