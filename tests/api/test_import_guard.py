"""/api/v1/imports reads a workbook only after the guard, within a configured size."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hoptac.registry.models import Organization
from tests.hostile_files import far_cell_workbook, zip_bomb_workbook

from .test_problems import assert_problem

pytestmark = pytest.mark.django_db


def post(world, path_or_bytes, name):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return world.client("province_officer").post("/api/v1/imports", {"file": SimpleUploadedFile(name, content)})


def test_a_sheet_reaching_the_last_cell_of_excel_is_refused_unread(world, tmp_path):
    body = assert_problem(post(world, far_cell_workbook(tmp_path / "far.xlsx"), "far.xlsx"), 422)
    assert "reaches cell XFD1048576" in body["detail"]


def test_a_zip_bomb_workbook_is_refused(world, tmp_path):
    body = assert_problem(post(world, zip_bomb_workbook(tmp_path / "bomb.xlsx"), "bomb.xlsx"), 422)
    assert "possible zip bomb" in body["detail"]


def test_a_zip_of_csv_files_that_is_a_bomb_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", "code,kind,name,unit,sector,established_on\n" + "\n" * 50_000_000)
    body = assert_problem(post(world, buffer.getvalue(), "bomb.zip"), 422)
    assert "possible zip bomb" in body["detail"]


def test_the_size_limit_is_a_setting(world, settings):
    assert settings.HOPTAC_API_MAX_IMPORT_BYTES == 20 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "code,kind,name,unit,sector,established_on\n"
                                              "X1,htx,HTX X,303,trade,2015-05-05\n" + "#" * 3000)
    with override_settings(HOPTAC_API_MAX_IMPORT_BYTES=1024):
        body = assert_problem(post(world, buffer.getvalue(), "big.zip"), 413)
    assert "larger than" in body["detail"]
    assert not Organization.objects.filter(code="X1").exists()


def test_a_body_beyond_the_limit_is_refused_before_it_is_read(world):
    with override_settings(HOPTAC_API_MAX_IMPORT_BYTES=1024):
        response = world.client("province_officer").post(
            "/api/v1/imports", data=b"x" * 200_000, content_type="application/octet-stream")
    assert_problem(response, 413)
