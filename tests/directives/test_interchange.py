"""The documents, tasks, task_progress, support and awards files: round trip, all or nothing, every problem named."""

import datetime

import pytest
from django.utils import translation

from hoptac.directives.models import Award, Document, Support, Task, TaskProgress
from hoptac.registry.interchange import ImportRejected, export_path, export_tables, import_path, import_tables
from hoptac.registry.models import Organization

pytestmark = pytest.mark.django_db
D = datetime.date
NQ13 = "13-NQ/TW|Ban Chấp hành Trung ương|2002-03-18"
KH74 = "74-KH/TU|Ban Thường vụ Thành ủy|2021-09-04"
KH95 = "95/KH-UBND|UBND thành phố|2016-04-19"
KH267 = "267/KH-UBND|UBND thành phố|2020-11-17"

TABLES = {
    "organizations": [
        {"code": "HP-0001", "kind": "htx", "name": "HTX Nông nghiệp An Lư", "unit": "303", "sector": "agriculture",
         "established_on": "2005-03-01"},
        {"code": "HP-0002", "kind": "htx", "name": "HTX Dịch vụ Tiến Bộ", "unit": "304", "sector": "trade",
         "established_on": "2010-03-01"},
    ],
    "documents": [
        {"number": "74-KH/TU", "issuer": "Ban Thường vụ Thành ủy", "issued_on": "2021-09-04", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch tổng kết 20 năm", "implements": NQ13},
        {"number": "13-NQ/TW", "issuer": "Ban Chấp hành Trung ương", "issued_on": "2002-03-18", "kind": "nghi_quyet",
         "level": "central", "title": "Nghị quyết Trung ương 5 khóa IX", "summary": "=Đổi mới kinh tế tập thể"},
        {"number": "95/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2016-04-19", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch 2016–2020", "implements": NQ13},
        {"number": "267/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2020-11-17", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch 2021–2025", "implements": NQ13, "replaces": KH95, "amends": ""},
    ],
    "tasks": [
        {"code": "NV-02", "document": KH74, "title": "Tín dụng cho hợp tác xã", "lead_agency": "Ngân hàng Nhà nước",
         "partners": "Sở Tài chính; Quỹ hỗ trợ", "starts_on": "2022-01-01", "deadline": "2025-12-31",
         "status": "done"},
        {"code": "NV-01", "document": KH267, "title": "Đào tạo cán bộ", "lead_agency": "Liên minh HTX",
         "starts_on": "2022-01-01", "deadline": "2030-12-31", "status": "in_progress"},
    ],
    "task_progress": [
        {"task": "NV-01", "on": "2022-12-15", "note": "Đã mở 4 lớp."},
        {"task": "NV-01", "on": "2023-12-15", "note": "Đã mở 6 lớp."},
    ],
    "support": [
        {"org_code": "HP-0001", "year": "2021", "kind": "credit", "amount": "250.5", "programme": "Quỹ hỗ trợ",
         "document": KH267},
        {"org_code": "HP-0002", "year": "2020", "kind": "training", "amount": "12", "programme": ""},
    ],
    "awards": [
        {"decision": "2985/QĐ-UBND", "decided_on": "2021-10-25", "issuer": "UBND thành phố", "kind": "Bằng khen",
         "recipient_kind": "organization", "org_code": "HP-0001", "reason": "Thành tích 20 năm"},
        {"decision": "2985/QĐ-UBND", "decided_on": "2021-10-25", "issuer": "UBND thành phố", "kind": "Bằng khen",
         "recipient_kind": "collective", "recipient": "Phòng Kinh tế quận Hồng Bàng"},
        {"decision": "2985/QĐ-UBND", "decided_on": "2021-10-25", "issuer": "UBND thành phố", "kind": "Bằng khen",
         "recipient_kind": "individual", "recipient": "Nguyễn Văn An, Giám đốc HTX An Lư"},
    ],
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def empty():
    for model in (Award, Support, TaskProgress, Task, Document, Organization):
        model.objects.all().delete()


def files_of(path):
    if path.suffix == ".xlsx":
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("name", ["csv", "register.xlsx"])
def test_round_trip_is_identical(tmp_path, name):
    result = import_tables(TABLES)
    assert result.directives == {"documents": 4, "tasks": 2, "task_progress": 2, "support": 2, "awards": 3}
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    export_path(first)
    empty()
    import_path(first)
    export_path(second)
    assert files_of(first) == files_of(second)
    assert Document.objects.get(number="267/KH-UBND").replaces.get().number == "95/KH-UBND"


def test_export_writes_the_columns_of_spec_4(tmp_path):
    import_tables(TABLES)
    export_path(tmp_path)
    documents = (tmp_path / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
    assert documents[0] == "number,issuer,issued_on,kind,level,title,summary,implements,replaces,amends"
    assert documents[1] == "13-NQ/TW,Ban Chấp hành Trung ương,2002-03-18,nghi_quyet,central,Nghị quyết Trung ương 5 khóa IX,'=Đổi mới kinh tế tập thể,,,"
    assert documents[3].endswith(f",{NQ13},{KH95},")
    awards = (tmp_path / "awards.csv").read_text(encoding="utf-8-sig").splitlines()
    assert awards[0] == "decision,decided_on,issuer,kind,recipient_kind,org_code,recipient,reason"
    assert awards[1] == "2985/QĐ-UBND,2021-10-25,UBND thành phố,Bằng khen,organization,HP-0001,,Thành tích 20 năm"
    support = (tmp_path / "support.csv").read_text(encoding="utf-8-sig").splitlines()
    assert support[1:] == [f"HP-0001,2021,credit,250.5,Quỹ hỗ trợ,{KH267}", "HP-0002,2020,training,12,,"]
    assert (tmp_path / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith(f"NV-01,{KH267},")
    assert (tmp_path / "task_progress.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "NV-01,2022-12-15,Đã mở 4 lớp.", "NV-01,2023-12-15,Đã mở 6 lớp."]


def rejected(tables):
    with pytest.raises(ImportRejected) as refused:
        import_tables(tables)
    assert not Organization.objects.exists() and not Document.objects.exists() and not Award.objects.exists()
    return {(p.file, p.row, p.column): p.rule for p in refused.value.problems}


def test_every_bad_row_is_named_and_nothing_is_written():
    bad = {key: [dict(r) for r in rows] for key, rows in TABLES.items()}
    bad["documents"].append(dict(bad["documents"][0]))  # row 6: the same number, issuer and date again
    bad["tasks"][0]["deadline"] = "2021-12-31"  # before its start
    bad["tasks"][1]["document"] = "1/KH-UBND|UBND thành phố|2020-01-01"  # no such document
    bad["support"][1]["amount"] = "-12"
    bad["awards"][2]["recipient"] = ""  # an award to nobody
    bad["awards"][0]["org_code"] = ""
    problems = rejected(bad)
    assert problems == {
        ("documents.csv", 6, "number"): "this document (same number, issuer and date) is already in row 2",
        ("tasks.csv", 2, "deadline"): "the deadline is before the task's start",
        ("tasks.csv", 3, "document"): "no document with this number, issuer and date in documents or in the register",
        ("support.csv", 3, "amount"): "the amount of support cannot be below zero",
        ("awards.csv", 2, "org_code"): "an award to an organisation names the organisation",
        ("awards.csv", 4, "recipient"): "an award names its recipient: nobody is named",
    }


def test_a_document_already_in_the_register_and_a_missing_link():
    import_tables({"documents": TABLES["documents"][1:2]})
    problems = rejected_after_first({"documents": [
        TABLES["documents"][1],
        {**TABLES["documents"][0], "amends": "9/CV-UBND|UBND thành phố|2019-01-01"},
    ]})
    assert problems == {
        ("documents.csv", 2, "number"): "a document with this number, issuer and date is already in the register",
        ("documents.csv", 3, "amends"): "no document with this number, issuer and date in documents or in the register",
    }


def rejected_after_first(tables):
    before = Document.objects.count()
    with pytest.raises(ImportRejected) as refused:
        import_tables(tables)
    assert Document.objects.count() == before
    return {(p.file, p.row, p.column): p.rule for p in refused.value.problems}


def test_a_cycle_of_replaces_is_refused_with_the_register():
    import_tables({"documents": TABLES["documents"][1:]})  # 267 replaces 95
    import_tables({"documents": [  # 1 replaces 267 replaces 95: a chain, no loop
        {"number": "1/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2015-01-05", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch cũ", "replaces": KH267},
    ]})
    problems = rejected_after_first({"documents": [  # 95 replacing 1 would close it, but 95 is recorded: a new one
        {"number": "4/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2014-01-05", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch tự thay", "replaces": "4/KH-UBND|UBND thành phố|2014-01-05"},
    ]})
    assert problems == {("documents.csv", 2, "replaces"): "a document cannot refer to itself"}
    problems = rejected_after_first({"documents": [
        {"number": "2/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2015-01-05", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch A", "replaces": "3/KH-UBND|UBND thành phố|2015-01-06"},
        {"number": "3/KH-UBND", "issuer": "UBND thành phố", "issued_on": "2015-01-06", "kind": "ke_hoach",
         "level": "province", "title": "Kế hoạch B", "replaces": "2/KH-UBND|UBND thành phố|2015-01-05"},
    ]})
    assert set(problems) == {("documents.csv", 2, "replaces"), ("documents.csv", 3, "replaces")}


def test_messages_are_vietnamese_on_a_vietnamese_import():
    bad = {"documents": [{**TABLES["documents"][1]}], "support": [{**TABLES["support"][1], "amount": "-1"}],
           "organizations": TABLES["organizations"]}
    with translation.override("vi"), pytest.raises(ImportRejected) as refused:
        import_tables(bad)
    assert [p.rule for p in refused.value.problems] == ["số tiền hỗ trợ không được nhỏ hơn 0"]


def test_export_tables_lists_the_five_files():
    import_tables(TABLES)
    tables = export_tables()
    assert [len(tables[t]) for t in ("documents", "tasks", "task_progress", "support", "awards")] == [4, 2, 2, 2, 3]
