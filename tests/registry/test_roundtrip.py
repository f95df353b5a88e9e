"""Export → import into an empty database → export gives identical files (SPEC §4)."""

import datetime

import pytest
from django.utils import translation

from hoptac.registry import lifecycle
from hoptac.registry.interchange import export_path, import_path, import_tables
from hoptac.registry.models import Event, Grdp, Organization, ReportingWindow, Target

pytestmark = pytest.mark.django_db
D = datetime.date

REGISTER = {
    "organizations": [
        {"code": "HP-0002", "kind": "htx", "name": 'HTX "Tiến Bộ", Kiến Thụy', "unit": "303", "sector": "",
         "established_on": "2003-01-15", "address": "Số 5, đường Lê Lợi\nphường 2", "phone": "0225 3 555 111",
         "email": "", "representative": "Trần Thị B"},
        {"code": "HP-0001", "kind": "htx", "name": "HTX Nông nghiệp An Lư", "unit": "303", "sector": "agriculture",
         "established_on": "2005-03-01", "email": "anlu@example.vn"},
        {"code": "HP-0003", "kind": "tht", "name": "Tổ hợp tác Mới", "unit": "31", "sector": "trade",
         "established_on": "2025-08-01"},
    ],
    "events": [
        {"org_code": "HP-0001", "date": "2010-04-01", "type": "relocated", "unit": "304", "document": "QĐ 5/QĐ-UBND"},
        {"org_code": "HP-0001", "date": "2012-01-01", "type": "suspended", "note": "thiếu vốn"},
        {"org_code": "HP-0001", "date": "2012-01-01", "type": "resumed"},
        {"org_code": "HP-0002", "date": "2008-06-30", "type": "reclassified", "sector": "industry"},
        {"org_code": "HP-0002", "date": "2019-12-31", "type": "dissolved"},
    ],
    "annual_reports": [
        {"org_code": "HP-0001", "year": "2021", "members": "62", "workers": "8", "revenue": "8438.50",
         "profit": "-12.0000", "income": "46.4", "value_added": "1000.0", "is_estimate": "1",
         "submitted_at": "2022-03-31T23:59:59+07:00"},
        {"org_code": "HP-0001", "year": "2020", "members": "60", "revenue": "0.0001", "is_estimate": "0"},
        {"org_code": "HP-0002", "year": "2010"},
    ],
    "macro": [{"unit": "31", "year": "2021", "grdp": "310123.5"}, {"unit": "303", "year": "2020", "grdp": "1500.00"}],
    "targets": [
        {"indicator": "tht.total", "unit": "31", "year": "2045", "op": "~", "value": "400", "source": "KH 74"},
        {"indicator": "grdp.share_pct", "unit": "31", "year": "2030", "op": "~", "value": "0.5"},
        {"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "500"},
    ],
    "windows": [{"year": "2021", "opens_on": "2022-01-01", "deadline": "2022-03-31"}],
}


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def register():
    import_tables(REGISTER)
    # A voided event is history, not state: it is not exported.
    org = Organization.objects.get(code="HP-0001")
    wrong = lifecycle.record_event(org, "renamed", D(2015, 1, 1), name="Tên nhầm")
    lifecycle.void_event(wrong, reason="nhập nhầm")


def empty_the_register():
    Organization.objects.all().delete()
    Grdp.objects.all().delete()
    Target.objects.all().delete()
    ReportingWindow.objects.all().delete()


def files_of(path):
    if path.suffix == ".xlsx":
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("name", ["csv", "register.xlsx"])
def test_export_import_export_is_identical(tmp_path, register, name):
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    export_path(first)
    empty_the_register()
    import_path(first)
    export_path(second)
    assert files_of(first) == files_of(second)
    assert Event.objects.filter(voided_at__isnull=False).count() == 0


def test_csv_export_is_the_format_of_spec_4(tmp_path, register):
    export_path(tmp_path)
    organizations = (tmp_path / "organizations.csv").read_text(encoding="utf-8-sig").splitlines()
    assert organizations[0] == "code,kind,name,unit,sector,established_on,address,phone,email,representative"
    # By code; the row carries the establishment's name, unit and sector, not today's.
    assert organizations[1] == "HP-0001,htx,HTX Nông nghiệp An Lư,303,agriculture,2005-03-01,,,anlu@example.vn,"
    assert organizations[2].startswith('HP-0002,htx,"HTX ""Tiến Bộ"", Kiến Thụy",303,,2003-01-15,"Số 5')
    events = (tmp_path / "events.csv").read_text(encoding="utf-8-sig").splitlines()
    assert events[1:] == [
        "HP-0001,2010-04-01,relocated,304,,,QĐ 5/QĐ-UBND,",
        "HP-0001,2012-01-01,suspended,,,,,thiếu vốn",
        "HP-0001,2012-01-01,resumed,,,,,",
        "HP-0002,2008-06-30,reclassified,,industry,,,",
        "HP-0002,2019-12-31,dissolved,,,,,",
    ]
    reports = (tmp_path / "annual_reports.csv").read_text(encoding="utf-8-sig").splitlines()
    assert reports[1:] == [
        "HP-0001,2020,60,,0.0001,,,,0,",
        "HP-0001,2021,62,8,8438.5,-12,46.4,1000,1,2022-03-31T23:59:59+07:00",
        "HP-0002,2010,,,,,,,0,",
    ]
    windows = (tmp_path / "windows.csv").read_text(encoding="utf-8-sig").splitlines()
    assert windows == ["year,opens_on,deadline", "2021,2022-01-01,2022-03-31"]
    targets = (tmp_path / "targets.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [t.split(",")[:3] for t in targets[1:]] == [
        ["grdp.share_pct", "31", "2030"], ["htx.active", "31", "2030"], ["tht.total", "31", "2045"]]
    assert targets[1] == "grdp.share_pct,31,2030,~,0.5,"


def test_workbook_export_has_typed_cells(tmp_path, register):
    from python_calamine import CalamineWorkbook

    export_path(tmp_path / "r.xlsx")
    workbook = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    assert workbook.sheet_names[:6] == ["organizations", "events", "annual_reports", "macro", "targets", "windows"]
    rows = workbook.get_sheet_by_name("annual_reports").to_python()
    assert rows[2][:5] == ["HP-0001", 2021, 62, 8, 8438.5]
    assert workbook.get_sheet_by_name("organizations").to_python()[1][5] == D(2005, 3, 1)
