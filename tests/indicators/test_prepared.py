"""sql.prepared_rows: a grouped query compiled once per shape answers every call as the ORM does."""

import datetime

import pytest

from hoptac.indicators import v2
from hoptac.indicators.engine import _Area, _states_started
from hoptac.indicators.sql import YearEnd, prepared_rows
from tests.indicators.registers import build_small_register, unit

pytestmark = pytest.mark.django_db
D = datetime.date


def _sorted(rows):
    return sorted(tuple(sorted(row.items())) for row in rows)


def test_each_call_gets_its_own_units_and_dates_and_the_shape_is_compiled_once():
    build_small_register()
    built = []

    def build(area, last):
        built.append(last)
        return _states_started(area, last)

    calls = [("31", D(2024, 12, 31)), ("31", D(2005, 12, 31)), ("303", D(2021, 12, 31)), ("304", D(2021, 12, 31)),
             ("31", D(2012, 12, 31))]
    areas = {code: _Area.of(unit(code, D(2021, 12, 31))) for code in ("31", "303", "304")}
    answers = []
    for code, last in calls:
        rows = prepared_rows("test states started", build, areas[code], last=last)
        assert _sorted(rows) == _sorted(_states_started(_Area.of(unit(code, D(2021, 12, 31))), last)), (code, last)
        answers.append(_sorted(rows))
    assert answers[0] != answers[1]  # the dates reached the SQL, not the first call's
    # one preparation (two compilations, with two sets of sentinels) per number of units, not one per call
    shapes = {len(area.ids()) for area in areas.values()}
    assert len(built) == 2 * len(shapes) and len(shapes) < len(calls)


def test_rating_counts_of_a_series_equal_those_of_each_year_for_the_country_and_a_province():
    build_small_register()
    for area in (_Area(None), _Area.of(unit("31", D(2021, 12, 31)))):
        for years in ((2001, 2024), (2019, 2020)):
            got = v2.rating_counts(area, YearEnd("year"), years, by_year=True, value_chain=True)
            again = v2.rating_counts(area, YearEnd("year"), years, by_year=True, value_chain=True)
            assert got == again
            expected = {}
            for y in range(years[0], years[1] + 1):
                one = v2.rating_counts(area, D(y, 12, 31), y, value_chain=True)
                if one:
                    expected[None, y] = one[None]
            assert got == expected


def test_a_query_built_from_a_value_derived_from_the_parameters_is_built_for_every_call():
    # The build shifts its date by a year: a parameter no sentinel matches. Prepared once, every later
    # call would replay the first call's shifted date; it must answer as the ORM does instead.
    build_small_register()
    built = []

    def build(area, last):
        built.append(last)
        return _states_started(area, last.replace(year=last.year - 1))

    area = _Area.of(unit("31", D(2021, 12, 31)))
    for last in (D(2024, 12, 31), D(2006, 12, 31), D(2003, 12, 31)):
        rows = prepared_rows("test shifted states", build, area, last=last)
        assert _sorted(rows) == _sorted(_states_started(area, last.replace(year=last.year - 1))), last
    assert len(built) > 3  # built again for each call, after the two compilations that found the shift
