"""Checks are data (SPEC §2 v2, issue #22): the Department sets each check's severity, whether it
is in force and its parameters; the online form, the Excel upload, the workflow behind the API and
the import all apply what it set; bad settings are refused with one Vietnamese message."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from hoptac.audit.models import AuditEntry, Channel
from hoptac.collection import upload, workflow
from hoptac.registry import report_checks
from hoptac.registry.check_settings import CheckSettingError, configure
from hoptac.registry.models import AnnualReport, CheckSetting

from .test_report_checks_v2 import FORM, workbook
from .test_report_pages import url

YEAR = 2021
BELOW_MINIMUM = {**FORM, "members": "6", "members_official": "6", "members_associate": "0",
                 "confirm_note": "Hai thành viên rút vốn cuối năm", "action": "save"}
MINIMUM_MESSAGE = "6 thành viên chính thức, ít hơn mức tối thiểu luật định 7 thành viên của hợp tác xã năm 2021"
LAW = [(k, d, m, b) for k, d, m, b in report_checks.LAW_MINIMUMS]


def set_check(code, user, **changes):
    setting = CheckSetting.objects.get(code=code)
    values = {"severity": setting.severity, "active": setting.active, "factor": setting.factor, "minimums": None,
              "reason": "Quyết định của Sở"}
    values.update(changes)
    return configure(code, user=user, channel=Channel.BACK_OFFICE, **values)


def last_year(org, **figures):
    AnnualReport.objects.create(organization=org, year=YEAR - 1, status="approved", in_force=True,
                                **{"members": 62, "workers": 15, "revenue": Decimal(4000), **figures})


def test_the_law_and_spec_are_the_seeded_settings(db):
    rules = report_checks.in_force()
    assert [c.code for c in rules.checks] == [c.code for c in report_checks.CHECKS]
    assert (rules.minimum("htx", 2023), rules.minimum("htx", 2024), rules.minimum("lhhtx", 2024)) == (7, 5, 3)
    assert rules.minimum("htx", 2012) is None  # before the Law of 2012 was in force: none recorded
    assert {c.code: c.severity for c in rules.checks}["legal_minimum"] == "warning"
    assert {c.code: c.factor for c in rules.checks}["revenue_change"] == 2


def test_a_warning_made_an_error_is_refused_by_the_form_the_upload_and_the_workflow(client, tmp_path, world):
    client.force_login(world["cooperative"])
    assert client.post(url(world.own_org), BELOW_MINIMUM).status_code == 302  # a warning, confirmed
    AnnualReport.objects.all().delete()
    set_check("legal_minimum", world["province_officer"], severity="error")

    response = client.post(url(world.own_org), BELOW_MINIMUM)
    assert response.status_code == 200 and MINIMUM_MESSAGE in response.text
    assert not AnnualReport.objects.exists()
    translation.activate("en")  # the request left Vietnamese active in this thread
    plan = upload.check(workbook(tmp_path, world, members_official=4, members_associate=58), world["local_officer"])
    assert [(p["row"], p["column"], p["reason"]) for p in plan.problems] == [
        (2, "K", "4 official members, fewer than the legal minimum of 7 for a cooperative in 2021")]
    assert plan.warnings == [] and plan.rows == []
    with pytest.raises(workflow.WorkflowError, match="fewer than the legal minimum"):
        workflow.save_draft(world["province_officer"], world.own_org, YEAR,
                            {"members": 6, "workers": 15, "revenue": 8000, "members_official": 6})


def test_a_year_on_year_check_made_an_error_blocks_the_form_and_the_upload(client, tmp_path, world):
    last_year(world.own_org)
    set_check("revenue_change", world["province_officer"], severity="error")
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {**FORM, "confirm_note": "Mở rộng sản xuất", "action": "save"})
    assert "doanh thu thay đổi từ 4.000 năm trước thành 8.438,5 (quá ×2)" in response.text
    assert not AnnualReport.objects.filter(year=YEAR).exists()
    translation.activate("en")
    plan = upload.check(workbook(tmp_path, world), world["local_officer"])  # revenue 8000 against 4000: ×2, not more
    assert plan.problems == []
    with pytest.raises(workflow.WorkflowError, match="revenue changed from"):
        workflow.save_draft(world["province_officer"], world.own_org, YEAR, {"members": 62, "workers": 15,
                                                                         "revenue": 9000})


def test_a_check_switched_off_is_run_nowhere(client, tmp_path, world):
    set_check("members_parts", world["province_officer"], active=False)
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {
        **FORM, "members_official": "50", "members_associate": "10", "action": "save"})
    assert response.status_code == 302
    assert '"members_parts"' not in client.get(url(world.own_org)).text  # nor in the form's script
    plan = upload.check(workbook(tmp_path, world, members_official=50, members_associate=10), world["local_officer"])
    assert plan.problems == []
    figures = {"members": 62, "members_official": 50, "members_associate": 10}
    assert report_checks.run(figures, year=YEAR, severity=report_checks.ERROR) == []  # what the import runs


def test_a_changed_factor_moves_the_verdict(client, tmp_path, world):
    last_year(world.own_org, revenue=Decimal(3000))
    client.force_login(world["cooperative"])
    figures = {**FORM, "action": "save"}  # 8.438,5 against 3.000: ×2,8
    assert "(quá ×2)" in client.post(url(world.own_org), figures).text
    set_check("revenue_change", world["province_officer"], factor=Decimal("2.5"))
    assert "(quá ×2,5)" in client.post(url(world.own_org), figures).text
    set_check("revenue_change", world["province_officer"], factor=Decimal(3))
    assert client.post(url(world.own_org), figures).status_code == 302
    plan = upload.check(workbook(tmp_path, world, members_official=62, members_associate=0), world["local_officer"])
    assert [w for w in plan.warnings if "revenue changed" in w["reason"]] == []


def test_a_changed_legal_minimum_moves_the_verdict(client, world):
    minimums = [(k, d, 6 if (k, d.year) == ("htx", 2013) else m, b) for k, d, m, b in LAW]
    set_check("legal_minimum", world["province_officer"], minimums=minimums)
    client.force_login(world["cooperative"])
    without_note = {**BELOW_MINIMUM, "confirm_note": ""}
    assert client.post(url(world.own_org), without_note).status_code == 302
    assert report_checks.legal_minimum_members(2021) == 6


def test_a_change_is_kept_with_who_when_why_and_audited_from_the_back_office(client, world):
    client.force_login(world["province_officer"])
    response = client.post(reverse("collection:check", args=["revenue_change"]), {
        "severity": "warning", "active": "on", "factor": "2,5", "reason": "Giá nông sản biến động mạnh"})
    assert response.status_code == 302
    setting = CheckSetting.objects.get(code="revenue_change")
    assert (setting.factor, setting.changed_by, setting.reason) == (Decimal("2.5"), world["province_officer"],
                                                                   "Giá nông sản biến động mạnh")
    entry = AuditEntry.objects.get(action="registry.check.changed")
    assert (entry.channel, entry.note, entry.actor) == (Channel.BACK_OFFICE, setting.reason, world["province_officer"].username)
    assert (entry.before["factor"], entry.after["factor"]) == ("2.00", "2.50")
    assert report_checks.in_force().applicable()[-2].factor == Decimal("2.5")
    listing = client.get(reverse("collection:checks")).text
    assert "Giá nông sản biến động mạnh" in listing and "×2" in listing


def vietnamese_post(client, code, data):
    with translation.override("vi"):
        return client.post(reverse("collection:check", args=[code]), data, HTTP_ACCEPT_LANGUAGE="vi")


MINIMUM_ROWS = {"minimums-TOTAL_FORMS": "1", "minimums-INITIAL_FORMS": "0", "minimums-0-kind": "htx",
                "minimums-0-valid_from": "01/07/2024", "minimums-0-minimum": "5", "minimums-0-basis": "Luật 17/2023"}


@pytest.mark.parametrize("code, data, message", [
    ("revenue_change", {"severity": "warning", "active": "on", "factor": "1", "reason": "Thử"},
     "Hệ số phải lớn hơn 1"),
    ("revenue_change", {"severity": "warning", "active": "on", "factor": "0,5", "reason": "Thử"},
     "Hệ số phải lớn hơn 1"),
    ("legal_minimum", {"severity": "warning", "active": "on", "reason": "Thử", **MINIMUM_ROWS,
                       "minimums-0-minimum": "-1"},
     "Số thành viên chính thức tối thiểu phải là số nguyên từ 0 trở lên"),
    ("workers_regular", {"severity": "warning", "active": "on", "reason": "  "}, "Hãy ghi lý do thay đổi"),
], ids=["factor-1", "factor-below-1", "negative-minimum", "no-reason"])
def test_bad_settings_get_one_vietnamese_message_and_change_nothing(client, world, code, data, message):
    before = (list(CheckSetting.objects.values()), report_checks.in_force().minimums)
    client.force_login(world["province_officer"])
    response = vietnamese_post(client, code, data)
    assert response.status_code == 200
    assert response.text.count(message) == 1
    assert response.text.count('class="c-error"') + response.text.count("help-critical") == 1
    assert (list(CheckSetting.objects.values()), report_checks.in_force().minimums) == before
    assert not AuditEntry.objects.filter(action="registry.check.changed").exists()


def test_the_domain_refuses_what_the_policy_does_not_allow(world):
    for user in (world["local_officer"], world["cooperative"], world["viewer"]):
        with pytest.raises(CheckSettingError):
            set_check("legal_minimum", user, severity="error")
    assert CheckSetting.objects.get(code="legal_minimum").severity == "warning"


def test_the_menu_shows_the_checks_to_the_province_only(client, world):
    client.force_login(world["province_officer"])
    assert reverse("collection:checks") in client.get("/admin/").text
    client.force_login(world["local_officer"])
    assert reverse("collection:checks") not in client.get("/admin/").text


def test_the_settings_are_read_once_not_per_row(world, django_assert_max_num_queries):
    report_checks.in_force()
    with django_assert_max_num_queries(0):
        for _ in range(1000):
            report_checks.run({"members": 6, "members_official": 6}, year=YEAR, kind="htx")
    assert datetime.date(2024, 7, 1) in dict(report_checks.in_force().minimums["htx"])


def test_the_legal_minimum_page_saves_with_its_blank_row_untouched(client, world):
    client.force_login(world["province_officer"])
    page = client.get(reverse("collection:check", args=["legal_minimum"]))
    formset = page.context["minimums"]
    data = {"severity": "error", "active": "on", "reason": "Chỉ đạo của UBND thành phố",
            **{k: v for k, v in _management(formset).items()}}
    for i, row in enumerate(formset.initial):
        data.update({f"minimums-{i}-kind": row["kind"], f"minimums-{i}-valid_from": row["valid_from"].strftime("%d/%m/%Y"),
                     f"minimums-{i}-minimum": str(row["minimum"]), f"minimums-{i}-basis": row["basis"]})
    data[f"minimums-{len(formset.initial)}-kind"] = ""  # the blank row, as the browser sends it
    response = client.post(reverse("collection:check", args=["legal_minimum"]), data)
    assert response.status_code == 302, response.context["minimums"].errors
    assert CheckSetting.objects.get(code="legal_minimum").severity == "error"
    assert report_checks.in_force().minimum("htx", 2024) == 5


def _management(formset):
    form = formset.management_form
    return {f"{formset.prefix}-{name}": form.initial.get(name, "") for name in form.fields}

