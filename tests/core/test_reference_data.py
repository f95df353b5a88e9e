"""Transactional tests flush the database; the reference data comes back."""

import datetime

import pytest

from hoptac.geo.models import Unit


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_units():
    assert Unit.objects.resolve("31", datetime.date(2021, 12, 31))


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_sees_them_too():
    from wagtail.models import Site

    assert Unit.objects.resolve("303", datetime.date(2021, 12, 31))
    assert Site.objects.get(is_default_site=True).root_page.specific.__class__.__name__ == "HomePage"


@pytest.mark.django_db
def test_and_a_plain_test_after_them():
    assert Unit.objects.filter(regime="new", level=1).count() == 34
