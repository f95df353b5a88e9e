"""The rows of ``annual_reports`` checked and written as sets, in SQL.

A file of 300,000 reports costs the importer most of its time when each cell is
read and each rule applied in Python. Here the file's cells go, as text, into a
temporary table in the import's transaction (SQLite: ``executemany``;
PostgreSQL: ``COPY``), and one pass of SQL screens them: a row is *clean* when
every cell is in the plain form of a CSV file (digits, a plain decimal, 0 or 1,
empty), in its range, the checks between figures in force hold, its organisation
is known, its year plausible and not before the establishment, and its
organisation and year are neither repeated in the file nor in the register.

The screen only ever says "clean" or "look closer": every other row, and every
row of an organisation one of them names, goes through the importer's Python
checks, which give the messages. The two are held together by a property test
(``tests/registry/test_import_staging.py``): a row the screen passes is one the
Python checks accept, with the same values. The rows the checks accept are
written back into the table in their stored form, and one ``INSERT … SELECT``
writes every report in file order.
"""

import datetime
import re
from operator import itemgetter

from django.db import connection

from hoptac.registry import report_checks
from hoptac.registry.interchange.readers import EXTRA, Records
from hoptac.registry.interchange.schema import text

STAGE = "interchange_report_stage"
KNOWN = "interchange_report_orgs"
CLEAN, LOOK, ACCEPTED = 0, 1, 2  # a staged row's state
# What Python's str.strip() removes (every character whose isspace() is true): a code is compared
# as the Python checks see it.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
COUNTS = report_checks.V1_COUNTS + report_checks.V2_COUNTS
MONEY = report_checks.V1_MONEY + report_checks.V2_MONEY
ANSWERS = (*report_checks.V2_FLAGS, "is_estimate")  # 0, 1 or empty
# Columns a clean row leaves empty: the Python checks read them (and write them back when given).
LEFT_EMPTY = ("rating", "submitted_at", "recorded_at")
STAGED = ("org_code", "year", *COUNTS, *MONEY, *ANSWERS, *LEFT_EMPTY)
FIRST_YEAR = 1900
# The plain form of each staged cell in a CSV file, as the Python checks read it on their short path
# (digits; a decimal of at most 15 digits and 4 decimals; 0 or 1), empty allowed but for the code
# and the year. A cell in another form (" 12", "1.234,5", "1e3") goes to the Python checks.
FORMS = {
    "org_code": "[0-9A-Za-z](?:[^\x00]*[0-9A-Za-z])?",  # nothing at either end that Python would strip
    "year": "[1-9][0-9]{3}",
    **dict.fromkeys(COUNTS, "(?:[0-9]{1,9})?"),
    **dict.fromkeys(MONEY, "(?:-?[0-9]{1,15}(?:\\.[0-9]{1,4})?)?"),
    **dict.fromkeys(ANSWERS, "[01]?"),
    **dict.fromkeys(LEFT_EMPTY, ""),
}


def _quote(name):
    return connection.ops.quote_name(name)


class Sql:
    """The screen's expressions for the connection's database."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"

    def number(self, cell, money):
        if self.postgresql:
            return f"{cell}::numeric" if money else f"{cell}::bigint"
        return f"CAST({cell} AS REAL)" if money else f"CAST({cell} AS INTEGER)"

    def trim(self, cell):
        return f"btrim({cell}, %s)" if self.postgresql else f"trim({cell}, %s)"

    def cast(self, column, cell):
        """``cell`` (text, empty for none) as the value ``column`` stores."""
        value = f"NULLIF({cell}, '')"
        if column == "is_estimate":
            value = f"COALESCE({value}, '0')"  # an empty cell reads as 0 (v1), never as none
        if not self.postgresql:
            return value  # the column's affinity stores the text as the ORM's value would be
        if column in COUNTS or column == "year":
            return f"{value}::integer"
        if column in MONEY:
            return f"{value}::numeric"
        if column in ANSWERS:
            return f"{value}::boolean"
        return f"{value}::timestamptz"


def _between(sql, check):
    """SQL true when the row may break ``check`` (a check between figures in force, of severity error)."""
    names = (*check.left, check.right)
    given = " AND ".join(f"{_quote(n)} <> ''" for n in names)
    money = any(n in MONEY for n in names)
    left = [sql.number(_quote(n), money) for n in check.left]
    right = sql.number(_quote(check.right), money)
    if money and not sql.postgresql:
        # Doubles: a row within a hair of breaking the check is left to the Python checks.
        margin = f"(1 + abs({right})) * 1e-9"
        broken = f"{left[0]} >= {right} - {margin}" if check.op == "le" else "true"
    elif check.op == "le":
        broken = f"{left[0]} > {right}"
    elif check.op == "sum":
        broken = f"{' + '.join(left)} <> {right}"
    else:
        broken = "true"  # a check of another kind: every row it applies to is looked at in Python
    return f"CASE WHEN {given} THEN {broken} ELSE false END"


class ReportStage:
    """The rows of one ``annual_reports`` table, staged in the import's transaction."""

    def __init__(self, columns, rows, *, today):
        self.sql = Sql()
        self.columns = [c for c in STAGED if c in columns]
        self.rows = rows
        self.today = today
        cells = ", ".join(f"{_quote(c)} text" for c in self.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (n integer PRIMARY KEY, state integer NOT NULL, "
                           f"{cells})")
            self._load(cursor, self._tuples())

    def _tuples(self):
        """(row number, state, cells…) of each non-blank row; a row whose cells are not all text,
        holds a NUL or goes beyond the header is staged to be looked at, with its code only."""
        columns = self.columns
        cells_of = itemgetter(*columns)  # org_code and year at least: a tuple
        plain = re.compile("\x00".join(FORMS[c] for c in columns)).fullmatch
        records = self._records()
        if records is None:
            for index, raw in enumerate(self.rows):
                yield from self._row(index, raw, cells_of, plain)
            return
        # The csv module's lists, in the file's order of columns: a dict only for a row that is not plain.
        names = self.rows.names
        plain_record = re.compile("\x00".join(FORMS[n] for n in names)).fullmatch
        cells_at = itemgetter(*(names.index(c) for c in columns))
        for index, record in enumerate(records):
            if record and plain_record("\x00".join(record)):
                yield (index + 2, CLEAN, *cells_at(record))
            elif record:  # not [] (blank) nor None (ragged, no cells): both skipped as their dicts are
                yield from self._row(index, self.rows[index], cells_of, plain)

    def _records(self):
        """The lists of a CSV file whose columns are the staged ones, each named once; else None."""
        rows = self.rows
        if isinstance(rows, Records) and rows.plain and sorted(rows.names) == sorted(self.columns):
            return rows.records
        return None

    def _row(self, index, raw, cells_of, plain):
        """The staged tuple of one row dict, clean or to look at; none for a blank row."""
        if not raw:
            return
        try:
            cells = cells_of(raw)
            joined = "\x00".join(cells)
        except (KeyError, TypeError):
            cells = joined = None
        if joined is not None and EXTRA not in raw and len(raw) == len(self.columns):
            if plain(joined):
                yield (index + 2, CLEAN, *cells)
                return
            if not joined.replace("\x00", "").strip():
                return  # a row of empty cells, which the importer skips
        values = [v for k, v in raw.items() if k is not EXTRA]
        if not raw.get(EXTRA) and all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            return  # blank, as iter_rows sees it
        code = text(raw.get("org_code"))
        code_at = self.columns.index("org_code")
        empty = (None,) * (len(self.columns) - 1)
        yield (index + 2, LOOK, *empty[:code_at], None if "\x00" in code else code, *empty[code_at:])

    def _load(self, cursor, tuples):
        names = ", ".join(("n", "state", *map(_quote, self.columns)))
        if self.sql.postgresql:
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
                for values in tuples:
                    copy.write_row(values)
        else:
            cursor.executemany(f"INSERT INTO {STAGE} ({names}) VALUES ({', '.join(['%s'] * (len(self.columns) + 2))})",
                               tuples)

    def screen(self, known):
        """The numbers of the rows the Python checks must look at, in file order.

        ``known``: ``{code: (pk or None, year of establishment or None)}``, the organisations of the
        input and of the register.
        """
        sql, present = self.sql, set(self.columns)
        # The cells' forms were screened as they were staged (FORMS): what remains is each figure's range.
        ok = [f"{sql.number('year', False)} BETWEEN {FIRST_YEAR} AND {self.today.year}"]
        for column in self.columns:
            if column in COUNTS or column in MONEY:
                figure = report_checks.BY_NAME[column]
                cell = _quote(column)
                # CASE: PostgreSQL may evaluate the operands of OR in any order, and '' is no number.
                ok.append(f"CASE WHEN {cell} = '' THEN true ELSE {sql.number(cell, column in MONEY)} "
                          f"BETWEEN {figure.minimum} AND {figure.maximum} END")
        may_break = [_between(sql, c) for c in report_checks.applicable(severity=report_checks.ERROR)
                     if all(n in present for n in (*c.left, c.right))]
        year = sql.number("s.year", False)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {KNOWN}")
            cursor.execute(f"CREATE TEMPORARY TABLE {KNOWN} (code text PRIMARY KEY, pk integer, established integer)")
            self._known(cursor, known)
            if sql.postgresql:
                cursor.execute(f"ANALYZE {STAGE}")
                cursor.execute(f"ANALYZE {KNOWN}")
            cursor.execute(f"UPDATE {STAGE} SET state = {LOOK} WHERE state = {CLEAN} AND NOT (" + " AND ".join(ok) + ")")
            # Only the rows left clean hold numbers (CASE: PostgreSQL may evaluate conditions in any order).
            if may_break:
                cursor.execute(f"UPDATE {STAGE} SET state = {LOOK} WHERE CASE WHEN state = {CLEAN} THEN "
                               + " OR ".join(may_break) + " ELSE false END")
            # The organisation known, the year not before its establishment nor already reported in the register.
            cursor.execute(
                f"UPDATE {STAGE} SET state = {LOOK} WHERE state = {CLEAN} AND n IN (SELECT s.n FROM {STAGE} s "
                f"LEFT JOIN {KNOWN} k ON k.code = s.org_code WHERE CASE WHEN s.state = {CLEAN} THEN k.code IS NULL "
                f"OR k.established > {year} OR EXISTS (SELECT 1 FROM registry_annualreport r "
                f"WHERE r.organization_id = k.pk AND r.year = {year}) ELSE false END)")
            cursor.execute(
                f"UPDATE {STAGE} SET state = {LOOK} WHERE state = {CLEAN} AND n IN (SELECT s.n FROM {STAGE} s "
                f"JOIN (SELECT org_code, year FROM {STAGE} WHERE state = {CLEAN} GROUP BY org_code, year "
                f"HAVING count(*) > 1) d ON d.org_code = s.org_code AND d.year = s.year)")
            # Every row of an organisation a looked-at row may name: the Python checks see its
            # reports together (a second report for a year is told from the first).
            cursor.execute(
                f"UPDATE {STAGE} SET state = {LOOK} WHERE state = {CLEAN} AND org_code IN "
                f"(SELECT {sql.trim('org_code')} FROM {STAGE} WHERE state = {LOOK} AND org_code IS NOT NULL)",
                [WHITESPACE])
            cursor.execute(f"SELECT n FROM {STAGE} WHERE state = {LOOK} ORDER BY n")
            return [n for (n,) in cursor.fetchall()]

    def _known(self, cursor, known):
        rows = ((code, pk, established) for code, (pk, established) in known.items())
        if self.sql.postgresql:
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {KNOWN} (code, pk, established) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            cursor.executemany(f"INSERT INTO {KNOWN} (code, pk, established) VALUES (%s, %s, %s)", rows)

    def accept(self, accepted, prepare):
        """Write back the rows the Python checks accepted, ``(row number, code, year, values)``, in their
        stored form (``values`` as the importer reads them; ``prepare`` gives a moment as the database takes it)."""
        columns = self.columns
        tuples = [(*(_stored(c, code, year, values, prepare) for c in columns), n) for n, code, year, values in accepted]
        if tuples:
            assignments = ", ".join(f"{_quote(c)} = %s" for c in columns)
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {STAGE} SET state = {ACCEPTED}, {assignments} WHERE n = %s", tuples)

    def insert(self, inserter, common):
        """Insert every clean or accepted row into the reports' table in file order; ``common`` gives the
        values of the import's own columns (revision, status, …) by attname. Returns the count."""
        figures = [c for c in self.columns if c not in ("org_code", "year", "rating", "submitted_at", "recorded_at")]
        names = ["organization_id", "year", *figures]
        select = ["o.id", self.sql.cast("year", "s.year"), *(self.sql.cast(c, f"s.{_quote(c)}") for c in figures)]
        params = []
        moment = inserter.defaults["created_at"]
        recorded = (f"COALESCE({self.sql.cast('recorded_at', 's.recorded_at')}, %s)"
                    if "recorded_at" in self.columns else "%s")
        for name in ("created_at", "approved_at"):
            names.append(name)
            select.append(recorded)
            params.append(moment)
        if "submitted_at" in self.columns:
            names.append("first_submitted_at")
            select.append(self.sql.cast("submitted_at", "s.submitted_at"))
        for name, value in common.items():
            names.append(name)
            select.append("%s")
            params.append(value)
        by_name = {f.attname: f for f in inserter.fields}
        for field in inserter.fields:
            if field.attname not in names:
                names.append(field.attname)
                select.append("%s")
                params.append(inserter.defaults[field.attname])
        table = _quote(inserter.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(_quote(by_name[n].column) for n in names)}) "
                f"SELECT {', '.join(select)} FROM {STAGE} s JOIN registry_organization o ON o.code = s.org_code "
                f"WHERE s.state <> {LOOK} ORDER BY s.n", params)
            count = cursor.rowcount
            cursor.execute(f"DROP TABLE {STAGE}")
            cursor.execute(f"DROP TABLE IF EXISTS {KNOWN}")
        return count


def _stored(column, code, year, values, prepare):
    """The text a staged cell holds for a value the Python checks accepted ('' for none)."""
    if column == "org_code":
        return code
    if column == "year":
        return str(year)
    if column == "rating":
        return ""  # ratings are written by the importer, from its own list
    value = values.get("first_submitted_at" if column == "submitted_at" else column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return str(prepare(value))
    return str(value)
