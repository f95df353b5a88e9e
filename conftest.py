"""Test-wide settings: set before Django reads its settings."""

import os
import tempfile

os.environ["HOPTAC_ENV"] = "test"
os.environ.setdefault("HOPTAC_DATA_DIR", tempfile.mkdtemp(prefix="hoptac-test-"))
