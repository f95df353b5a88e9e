"""The sector proposed for an organisation from its VSIC code (SPEC §2 v2).

``data/vsic_sectors.csv`` is the table, kept as data: a code takes the sector of the
longest prefix that it starts with, in its classification's version; codes the
table does not cover propose ``other``.
"""

import csv
from functools import cache
from pathlib import Path

from hoptac.registry.models import Sector

TABLE_FILE = Path(__file__).with_name("data") / "vsic_sectors.csv"
DEFAULT_VERSION = "2018"


@cache
def table():
    """{version: {prefix: sector}} from the data file; an unknown sector there is a packaging error."""
    out = {}
    with TABLE_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            sector = row["sector"].strip()
            if sector not in Sector.values:
                raise ValueError(f"{TABLE_FILE.name}: unknown sector {sector!r} for prefix {row['prefix']}")
            out.setdefault(row["version"].strip(), {})[row["prefix"].strip()] = sector
    return out


def proposed_sector(vsic, version=DEFAULT_VERSION):
    """The sector the table proposes for a VSIC code; "" for a code that is not four digits or a
    classification version the product has no table for (each version has its own codes)."""
    vsic = (vsic or "").strip()
    prefixes = table().get(version or DEFAULT_VERSION)
    if len(vsic) != 4 or not vsic.isdigit() or prefixes is None:
        return ""
    for length in (4, 3, 2):
        sector = prefixes.get(vsic[:length])
        if sector:
            return sector
    return Sector.OTHER.value
