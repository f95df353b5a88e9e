"""Production mode refuses what a careless operator might leave on."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

SECRET = "s" * 40


def run(env_overrides, code=None, *args, data_dir):
    hidden = {"HOPTAC_ENV", "DATABASE_URL", "HOPTAC_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "HOPTAC_TEST_KEEP_DATA_DIR",
              "HOPTAC_DEBUG", "HOPTAC_LOG_LEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update({"HOPTAC_DATA_DIR": str(data_dir), "HOPTAC_ENV": "production", "HOPTAC_SECRET_KEY": SECRET,
                "HOPTAC_ALLOWED_HOSTS": "testserver,htx.example.gov.vn"})
    env.update(env_overrides)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "hoptac.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def one_line(result):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_debug_mode_is_refused(tmp_path):
    line = one_line(run({"HOPTAC_DEBUG": "1"}, None, "manage", "check", data_dir=tmp_path))
    assert "HOPTAC_DEBUG" in line and "production" in line


def test_a_database_url_password_is_never_echoed(tmp_path):
    line = one_line(run({"DATABASE_URL": "mysql://hoptac:Mat-khau-bi-mat@db.example/hoptac"}, None, "manage", "check",
                        data_dir=tmp_path))
    assert "DATABASE_URL" in line and "Mat-khau-bi-mat" not in line and "hoptac:***@db.example" in line


def test_a_missing_data_directory_is_refused_not_created(tmp_path):
    missing = tmp_path / "typo"
    line = one_line(run({}, None, "manage", "check", data_dir=missing))
    assert "HOPTAC_DATA_DIR" in line and "does not exist" in line
    assert not missing.exists()


def test_a_bad_log_level_is_one_line(tmp_path):
    line = one_line(run({"HOPTAC_LOG_LEVEL": "LOUD", "HOPTAC_ENV": "development"}, None, "manage", "check",
                        data_dir=tmp_path))
    assert "HOPTAC_LOG_LEVEL" in line


def test_the_demo_refuses_production(tmp_path):
    line = one_line(run({}, None, "demo", "--no-serve", data_dir=tmp_path))
    assert "production" in line


def test_healthz_answers_plain_http_while_pages_redirect_to_https(tmp_path):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hoptac.settings'; django.setup();"
            "from django.test import Client; c = Client();"
            "print(c.get('/healthz').status_code, c.get('/').status_code)")
    result = run({}, code, data_dir=tmp_path)
    assert result.stdout.split() == ["200", "301"], result.stderr


@pytest.mark.django_db
def test_the_demo_password_does_not_sign_in_in_production(client):
    from hoptac.demo.accounts import DEMO_PASSWORD, check_no_demo_password
    from tests.accounts.factories import make_user

    make_user("sohtx", "province_officer", password=DEMO_PASSWORD)
    with override_settings(PRODUCTION=True):
        response = client.post("/admin/login/", {"username": "sohtx", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "mật khẩu công khai" in response.content.decode()
    # check --deploy names the account
    assert [e.id for e in check_no_demo_password()] == ["hoptac.E001"]
    # development keeps the demo usable
    assert client.post("/admin/login/", {"username": "sohtx", "password": DEMO_PASSWORD},
                       REMOTE_ADDR="10.1.1.2").status_code == 302
