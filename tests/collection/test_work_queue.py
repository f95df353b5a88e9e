"""The work queue at the top of the back-office home page, and bulk approval (SPEC §2 v2)."""

import datetime

import pytest
from django.urls import reverse

from hoptac.collection import queue, workflow
from hoptac.registry.models import REPORTING_TZ, AnnualReport, ReportingWindow

from . import factories as f

YEAR = 2021


def counts(user):
    return {e.key: e.count for e in queue.entries(user)}


@pytest.fixture
def reports(world):
    """Five organisations of the own commune, their reports at each step; one in another unit."""
    orgs = [world.own_org] + [f.org(unit_code=f.OWN_COMMUNE) for _ in range(4)]
    draft = workflow.save_draft(world["cooperative"], orgs[0], YEAR, f.FIGURES)
    submitted = workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], orgs[1], YEAR, f.FIGURES))
    verified = [workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], o, YEAR, f.FIGURES)))
                for o in orgs[2:4]]
    returned = workflow.return_report(
        world["local_officer"], workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], orgs[4], YEAR, f.FIGURES)),
        comment="Thiếu số lao động")
    workflow.submit(world["province_officer"], workflow.save_draft(world["province_officer"], world.foreign_org, YEAR, f.FIGURES))
    return {"draft": draft, "submitted": submitted, "verified": verified, "returned": returned}


def test_each_role_sees_its_own_queue(world, reports):
    assert counts(world["cooperative"]) == {"submit": 1, "returned": 0}
    assert counts(world["local_officer"]) == {"submit": 1, "verify": 1, "returned": 1, "uploads": 0}
    # The province approves; it verifies only where no local officer exists (the other unit has one).
    assert counts(world["province_officer"]) == {"submit": 1, "verify": 0, "approve": 2, "returned": 1, "uploads": 0}
    assert counts(world["outsider"]) == {"submit": 0, "verify": 1, "returned": 0, "uploads": 0}
    assert counts(world["viewer"]) == {}


def test_late_organisations_appear_after_the_deadline(world, reports):
    ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1), deadline=datetime.date(2022, 3, 31))
    # Four of the five own organisations submitted (the draft never was); the other unit's did.
    assert counts(world["local_officer"])["late"] == 1
    assert counts(world["province_officer"])["late"] == 1
    assert counts(world["outsider"])["late"] == 0
    before = datetime.datetime(2022, 3, 31, 23, 59, 59, tzinfo=REPORTING_TZ)
    assert queue.late_window(before) is None  # the deadline has not passed yet


def test_the_home_page_starts_with_the_queue_and_links_to_the_work(client, world, reports):
    client.force_login(world["province_officer"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.index("hoptac-work-queue-title") < page.index("hoptac-key-figures-title")
    assert "w-summary" not in page  # Wagtail's site counts would sit in the header, above the queue
    link = reverse("collection:queue", kwargs={"key": "approve"})
    assert f'href="{link}"' in page
    listing = client.get(link).content.decode()
    for report in reports["verified"]:
        assert reverse("collection:report", kwargs={"code": report.organization.code, "year": YEAR}) in listing


def test_the_portal_editors_keep_wagtails_site_summary(client, db):
    from tests.accounts.factories import make_user

    client.force_login(make_user("bien-tap", "editor"))
    assert "w-summary" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_bulk_approval_of_verified_reports_with_one_confirmation(client, world, reports):
    client.force_login(world["province_officer"])
    url = reverse("collection:queue", kwargs={"key": "approve"})
    ids = [r.pk for r in reports["verified"]]
    client.post(url, {"report": ids})  # no confirmation: nothing happens
    assert AnnualReport.objects.filter(pk__in=ids, status="approved").count() == 0
    response = client.post(url, {"report": ids, "confirm": "1"}, follow=True)
    assert "Đã phê duyệt 2 báo cáo" in response.content.decode()  # pages speak Vietnamese
    assert AnnualReport.objects.filter(pk__in=ids, status="approved", in_force=True).count() == 2


def test_a_bulk_approval_including_an_unverified_report_changes_nothing(client, world, reports):
    client.force_login(world["province_officer"])
    url = reverse("collection:queue", kwargs={"key": "approve"})
    ids = [r.pk for r in reports["verified"]] + [reports["submitted"].pk]
    response = client.post(url, {"report": ids, "confirm": "1"}, follow=True)
    text = response.content.decode()
    code = reports["submitted"].organization.code
    assert f"Báo cáo năm 2021 của {code} đang ở bước" in text
    assert "chưa được thẩm định; chưa báo cáo nào được phê duyệt" in text
    assert not AnnualReport.objects.filter(status="approved").exists()


@pytest.mark.parametrize("who, status", [("local_officer", 403), ("outsider", 403), ("cooperative", 403)])
def test_only_the_province_approves_in_bulk(client, world, reports, who, status):
    client.force_login(world[who])
    url = reverse("collection:queue", kwargs={"key": "approve"})
    response = client.post(url, {"report": [r.pk for r in reports["verified"]], "confirm": "1"})
    assert response.status_code == status
    assert not AnnualReport.objects.filter(status="approved").exists()


def test_anonymous_gets_no_queue(client, world, reports):
    url = reverse("collection:queue", kwargs={"key": "approve"})
    response = client.post(url, {"report": [r.pk for r in reports["verified"]], "confirm": "1"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AnnualReport.objects.filter(status="approved").exists()


def test_a_long_late_list_is_paged_and_every_organisation_is_reachable(client, world, monkeypatch):
    """No silent cap: each page says where it is and the next page carries on."""
    from hoptac.collection import views

    monkeypatch.setattr(views, "QUEUE_PAGE", 3)
    orgs = [world.own_org] + [f.org(unit_code=f.OWN_COMMUNE) for _ in range(6)]
    ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1), deadline=datetime.date(2022, 3, 31))
    client.force_login(world["province_officer"])
    url = reverse("collection:queue", kwargs={"key": "late"})
    seen, page = [], 1
    while True:
        html = client.get(url, {"p": page}).content.decode()
        seen += [o.code for o in orgs if f">{o.code}<" in html]
        assert f"trang {page}/3" in html
        if "p=%d" % (page + 1) not in html:
            break
        page += 1
    assert page == 3 and sorted(seen) == sorted(o.code for o in orgs)


def test_while_a_window_is_open_organisations_not_started_are_to_submit(client, world):
    """A cooperative that has not started its report for the open window sees it in its queue."""
    from django.utils import timezone

    today = timezone.localdate()
    year = today.year - 1
    ReportingWindow.objects.create(year=year, opens_on=today - datetime.timedelta(days=10),
                                   deadline=today + datetime.timedelta(days=20))
    assert counts(world["cooperative"])["submit"] == 1
    assert counts(world["local_officer"])["submit"] == 1  # the own commune's one organisation; the other unit's is not theirs
    assert counts(world["province_officer"])["submit"] == 2
    client.force_login(world["cooperative"])
    listing = client.get(reverse("collection:queue", kwargs={"key": "submit"})).content.decode()
    assert f"Năm báo cáo {year}, hạn nộp {(today + datetime.timedelta(days=20)):%d/%m/%Y}." in listing
    report_url = reverse("collection:report", kwargs={"code": world.own_org.code, "year": year})
    assert f'href="{report_url}"' in listing and "chưa báo cáo" in listing
    draft = workflow.save_draft(world["cooperative"], world.own_org, year, f.FIGURES)
    assert counts(world["cooperative"])["submit"] == 1  # now as a draft
    workflow.submit(world["cooperative"], draft)
    assert counts(world["cooperative"])["submit"] == 0
    assert counts(world["province_officer"])["submit"] == 1  # the other unit's organisation, still not started
