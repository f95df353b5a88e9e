"""Reconciling with the national system from the back office: upload, differences shown, downloads;
only users who read the whole province."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.accounts.factories import first_commune, make_org

pytestmark = pytest.mark.django_db
URL = "/admin/registry/reconcile/"


def upload(text, name="quocgia.csv", **columns):
    data = {"code_column": "Mã số", "name_column": "Tên", "status_column": "Tình trạng", "unit_column": ""}
    data.update(columns)
    return {**data, "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


LIST = ("Mã số,Tên,Tình trạng\n"
        "HP-0001,HTX Nông nghiệp Thủy Sơn,Đang hoạt động\n"
        "HP-0002,HTX Dịch vụ An Đồng,Đã giải thể\n"
        "HP999999,HTX Lạ,Đang hoạt động\n")


def test_a_province_officer_sees_and_downloads_the_differences(world, login):
    client = login(world["province_officer"])
    assert client.get(URL).status_code == 200
    page = client.post(URL, upload(LIST))
    assert page.status_code == 200
    kinds = sorted((d.kind, d.code) for d in page.context["differences"])
    assert kinds == [("missing_in_register", "HP999999"), ("name", "HP-0002"), ("status", "HP-0002")]
    html = page.content.decode()
    assert "quocgia.csv: 3 khác biệt" in html and "có trong tệp, không có trong sổ đăng ký" in html
    csv_text = client.get(URL + "?download=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("khác biệt,số đăng ký") and "HP999999" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(URL + "?download=xlsx").content)).active
    assert sheet.max_row == 4


def test_a_file_that_cannot_be_compared_shows_every_problem(world, login):
    page = login(world["admin"]).post(URL, upload("Mã số,Tên,Tình trạng\nHP-0001,A,Không rõ\nHP-0001,B,Đang hoạt động\n"))
    errors = " ".join(page.context["form"].non_field_errors())
    assert "dòng 2, cột Tình trạng" in errors and "dòng 3, cột Mã số" in errors


def test_a_file_of_another_type_is_refused(world, login):
    page = login(world["admin"]).post(URL, upload("x", name="list.pdf"))
    assert "file" in page.context["form"].errors


@pytest.mark.parametrize("role", ["local_officer", "outsider", "cooperative", "editor"])
def test_users_who_do_not_read_the_whole_province_are_refused(world, login, role):
    client = login(world[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, upload(LIST)).status_code == 403
