"""Typed dates: the Vietnamese way and ISO, nothing else guessed."""

import datetime

import pytest

from hoptac.core.dates import parse_typed

D = datetime.date


@pytest.mark.parametrize("typed, date", [("31/12/2021", D(2021, 12, 31)), ("2021-12-31", D(2021, 12, 31)),
                                         ("1/7/2025", D(2025, 7, 1)), (" 15/03/2024 ", D(2024, 3, 15)),
                                         ("", None), (None, None), ("   ", None)])
def test_typed_dates(typed, date):
    assert parse_typed(typed) == date


@pytest.mark.parametrize("typed", ["31/02/2021", "12/31/2021", "2021/12/31", "31.12.2021", "hôm nay", "2021"])
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueError):
        parse_typed(typed)
