"""`hoptac manage check --deploy` is clean with production settings."""

import os
import secrets
import string
import subprocess
import sys


def test_check_deploy_reports_no_issue(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        **os.environ,
        "HOPTAC_ENV": "production",
        "HOPTAC_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "HOPTAC_ALLOWED_HOSTS": "example.gov.vn",
        "HOPTAC_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hoptac.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
