"""Unit names as they were on a date (SPEC §2 v2).

The ``vietnam-provinces`` package gives each unit in force until 30/6/2025 only its
last name: the district of Thủy Nguyên, a city from 1/1/2025, is "Thành phố Thuỷ
Nguyên" even in a 2021 table. ``data/unit_names.csv`` keeps the earlier names
(renames and upgrades) with their source; :func:`name_on` reads it.
"""

import csv
import datetime
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("data") / "unit_names.csv"


@cache
def earlier_names():
    """{(code, regime): [(until, name), …] sorted by ``until``} from the data file."""
    table = {}
    with NAMES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            key = (row["code"].strip(), row["regime"].strip())
            table.setdefault(key, []).append((datetime.date.fromisoformat(row["until"].strip()), row["name"].strip()))
    return {key: sorted(names) for key, names in table.items()}


def name_on(unit, date):
    """The name ``unit`` had on ``date``: the earliest recorded name still valid then, else the package's."""
    if date is None:
        return unit.name
    for until, name in earlier_names().get((unit.code, getattr(unit, "regime", None)), ()):
        if date <= until:
            return name
    return unit.name
