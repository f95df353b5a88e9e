"""`hoptac indicators` and `hoptac drill` start Django with the engine's apps only (hoptac.cli.LEAN),
run as users run them: same answers as with every app, a fresh database migrated whole, errors in
one line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
REGISTER = Path(__file__).parent / "data" / "register-01"  # five organisations of Hà Nội
SERIES = ("indicators", "--unit", "01", "--years", "2019-2022", "--baseline-year", "2019")
TABLE = ("indicators", "--unit", "01", "--date", "2021-12-31", "--format", "table")
DRILL = ("drill", "--unit", "01", "--date", "2021-12-31", "--indicator", "htx.total", "--format", "csv")

APPS_OF = """
import sys
from django.apps import apps
from hoptac.cli import _setup
lean = _setup(sys.argv[1])
print(lean, sorted(c.label for c in apps.get_app_configs()), "wagtail" in sys.modules)
"""


def apps_of(inst, command):
    done = subprocess.run([sys.executable, "-c", APPS_OF, command], env=inst.env, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def test_indicators_and_drill_start_without_wagtail_the_portal_or_the_api(template, tmp_path):
    inst = template.installation(tmp_path)
    lean = apps_of(inst, "indicators")
    assert lean.startswith("True ") and lean.endswith(" False")
    assert "'registry'" in lean and "'indicators'" in lean
    for absent in ("'portal'", "'api'", "'wagtailcore'", "'collection'", "'reports'", "'admin'"):
        assert absent not in lean
    assert apps_of(inst, "drill") == lean
    full = apps_of(inst, "report")
    assert full.startswith("False ") and "'portal'" in full and "'wagtailcore'" in full


def test_the_lean_commands_answer_exactly_as_with_every_app(template, tmp_path):
    inst = template.installation(tmp_path)
    inst.hoptac("import", str(REGISTER))
    for args in (SERIES, TABLE, DRILL):
        lean = inst.hoptac(*args)
        full = inst.hoptac("manage", *args)  # `hoptac manage` starts every app
        assert lean.stdout == full.stdout, args
        assert lean.stdout.strip()
    series = json.loads(inst.hoptac(*SERIES).stdout)
    assert [point["date"] for point in series["series"]] == ["2019-12-31", "2020-12-31", "2021-12-31", "2022-12-31"]
    assert series["series"][2]["values"]["htx.total"] >= 1
    assert "Tổng số hợp tác xã" in inst.hoptac(*TABLE).stdout


def test_a_lean_command_on_a_new_data_directory_migrates_every_app_first(template, tmp_path):
    inst = template.installation(tmp_path, empty=True)
    done = inst.hoptac(*SERIES)
    assert "preparing the database" in done.stderr
    assert json.loads(done.stdout)["unit"]["code"] == "01"
    # Every app's migrations were applied, not only the engine's: nothing left for the full commands.
    assert inst.sql("SELECT count(*) FROM django_migrations WHERE app = 'wagtailcore'")[0][0] > 0
    plan = inst.hoptac("manage", "migrate", "--plan")
    assert "No planned migration operations" in plan.stdout
    again = inst.hoptac(*SERIES)
    assert "preparing the database" not in again.stderr


def test_a_lean_command_refuses_a_user_mistake_in_one_vietnamese_line(template, tmp_path):
    inst = template.installation(tmp_path)
    done = inst.hoptac("indicators", "--unit", "99", "--date", "2021-12-31", check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == "hoptac: mã đơn vị '99' không tồn tại"
    wrong = inst.hoptac("drill", "--unit", "01", "--date", "31-12-2021", "--indicator", "htx.total", check=False)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr and len(wrong.stderr.strip().splitlines()) == 1


VERSIONS = ("from hoptac.core import cache_version; "
            "print(cache_version.current('portal:version'), cache_version.current('hoptac-open-data:version'))")


def test_import_starts_lean_and_still_makes_the_portal_and_open_data_caches_stale(template, tmp_path):
    inst = template.installation(tmp_path)
    lean = apps_of(inst, "import")
    assert lean.startswith("True ") and lean.endswith(" False")
    assert "'registry'" in lean and "'directives'" in lean and "'audit'" in lean
    for absent in ("'portal'", "'api'", "'wagtailcore'", "'collection'", "'admin'"):
        assert absent not in lean
    portal_before, open_data_before = inst.shell(VERSIONS).stdout.split()[-2:]
    done = inst.hoptac("import", str(REGISTER))
    assert done.stdout.startswith("đã nhập 5 tổ chức")
    portal_after, open_data_after = inst.shell(VERSIONS).stdout.split()[-2:]
    # The portal's and the API's receivers of register_changed ran, though their apps were not started.
    assert portal_after != portal_before and open_data_after != open_data_before
    assert inst.sql("SELECT count(*) FROM registry_organization")[0][0] == 5
    assert inst.sql("SELECT count(*) FROM accounts_auditentry WHERE action = 'registry.import'")[0][0] == 1


def test_a_lean_import_rejects_a_wrong_file_in_vietnamese_and_writes_nothing(template, tmp_path):
    inst = template.installation(tmp_path)
    folder = tmp_path / "wrong"
    folder.mkdir()
    (folder / "organizations.csv").write_text("code,kind,name,unit,established_on\nX1,htx,A,01,31/12/2021\n",
                                              encoding="utf-8")
    done = inst.hoptac("import", str(folder), check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "hoptac: dữ liệu bị từ chối, không có gì thay đổi: 1 lỗi",
        "organizations.csv dòng 2, cột established_on: '31/12/2021' — không phải ngày (viết YYYY-MM-DD)",
    ]
    assert inst.sql("SELECT count(*) FROM registry_organization WHERE code = 'X1'")[0][0] == 0
