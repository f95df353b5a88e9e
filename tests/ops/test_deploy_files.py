"""The deployment files hold together: every timer has its service, every service runs a command
that exists, the guide enables every timer, and the example environment names only settings
the product reads."""

import re
from pathlib import Path

from django.core.management import get_commands

from hoptac.cli import SUBCOMMANDS

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
SOURCES = "\n".join(p.read_text() for p in (ROOT / "src" / "hoptac").rglob("*.py") if "migrations" not in p.parts)


def test_every_timer_has_its_service_and_the_guide_enables_it():
    timers = sorted(p.stem for p in SYSTEMD.glob("*.timer"))
    assert "hoptac-reminders" in timers and "hoptac-purge" in timers
    enable = next(line for line in (ROOT / "docs" / "deployment.md").read_text().splitlines()
                  if line.startswith("systemctl enable"))
    for timer in timers:
        assert (SYSTEMD / f"{timer}.service").exists(), timer
        assert f"{timer}.timer" in enable.split(), timer


def test_every_service_runs_a_command_that_exists():
    management = get_commands()
    for unit in SYSTEMD.glob("*.service"):
        command = re.search(r"^ExecStart=\S+/hoptac (\S+)(?: (\S+))?", unit.read_text(), re.M)
        assert command, unit.name
        sub, arg = command.groups()
        assert sub in SUBCOMMANDS or sub == "manage", (unit.name, sub)
        if sub == "manage":
            assert arg in management, (unit.name, arg)


def test_the_example_environment_names_only_settings_the_product_reads():
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (ROOT / "deploy" / "hoptac.env.example").read_text(), re.M)
    assert "HOPTAC_EMAIL_HOST" in names
    unknown = [name for name in names if f'"{name}"' not in SOURCES]
    assert unknown == []
