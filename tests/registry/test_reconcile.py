"""`hoptac reconcile FILE` (SPEC §5): the register against a list from the national registration system."""

import csv
import datetime
import json

import pytest
from openpyxl import Workbook, load_workbook

from hoptac.cli import main
from hoptac.registry import lifecycle
from hoptac.registry.models import Organization

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register(make_org, unit_on):
    """Five organisations: matched by code, matched by former number, renamed, dissolved, not in the list."""
    same = make_org(code="0201234567", name="HTX Nông nghiệp An Lư", unit="11296")
    old = make_org(code="0209876543", name="HTX Dịch vụ Hùng Vương", unit="11299")
    Organization.objects.filter(pk=old.pk).update(legacy_number="0207000123")
    suspended = make_org(code="0201111111", name="HTX Vận tải Sở Dầu", unit="11302")
    lifecycle.record_event(suspended, "suspended", D(2023, 5, 1))
    gone = make_org(code="0202222222", name="HTX Cũ", unit="11302")
    lifecycle.record_event(gone, "dissolved", D(2019, 1, 1))
    absent = make_org(code="0203333333", name="HTX Thượng Lý", unit="11305")
    return same, old, suspended, gone, absent


HEADER = ["Mã số HTX", "Tên hợp tác xã", "Tình trạng", "Mã xã"]
ROWS = [
    ["0201234567", "HTX  nông nghiệp An Lư", "Đang hoạt động", "NEW"],  # same (case, spacing; new commune)
    ["0207000123", "HTX Dịch vụ Hùng Vương", "dang hoat dong", ""],  # the former number
    ["0201111111", "HTX Vận tải Sở Dầu mới", "Đang hoạt động", "11305"],  # name, status and unit differ
    ["0202222222", "HTX Cũ", "Đã giải thể", ""],
    ["0209999999", "HTX Không có", "Đang hoạt động", ""],  # not in the register
]
OPTIONS = ["--code-column", "Mã số HTX", "--name-column", "Tên hợp tác xã", "--status-column", "Tình trạng",
           "--unit-column", "Mã xã"]


def new_commune_of(code):
    """The commune of the two-level government the old commune ``code`` went into."""
    from hoptac.geo.models import Crosswalk

    return Crosswalk.objects.get(old__code=code, old__regime="old", primary=True).new.code


def write_csv(path, rows, header=HEADER):
    rows = [[new_commune_of("11296") if c == "NEW" else c for c in row] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def differences(out):
    return sorted((d["kind"], d["code"]) for d in json.loads(out)["differences"])


EXPECTED = [
    ("missing_in_file", "0203333333"),
    ("missing_in_register", "0209999999"),
    ("name", "0201111111"),
    ("status", "0201111111"),
    ("unit", "0201111111"),
]


def test_differences_of_a_csv_list_with_mapped_columns(register, tmp_path, capsys):
    assert main(["reconcile", write_csv(tmp_path / "quocgia.csv", ROWS), *OPTIONS, "--format", "json"]) == 0
    assert differences(capsys.readouterr().out) == EXPECTED


def test_the_same_from_a_workbook_with_codes_typed_as_numbers_losing_their_leading_zero(register, tmp_path, capsys):
    book = Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        unit = new_commune_of("11296") if row[3] == "NEW" else row[3]
        book.active.append([int(row[0]), *row[1:3], int(unit) if unit else None])
    book.save(tmp_path / "quocgia.xlsx")
    assert main(["reconcile", str(tmp_path / "quocgia.xlsx"), *OPTIONS, "--format", "json"]) == 0
    # Matched with the zeros put back; a row matching nothing is named as the file has it.
    assert differences(capsys.readouterr().out) == [
        (kind, "209999999" if kind == "missing_in_register" else code) for kind, code in EXPECTED]


def test_the_table_names_each_difference_and_the_output_file_has_them_all(register, tmp_path, capsys):
    out_xlsx = tmp_path / "chenh-lech.xlsx"
    assert main(["reconcile", write_csv(tmp_path / "quocgia.csv", ROWS), *OPTIONS, "--output", str(out_xlsx)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("5 khác biệt")
    assert "trạng thái khác nhau" in printed and "tạm ngừng hoạt động" in printed.lower()
    sheet = load_workbook(out_xlsx).active
    assert sheet.max_row == 6 and sheet.cell(1, 1).value == "khác biệt"


def test_a_file_that_cannot_be_compared_names_every_problem_and_exits_1(register, tmp_path, capsys):
    rows = [["0201234567", "A", "Đang hoạt động", ""], ["0201234567", "B", "Đang hoạt động", ""],
            ["0201111111", "C", "Lạ lùng", "99999"]]
    assert main(["reconcile", write_csv(tmp_path / "bad.csv", rows), *OPTIONS]) == 1
    err = capsys.readouterr().err
    assert "không thể đối chiếu" in err and "Traceback" not in err
    assert "bad.csv, dòng 3, cột Mã số HTX" in err  # the duplicate code
    assert "“Lạ lùng”" in err and "99999" in err


def test_a_missing_column_says_which_and_how_to_name_it(register, tmp_path, capsys):
    assert main(["reconcile", write_csv(tmp_path / "quocgia.csv", ROWS)]) == 1
    err = capsys.readouterr().err
    assert "“code”" in err and "--code-column" in err


def test_an_unreadable_file_is_refused_in_one_line(tmp_path, capsys):
    (tmp_path / "list.csv").write_bytes("Mã,Tên\n".encode("utf-16"))
    assert main(["reconcile", str(tmp_path / "list.csv")]) == 1
    assert "UTF-8" in capsys.readouterr().err
    assert main(["reconcile", str(tmp_path / "none.csv")]) == 1
