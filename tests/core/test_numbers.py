import datetime
from decimal import Decimal

import pytest

from hoptac.core import numbers


def test_vietnamese_groups_thousands_with_dots():
    assert numbers.integer(62950) == "62.950"
    assert numbers.integer(8183) == "8.183"
    assert numbers.integer(1234567) == "1.234.567"
    assert numbers.integer(549) == "549"


def test_english_groups_thousands_with_commas():
    assert numbers.integer(62950, "en") == "62,950"


def test_single_digit_counts_are_padded_in_vietnamese_only():
    assert numbers.count(1) == "01"
    assert numbers.count(9) == "09"
    assert numbers.count(10) == "10"
    assert numbers.count(0) == "0"
    assert numbers.count(1, "en") == "1"


def test_percent_uses_decimal_comma_and_rounds_half_up():
    assert numbers.percent(Decimal("34.825")) == "34,83%"
    assert numbers.percent(Decimal("34.8349")) == "34,83%"
    assert numbers.percent(Decimal("34.83"), "en") == "34.83%"


def test_ratio_in_both_languages():
    assert numbers.ratio(Decimal("3.0912")) == "3,09 lần"
    assert numbers.ratio(Decimal("3.0912"), "en") == "3.09 times"


def test_money_rounding_and_stripping():
    assert numbers.decimal(Decimal("8437.6"), 0) == "8.438"
    assert numbers.decimal(Decimal("46.4"), 1) == "46,4"
    assert numbers.decimal(Decimal("46.40"), 2, strip=True) == "46,4"
    assert numbers.decimal(Decimal("12345.678"), 1, "en") == "12,345.7"
    assert numbers.decimal(Decimal("-1234.5"), 1) == "-1.234,5"


def test_dates():
    d = datetime.date(2021, 12, 31)
    assert numbers.date(d) == "31/12/2021"
    assert numbers.long_date(d) == "ngày 31 tháng 12 năm 2021"
    assert numbers.long_date(datetime.date(2021, 3, 9)) == "ngày 09 tháng 3 năm 2021"
    assert numbers.long_date(datetime.date(2021, 2, 4)) == "ngày 04 tháng 02 năm 2021"
    assert numbers.long_date(d, "en") == "31 December 2021"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        numbers.integer(1, "fr")


def test_localized_follows_the_active_language_and_keeps_the_decimals_the_value_has():
    from django.utils import translation

    with translation.override("vi"):
        assert numbers.localized(62950) == "62.950"
        assert numbers.localized(Decimal("0.50")) == "0,5"
        assert numbers.localized(Decimal("34.825"), 2) == "34,83"  # half-up, as the reports round
    with translation.override("en"):
        assert numbers.localized(Decimal("1234.5")) == "1,234.5"
    assert numbers.language("en-us") == "en" and numbers.language(None) == "vi"


def test_the_portal_rounds_as_the_reports_do():
    from django.utils import translation

    from hoptac.portal.templatetags.portal_tags import num

    with translation.override("vi"):
        assert num(Decimal("34.825"), 2) == "34,83"
        assert num(2.25) == "2,3"
