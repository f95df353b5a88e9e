"""Small SQL building blocks that give the same results on SQLite and PostgreSQL.

* Money is summed as integers of 1/10 000 million VND (the database keeps four
  decimal places): SQLite stores decimals as binary floats, so a plain SUM would
  drift in the last digits; a sum of rounded integers is exact on both engines
  and is divided in Python with ``Decimal``.
* ``YearOf`` and ``YearEnd`` avoid Django's SQLite date functions, which are
  Python callbacks run once per row (slow on millions of rows). SQLite keeps
  dates as ``YYYY-MM-DD`` text, so the year is a substring and 31 December is
  text that compares correctly with stored dates.
"""

import datetime
import threading
from collections import OrderedDict
from decimal import Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, DateField, ExpressionWrapper, F, Func, IntegerField, Q, Sum

SCALE = 10_000
_SCALE_D = Decimal(SCALE)


class YearOf(Func):
    """The year of a date column, as an integer."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(SUBSTR(%(expressions)s, 1, 4) AS INTEGER)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER)", **extra)


class YearEnd(Func):
    """31 December of an integer year column, as a date."""

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(CAST(%(expressions)s AS TEXT) || '-12-31')", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="MAKE_DATE(CAST(%(expressions)s AS INTEGER), 12, 31)", **extra)


class Scaled(Func):
    """A money column (million VND, 4 decimals) as an exact integer of 1/10 000.

    Written by hand rather than composed from Cast/Round: Django wraps each
    decimal step in casts that SQLite then evaluates on every row.
    """

    template = f"CAST(ROUND(%(expressions)s * {SCALE}) AS BIGINT)"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"CAST(ROUND(%(expressions)s * {SCALE}) AS INTEGER)", **extra)


def scaled(field):
    """``field`` (million VND, 4 decimals) as an exact integer of 1/10 000."""
    return Scaled(F(field))


def scaled_sum(field, **kwargs):
    return Sum(scaled(field), **kwargs)


def scaled_product_sum(money_field, count_field, **kwargs):
    """Σ money × count, exact (for income weighted by workers)."""
    product = ExpressionWrapper(scaled(money_field) * F(count_field), output_field=BigIntegerField())
    return Sum(product, output_field=BigIntegerField(), **kwargs)


def unscale(value):
    """A scaled integer sum back to million VND as a Decimal (None stays None)."""
    return None if value is None else Decimal(int(value)) / _SCALE_D


def in_force(on, prefix=""):
    """State rows in force on ``on`` (a date or a date expression)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


WITH_INCOME = Q(income__isnull=False, workers__gt=0)
# Names prefixed so that they never shadow a field of AnnualReport.
REPORT_SUMS = {
    "s_n": Count("pk"),
    "s_members": Sum("members"),
    "s_workers": Sum("workers"),
    "s_revenue_n": Count("pk", filter=Q(revenue__isnull=False)),
    "s_revenue": scaled_sum("revenue"),
    "s_income_weighted": scaled_product_sum("income", "workers", filter=WITH_INCOME),
    "s_income_workers": Sum("workers", filter=WITH_INCOME),
    "s_value_added": scaled_sum("value_added"),
}


# --- grouped queries compiled once per shape ----------------------------------------------------

# Sentinels stand in for the parameters that change from one call to the next (an area's unit ids, the
# years): values no real id, year or date takes, found again among the compiled query's parameters.
_ID_SENTINEL_BASE = -1_000_000_000
_VALUE_SENTINEL_BASE = 31_000  # within a small integer column's range (PostgreSQL)
_COMPILED_MAX = 512
_compiled = threading.local()  # compilers hold their thread's connection


def _sentinel(value, index, alternate=False):
    if isinstance(value, datetime.date):
        return datetime.date(9000 + index, 7 if alternate else 1, 1)
    return _VALUE_SENTINEL_BASE + index + (500 if alternate else 0)


def prepared_rows(key, build, area, **values):
    """The rows (dicts) of ``build(area, **values)``, a ``values()`` queryset, with Django's building and
    compiling of the query paid once per ``key`` and shape, not once per call.

    A live series runs a handful of grouped queries; for a district or a commune Django's building and
    compiling of them costs several times the databases' own work. The query is compiled once with
    sentinels for the area's unit ids and for ``values`` (ints or dates); later calls of the same
    ``key`` and number of ids re-run that SQL with their own parameters. ``key`` names everything
    else the SQL depends on. ``area`` needs ``ids()`` (its units, or None for the whole country) and
    ``with_ids(ids)``."""
    ids = area.ids()
    if ids is not None and not ids:  # no unit: Django answers without a query
        return list(build(area, **values))
    key = (connection.vendor, key, None if ids is None else len(ids), tuple(sorted(values)))
    cache = getattr(_compiled, "entries", None)
    if cache is None:
        cache = _compiled.entries = OrderedDict()
    entry = cache.get(key)
    if entry is None:
        entry = cache[key] = _compile(build, area, ids, values)
        if len(cache) > _COMPILED_MAX:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    if entry is _UNPREPARABLE:
        return list(build(area, **values))
    compiler, sql, params, slots, names = entry
    params = list(params)
    for position, name, as_text in slots:
        value = ids[name] if isinstance(name, int) else values[name]
        params[position] = str(value) if as_text else value
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return [dict(zip(names, row)) for row in compiler.results_iter(results=[fetched])]


_UNPREPARABLE = object()


def _compile(build, area, ids, values):
    """The compiled query with the positions of its changing parameters, or ``_UNPREPARABLE``.

    The query is compiled twice, with two sets of sentinels. A build that derives a parameter from the
    values (a year's successor, a date shifted by a day) shows as a parameter that differs between the
    two compilations outside the slots found; such a query is not prepared but built for every call, so a
    derived value can never be replayed from the first call."""
    first = _compiled_with_sentinels(build, area, ids, values, alternate=False)
    second = _compiled_with_sentinels(build, area, ids, values, alternate=True)
    compiler, sql, params, slots, names = first
    taken = {position for position, _, _ in slots}
    if (sql != second[1] or len(params) != len(second[2]) or slots != second[3]
            or any(a != b for i, (a, b) in enumerate(zip(params, second[2])) if i not in taken)):
        return _UNPREPARABLE
    return first


def _compiled_with_sentinels(build, area, ids, values, alternate):
    stand_ins = {name: _sentinel(value, i, alternate) for i, (name, value) in enumerate(sorted(values.items()))}
    id_base = _ID_SENTINEL_BASE - (len(ids or ()) if alternate else 0)
    sentinel_ids = None if ids is None else [id_base + i for i in range(len(ids))]
    queryset = build(area if ids is None else area.with_ids(sentinel_ids), **stand_ins)
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    slots = []
    for position, param in enumerate(params):
        if isinstance(param, int) and id_base <= param < id_base + len(ids or ()):
            slots.append((position, param - id_base, False))
            continue
        for name, stand_in in stand_ins.items():
            if param == stand_in or (isinstance(param, str) and param == str(stand_in)):
                slots.append((position, name, isinstance(param, str)))
    names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                            *query.annotation_select]
    return compiler, sql, tuple(params), slots, names
