"""`hoptac backup` → wipe → `hoptac restore` gives the same installation; a backup that is
damaged, truncated, incomplete or of another installation is refused and changes nothing."""

import json
import shutil
import uuid

import pytest

from hoptac.ops.backup import BackupError
from hoptac.ops.restore import verify
from tests.ops.installations import wipe, write_register

pytestmark = pytest.mark.django_db  # the template is a copy of the test database

REGISTER = {
    "organizations": [
        {"code": "HP-0001", "kind": "htx", "name": "HTX Nông nghiệp An Lư", "unit": "303", "sector": "agriculture",
         "established_on": "2005-03-01", "email": "anlu@example.vn"},
        {"code": "HP-0002", "kind": "htx", "name": "=HTX \"Tiến Bộ\", Kiến Thụy", "unit": "303", "sector": "",
         "established_on": "2003-01-15", "address": "Số 5, đường Lê Lợi\nphường 2", "representative": "Trần Thị B"},
    ],
    "events": [
        {"org_code": "HP-0001", "date": "2010-04-01", "type": "relocated", "unit": "304", "document": "QĐ 5/QĐ-UBND"},
        {"org_code": "HP-0002", "date": "2019-12-31", "type": "dissolved"},
    ],
    "annual_reports": [
        {"org_code": "HP-0001", "year": "2021", "members": "62", "workers": "8", "revenue": "8438.50",
         "profit": "-12.0000", "income": "46.4", "value_added": "1000.0", "is_estimate": "1"},
    ],
}

# History the interchange format does not carry: a voided event, a user, stored files.
HISTORY = """
import datetime
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.documents.models import Document
from hoptac.registry import lifecycle
from hoptac.registry.interchange import import_path
from hoptac.registry.models import Organization
import_path({folder!r})
org = Organization.objects.get(code="HP-0001")
wrong = lifecycle.record_event(org, "renamed", datetime.date(2015, 1, 1), name="Tên nhầm")
lifecycle.void_event(wrong, reason="nhập nhầm")
call_command("createadmin", username="quantri")
Document.objects.create(title="Quyết định 12", file=ContentFile(b"%PDF-1.4 quyet dinh 12", name="qd-12.pdf"))
default_storage.save("collection/uploads/2026/11/bao-cao.xlsx", ContentFile(b"PK\\x03\\x04 workbook"))
"""
PASSWORD = {"HOPTAC_ADMIN_PASSWORD": "Quan-tri-HTX-2026"}


@pytest.fixture(scope="module")
def source(template, tmp_path_factory):
    """An installation with a register, its history, an administrator and stored files, and its backup."""
    root = tmp_path_factory.mktemp("source")
    inst = template.installation(root, **PASSWORD)
    inst.shell(HISTORY.format(folder=str(write_register(root / "register", REGISTER))))
    inst.before = inst.tables()
    inst.exported = inst.export("export-before")
    inst.media_before = {k: v for k, v in inst.files().items() if k.startswith("media/")}
    inst.backup = root / "backup"
    made = inst.hoptac("backup", str(inst.backup))
    assert "backup made" in made.stdout
    return inst


OLDER = "0007_online_new_browsers_counted_together"


@pytest.fixture(scope="module")
def older(template, tmp_path_factory):
    """Another installation, at the schema of an older version (one migration behind), and its backup."""
    root = tmp_path_factory.mktemp("older")
    inst = template.installation(root)
    # portal's newest migration adds two columns: without them and its record the database is the older schema.
    inst.sql_write("ALTER TABLE portal_onlinevisitor DROP COLUMN since")
    inst.sql_write("ALTER TABLE portal_onlinevisitor DROP COLUMN visitors")
    inst.sql_write(f"DELETE FROM django_migrations WHERE app = 'portal' AND name = '{OLDER}'")
    inst.sql_write(f"UPDATE ops_installation SET id = '{uuid.uuid4().hex}'")
    inst.backup = root / "backup"
    inst.hoptac("backup", str(inst.backup))
    return inst


def test_backup_wipe_restore_gives_the_same_database_export_and_files(source):
    manifest = json.loads((source.backup / "manifest.json").read_text())
    paths = {entry["path"] for entry in manifest["files"]}
    assert {"media/documents/qd-12.pdf", "media/collection/uploads/2026/11/bao-cao.xlsx"} <= paths
    assert ["0001_initial"] == manifest["migrations"]["ops"]
    wipe(source)

    restored = source.hoptac("restore", str(source.backup))

    assert "restored" in restored.stdout
    after = source.tables()
    assert after["accounts_auditentry"] == source.before["accounts_auditentry"]
    assert any("registry.event.voided" in row for row in after["accounts_auditentry"])
    assert after == source.before
    assert source.export("export-after") == source.exported
    assert {k: v for k, v in source.files().items() if k.startswith("media/")} == source.media_before


def damaged_copy(backup, tmp_path, change):
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    change(copy)
    return copy


def flip_byte(path, offset=None):
    data = bytearray(path.read_bytes())
    offset = len(data) // 2 if offset is None else offset
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def database_file(backup):
    return next(p for p in backup.iterdir() if p.name.startswith("database."))


@pytest.mark.parametrize(("change", "says"), [
    (lambda b: flip_byte(database_file(b)), "damaged: database"),
    (lambda b: flip_byte(b / "media" / "documents" / "qd-12.pdf", 0), "damaged: media/documents/qd-12.pdf"),
    (lambda b: flip_byte(b / "manifest.json"), "damaged: manifest.json"),
    (lambda b: database_file(b).write_bytes(database_file(b).read_bytes()[:-1000]), "truncated: database"),
    (lambda b: (b / "media" / "documents" / "qd-12.pdf").unlink(), "incomplete: media/documents/qd-12.pdf is missing"),
    (lambda b: (b / "manifest.sha256").unlink(), "incomplete: manifest.sha256"),
    (lambda b: (b / "media" / "extra.txt").write_text("x"), "does not list: media/extra.txt"),
])
def test_verify_refuses_every_damaged_backup(source, tmp_path, change, says):
    with pytest.raises(BackupError, match=says.replace(".", r"\.")):
        verify(damaged_copy(source.backup, tmp_path, change))


def test_verify_accepts_an_intact_backup(source):
    assert verify(source.backup)["installation"]


def wiped_twin(template, source, root):
    """An emptied installation that remembers being ``source`` (its database and files lost)."""
    twin = template.installation(root, empty=True)
    for kept in ("installation", "secret_key"):
        shutil.copyfile(source.data_dir / kept, twin.data_dir / kept)
    return twin


def test_restore_of_a_damaged_backup_is_one_line_and_leaves_the_target_untouched(template, source, tmp_path):
    target = wiped_twin(template, source, tmp_path / "target")
    before = target.files()
    broken = damaged_copy(source.backup, tmp_path, lambda b: flip_byte(database_file(b)))

    result = target.hoptac("restore", str(broken), check=False)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "damaged" in result.stderr and "nothing was changed" in result.stderr
    assert target.files() == before
    assert target.tables() == {}


def test_restore_refuses_a_backup_of_another_installation(template, source, older, tmp_path):
    target = wiped_twin(template, source, tmp_path / "target")
    before = target.files()

    result = target.hoptac("restore", str(older.backup), check=False)

    assert result.returncode == 1
    assert "another installation" in result.stderr
    assert target.files() == before and target.tables() == {}


def test_restore_refuses_a_database_that_is_not_empty(older):
    result = older.hoptac("restore", str(older.backup), check=False)
    assert result.returncode == 1
    assert "restore only into an empty" in result.stderr


def test_a_backup_of_an_older_version_is_migrated_on_restore(template, older, tmp_path):
    assert OLDER not in json.loads((older.backup / "manifest.json").read_text())["migrations"]["portal"]
    fresh = template.installation(tmp_path, empty=True)

    fresh.hoptac("restore", str(older.backup))

    applied = {name for (name,) in fresh.sql("SELECT name FROM django_migrations WHERE app = 'portal'")}
    assert OLDER in applied
    assert fresh.sql("SELECT COUNT(*) FROM portal_boundary") == [(0,)]
    assert (fresh.data_dir / "installation").read_text().strip() == json.loads(
        (older.backup / "manifest.json").read_text())["installation"]
