"""Open data files write names that look like formulas as text."""

import io

import pytest
from openpyxl import load_workbook

from .conftest import ApiClient, establish

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(db):
    establish("HP-9001", "303", name='=HYPERLINK("http://evil.example","Xem")', address="+84 đường A")


def test_register_csv_quotes_formula_like_cells(hostile):
    body = ApiClient().get("/api/v1/open-data/register.csv").content.decode("utf-8-sig")
    line = next(row for row in body.splitlines() if row.startswith("HP-9001,"))
    assert ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Xem\"\")\"," in line
    assert ",'+84 đường A," in line


def test_register_xlsx_has_text_cells_not_formulas(hostile):
    body = ApiClient().get("/api/v1/open-data/register.xlsx").content
    sheet = load_workbook(io.BytesIO(body))["register"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "HP-9001")
    header = [c.value for c in next(sheet.iter_rows())]
    name, address = row[header.index("name")], row[header.index("address")]
    assert name.value == '=HYPERLINK("http://evil.example","Xem")' and name.data_type == "s"
    assert address.value == "+84 đường A" and address.data_type == "s"
