"""The annex of a commendation decision, exported as Word and Excel and read back."""

import datetime
import io

import pytest
from docx import Document as WordDocument
from python_calamine import CalamineWorkbook

from hoptac.accounts.testing import force_verified_login
from hoptac.directives.models import Award
from tests.accounts.factories import unit

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/admin/directives/awards/annex.{}?decision=2985/QĐ-UBND&decided_on=2021-10-25"


@pytest.fixture
def decision(world):
    common = {"decision": "2985/QĐ-UBND", "decided_on": D(2021, 10, 25), "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
              "kind": "Bằng khen", "reason": "Đã có thành tích xuất sắc"}
    for org in (world.own_org, world.foreign_org):
        Award.objects.create(recipient_kind="organization", organization=org, unit=org.unit, **common)
    Award.objects.create(recipient_kind="collective", recipient="Phòng Kinh tế huyện Thủy Nguyên", unit=unit("303"),
                         **common)
    Award.objects.create(recipient_kind="individual", recipient="=Nguyễn Văn An", unit=unit("304"), **common)
    Award.objects.create(recipient_kind="organization", organization=world.own_org, decided_on=D(2022, 1, 5),
                         decision="5/QĐ-UBND", issuer="UBND")  # another decision: not in this annex
    return world


def test_word_annex_lists_collectives_then_individuals(client, decision):
    force_verified_login(client, decision["province_officer"])
    response = client.get(URL.format("docx"))
    assert response.status_code == 200
    word = WordDocument(io.BytesIO(response.content))
    texts = [p.text for p in word.paragraphs]
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN" in texts
    assert "(Kèm theo Quyết định số 2985/QĐ-UBND ngày 25/10/2021 của Ủy ban nhân dân thành phố Hải Phòng)" in texts
    header, collectives, individuals = word.tables
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0].cells[1].text
    rows = [[c.text for c in r.cells] for r in collectives.rows]
    assert rows[0] == ["STT", "Tên", "Đơn vị", "Lý do"]
    assert [r[:2] for r in rows[1:]] == [["1", "HTX Nông nghiệp Thủy Sơn"], ["2", "HTX Dịch vụ An Đồng Xanh"],
                                         ["3", "Phòng Kinh tế huyện Thủy Nguyên"]]
    assert [[c.text for c in r.cells][:2] for r in individuals.rows[1:]] == [["1", "=Nguyễn Văn An"]]


def test_excel_annex_reads_back_with_text_kept_as_text(client, decision):
    force_verified_login(client, decision["province_officer"])
    response = client.get(URL.format("xlsx"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    rows = [r for r in sheet if any(v != "" for v in r)]
    assert rows[2][0] == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN"
    names = [r[1] for r in rows if isinstance(r[0], (int, float)) and r[0] >= 1]
    assert names == ["HTX Nông nghiệp Thủy Sơn", "HTX Dịch vụ An Đồng Xanh", "Phòng Kinh tế huyện Thủy Nguyên",
                     "=Nguyễn Văn An"]


def test_a_local_officer_gets_the_annex_of_their_units_only(client, decision):
    force_verified_login(client, decision["local_officer"])
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(client.get(URL.format("xlsx")).content))
    names = [r[1] for r in sheet.get_sheet_by_index(0).to_python() if isinstance(r[0], (int, float)) and r[0] >= 1]
    assert names == ["HTX Nông nghiệp Thủy Sơn", "Phòng Kinh tế huyện Thủy Nguyên"]
    client.logout()
    assert client.get(URL.format("xlsx")).status_code == 302  # anonymous: to the sign-in page
    force_verified_login(client, decision["editor"])
    assert client.get(URL.format("docx")).status_code == 403


def test_decisions_by_year(client, decision):
    force_verified_login(client, decision["viewer"])
    page = client.get("/admin/directives/awards/decisions/")
    rows = list(page.context["decisions"])
    assert [(r["decision"], r["collectives"], r["individuals"]) for r in rows] == [
        ("5/QĐ-UBND", 1, 0), ("2985/QĐ-UBND", 3, 1)]
