"""A money column of typed numbers is converted over the whole column (``upload._figures_in``): one
search of the column's text proves that no cell has more than 4 decimals. It must give, cell for cell,
what reading each cell on its own (``upload._number``) gives: the same values, written the same way,
and the same problems."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hoptac.collection import upload
from hoptac.registry import report_checks

PROFIT = report_checks.BY_NAME["profit"]  # money, negative allowed: the widest range
LIMIT = float(report_checks.BIG)

# Typed cells as a spreadsheet gives them: the short decimals people type, and any float in range.
SHORT = (st.integers(-10**8, 10**8).map(lambda n: n / 10**4)
         | st.integers(-10**12, 10**12).map(float)
         | st.decimals(min_value=-LIMIT, max_value=LIMIT, places=4, allow_nan=False).map(float))
CELL = (SHORT | st.floats(min_value=-LIMIT, max_value=LIMIT, allow_nan=False)
        | st.decimals(min_value=-LIMIT, max_value=LIMIT, places=5, allow_nan=False).map(float))


def one_by_one(column):
    plan = upload.Plan()
    values = [None if cell == "" else upload._number(plan, number, 3, cell, PROFIT)
              for number, cell in enumerate(column, start=2)]
    return values, plan.problems


def over_the_column(column):
    plan = upload.Plan()
    return upload._figures_in(plan, column, 3, PROFIT, set()), plan.problems


@settings(max_examples=300, deadline=None)
@given(column=st.lists(CELL | st.just(""), min_size=1, max_size=30) | st.lists(SHORT, min_size=1, max_size=30))
@example(column=[0.1, -0.0, 1e-05, 0.00015, 1234.5678, 1234.56789, 2.0 ** 39 + 2.0 ** -13, 999999999999.9999,
                 -999999999999.9999, 1e12, 5e-324, 0.30000000000000004, ""])
@example(column=[1.0, 1e-05, 2.5])  # repr writes an exponent: no ".ddddd" for the search to find
@example(column=[-5e-324])
@example(column=[2.0 ** 39 + k * 2.0 ** -13 for k in range(40)])
def test_a_money_column_reads_as_its_cells_one_by_one(column):
    values, problems = over_the_column(column)
    expected, expected_problems = one_by_one(column)
    assert problems == expected_problems
    assert [None if v is None else str(v) for v in values] == [None if v is None else str(v) for v in expected]
