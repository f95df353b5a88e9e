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

from decimal import Decimal

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
