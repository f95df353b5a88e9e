"""No scaffolding of the way the work was organised is left in the product's code."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "hoptac"
# Notes to another engineer or to the issue a change came from, rather than about the code.
ORGANISATION = re.compile(r"\bHOOK\b|\(issue \d+|\bthe \w+ engineer\b")


def test_no_forwarding_bridge_modules():
    assert not sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*_bridge.py"))


def test_no_comments_about_how_the_work_was_organised():
    found = [f"{path.relative_to(SRC)}:{number}" for path in sorted(SRC.rglob("*"))
             if path.suffix in (".py", ".html", ".js", ".css", ".toml")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ORGANISATION.search(line)]
    assert not found, found
