"""The v2 figures in the collection and the checks between figures (SPEC §2 v2): an error
blocks, a warning must be confirmed — on the online form, in workflow and in the Excel upload."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from hoptac.audit.models import AuditEntry
from hoptac.collection import upload, workflow
from hoptac.collection.excel import SHEET, build_template
from hoptac.collection.models import ReportStep
from hoptac.registry.models import AnnualReport

from . import factories as f
from .workbooks import fill, save, template

from .test_report_pages import url

YEAR = 2021
FORM = {"members": "62", "workers": "15", "revenue": "8.438,5", "profit": "350", "income": "46", "value_added": "900"}


def test_the_form_saves_the_v2_figures_and_answers(client, world):
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {
        **FORM, "members_official": "50", "members_associate": "12", "revenue_with_members": "5.000",
        "charter_capital": "1.200,25", "value_chain": "1", "high_tech": "0", "director_trained": "",
        "action": "save"})
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert (report.members_official, report.members_associate, str(report.charter_capital)) == (50, 12, "1200.2500")
    assert (report.value_chain, report.high_tech, report.director_trained) == (True, False, None)
    assert report.workers_regular is None  # not given: null, never zero
    page = client.get(url(world.own_org)).text
    assert "1,200.25" in page or "1.200,25" in page


def test_the_form_refuses_members_that_are_not_official_plus_associate(client, world):
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {
        **FORM, "members_official": "50", "members_associate": "10", "action": "save_submit"})
    assert response.status_code == 200
    assert "số thành viên (62) phải bằng thành viên chính thức (50) cộng thành viên liên kết (10)" in response.text
    assert not AnnualReport.objects.exists()


def test_the_form_refuses_revenue_from_members_above_revenue_in_vietnamese(client, world):
    client.force_login(world["cooperative"])
    with translation.override("vi"):
        response = client.post(url(world.own_org), {
            **FORM, "revenue_with_members": "9.000", "action": "save"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "doanh thu với thành viên (9.000) lớn hơn tổng doanh thu (8.438,5)" in response.text
    assert not AnnualReport.objects.exists()


def test_fewer_official_members_than_the_law_asks_must_be_confirmed(client, world):
    client.force_login(world["cooperative"])
    figures = {**FORM, "members": "6", "members_official": "6", "members_associate": "0", "action": "save"}
    response = client.post(url(world.own_org), figures)
    assert "6 thành viên chính thức, ít hơn mức tối thiểu luật định 7 thành viên của hợp tác xã năm 2021" in response.text
    assert not AnnualReport.objects.exists()
    blank = client.post(url(world.own_org), {**figures, "confirm_note": "   "})  # a note, not blanks
    assert "Hãy ghi chú xác nhận các số liệu có cảnh báo" in blank.text
    assert not AnnualReport.objects.exists()
    note = "Hai thành viên chính thức rút vốn cuối năm; đang kết nạp thêm"
    assert client.post(url(world.own_org), {**figures, "confirm_note": note}).status_code == 302
    report = AnnualReport.objects.get()
    assert report.members_official == 6
    # The note is kept in the step history and the audit trail.
    assert ReportStep.objects.get(report__organization=world.own_org).comment == note
    assert AuditEntry.objects.get(action="collection.report.created", object_id=str(report.pk)).note == note
    # From 2024 the minimum is 5 (Law on Cooperatives 2023): six official members need no confirmation.
    assert client.post(url(world.own_org, 2024), figures).status_code == 302


def test_the_form_carries_the_checks_for_its_script(client, world):
    client.force_login(world["cooperative"])
    page = client.get(url(world.own_org)).text
    assert 'id="report-checks"' in page and '"op": "sum"' in page and '"minimum": 7' in page


def test_submission_is_refused_when_the_stored_figures_break_a_check(world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {"members": 10, "workers": 5,
                                                                                 "revenue": 100})
    AnnualReport.objects.filter(pk=report.pk).update(workers_regular=6)
    with pytest.raises(workflow.WorkflowError, match=r"regular workers \(6\) are more than the workers \(5\)"):
        workflow.submit(world["cooperative"], report)
    assert AnnualReport.objects.get().status == "draft"


V2_COLUMNS = {"members_official": "K", "members_associate": "L", "workers_regular": "O",
              "revenue_with_members": "Q", "value_chain": "X"}


def test_the_template_has_the_v2_columns_with_labels_and_validation(world):
    wb = load_workbook(io.BytesIO(build_template(f.unit("303"), YEAR, [(world.own_org.code, "HTX")],
                                                 language="vi")))
    header = [c.value for c in wb[SHEET][1]]
    assert header[10] == "Thành viên chính thức [members_official]"
    assert header[23] == "Tham gia liên kết chuỗi giá trị (1 = có, 0 = không, để trống = chưa trả lời) [value_chain]"
    lists = [dv for dv in wb[SHEET].data_validations.dataValidation if dv.type == "list"]
    assert {str(dv.sqref) for dv in lists} == {"J2", "X2", "Y2", "Z2"}


def workbook(tmp_path, world, **v2):
    wb = template(f.unit("303"), YEAR, [world.own_org])
    fill(wb, 2, members=62)
    for key, value in v2.items():
        wb[SHEET][f"{V2_COLUMNS[key]}2"] = value
    return save(wb, tmp_path / "up.xlsx")


def test_the_upload_names_row_and_column_of_a_broken_check(tmp_path, world):
    plan = upload.check(workbook(tmp_path, world, members_official=50, members_associate=10, workers_regular=16),
                        world["local_officer"])
    assert [(p["row"], p["column"], p["reason"]) for p in plan.problems] == [
        (2, "D", "members (62) must equal official members (50) plus associate members (10)"),
        (2, "O", "regular workers (16) are more than the workers (15)"),
    ]
    assert plan.rows == []


def test_the_upload_warns_of_the_legal_minimum_and_reads_answers(tmp_path, world):
    plan = upload.check(workbook(tmp_path, world, members_official=4, members_associate=58, value_chain=1),
                        world["local_officer"])
    assert plan.problems == []
    assert [(w["row"], w["column"], w["reason"]) for w in plan.warnings] == [
        (2, "K", "4 official members, fewer than the legal minimum of 7 for a cooperative in 2021")]
    assert plan.rows[0].figures["value_chain"] is True and plan.rows[0].figures["high_tech"] is None


def test_an_older_template_without_v2_columns_keeps_the_recorded_v2_figures(tmp_path, world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR,
                                 {"members": 62, "workers": 15, "revenue": 8000, "members_official": 50,
                                  "value_chain": True})
    wb = template(f.unit("303"), YEAR, [world.own_org])
    fill(wb, 2, members=62, revenue=9000)
    ws = wb[SHEET]
    ws.delete_cols(11, 16)  # a workbook made from the v1 template
    upload.apply(save(wb, tmp_path / "old.xlsx"), world["local_officer"])
    report.refresh_from_db()
    assert (report.revenue, report.members_official, report.value_chain) == (9000, 50, True)
