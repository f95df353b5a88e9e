"""Security audit of hoptac: known vulnerabilities in the locked dependencies, and bandit over the code.

    ./bootstrap audit            (installs pip-audit into .venv, then runs this)
    .venv/bin/python tools/security_audit.py [--constraints FILE] [--no-bandit] [--strict]

Dependencies: every pin of ``requirements/constraints.txt`` is audited by
pip-audit against PyPI's vulnerability data (the PyPA advisory database, as
PyPI serves it). Where pip-audit cannot get a release's record (a PyPI mirror
that serves only the project-level JSON answers "not found" for a release), the
pin is checked against the project record instead, which lists the advisories
that affect the project's latest release: that settles the pins that are the
latest release and is reported as unverified for the others. Known
vulnerabilities that we accept are listed, with the reason, in
``requirements/audit-exceptions.txt`` (``ID  reason``).

Exit status: 0 when no unexplained vulnerability is known (unverified pins are
listed; ``--strict`` makes them fail too), 1 otherwise, 2 when nothing could be
audited (no network).
"""

import argparse
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI_PROJECT = "https://pypi.org/pypi/{name}/json"


@dataclass
class Finding:
    name: str
    version: str
    vulns: list = field(default_factory=list)  # [(id, fixed in, summary)]
    how: str = ""  # "release record" | "project record (latest release)" | ""
    unverified: str = ""  # why it could not be audited


def read_pins(path):
    pins = []
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins.append((name.strip(), version.split(";", 1)[0].strip()))
    return pins


def read_exceptions(path):
    exceptions = {}
    if Path(path).exists():
        for line in Path(path).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                vuln_id, _, reason = line.partition(" ")
                exceptions[vuln_id] = reason.strip()
    return exceptions


def run_pip_audit(constraints):
    """pip-audit's verdict per pin: {name: Finding}; pins it had to skip carry `unverified`."""
    exe = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if exe is None:
        raise SystemExit("security_audit: pip-audit is not installed (./bootstrap audit installs it)")
    done = subprocess.run([exe, "-r", str(constraints), "--no-deps", "--disable-pip", "--format", "json",
                           "--progress-spinner", "off"], capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"security_audit: pip-audit failed: {last}") from None
    found = {}
    for dep in report.get("dependencies", []):
        finding = Finding(dep["name"], dep.get("version", ""))
        if "skip_reason" in dep:
            finding.unverified = dep["skip_reason"]
        else:
            finding.how = "pip-audit"
            finding.vulns = [(v["id"], ", ".join(v.get("fix_versions", [])), v.get("description", "")[:100])
                             for v in dep.get("vulns", [])]
        found[canonical(dep["name"])] = finding
    return found


def canonical(name):
    return name.lower().replace("_", "-").replace(".", "-")


def fetch_project(name):
    with urllib.request.urlopen(PYPI_PROJECT.format(name=name), timeout=30) as response:  # nosec B310 (fixed https URL)
        return json.load(response)


def check_against_project(finding, fetch=fetch_project):
    """Settle a pin pip-audit skipped with the project record, when the pin is the latest release."""
    try:
        project = fetch(finding.name)
    except (urllib.error.URLError, OSError, ValueError) as error:
        finding.unverified = f"PyPI unreachable: {error}"
        return finding
    latest = project["info"]["version"]
    vulns = project.get("vulnerabilities")
    if vulns is None:
        finding.unverified = "PyPI served no vulnerability data"
    elif latest != finding.version:
        listed = ", ".join(v["id"] for v in vulns) or "none"
        finding.unverified = (f"not the latest release ({latest}); advisories on {latest}: {listed}; "
                              "older releases' advisories are not served here")
    else:
        finding.unverified = ""
        finding.how = "project record (latest release)"
        finding.vulns = [(v["id"], ", ".join(v.get("fixed_in") or []), (v.get("summary") or v.get("details") or "")[:100])
                         for v in vulns]
    return finding


def audit_dependencies(constraints, fetch=fetch_project, pip_audit=run_pip_audit):
    pins = read_pins(constraints)
    found = pip_audit(constraints)
    findings = []
    for name, version in pins:
        finding = found.get(canonical(name)) or Finding(name, version, unverified="not reported by pip-audit")
        finding.name, finding.version = name, version
        if finding.unverified:
            finding = check_against_project(finding, fetch)
        findings.append(finding)
    return findings


def run_bandit():
    """Bandit over src/, high severity only: returns the findings as lines."""
    exe = shutil.which("bandit", path=str(Path(sys.executable).parent)) or shutil.which("bandit")
    if exe is None:
        raise SystemExit("security_audit: bandit is not installed (./bootstrap setup installs it)")
    done = subprocess.run([exe, "-q", "-r", str(ROOT / "src"), "-lll", "-f", "json"], capture_output=True, text=True)
    report = json.loads(done.stdout)
    return [f"{r['filename']}:{r['line_number']}: {r['test_id']} {r['issue_text']}" for r in report["results"]]


def report(findings, exceptions, strict):
    vulnerable = [(f, v) for f in findings for v in f.vulns]
    unexplained = [(f, v) for f, v in vulnerable if v[0] not in exceptions]
    unverified = [f for f in findings if f.unverified]
    audited = len(findings) - len(unverified)
    print(f"dependencies: {len(findings)} pins; {audited} audited "
          f"({sum(f.how == 'pip-audit' for f in findings)} by pip-audit, "
          f"{sum(f.how.startswith('project') for f in findings)} by the project record); "
          f"{len(vulnerable)} known vulnerabilities, {len(unexplained)} unexplained")
    for f, (vuln_id, fixed, summary) in vulnerable:
        note = exceptions.get(vuln_id)
        print(f"  {f.name} {f.version}: {vuln_id} (fixed in {fixed or 'no release'}) {summary}"
              + (f" — accepted: {note}" if note else ""))
    for f in unverified:
        print(f"  unverified: {f.name} {f.version}: {f.unverified}")
    if audited == 0:
        return 2
    return 1 if unexplained or (strict and unverified) else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constraints", default=str(ROOT / "requirements" / "constraints.txt"))
    parser.add_argument("--exceptions", default=str(ROOT / "requirements" / "audit-exceptions.txt"))
    parser.add_argument("--no-bandit", action="store_true")
    parser.add_argument("--strict", action="store_true", help="fail when a pin could not be audited")
    args = parser.parse_args(argv)
    status = report(audit_dependencies(args.constraints), read_exceptions(args.exceptions), args.strict)
    if not args.no_bandit:
        high = run_bandit()
        print(f"bandit (high severity) over src/: {len(high)} findings")
        for line in high:
            print("  " + line)
        status = max(status, 1 if high else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
