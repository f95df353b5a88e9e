"""A register with many kinds of bad rows is rejected whole, with every problem named."""

import csv
import datetime

import openpyxl
import pytest
from django.utils import translation

from hoptac.registry.interchange import ImportRejected, import_path
from hoptac.registry.models import AnnualReport, Event, Organization, OrganizationState

pytestmark = pytest.mark.django_db
D = datetime.date
FUTURE = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()

ORGANIZATIONS = [
    ["code", "kind", "name", "unit", "sector", "established_on", "address", "phone", "email", "representative"],
    ["HP-0001", "htx", "HTX Nông nghiệp An Lư", "303", "agriculture", D(2005, 3, 1), "", "", "", ""],  # 2 good
    ["HP-0002", "xyz", "HTX Sai loại hình", "303", "", "2006-01-01", "", "", "", ""],  # 3
    ["HP-0003", "htx", "HTX Sai ngành", "303", "fishing", "2006-01-01", "", "", "", ""],  # 4
    ["HP-0004", "htx", "HTX Sai đơn vị", "999", "trade", "2006-01-01", "", "", "", ""],  # 5
    ["HP-0005", "htx", "HTX Ngày không có", "303", "trade", "2021-02-30", "", "", "", ""],  # 6
    ["HP-0001", "htx", "HTX Trùng mã", "303", "trade", "2007-01-01", "", "", "", ""],  # 7
    ["HP-0006", "tht", "Tổ hợp tác tương lai", "31", "", FUTURE, "", "", "", ""],  # 8
    ["HP-0007", "htx", "HTX Đã giải thể", "304", "industry", "2003-05-01", "", "", "", ""],  # 9 good
    ["DB-0001", "htx", "Mã đã có trong sổ", "303", "", "2008-01-01", "", "", "", ""],  # 10
]
EVENTS = [
    ["org_code", "date", "type", "unit", "sector", "name", "document", "note"],
    ["HP-0001", "2004-01-01", "suspended", "", "", "", "", ""],  # 2 before establishment
    ["HP-0007", "2010-01-01", "dissolved", "", "", "", "QĐ 12/QĐ-UBND", ""],  # 3 good
    ["HP-0007", "2012-01-01", "renamed", "", "", "Tên mới", "", ""],  # 4 after dissolution
    ["HP-0001", "2010-01-01", "exploded", "", "", "", "", ""],  # 5 unknown type
    ["HP-0001", FUTURE, "suspended", "", "", "", "", ""],  # 6 future
    ["HP-9999", "2010-01-01", "suspended", "", "", "", "", ""],  # 7 unknown organisation
    ["HP-0001", "01/02/2011", "suspended", "", "", "", "", ""],  # 8 not a date
]
REPORTS = [
    ["org_code", "year", "members", "workers", "revenue", "profit", "income", "value_added", "is_estimate"],
    ["HP-0001", 2010, 10, 5, "100.5", "3", "40", "20", 0],  # 2 good
    ["HP-0001", 2010, 11, 5, "100", "3", "40", "20", 0],  # 3 second report
    ["HP-0001", 2011, -3, 5, "100", "3", "40", "20", 0],  # 4 negative
    ["HP-0001", 2012, 10, "many", "100", "3", "40", "20", 0],  # 5 non-numeric
    ["HP-0001", 2013, 10, 5, "1.000,5", "3", "40", "20", 0],  # 6 money not a number
    ["HP-0001", 2014, 10, 5, "100", "3", "40", "20", 2],  # 7 not 0/1
]

EXPECTED = {
    # (table, row, column): words of the rule
    ("organizations", 3, "kind"): "unknown kind (use htx, lhhtx, tht, qtdnd)",
    ("organizations", 4, "sector"): "unknown sector",
    ("organizations", 5, "unit"): "unknown unit code",
    ("organizations", 6, "established_on"): "impossible date",
    ("organizations", 7, "code"): "already used in row 2",
    ("organizations", 8, "established_on"): "in the future",
    ("organizations", 10, "code"): "already in the register",
    ("events", 2, "date"): "before the organisation was established",
    ("events", 4, "type"): "after the organisation became dissolved",
    ("events", 5, "type"): "unknown event type",
    ("events", 6, "date"): "in the future",
    ("events", 7, "org_code"): "no organisation with this code",
    ("events", 8, "date"): "not a date",
    ("annual_reports", 3, "year"): "second report for this organisation and year (the first is in row 2)",
    ("annual_reports", 4, "members"): "must not be negative",
    ("annual_reports", 5, "workers"): "not a whole number",
    ("annual_reports", 6, "revenue"): "not a number",
    ("annual_reports", 7, "is_estimate"): "must be 0 or 1",
}
TABLES = {"organizations": ORGANIZATIONS, "events": EVENTS, "annual_reports": REPORTS}


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


def write_csv(folder):
    for name, rows in TABLES.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([[c.isoformat() if isinstance(c, D) else c for c in r] for r in rows])
    return folder


def write_xlsx(path):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in TABLES.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)  # dates and numbers typed where the cell holds one
    workbook.save(path)
    return path


def counts():
    return [m.objects.count() for m in (Organization, Event, AnnualReport, OrganizationState)]


@pytest.fixture
def register_with_one_org(make_org):
    make_org(code="DB-0001")
    return counts()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_problem_is_named_and_nothing_changes(tmp_path, register_with_one_org, fmt):
    path = write_csv(tmp_path) if fmt == "csv" else write_xlsx(tmp_path / "register.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        import_path(path)
    label = (lambda t: f"{t}.csv") if fmt == "csv" else (lambda t: f"register.xlsx sheet {t}")
    found = {(p.file, p.row, p.column): p for p in rejected.value.problems}
    for (table, row, column), words in EXPECTED.items():
        problem = found.get((label(table), row, column))
        assert problem is not None, f"no problem reported for {table} row {row}, column {column}"
        assert words in problem.rule
    assert set(found) == {(label(t), r, c) for t, r, c in EXPECTED}
    assert counts() == register_with_one_org


def test_problem_line_names_file_row_column_value_and_rule(tmp_path, register_with_one_org):
    with pytest.raises(ImportRejected) as rejected:
        import_path(write_csv(tmp_path))
    lines = rejected.value.lines()
    assert "organizations.csv row 3, column kind: 'xyz' — unknown kind (use htx, lhhtx, tht, qtdnd)" in lines
    assert "annual_reports.csv row 4, column members: '-3' — must not be negative" in lines
    # Problems come in file order, then row order.
    assert lines.index(next(x for x in lines if x.startswith("organizations.csv row 10"))) < lines.index(
        next(x for x in lines if x.startswith("events.csv row 2")))


def test_unknown_and_missing_columns_are_problems(tmp_path):
    (tmp_path / "organizations.csv").write_text("code,kind,name,colour\nX1,htx,Tên,đỏ\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_path(tmp_path)
    lines = rejected.value.lines()
    assert any(x.startswith("organizations.csv row 1, column colour: 'colour' — unknown column") for x in lines)
    assert "organizations.csv row 1, column unit: '' — required column missing from the header" in lines
    assert "organizations.csv row 1, column established_on: '' — required column missing from the header" in lines


def test_unknown_file_and_extra_values_are_problems(tmp_path):
    (tmp_path / "organisations.csv").write_text("code\n", encoding="utf-8")
    (tmp_path / "macro.csv").write_text("unit,year,grdp\n31,2020,100,7\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_path(tmp_path)
    lines = rejected.value.lines()
    assert any(x.startswith("organisations.csv: not a file of the interchange format") for x in lines)
    # A CSV row longer than its header is refused whole (SPEC §4: never padded, never cut).
    assert ("macro.csv row 2: 4 cells where the header has 3: the row is cut short or has cells too many "
            "(nothing is read from it)") in lines


def test_blank_rows_keep_the_row_numbers(tmp_path):
    (tmp_path / "organizations.csv").write_text(
        "code,kind,name,unit,established_on\n\nX1,bad,Tên,303,2010-01-01\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_path(tmp_path)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(3, "kind")]


def test_unit_not_in_force_on_the_date(tmp_path):
    # 303 is an old district: it names nothing after the reform of 1/7/2025.
    (tmp_path / "organizations.csv").write_text(
        "code,kind,name,unit,established_on\nX1,htx,Tên,303,2025-08-01\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_path(tmp_path)
    [problem] = rejected.value.problems
    assert (problem.column, problem.value) == ("unit", "303")
    assert "not in force on 01/08/2025" in problem.rule
