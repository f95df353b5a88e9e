"""drill(): the organisations behind every count are exactly the ones counted."""

import datetime

import pytest

from hoptac.indicators.drill import drill, drillable_codes
from hoptac.indicators.engine import IndicatorInputError, compute
from tests.indicators.registers import build_small_register, unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("date", [D(2009, 12, 31), D(2021, 12, 31), D(2026, 1, 1)])
def test_every_count_drills_to_as_many_organisations(date):
    build_small_register()
    u = unit("31", date)
    since = D(2002, 1, 1)
    values = compute(u, date, since)
    for code in drillable_codes():
        if code.startswith("htx.by_sector."):
            expected = values["htx.by_sector"].get(code.rsplit(".", 1)[1], 0)
        else:
            expected = values[code]
        assert len(drill(u, date, code, since)) == expected, code


def test_rows_carry_the_events_that_put_them_there():
    build_small_register()
    date = D(2021, 12, 31)
    rows = drill(unit("31", date), date, "htx.dissolved", D(2002, 1, 1))
    assert [r["code"] for r in rows] == ["A3"]
    assert [(e["type"], e["date"]) for e in rows[0]["events"]] == [("dissolved", D(2021, 3, 1))]
    assert rows[0]["status"] == "dissolved"
    suspended = drill(unit("31", date), date, "htx.not_operating")
    assert [r["code"] for r in suspended] == ["A2"]
    assert [e["type"] for e in suspended[0]["events"]] == ["established", "suspended"]
    unclassified = drill(unit("31", date), date, "htx.by_sector.unclassified")
    assert [r["code"] for r in unclassified] == ["A2"]


def test_established_rows_show_status_on_the_date():
    build_small_register()
    date = D(2021, 12, 31)
    rows = {r["code"]: r for r in drill(unit("31", date), date, "htx.established", D(2002, 1, 1))}
    assert rows["A3"]["status"] == "dissolved"
    assert rows["A3"]["unit"]["code"] == "305"  # the unit on the establishment date


def test_unknown_code_is_refused():
    with pytest.raises(IndicatorInputError, match="cannot|can be drilled"):
        drill(unit("31", D(2021, 12, 31)), D(2021, 12, 31), "revenue.avg")
