"""``hoptac indicators … --as-recorded R`` and ``hoptac drill … --as-recorded R`` (SPEC §3, §5)."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from tests.clock import at, clock

pytestmark = pytest.mark.django_db
D = datetime.date


def run(name, **opts):
    out = io.StringIO()
    args = []
    for key, value in opts.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def late_dissolution():
    """A cooperative recorded on 05/01/2026 whose dissolution of 01/06/2021 was recorded on 01/02/2026."""
    district = Unit.objects.resolve("303", D(2020, 1, 1))
    with clock(at(2026, 1, 5, 9)):
        org = lifecycle.establish(code="L1", kind="htx", name="HTX Lạc Long", unit=district, sector="trade",
                                  established_on=D(2015, 4, 1))
        lifecycle.establish(code="L2", kind="htx", name="HTX Âu Cơ", unit=district, established_on=D(2016, 4, 1))
    with clock(at(2026, 2, 1, 14)):
        lifecycle.record_event(org, "dissolved", D(2021, 6, 1))
    return org


def test_the_answer_as_recorded_then_and_today(late_dissolution):
    then = json.loads(run("indicators", unit="303", date="2021-12-31", as_recorded="2026-01-20"))
    today = json.loads(run("indicators", unit="303", date="2021-12-31"))
    assert (then["values"]["htx.total"], today["values"]["htx.total"]) == (2, 1)
    assert (then["values"]["htx.dissolved"], today["values"]["htx.dissolved"]) == (0, 1)
    # A bare date is the end of that day in Việt Nam; the answer says which moment it was.
    assert then["as_recorded"] == "2026-01-20T23:59:59.999999+07:00"
    assert "as_recorded" not in today
    exact = json.loads(run("indicators", unit="303", date="2021-12-31", as_recorded="2026-02-01T14:00:00+07:00"))
    assert exact["values"]["htx.total"] == 1  # recorded at that very moment: in the answer
    before = json.loads(run("indicators", unit="303", date="2021-12-31", as_recorded="2026-02-01T06:59:59Z"))
    assert before["values"]["htx.total"] == 2  # one second before, in UTC


def test_series_and_table_as_recorded(late_dissolution):
    data = json.loads(run("indicators", unit="303", years="2020-2022", as_recorded="2026-01-20T10:00"))
    assert [p["values"]["htx.total"] for p in data["series"]] == [2, 2, 2]
    assert data["as_recorded"] == "2026-01-20T10:00:00+07:00"  # without an offset: Việt Nam time
    today = json.loads(run("indicators", unit="303", years="2020-2022"))
    assert [p["values"]["htx.total"] for p in today["series"]] == [2, 1, 1]
    table = run("indicators", unit="303", date="2021-12-31", as_recorded="2026-01-20", format="table")
    assert "theo dữ liệu ghi nhận đến 20/01/2026 23:59:59" in table.splitlines()[0]


def test_drill_as_recorded(late_dissolution):
    then = json.loads(run("drill", unit="303", date="2021-12-31", indicator="htx.total", as_recorded="2026-01-20",
                          format="json"))
    assert [o["code"] for o in then["organizations"]] == ["L1", "L2"] and then["count"] == 2
    assert then["as_recorded"] == "2026-01-20T23:59:59.999999+07:00"
    assert then["organizations"][0]["events"] == [
        {"date": "2015-04-01", "type": "established", "unit": "303", "sector": "trade", "name": "HTX Lạc Long",
         "document": "", "successors": []}]  # the dissolution was not recorded yet
    today = json.loads(run("drill", unit="303", date="2021-12-31", indicator="htx.total", format="json"))
    assert [o["code"] for o in today["organizations"]] == ["L2"]
    table = run("drill", unit="303", date="2021-12-31", indicator="htx.dissolved", since="2021-01-01",
                as_recorded="2026-02-02")
    assert "theo dữ liệu ghi nhận đến 02/02/2026 23:59:59: 1" in table


def test_a_moment_is_also_read_the_vietnamese_way(late_dissolution):
    iso = json.loads(run("drill", unit="303", date="2021-12-31", indicator="htx.total", as_recorded="2026-01-20",
                         format="json"))
    typed = json.loads(run("drill", unit="303", date="2021-12-31", indicator="htx.total", as_recorded="20/01/2026",
                           format="json"))
    assert typed == iso and typed["as_recorded"] == "2026-01-20T23:59:59.999999+07:00"


@pytest.mark.parametrize(("moment", "message"), [
    ("32/01/2026", "thời điểm ghi nhận '32/01/2026' không phải là ngày hoặc ngày giờ hợp lệ"),
    ("2026-01-20T25:00", "không phải là ngày hoặc ngày giờ hợp lệ"),
    ("2099-01-01", "thời điểm ghi nhận 01/01/2099 23:59:59 ở tương lai"),
    ("2999-01-01", "thời điểm ghi nhận 01/01/2999 nằm ngoài khoảng cho phép"),
    ("2025-12-31", "thời điểm ghi nhận 31/12/2025 23:59:59 trước khi sổ đăng ký có dữ liệu (bản ghi đầu tiên được "
                   "ghi nhận lúc 05/01/2026 09:00:00)"),
])
@pytest.mark.parametrize("command", ["indicators", "drill"])
def test_a_bad_moment_is_one_line_in_vietnamese(late_dissolution, command, moment, message):
    opts = {"unit": "303", "date": "2021-12-31", "as_recorded": moment}
    if command == "drill":
        opts["indicator"] = "htx.total"
    with pytest.raises(CommandError) as info:
        run(command, **opts)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
