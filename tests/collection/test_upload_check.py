"""Uploading a workbook: preview first, nothing saved until apply, then all rows or none."""

import zipfile
from decimal import Decimal

import pytest

from hoptac.collection import upload, workflow
from hoptac.collection.excel import SHEET
from hoptac.registry.models import AnnualReport

from . import factories as f
from .workbooks import fill, save, template

YEAR = 2021


@pytest.fixture
def district(world):
    """Two more organisations of district 303 beside world.own_org."""
    orgs = [world.own_org, f.org(unit_code="303"), f.org(unit_code="303", kind="lhhtx")]
    return orgs


def filled(tmp_path, district, name="ok.xlsx"):
    wb = template(f.unit("303"), YEAR, district)
    for row in (2, 3, 4):
        fill(wb, row)
    return save(wb, tmp_path / name)


def reasons(plan):
    return [(p["row"], p["column"], p["reason"]) for p in plan.problems]


def test_a_filled_template_previews_new_rows_and_saves_nothing(tmp_path, world, district):
    plan = upload.check(filled(tmp_path, district), world["local_officer"])
    assert plan.problems == []
    assert plan.summary == {"new": 3, "changed": 0, "unchanged": 0, "empty": 0}
    assert not AnnualReport.objects.exists()


def test_apply_saves_every_row_as_submitted(tmp_path, world, district):
    upload.apply(filled(tmp_path, district), world["local_officer"], note="ok.xlsx")
    reports = AnnualReport.objects.order_by("organization__code")
    assert [(r.status, r.revision, r.revenue) for r in reports] == [("submitted", 1, Decimal(8000))] * 3
    assert all(r.submitted_by == world["local_officer"] for r in reports)
    assert all(r.steps.get().action == "uploaded" for r in reports)


def test_unfilled_rows_are_skipped(tmp_path, world, district):
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 3)
    plan = upload.check(save(wb, tmp_path / "one.xlsx"), world["local_officer"])
    assert plan.summary == {"new": 1, "changed": 0, "unchanged": 0, "empty": 2}


def test_second_upload_shows_changed_and_unchanged_rows(tmp_path, world, district):
    upload.apply(filled(tmp_path, district), world["local_officer"])
    for report in AnnualReport.objects.all():  # returned: can be replaced
        workflow.return_report(world["province_officer"], report, comment="Kiểm tra lại")
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=8100)
    fill(wb, 3)
    AnnualReport.objects.filter(organization=district[1]).update(status="approved")
    plan = upload.check(save(wb, tmp_path / "again.xlsx"), world["local_officer"])
    assert plan.summary == {"new": 0, "changed": 1, "unchanged": 1, "empty": 1}


def test_only_changed_rows_and_cells_are_marked_and_saving_leaves_the_others_alone(tmp_path, world, district):
    """The template comes back with the figures on record: untouched rows are unchanged whatever their step."""
    draft = workflow.save_draft(world["local_officer"], world.own_org, YEAR, {**f.FIGURES, "revenue": Decimal("8438.5")})
    returned = workflow.save_draft(world["local_officer"], district[1], YEAR, f.FIGURES)
    returned = workflow.return_report(world["province_officer"], workflow.submit(world["local_officer"], returned), comment="Xem lại")
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, **{**f.FIGURES, "revenue": 8438.5})  # as on record
    fill(wb, 3, **{**f.FIGURES, "workers": 99})  # one figure changed
    plan = upload.check(save(wb, tmp_path / "back.xlsx"), world["local_officer"])
    assert plan.summary == {"new": 0, "changed": 1, "unchanged": 1, "empty": 1}
    [shown] = plan.preview()
    assert shown["code"] == district[1].code and shown["changed"] == ["workers"]
    upload.apply(save(wb, tmp_path / "back.xlsx"), world["local_officer"])
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.submitted_at is None  # left alone
    assert AnnualReport.objects.get(pk=returned.pk).status == "submitted"


def test_an_approved_report_is_locked_for_a_local_officer(tmp_path, world, district):
    report = workflow.save_draft(world["local_officer"], world.own_org, YEAR, {**f.FIGURES, "revenue": 8000})
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], report)))
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=9000)
    plan = upload.check(save(wb, tmp_path / "fix.xlsx"), world["local_officer"])
    assert [(p["row"], p["column"]) for p in plan.problems] == [(2, "A")]
    assert "approved and locked" in plan.problems[0]["reason"]
    with pytest.raises(upload.UploadRefused):
        upload.apply(tmp_path / "fix.xlsx", world["local_officer"])
    assert AnnualReport.objects.filter(organization=world.own_org).count() == 1


def test_a_province_upload_of_an_approved_report_gets_a_correction_and_stays_in_force(tmp_path, world, district):
    report = workflow.save_draft(world["local_officer"], world.own_org, YEAR, {**f.FIGURES, "revenue": 8000})
    report = workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], report)))
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=9000)
    plan = upload.check(save(wb, tmp_path / "fix.xlsx"), world["province_officer"])
    assert plan.problems == []  # a province officer may reopen the year, with a reason: the confirming note
    assert [(w["row"], w["column"]) for w in plan.warnings] == [(2, "A")]
    assert "saving reopens the year as a correction revision" in plan.warnings[0]["reason"]
    upload.apply(tmp_path / "fix.xlsx", world["province_officer"])
    rows = list(AnnualReport.objects.filter(organization=world.own_org).values_list("revision", "status", "in_force", "revenue"))
    assert rows == [(1, "approved", True, Decimal(8000)), (2, "submitted", False, Decimal(9000))]


def test_a_report_under_review_is_refused(tmp_path, world, district):
    workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], world.own_org, YEAR, f.FIGURES))
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=1)
    plan = upload.check(save(wb, tmp_path / "busy.xlsx"), world["local_officer"])
    assert reasons(plan) == [(2, "A", f"the report of {world.own_org.code} for 2021 is submitted and under review; "
                                      "it must be returned before it can be replaced")]


def test_a_big_change_since_last_year_is_a_warning_not_a_problem(tmp_path, world, district):
    last = workflow.save_draft(world["local_officer"], world.own_org, YEAR - 1, f.FIGURES)
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], last)))
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=80000)
    plan = upload.check(save(wb, tmp_path / "jump.xlsx"), world["local_officer"])
    assert plan.problems == []
    assert [(w["row"], w["column"]) for w in plan.warnings] == [(2, "F")]
    assert "8,000" in plan.warnings[0]["reason"] and "80,000" in plan.warnings[0]["reason"]  # English numbers in English


# --- bad workbooks: one clear message each, nothing saved ----------------------


def refused(path, user):
    with pytest.raises(upload.UploadRefused) as exc:
        upload.apply(path, user)
    assert not AnnualReport.objects.exists()
    return reasons(exc.value.plan)


def test_wrong_sheet_name(tmp_path, world, district):
    wb = template(f.unit("303"), YEAR, district)
    wb[SHEET].title = "Sheet1"
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(None, "", "The workbook has no sheet named “annual_reports” (it has: Sheet1, huong_dan). Use the template.")]


def test_missing_and_extra_columns(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    ws = wb[SHEET]
    ws.protection.sheet = False
    ws["F1"] = "Ghi chú"
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(1, "F", "unexpected column “Ghi chú”; remove it or use the template"),
                        (1, "", "the column “revenue” is missing; use the template")]


def test_text_in_a_number_cell(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2, revenue="8 tỷ")
    fill(wb, 3)
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(2, "F", "revenue (million VND): “8 tỷ” is not a number written the way this page expects: "
                                 "a dot only groups thousands, in threes, and a comma marks the decimals (27.500 / 8.438,5).")]


def test_numbers_typed_as_text_are_read_the_vietnamese_way(tmp_path, world, district):
    """SPEC §2: in text cells of the collection workbook 27.500 is twenty-seven thousand five hundred."""
    wb = fill(template(f.unit("303"), YEAR, district), 2, members="1.250", revenue="27.500", profit="-150,5")
    fill(wb, 3, revenue="8.438,5")
    plan = upload.check(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert plan.problems == []
    by_row = {p.row: p.figures for p in plan.rows}
    assert by_row[2]["members"] == 1250 and by_row[2]["revenue"] == Decimal(27500)
    assert by_row[2]["profit"] == Decimal("-150.5") and by_row[3]["revenue"] == Decimal("8438.5")


def test_text_cells_that_could_be_read_two_ways_are_refused(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2, revenue="11,000")
    fill(wb, 3, revenue="8438.5")
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert [(row, column) for row, column, _reason in problems] == [(2, "F"), (3, "F")]
    assert "can be read two ways. Write 11.000" in problems[0][2]
    assert "If you mean 8438.5, write 8.438,5." in problems[1][2]


def test_out_of_range_and_missing_required_figures(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2, members=-3)
    fill(wb, 3, revenue=None)
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(2, "D", "members: must not be negative"),  # the words of the one rule set (report_checks)
                        (3, "F", "revenue (million VND): this figure is required")]


def test_merged_cells(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    wb[SHEET].merge_cells("D3:E3")
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(3, "D3:E3", "merged cells; unmerge them and put one value in each cell")]


def test_formulas(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2, revenue="=1000*8")
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert (2, "F2", "a formula; type the value instead") in problems


def test_duplicate_rows(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    fill(wb, 3)
    wb[SHEET]["A3"] = world.own_org.code
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(3, "A", f"duplicate row: {world.own_org.code}, 2021 is already on row 2")]


def test_unknown_organisation_code(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    wb[SHEET]["A2"] = "KHONG-CO"
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(2, "A", "unknown registration number KHONG-CO")]


def test_organisation_outside_the_officers_units(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    wb[SHEET]["A2"] = world.foreign_org.code  # district 304
    problems = refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert problems == [(2, "A", f"{world.foreign_org.code} is not an organisation of your units")]


def test_oversized_file(tmp_path, world, district, settings):
    settings.HOPTAC_UPLOAD_MAX_BYTES = 1024
    problems = refused(filled(tmp_path, district), world["local_officer"])
    assert len(problems) == 1 and problems[0][2].startswith("The file is ") and "the limit is 0,0 MB" in problems[0][2]


def test_corrupt_file(tmp_path, world):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    assert refused(path, world["local_officer"]) == [
        (None, "", "The file is not an Excel workbook (.xlsx) or it is damaged; save it again as .xlsx.")]


def test_truncated_workbook(tmp_path, world, district):
    data = filled(tmp_path, district).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    problems = refused(path, world["local_officer"])
    assert len(problems) == 1 and "damaged" in problems[0][2]


def test_zip_bomb_is_refused_before_parsing(tmp_path, world):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    problems = refused(path, world["local_officer"])
    assert problems == [(None, "", "The part xl/worksheets/sheet1.xml of the file is compressed more than 200 times; "
                                   "it was refused as a possible zip bomb.")]


def test_one_bad_row_saves_nothing(tmp_path, world, district):
    wb = fill(template(f.unit("303"), YEAR, district), 2)
    fill(wb, 3)
    fill(wb, 4, workers=2.5)
    assert refused(save(wb, tmp_path / "x.xlsx"), world["local_officer"]) == [(4, "E", "workers: must be a whole number")]


def test_a_cooperative_account_cannot_upload(tmp_path, world, district):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload.apply(filled(tmp_path, district), world["cooperative"])


def test_a_nul_character_in_a_cell_is_named_and_the_other_rows_still_checked(tmp_path, world, district, monkeypatch):
    path = filled(tmp_path, district)
    rows, merged = upload.read_sheet(path)
    rows[2] = [*rows[2]]
    rows[2][1] = "HTX\x00 An"  # row 3, column B: the sheet is scanned once for NUL, then this row is named
    monkeypatch.setattr(upload, "read_sheet", lambda _path: (rows, merged))
    plan = upload.check(path, world["local_officer"])
    assert [(p["row"], p["column"]) for p in plan.problems] == [(3, "B")]
    assert "NUL" in plan.problems[0]["reason"]
    assert plan.summary["new"] == 2


def test_typed_money_is_a_decimal_in_the_plan_and_its_own_text_in_the_staged_rows(tmp_path, world, district):
    # Read over the whole column, money is kept as the text of each number; a row's figures give Decimals.
    wb = fill(template(f.unit("303"), YEAR, district), 2, members=12, revenue=1000.25, profit=-20.5)
    fill(wb, 3, members=15, revenue=12.0, profit=0.1)
    plan = upload.check(save(wb, tmp_path / "x.xlsx"), world["local_officer"])
    assert plan.problems == []
    by_row = {p.row: p.figures for p in plan.rows}
    assert (by_row[2]["revenue"], by_row[2]["profit"]) == (Decimal("1000.25"), Decimal("-20.5"))
    assert isinstance(by_row[3]["revenue"], Decimal) and str(by_row[3]["revenue"]) == "12"
    staged = {row[0]: dict(zip(upload.FIELDS, row[9])) for row in upload.staged_rows(plan)}
    assert (staged[2]["revenue"], staged[2]["profit"], staged[3]["revenue"], staged[3]["profit"]) == (
        "1000.25", "-20.5", "12", "0.1")
