"""A Department's first run with its own data: another province, its register imported, the
first administrator from `hoptac createadmin`, the whole portal without a page made by hand,
and `hoptac serve` warning that no worker runs."""

from pathlib import Path

import pytest
from wagtail.models import Page

from benchmarks import pgcluster
from benchmarks.hoptac_server import Server, get
from hoptac.portal.models import DirectoryPage, DocumentsPage, NewsIndexPage, StatisticsPage
from django.core.management import CommandError, call_command
from django.test import override_settings

from hoptac.accounts.models import Profile
from hoptac.audit.models import AuditEntry

from hoptac.ops import heartbeat
from hoptac.ops.heartbeat import serve_warnings
from hoptac.portal.pages import after_migrate

pytestmark = pytest.mark.django_db
REGISTER = Path(__file__).parent / "data" / "register-01"  # five organisations of Hà Nội
PORTAL = ["/", "/tin-tuc/", "/thong-ke/", "/hop-tac-xa/", "/hop-tac-xa/0101234567/", "/van-ban/",
          "/api/v1/open-data/", "/en/thong-ke/"]


def test_migrate_makes_the_portal_sections_that_are_missing():
    for model in (NewsIndexPage, StatisticsPage, DirectoryPage, DocumentsPage):
        model.objects.all().delete()
    after_migrate(sender=None)
    after_migrate(sender=None)  # idempotent
    slugs = sorted(Page.objects.filter(depth=3).values_list("slug", flat=True))
    assert slugs == ["hop-tac-xa", "thong-ke", "tin-tuc", "van-ban"]


def test_a_department_of_another_province_starts_with_its_own_data(template, tmp_path):
    inst = template.installation(tmp_path, HOPTAC_PROVINCE_CODE="01", HOPTAC_REPORT_PLACE="Hà Nội",
                                 HOPTAC_TASKS="worker")
    imported = inst.hoptac("import", str(REGISTER))
    assert "5" in imported.stdout
    made = inst.hoptac("createadmin", "--username", "quantri", env={"HOPTAC_ADMIN_PASSWORD": "Quan-tri-Ha-Noi-2026"})
    assert "two-factor" in made.stdout
    assert inst.sql("SELECT count(*) FROM accounts_profile WHERE role = 'admin'") == [(1,)]

    server = Server(inst.env, pgcluster.free_port(), tmp_path / "serve.log", workers=1).wait()
    try:
        answers = {path: get(server.base + path) for path in PORTAL}
        statistics = answers["/thong-ke/"][1].decode()
        login = get(server.base + "/admin/login/")
    finally:
        server.stop()
    assert {path: status for path, (status, _) in answers.items()} == {path: 200 for path in PORTAL}
    assert "Hà Nội" in statistics and "Hải Phòng" not in statistics
    assert login[0] == 200
    log = (tmp_path / "serve.log").read_text()
    assert "no `hoptac worker` has run" in log


@override_settings(HOPTAC_TASKS="worker")
def test_serve_says_nothing_once_the_worker_beats_and_a_backup_was_made():
    assert len(serve_warnings()) == 2
    heartbeat.beat(heartbeat.WORKER)
    heartbeat.beat(heartbeat.BACKUP)
    assert serve_warnings() == []


def test_createadmin_makes_only_the_first_administrator(monkeypatch):
    monkeypatch.setenv("HOPTAC_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError, match="password is refused"):
        call_command("createadmin")
    monkeypatch.setenv("HOPTAC_ADMIN_PASSWORD", "Quan-tri-Ha-Noi-2026")
    call_command("createadmin", username="quantri")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", username="khac")
    assert list(Profile.objects.filter(role="admin").values_list("user__username", flat=True)) == ["quantri"]
    assert AuditEntry.objects.filter(action="accounts.admin.created", object_repr="quantri").exists()
