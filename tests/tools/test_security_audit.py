"""tools/security_audit.py: bandit over the code (for real), and the dependency verdicts (PyPI stubbed).

PyPI's vulnerability service is the one thing here that CI cannot reach, so the
dependency tests give the tool PyPI's answers as data.
"""

import importlib.util
import urllib.error
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("security_audit", ROOT / "tools" / "security_audit.py")
security_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(security_audit)


def test_bandit_finds_no_high_severity_issue_in_the_code():
    assert security_audit.run_bandit() == []


def test_bandit_would_report_one(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "bad.py").write_text("import subprocess\nsubprocess.call('ls ' + input(), shell=True)\n")
    monkeypatch.setattr(security_audit, "ROOT", tmp_path)
    found = security_audit.run_bandit()
    assert len(found) == 1 and "B602" in found[0] and "bad.py:2" in found[0]


@pytest.fixture
def constraints(tmp_path):
    path = tmp_path / "constraints.txt"
    path.write_text("# pins\nDjango==6.1.3\nold-lib==1.0  # held back\nfresh==2.0 ; python_version >= '3.12'\n")
    return path


def skipped_by_pip_audit(constraints):
    return {security_audit.canonical(n): security_audit.Finding(n, v, unverified="Dependency not found on PyPI")
            for n, v in security_audit.read_pins(constraints)}


def pypi(records):
    def fetch(name):
        if name not in records:
            raise urllib.error.URLError("Name or service not known")
        latest, vulns = records[name]
        return {"info": {"version": latest}, "vulnerabilities": vulns}
    return fetch


ADVISORY = {"id": "PYSEC-2099-1", "fixed_in": ["2.1"], "summary": "remote code execution"}


def test_pins_are_read_without_comments_or_markers(constraints):
    assert security_audit.read_pins(constraints) == [("Django", "6.1.3"), ("old-lib", "1.0"), ("fresh", "2.0")]


def test_a_vulnerable_latest_release_fails_the_audit(constraints, capsys):
    fetch = pypi({"Django": ("6.1.3", []), "old-lib": ("1.0", []), "fresh": ("2.0", [ADVISORY])})
    findings = security_audit.audit_dependencies(constraints, fetch, skipped_by_pip_audit)
    assert security_audit.report(findings, {}, strict=False) == 1
    out = capsys.readouterr().out
    assert "fresh 2.0: PYSEC-2099-1 (fixed in 2.1) remote code execution" in out
    assert "3 audited" in out and "1 unexplained" in out


def test_an_explained_vulnerability_passes_and_is_shown_with_its_reason(constraints, capsys, tmp_path):
    exceptions = tmp_path / "exceptions.txt"
    exceptions.write_text("# accepted\nPYSEC-2099-1 the affected function is never called\n")
    fetch = pypi({"Django": ("6.1.3", []), "old-lib": ("1.0", []), "fresh": ("2.0", [ADVISORY])})
    findings = security_audit.audit_dependencies(constraints, fetch, skipped_by_pip_audit)
    assert security_audit.report(findings, security_audit.read_exceptions(exceptions), strict=False) == 0
    assert "accepted: the affected function is never called" in capsys.readouterr().out


def test_a_pin_behind_the_latest_release_is_unverified_not_passed(constraints, capsys):
    fetch = pypi({"Django": ("6.1.3", []), "old-lib": ("3.0", []), "fresh": ("2.0", [])})
    findings = security_audit.audit_dependencies(constraints, fetch, skipped_by_pip_audit)
    assert security_audit.report(findings, {}, strict=False) == 0
    assert "unverified: old-lib 1.0: not the latest release (3.0)" in capsys.readouterr().out
    assert security_audit.report(findings, {}, strict=True) == 1


def test_pip_audit_verdicts_are_kept(constraints):
    def pip_audit(_path):
        found = skipped_by_pip_audit(_path)
        found["old-lib"] = security_audit.Finding("old-lib", "1.0", [("GHSA-x", "1.1", "xss")], how="pip-audit")
        return found
    fetch = pypi({"Django": ("6.1.3", []), "fresh": ("2.0", [])})
    findings = security_audit.audit_dependencies(constraints, fetch, pip_audit)
    assert [f.how for f in findings] == ["project record (latest release)", "pip-audit",
                                         "project record (latest release)"]
    assert security_audit.report(findings, {}, strict=True) == 1


def test_no_network_audits_nothing(constraints, capsys):
    findings = security_audit.audit_dependencies(constraints, pypi({}), skipped_by_pip_audit)
    assert security_audit.report(findings, {}, strict=False) == 2
    assert "PyPI unreachable" in capsys.readouterr().out
