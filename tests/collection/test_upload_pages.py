"""Template download, upload, preview, confirm — through the back-office pages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hoptac.collection.models import Upload
from hoptac.registry.models import AnnualReport

from .workbooks import fill

YEAR = 2021


def download(client, unit="303"):
    response = client.get(reverse("collection:template") + f"?unit={unit}&year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def post(client, wb, name="bao-cao.xlsx"):
    data = io.BytesIO()
    wb.save(data)
    return client.post(reverse("collection:upload_new"), {"file": SimpleUploadedFile(name, data.getvalue())})


def test_the_template_lists_the_units_organisations_and_is_protected(client, world):
    client.force_login(world["local_officer"])
    wb = download(client)
    ws = wb["annual_reports"]
    assert [c.value for c in ws[1]][:3] == ["Số đăng ký [org_code]", "Tên [name]", "Năm [year]"]  # the officer's language
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == [world.own_org.code]
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and not ws["D2"].protection.locked
    assert len(ws.data_validations.dataValidation) == 7 + 16  # the v1 figures and estimate, the v2 figures and answers
    assert "huong_dan" in wb.sheetnames


def test_upload_preview_then_confirm_saves(client, world):
    client.force_login(world["local_officer"])
    wb = fill(download(client), 2)
    response = post(client, wb)
    upload = Upload.objects.get()
    assert response.status_code == 302 and response.url == reverse("collection:upload", kwargs={"pk": upload.pk})
    assert upload.status == "ready" and upload.summary["new"] == 1
    assert not AnnualReport.objects.exists()
    page = client.get(response.url)
    assert world.own_org.code in page.text
    client.post(reverse("collection:upload_confirm", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    assert upload.status == "saved"
    assert AnnualReport.objects.get().status == "submitted"


def test_a_bad_file_is_shown_with_its_problems_and_cannot_be_confirmed(client, world):
    client.force_login(world["local_officer"])
    wb = fill(download(client), 2, members="nhiều")
    post(client, wb)
    upload = Upload.objects.get()
    assert upload.status == "invalid"
    page = client.get(reverse("collection:upload", kwargs={"pk": upload.pk}))
    assert "nhiều" in page.text
    client.post(reverse("collection:upload_confirm", kwargs={"pk": upload.pk}))
    assert not AnnualReport.objects.exists()


def test_a_non_xlsx_file_is_refused_by_the_form(client, world):
    client.force_login(world["local_officer"])
    response = client.post(reverse("collection:upload_new"), {"file": SimpleUploadedFile("bao-cao.csv", b"a,b")})
    assert response.status_code == 200 and not Upload.objects.exists()


def test_large_files_go_through_the_task_queue_and_report_progress(client, world, settings):
    settings.HOPTAC_UPLOAD_INLINE_BYTES = 0  # every file is "large": enqueued (run at once by the test backend)
    client.force_login(world["local_officer"])
    post(client, fill(download(client), 2))
    upload = Upload.objects.get()
    status = client.get(reverse("collection:upload_status", kwargs={"pk": upload.pk})).json()
    assert status["status"] == "ready" and status["progress"] == 100 and status["running"] is False


def test_another_officer_cannot_see_my_upload(client, world):
    client.force_login(world["local_officer"])
    post(client, fill(download(client), 2))
    upload = Upload.objects.get()
    client.force_login(world["outsider"])
    assert client.get(reverse("collection:upload", kwargs={"pk": upload.pk})).status_code == 404
    assert client.post(reverse("collection:upload_confirm", kwargs={"pk": upload.pk})).status_code == 404


def test_a_cooperative_cannot_download_templates_or_upload(client, world):
    client.force_login(world["cooperative"])
    assert client.get(reverse("collection:template") + f"?unit=303&year={YEAR}").status_code == 403
    assert client.get(reverse("collection:upload_new")).status_code == 403


def test_warnings_are_saved_only_with_a_confirming_note_kept_in_the_audit_trail(client, world):
    """SPEC §2 v2: a warning (here 4 members, fewer than the legal minimum of 7 in 2021) asks for a note."""
    from hoptac.audit.models import AuditEntry

    client.force_login(world["local_officer"])
    post(client, fill(download(client), 2, members=4))
    upload = Upload.objects.get()
    assert upload.status == "ready" and upload.warnings
    page = client.get(reverse("collection:upload", kwargs={"pk": upload.pk})).text
    assert 'name="warning_note"' in page and "ít hơn mức tối thiểu luật định 7" in page
    confirm = reverse("collection:upload_confirm", kwargs={"pk": upload.pk})
    for note in ({}, {"warning_note": "  "}):
        response = client.post(confirm, note, follow=True)
        assert "Hãy ghi chú xác nhận các số liệu có cảnh báo (vì sao số liệu đúng) trước khi lưu." in response.text
    assert not AnnualReport.objects.exists()
    assert Upload.objects.get().status == "ready"
    client.post(confirm, {"warning_note": "HTX mới chia tách, đang kết nạp thêm thành viên"})
    assert Upload.objects.get().status == "saved"
    assert AnnualReport.objects.get().members == 4
    entry = AuditEntry.objects.get(action="collection.upload.warnings_confirmed")
    assert (entry.actor, entry.note, entry.after) == (
        world["local_officer"].username, "HTX mới chia tách, đang kết nạp thêm thành viên", {"warnings": 1})
