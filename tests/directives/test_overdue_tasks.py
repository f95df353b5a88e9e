"""A task is overdue from the day after its deadline while it is neither done nor cancelled."""

import datetime
import re

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.directives.admin_views import task_summary
from hoptac.directives.models import Task

pytestmark = pytest.mark.django_db
D = datetime.date


def test_overdue_from_the_day_after_the_deadline(make_task):
    task = make_task(deadline=D(2024, 6, 30))
    assert not task.is_overdue(D(2024, 6, 30))
    assert task.is_overdue(D(2024, 7, 1))
    assert list(Task.objects.overdue(D(2024, 6, 30))) == []
    assert list(Task.objects.overdue(D(2024, 7, 1))) == [task]


def test_done_and_cancelled_tasks_are_never_overdue(make_task):
    make_task(deadline=D(2024, 6, 30), status="done")
    make_task(deadline=D(2024, 6, 30), status="cancelled")
    late = make_task(deadline=D(2024, 6, 30), status="not_started")
    assert list(Task.objects.overdue(D(2025, 1, 1))) == [late]


def test_summary_by_agency_and_document(make_document, make_task):
    plan = make_document(number="45/2021/NQ-HĐND")
    make_task(document=plan, lead_agency="Sở Công Thương", deadline=D(2023, 12, 31), status="done")
    make_task(document=plan, lead_agency="Sở Công Thương", deadline=D(2023, 12, 31))
    make_task(lead_agency="Sở Tài chính", deadline=D(2030, 12, 31))
    summary = task_summary(Task.objects.all(), D(2024, 1, 1))
    agencies = {row["name"]: row for row in summary["by_agency"]}
    assert agencies["Sở Công Thương"]["total"] == 2 and agencies["Sở Công Thương"]["overdue"] == 1
    assert agencies["Sở Công Thương"]["by_status"] == [0, 1, 1, 0]  # not started, in progress, done, cancelled
    assert agencies["Sở Tài chính"]["overdue"] == 0
    documents = {str(row["name"].number): row["total"] for row in summary["by_document"]}
    assert documents["45/2021/NQ-HĐND"] == 2 and summary["overdue"] == 1


def test_overdue_view_lists_only_late_open_tasks(client, world, make_task):
    late = make_task(title="Nhiệm vụ trễ hạn", starts_on=D(2020, 1, 1), deadline=D(2020, 12, 31))
    make_task(title="Nhiệm vụ còn hạn", deadline=D(2099, 12, 31))
    force_verified_login(client, world["viewer"])
    body = client.get("/admin/directives/tasks/?overdue=true").content.decode()
    assert late.title in body and "Nhiệm vụ còn hạn" not in body
    # The active filter's chip reads the answer in Vietnamese, not Python's True.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" :", ":")
    assert "quá hạn: Có" in text and "True" not in text


def test_task_changes_are_in_its_history(client, world, make_task):
    task = make_task(status="in_progress")
    force_verified_login(client, world["province_officer"])
    response = client.post(f"/admin/directives/tasks/{task.pk}/edit/", {
        "code": task.code, "document": task.document_id, "title": task.title, "lead_agency": task.lead_agency,
        "starts_on": "2022-01-01", "deadline": "2025-12-31", "status": "done"})
    assert response.status_code == 302
    page = client.get(f"/admin/directives/tasks/{task.pk}/")
    entries = list(page.context["history"])
    assert [e.action for e in entries] == ["directives.task.changed"]
    assert entries[0].before["status"] == "in_progress" and entries[0].after["status"] == "done"
    assert entries[0].actor == "so_tinh"
