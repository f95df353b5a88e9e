"""A CSV row shorter or longer than the header is an error naming file and row."""

import pytest
from django.utils import translation

from hoptac.cli import main
from hoptac.registry.interchange import ImportRejected, import_path
from hoptac.registry.interchange.readers import CsvFolderReader
from hoptac.registry.models import AnnualReport, Organization

pytestmark = pytest.mark.django_db

ORGS = "code,kind,name,unit,sector,established_on\nA1,htx,HTX An Lư,303,agriculture,2005-03-01\n"
REPORTS = "org_code,year,members,workers,revenue,profit,income,value_added,is_estimate\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def folder(tmp_path, reports):
    (tmp_path / "organizations.csv").write_text(ORGS, encoding="utf-8")
    (tmp_path / "annual_reports.csv").write_text(REPORTS + reports, encoding="utf-8")
    return tmp_path


def test_a_cut_row_is_refused_not_padded(tmp_path):
    # A backup whose last line was cut after the year: read as padded, it came back with
    # its figures empty and is_estimate turned from 1 to 0.
    path = folder(tmp_path, "A1,2020,10,5,1000,50,40,300,1\nA1,2021,12,6\n")
    with pytest.raises(ImportRejected) as rejected:
        import_path(path)
    assert [str(p) for p in rejected.value.problems] == [
        "annual_reports.csv row 3: 4 cells where the header has 9: the row is cut short or has cells too many "
        "(nothing is read from it)"]
    assert not Organization.objects.exists() and not AnnualReport.objects.exists()


def test_a_row_with_a_cell_too_many_is_refused(tmp_path, capsys):
    path = folder(tmp_path, "A1,2020,10,5,1000,50,40,300,1,\n")
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "hoptac: import rejected, nothing was changed: 1 problem"
    assert err[1].startswith("annual_reports.csv row 2: 10 cells where the header has 9")
    assert not Organization.objects.exists()


def test_hoptac_import_refuses_a_workbook_reaching_the_last_cell(tmp_path, capsys):
    from tests.hostile_files import far_cell_workbook

    assert main(["import", str(far_cell_workbook(tmp_path / "far.xlsx"))]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "reaches cell XFD1048576" in err[0]


def test_blank_rows_are_kept_empty_and_numbered(tmp_path):
    # Blank lines, empty or whitespace cells and cells holding only the quote that guards
    # formula-like text are blank rows; a row whose first cell alone is empty is not.
    path = folder(tmp_path, "\n,,,,,,,,\n ,\t,,,,,,,\n',,,,,,,,'\n,2020,,,,,,,\nA1,2021,,,,,,,\n")
    rows = CsvFolderReader(path).read().tables["annual_reports"]
    assert rows[:4] == [{}, {}, {}, {}]
    assert [(r["org_code"], r["year"]) for r in rows[4:]] == [("", "2020"), ("A1", "2021")]
    with pytest.raises(ImportRejected) as rejected:
        import_path(path)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(6, "org_code")]
