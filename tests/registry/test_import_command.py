"""`hoptac import PATH` / `hoptac export PATH`: exit codes, summary, problem list, no tracebacks."""

import pytest
from django.utils import translation

from hoptac.audit.models import AuditEntry, Channel
from hoptac.cli import main
from hoptac.registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


GOOD = "code,kind,name,unit,sector,established_on\nA1,htx,HTX An Lư,303,agriculture,2005-03-01\n"
BAD = GOOD + "A2,xyz,HTX Sai,303,,2006-01-01\nA3,htx,HTX Ngày sai,303,,2021-02-30\n"


def write(folder, text, encoding="utf-8"):
    folder.mkdir(exist_ok=True)
    (folder / "organizations.csv").write_text(text, encoding=encoding)
    return str(folder)


def test_import_prints_a_one_line_summary(tmp_path, capsys):
    assert main(["import", write(tmp_path / "in", GOOD)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("imported 1 organisations, 0 events")
    assert Organization.objects.filter(code="A1").exists()


def test_an_import_leaves_exactly_one_audit_entry_marked_as_an_import(tmp_path):
    before = AuditEntry.objects.count()
    assert main(["import", write(tmp_path / "in", GOOD)]) == 0
    [entry] = AuditEntry.objects.order_by("pk")[before:]
    assert (entry.action, entry.channel, entry.after["organizations"]) == ("registry.import", Channel.IMPORT, 1)


def test_rejected_import_lists_every_problem_on_stderr_and_exits_1(tmp_path, capsys):
    assert main(["import", write(tmp_path / "in", BAD)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "hoptac: import rejected, nothing was changed: 2 problems"
    assert err[1:] == [
        "organizations.csv row 3, column kind: 'xyz' — unknown kind (use htx, lhhtx, tht, qtdnd)",
        "organizations.csv row 4, column established_on: '2021-02-30' — impossible date",
    ]
    assert not Organization.objects.exists()


@pytest.mark.parametrize("case", ["missing folder", "missing workbook", "not a workbook", "latin-1", "file not folder"])
def test_user_mistakes_give_one_line_and_no_traceback(tmp_path, capsys, case):
    if case == "missing folder":
        path = tmp_path / "nowhere"
    elif case == "missing workbook":
        path = tmp_path / "nowhere.xlsx"
    elif case == "not a workbook":
        path = tmp_path / "fake.xlsx"
        path.write_text("not a zip")
    elif case == "latin-1":
        path = write(tmp_path / "in", GOOD.replace("An Lư", "Hà Nam").replace("Hà", "H\xe0"), encoding="latin-1")
    else:
        path = tmp_path / "organizations.csv"
        path.write_text(GOOD)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("hoptac: ")
    assert len(err.strip().splitlines()) <= 2


def test_export_to_folder_and_workbook(tmp_path, capsys):
    main(["import", write(tmp_path / "in", GOOD)])
    capsys.readouterr()
    assert main(["export", str(tmp_path / "out")]) == 0
    assert main(["export", str(tmp_path / "out.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("exported 1 organisations") and out[1].endswith("out.xlsx")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "annual_reports.csv", "awards.csv", "documents.csv", "events.csv", "macro.csv", "organizations.csv",
        "support.csv", "targets.csv", "task_progress.csv", "tasks.csv", "windows.csv"]


def test_export_onto_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("x")
    assert main(["export", str(target)]) == 1
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_export_to_a_workbook_that_cannot_be_written_is_one_line(tmp_path, capsys):
    import gc

    blocker = tmp_path / "blocker"
    blocker.write_text("x")  # a file where the workbook's folder should be
    assert main(["export", str(blocker / "out.xlsx")]) == 1
    gc.collect()  # unfinished write-only sheets would complain when collected
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "out.xlsx" in err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_problems_are_told_in_vietnamese_by_default(tmp_path, capsys):
    with translation.override("vi"):
        assert main(["import", write(tmp_path / "in", BAD)]) == 1
    assert "loại hình không xác định (dùng htx, lhhtx, tht, qtdnd)" in capsys.readouterr().err
