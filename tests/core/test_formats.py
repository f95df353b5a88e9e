import datetime
from decimal import Decimal

from django.utils import formats, translation


def test_vietnamese_number_and_date_formats():
    with translation.override("vi"):
        assert formats.number_format(62950, use_l10n=True, force_grouping=True) == "62.950"
        assert formats.number_format(Decimal("34.83"), 2, use_l10n=True) == "34,83"
        assert formats.date_format(datetime.date(2021, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2021"


def test_english_formats():
    with translation.override("en"):
        assert formats.number_format(62950, use_l10n=True, force_grouping=True) == "62,950"
