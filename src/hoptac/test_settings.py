"""Settings for the test suite: the environment is set before settings are read.

pytest-django imports this module (see pyproject.toml); processes the tests
start inherit the same environment.
"""

import os
import tempfile

os.environ["HOPTAC_ENV"] = "test"
if not os.environ.get("HOPTAC_TEST_KEEP_DATA_DIR"):
    os.environ["HOPTAC_DATA_DIR"] = tempfile.mkdtemp(prefix="hoptac-test-")
    os.environ["HOPTAC_TEST_KEEP_DATA_DIR"] = "1"

from hoptac.settings import *  # noqa: E402,F403
