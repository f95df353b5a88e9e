"""Names that look like formulas: the template writes them as text and uploads back."""

import zipfile

from hoptac.collection import upload
from hoptac.collection.excel import build_template

from . import factories as f
from .workbooks import fill, save, template

YEAR = 2021


def test_the_template_writes_names_as_text_and_its_own_file_uploads_back(tmp_path, world):
    orgs = [f.org(unit_code="303", name="=HYPERLINK(\"http://evil\",\"Bấm vào\")"), f.org(unit_code="303", name="+84 HTX"),
            f.org(unit_code="303", name="@HTX"), f.org(unit_code="303", name="-HTX-")]
    raw = tmp_path / "raw.xlsx"
    raw.write_bytes(build_template(f.unit("303"), YEAR, [(o.code, o.name) for o in orgs]))
    with zipfile.ZipFile(raw) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    assert upload.check(raw, world["local_officer"]).problems == []  # nothing filled in: nothing to do, nothing wrong

    wb = template(f.unit("303"), YEAR, orgs)
    for row in range(2, 6):
        fill(wb, row)
    plan = upload.check(save(wb, tmp_path / "filled.xlsx"), world["local_officer"])
    assert plan.problems == []
    assert plan.summary["new"] == 4
