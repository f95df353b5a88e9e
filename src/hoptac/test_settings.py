"""Settings for the test suite: the environment is set before settings are read.

pytest-django imports this module (see pyproject.toml); processes the tests
start inherit the same environment.
"""

import os
import tempfile

os.environ["HOPTAC_ENV"] = "test"
# One data directory per run, and one per pytest-xdist worker (a worker inherits the
# controller's environment; uploads and backups of two workers must not meet).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if not os.environ.get("HOPTAC_TEST_KEEP_DATA_DIR") or os.environ.get("HOPTAC_TEST_DATA_DIR_OF", "") != _worker:
    os.environ["HOPTAC_DATA_DIR"] = tempfile.mkdtemp(prefix=f"hoptac-test-{_worker}-" if _worker else "hoptac-test-")
    os.environ["HOPTAC_TEST_KEEP_DATA_DIR"] = "1"
    os.environ["HOPTAC_TEST_DATA_DIR_OF"] = _worker

from hoptac.settings import *  # noqa: E402,F403
