"""Numbers typed the Vietnamese way (SPEC §2): the table of inputs a person types,
through the shared form field, as every form of the product reads them."""

from decimal import Decimal

import pytest
from django.utils import translation

from hoptac.core import numbers
from hoptac.core.forms import NumberField

PROFIT = NumberField(negative=True, required=False)  # profit may be negative
REVENUE = NumberField(required=False)
MEMBERS = NumberField(integer=True, required=False)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(("typed", "field", "stored"), [
    ("27.500", REVENUE, Decimal(27500)),
    ("8.438,5", REVENUE, Decimal("8438.5")),
    ("1.000.000", REVENUE, Decimal(1000000)),
    ("150,5", REVENUE, Decimal("150.5")),
    ("11.000", REVENUE, Decimal(11000)),
    ("27500", REVENUE, Decimal(27500)),
    ("-150", PROFIT, Decimal(-150)),
    ("-1.234,5", PROFIT, Decimal("-1234.5")),
    ("27.500", MEMBERS, 27500),
    ("", REVENUE, None),
    ("   ", PROFIT, None),
])
def test_a_number_typed_the_vietnamese_way_is_stored_as_meant(typed, field, stored):
    value = field.clean(typed)
    assert value == stored and type(value) is type(stored)


@pytest.mark.parametrize(("typed", "field", "says"), [
    ("8438.5", REVENUE, "hãy viết 8.438,5"),
    ("11,000", REVENUE, "Viết 11.000 nếu là số hàng nghìn"),
    ("11,000", REVENUE, "hoặc 11 nếu là số thập phân"),
    ("1,234.5", REVENUE, "hãy viết 1.234,5"),
    ("12.3456", REVENUE, "dấu chấm chỉ dùng để ngăn cách hàng nghìn, mỗi nhóm ba chữ số"),
    ("-150", REVENUE, "là số âm"),
    ("27,5", MEMBERS, "không phải là số nguyên"),
    ("abc", REVENUE, "không phải là một số"),
])
def test_input_that_could_be_read_two_ways_is_refused_with_how_to_write_it(typed, field, says):
    from django import forms

    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    assert says in str(refused.value.messages[0]), refused.value.messages


def test_the_refusals_read_in_vietnamese_on_vietnamese_pages():
    with pytest.raises(numbers.NumberInputError) as refused:
        numbers.parse("11,000")
    assert "có thể hiểu theo hai cách" in str(refused.value)
    with pytest.raises(numbers.NumberInputError) as refused:
        numbers.parse("8438.5")
    assert "8.438,5" in str(refused.value) and "dấu chấm" in str(refused.value)


def test_english_pages_read_the_english_way_and_refuse_the_mirror_ambiguity():
    assert numbers.parse("8,438.5", "en") == Decimal("8438.5")
    with pytest.raises(numbers.NumberInputError):
        numbers.parse("11.000", "en")


def test_a_stored_number_is_shown_back_the_vietnamese_way():
    assert REVENUE.prepare_value(Decimal("27500.0000")) == "27.500"
    assert REVENUE.prepare_value(Decimal("8438.5000")) == "8.438,5"
    assert MEMBERS.prepare_value(1234) == "1.234"
    assert REVENUE.prepare_value("8438.5") == "8438.5"  # what the person typed stays as typed


def test_limits_are_written_the_vietnamese_way():
    from django import forms

    field = NumberField(integer=True, min_value=0, max_value=10_000_000)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("10.000.001")
    assert "10.000.000" in refused.value.messages[0]
