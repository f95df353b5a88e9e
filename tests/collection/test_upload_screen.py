"""The upload works the checks between figures out over whole columns (``upload._screen``) and checks
one by one only the rows flagged: the rows it flags must be exactly those where some check of
``registry.report_checks`` is broken, as ``Check.broken`` decides for one row."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoptac.collection import upload
from hoptac.registry import report_checks

NAMES = sorted({name for check in report_checks.CHECKS for name in (*check.left, check.right)})
MONEY = {name for name in NAMES if not report_checks.BY_NAME[name].integer}


def value(name):
    if name in MONEY:
        return st.none() | st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
    return st.none() | st.integers(min_value=0, max_value=30)


ROW = st.fixed_dictionaries({name: value(name) for name in NAMES})


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), years=st.lists(st.integers(2000, 2026), min_size=12, max_size=12))
def test_the_column_screen_flags_exactly_the_rows_a_check_breaks(rows, years):
    years = years[:len(rows)]
    columns = {name: [row[name] for row in rows] for name in NAMES}
    suspects, unscreened = upload._screen(columns, years)
    in_force = report_checks.in_force().checks  # as seeded: the cooperatives' minimum is the highest of any kind
    flagged = {number for number in range(2, len(rows) + 2)
               if number in suspects or any(check.broken(rows[number - 2], years[number - 2])
                                            for check in in_force if check.code in unscreened)}
    broken = {number for number, (row, year) in enumerate(zip(rows, years), start=2)
              if any(check.broken(row, year) for check in in_force)}
    assert flagged == broken


@pytest.mark.django_db
def test_a_sheet_without_a_checked_column_leaves_its_checks_to_each_row():
    columns = {"members": [Decimal(10)], "members_official": [12]}  # members_associate not in the sheet
    suspects, unscreened = upload._screen(columns, [2021])
    assert "members_parts" in unscreened
    assert suspects == {2}  # official members above members, screened


@pytest.mark.django_db
@settings(max_examples=100, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), years=st.lists(st.integers(2000, 2026), min_size=12, max_size=12))
def test_money_kept_as_text_is_screened_as_its_decimals(rows, years):
    # The parse keeps a money column of typed numbers as the text of each cell (upload._figures_in).
    years = years[:len(rows)]
    columns = {name: [row[name] for row in rows] for name in NAMES}
    texts = {name: [None if v is None else str(v) for v in column] if name in MONEY else column
             for name, column in columns.items()}
    assert upload._screen(texts, years) == upload._screen(columns, years)
