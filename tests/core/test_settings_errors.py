"""A bad setting stops the program at start with one line naming it."""

import os
import subprocess
import sys

import pytest

BAD_SETTINGS = [
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
    ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
    ({"HOPTAC_ENV": "staging"}, "HOPTAC_ENV"),
    ({"HOPTAC_DEBUG": "maybe"}, "HOPTAC_DEBUG"),
    ({"HOPTAC_ALLOWED_HOSTS": " , "}, "HOPTAC_ALLOWED_HOSTS"),
    ({"HOPTAC_SECRET_KEY": "short"}, "HOPTAC_SECRET_KEY"),
    ({"HOPTAC_ENV": "production"}, "HOPTAC_SECRET_KEY"),
    ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
    ({"HOPTAC_TASKS": "celery"}, "HOPTAC_TASKS"),
    ({"HOPTAC_SESSION_IDLE_MINUTES": "soon"}, "HOPTAC_SESSION_IDLE_MINUTES"),
    ({"HOPTAC_CSRF_TRUSTED_ORIGINS": "example.gov.vn"}, "HOPTAC_CSRF_TRUSTED_ORIGINS"),
    ({"HOPTAC_SITE_URL": "example.gov.vn"}, "HOPTAC_SITE_URL"),
    ({"HOPTAC_PROVINCE_CODE": "Hải Phòng"}, "HOPTAC_PROVINCE_CODE"),
    ({"DATABASE_URL": "postgresql://root@127.0.0.1/x", "HOPTAC_PG_RANDOM_PAGE_COST": "fast"}, "HOPTAC_PG_RANDOM_PAGE_COST"),
    ({"HOPTAC_UPLOAD_MAX_MB": "lots"}, "HOPTAC_UPLOAD_MAX_MB"),
    ({"HOPTAC_API_ANON_RATE": "-1"}, "HOPTAC_API_ANON_RATE"),
]


def run_hoptac(env_overrides, *args, data_dir):
    hidden = {"HOPTAC_ENV", "DATABASE_URL", "HOPTAC_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "HOPTAC_TEST_KEEP_DATA_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["HOPTAC_DATA_DIR"] = str(data_dir)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "hoptac.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(("overrides", "variable"), BAD_SETTINGS, ids=[v for _, v in BAD_SETTINGS])
def test_bad_setting_gives_one_line_naming_the_variable(tmp_path, overrides, variable):
    result = run_hoptac(overrides, "demo", "--no-serve", data_dir=tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x")
    result = run_hoptac({}, "demo", "--no-serve", data_dir=a_file)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "HOPTAC_DATA_DIR" in result.stderr


def test_unreachable_database_is_one_line(tmp_path):
    result = run_hoptac(
        {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing"}, "indicators", "--unit", "31",
        "--date", "2021-12-31", data_dir=tmp_path,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "database" in result.stderr.lower()


def test_secret_key_is_generated_once_for_the_embedded_default(tmp_path):
    run_hoptac({}, "manage", "check", data_dir=tmp_path)
    key = (tmp_path / "secret_key").read_text()
    run_hoptac({}, "manage", "check", data_dir=tmp_path)
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_unknown_command_is_one_clear_message(tmp_path):
    result = run_hoptac({}, "frobnicate", data_dir=tmp_path)
    assert result.returncode != 0
    assert "unknown command 'frobnicate'" in result.stderr
