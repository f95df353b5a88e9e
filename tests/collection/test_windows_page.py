"""The Department sets each year's reporting window in the back office."""

import datetime

import pytest
from django.urls import reverse

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import ReportingWindow

URL = reverse("collection:windows")


def test_a_province_officer_sets_and_changes_a_window(client, world):
    client.force_login(world["province_officer"])
    response = client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "31/03/2026"})
    assert response.status_code == 302
    window = ReportingWindow.objects.get()
    assert (window.year, window.opens_on, window.deadline, window.recorded_by) == (
        2025, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), world["province_officer"])
    page = client.get(URL).content.decode()
    assert "31/03/2026" in page and "2025" in page and "2.025" not in page
    client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "15/04/2026"})
    assert ReportingWindow.objects.get().deadline == datetime.date(2026, 4, 15)
    assert AuditEntry.objects.filter(action="collection.window.set").count() == 2


def test_a_changed_window_keeps_its_earlier_version_for_vintages(client, world):
    client.force_login(world["province_officer"])
    client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "31/03/2026"})
    first = ReportingWindow.objects.get()
    between = first.recorded_at + datetime.timedelta(microseconds=1)
    client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "15/04/2026"})
    assert ReportingWindow.versions.count() == 2
    first.refresh_from_db()
    assert first.superseded_at is not None and first.deadline == datetime.date(2026, 3, 31)
    # As recorded just after the first save, the deadline was still 31/03; today it is 15/04.
    assert ReportingWindow.objects.as_recorded(between).get().deadline == datetime.date(2026, 3, 31)
    assert ReportingWindow.objects.as_recorded(first.superseded_at).get().deadline == datetime.date(2026, 4, 15)
    page = client.get(URL).content.decode()
    assert "Các phiên bản trước" in page and "31/03/2026" in page


def test_a_deadline_before_the_window_opens_is_refused(client, world):
    client.force_login(world["province_officer"])
    response = client.post(URL, {"year": "2025", "opens_on": "01/04/2026", "deadline": "31/03/2026"})
    assert response.status_code == 200
    assert "Hạn nộp 31/03/2026 sớm hơn ngày mở kỳ báo cáo (01/04/2026)" in response.content.decode()
    assert not ReportingWindow.objects.exists()


@pytest.mark.parametrize("who", ["local_officer", "outsider", "cooperative", "viewer"])
def test_only_the_department_sets_windows(client, world, who):
    client.force_login(world[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "31/03/2026"}).status_code == 403
    assert not ReportingWindow.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.post(URL, {"year": "2025", "opens_on": "01/01/2026", "deadline": "31/03/2026"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ReportingWindow.objects.exists()


def test_the_page_says_the_deadline_day_counts_to_its_last_second(client, world):
    """On time is 'by 23:59:59' (inclusive), not 'before' it (SPEC §2 v2)."""
    client.force_login(world["province_officer"])
    page = client.get(URL).content.decode()
    assert "chậm nhất lúc 23:59:59 (giờ Việt Nam) ngày hạn nộp" in page
    assert "trước 23:59:59" not in page
