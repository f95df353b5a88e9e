from pathlib import Path

from django.conf import settings


def test_the_suite_runs_with_test_settings_in_a_private_data_dir():
    assert settings.HOPTAC_ENV == "test"
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert Path(settings.DATA_DIR).name.startswith("hoptac-test-")
