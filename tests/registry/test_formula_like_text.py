"""Text that looks like a formula is exported as text and imports back unchanged."""

import datetime
import zipfile

import pytest

from hoptac.registry.interchange import export_path, import_path
from hoptac.registry.models import Event, Organization

pytestmark = pytest.mark.django_db

NAMES = {"F1": "=HYPERLINK(\"http://evil.example\",\"Bấm\")", "F2": "+84 HTX Biển", "F3": "-HTX-", "F4": "@SUM(A1)",
         "F5": "'trích dẫn"}


@pytest.fixture
def register(make_org):
    for code, name in NAMES.items():
        org = make_org(code=code, name=name)
        Organization.objects.filter(pk=org.pk).update(address="=1+1", representative="@me")
    Event.objects.filter(organization__code="F1").update(note="=cmd|' /C calc'!A0", document="+1")


def _flush():
    Organization.objects.all().delete()


def test_csv_export_quotes_formula_like_cells_and_imports_back(register, tmp_path):
    export_path(tmp_path / "a")
    text = (tmp_path / "a" / "organizations.csv").read_text(encoding="utf-8-sig")
    assert "F1,htx,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Bấm\"\")\"" in text
    assert ",'+84 HTX Biển," in text and ",'-HTX-," in text and ",'@SUM(A1)," in text and ",''trích dẫn," in text
    assert ",'=1+1," in text and ",'@me" in text
    _flush()
    import_path(tmp_path / "a")
    assert dict(Event.objects.filter(type="established").values_list("organization__code", "name")) == NAMES
    export_path(tmp_path / "b")
    assert (tmp_path / "a" / "organizations.csv").read_bytes() == (tmp_path / "b" / "organizations.csv").read_bytes()


def test_xlsx_export_writes_text_cells_and_imports_back(register, tmp_path):
    export_path(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    _flush()
    result = import_path(tmp_path / "a.xlsx")
    assert result.organizations == len(NAMES)
    assert dict(Event.objects.filter(type="established").values_list("organization__code", "name")) == NAMES
    assert set(Organization.objects.values_list("address", flat=True)) == {"=1+1"}
    export_path(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_drill_csv_quotes_formula_like_names(register, capsys):
    from hoptac.cli import main

    assert main(["drill", "--unit", "31", "--date", datetime.date.today().isoformat(), "--indicator", "htx.total",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert ",\"'=HYPERLINK(" in out and ",'+84 HTX Biển," in out
