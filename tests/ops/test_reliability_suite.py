"""The reliability suite (benchmarks/reliability) at CI scale: no error under load, no write
lost, recovery after a PostgreSQL restart, nothing left of an import killed with kill -9,
and the second of two conflicting saves refused."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import pgcluster

pytestmark = pytest.mark.django_db  # the suite starts from a copy of the migrated test database
SUITE = Path(__file__).resolve().parents[2] / "benchmarks" / "reliability.py"


def test_the_reliability_suite_passes_at_ci_scale(template, tmp_path):
    if template.engine == "postgresql" and pgcluster.missing():
        pytest.skip(pgcluster.missing())
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, str(SUITE), "--scale", "ci", "--database", template.engine, "--template", str(template.path),
         "--json", str(out), "--keep", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600)
    assert out.exists(), result.stderr[-3000:]
    figures = json.loads(out.read_text())
    print(json.dumps(figures, indent=1))
    assert figures["failures"] == [], figures
    assert figures["load"]["requests"] > 0 and figures["load"]["errors"] == 0
    assert figures["writes"]["acknowledged"] > 0 and figures["writes"]["lost"] == 0
    assert figures["kill_9_mid_import"]["database_unchanged"]
    if template.engine == "postgresql":
        assert figures["postgresql_restart"]["recovered"]
    assert result.returncode == 0
