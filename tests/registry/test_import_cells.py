"""How one cell of the interchange format is read and written (text, XLSX-typed or Python)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from hoptac.registry.interchange.schema import (
    Invalid, format_number, parse_count, parse_date, parse_decimal, parse_flag, text,
)

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("cell", ["2021-12-31", D(2021, 12, 31), datetime.datetime(2021, 12, 31)])
def test_dates_as_iso_text_or_typed(cell):
    assert parse_date(cell) == D(2021, 12, 31)


@pytest.mark.parametrize("cell, rule", [
    ("2021-02-30", "impossible date"), ("31/12/2021", "not a date"), ("20211231", "not a date"),
    (datetime.datetime(2021, 1, 1, 9, 30), "without a time of day"), (44561.0, "not a date"),
])
def test_bad_dates(cell, rule):
    with pytest.raises(Invalid, match=rule):
        parse_date(cell)


@pytest.mark.parametrize("cell, value", [("12", 12), (12.0, 12), (12, 12), ("0", 0), (" 7 ", 7)])
def test_counts(cell, value):
    assert parse_count(cell) == value


@pytest.mark.parametrize("cell, rule", [("-3", "negative"), ("many", "whole"), ("1.5", "whole"), (1.5, "whole"), (True, "whole")])
def test_bad_counts(cell, rule):
    with pytest.raises(Invalid, match=rule):
        parse_count(cell)


@pytest.mark.parametrize("cell, value", [
    ("8438.25", Decimal("8438.25")), ("-3.5", Decimal("-3.5")), (46.4, Decimal("46.4")), (100, Decimal(100)),
    ("1.50000", Decimal("1.5")), (Decimal("0.0001"), Decimal("0.0001")),
])
def test_money(cell, value):
    assert parse_decimal(cell) == value


@pytest.mark.parametrize("cell, rule", [
    ("1.000,5", "not a number"), ("8 438", "not a number"), ("1e3", "not a number"), ("0.00001", "4 decimal places"),
    (float("nan"), "not a number"), ("1" * 17, "too large"),
])
def test_bad_money(cell, rule):
    with pytest.raises(Invalid, match=rule):
        parse_decimal(cell)


@pytest.mark.parametrize("cell, value", [("", False), (None, False), ("0", False), ("1", True), (1.0, True), (True, True)])
def test_is_estimate(cell, value):
    assert parse_flag(cell) is value


@pytest.mark.parametrize("number, written", [
    (Decimal("100.0000"), "100"), (Decimal("8438.5000"), "8438.5"), (Decimal("-12.0000"), "-12"),
    (Decimal("0.0001"), "0.0001"), (Decimal("1E+3"), "1000"), (62950, "62950"), (Decimal("-0.0000"), "0"),
])
def test_numbers_are_written_canonically(number, written):
    assert format_number(number) == written


def test_text_of_typed_cells():
    assert [text(v) for v in (None, " a ", 303.0, 1.5, D(2021, 1, 2), True)] == ["", "a", "303", "1.5", "2021-01-02", "1"]
