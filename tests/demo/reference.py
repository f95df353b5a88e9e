"""A reference computation of the province-wide indicators straight from the
interchange tables (every demo organisation lies in Hải Phòng, so scope is the
whole register). Independent of the database and of the indicator engine."""

from collections import Counter
from decimal import Decimal

STATUS_AFTER = {"suspended": "suspended", "resumed": "active", "stopped": "stopped",
                "dissolved": "dissolved", "converted": "converted", "merged": "merged",
                # v2 (SPEC §2 v2)
                "bankrupt": "bankrupt", "revoked": "revoked", "reinstated": "active",
                "consolidated": "consolidated", "absorbed": "absorbed", "divided": "divided"}
TERMINAL = {"dissolved", "converted", "merged", "bankrupt", "consolidated", "absorbed", "divided"}
GONE = TERMINAL | {"revoked"}  # not existing: terminal, or the certificate revoked


def _lapse(s, day):
    """A suspension whose end date has passed by ``day`` has run out: active again."""
    if s[1] == "suspended" and s[3] and s[3] < day:
        s[1], s[3] = "active", ""


def states_on(tables, date):
    """{code: (kind, status, sector)} for organisations established on or before ``date``."""
    day = date.isoformat()
    state = {r["code"]: [r["kind"], "active", r["sector"], ""] for r in tables["organizations"] if r["established_on"] <= day}
    for e in tables["events"]:  # file order is date order within an organisation
        if e["date"] <= day and e["org_code"] in state:
            s = state[e["org_code"]]
            _lapse(s, e["date"])
            if e["type"] == "reclassified":
                s[2] = e["sector"]
            s[1] = STATUS_AFTER.get(e["type"], s[1])
            if e["type"] == "suspended":
                s[3] = e.get("until") or ""
    for s in state.values():
        _lapse(s, day)
    return {code: tuple(s[:3]) for code, s in state.items()}


def counted_events(tables, kind, type, since, date):
    kinds = {r["code"]: r["kind"] for r in tables["organizations"]}
    if type == "established":
        # v2 reading (SPEC §3): establishments of origin new only, not those formed by a reorganisation.
        return sum(1 for r in tables["organizations"] if r["kind"] == kind and r.get("origin") != "reorganisation"
                   and since.isoformat() <= r["established_on"] <= date.isoformat())
    return sum(1 for e in tables["events"] if e["type"] == type and kinds[e["org_code"]] == kind
               and since.isoformat() <= e["date"] <= date.isoformat())


def averages(tables, year):
    kinds = {r["code"]: r["kind"] for r in tables["organizations"]}
    rows = [r for r in tables["annual_reports"] if int(r["year"]) == year and kinds[r["org_code"]] in ("htx", "lhhtx")]
    revenue = [Decimal(r["revenue"]) for r in rows if r["revenue"]]
    paid = [(Decimal(r["income"]), int(r["workers"])) for r in rows if r["income"] and r["workers"] and int(r["workers"]) > 0]
    return (sum(revenue) / len(revenue), sum(i * w for i, w in paid) / sum(w for _, w in paid))


def indicators(tables, date, since, baseline_year):
    states = states_on(tables, date)
    htx = [s for s in states.values() if s[0] == "htx" and s[1] not in GONE]
    kinds = {r["code"]: r["kind"] for r in tables["organizations"]}
    htx_reports = [r for r in tables["annual_reports"] if int(r["year"]) == date.year and kinds[r["org_code"]] == "htx"]
    rev, inc = averages(tables, date.year)
    rev0, inc0 = averages(tables, baseline_year)
    return {
        "htx.total": len(htx),
        "htx.active": sum(1 for s in htx if s[1] == "active"),
        "htx.not_operating": sum(1 for s in htx if s[1] in ("suspended", "stopped")),
        "htx.by_sector": dict(Counter(s[2] or "unclassified" for s in htx)),
        "htx.established": counted_events(tables, "htx", "established", since, date),
        "lhhtx.established": counted_events(tables, "lhhtx", "established", since, date),
        "htx.dissolved": counted_events(tables, "htx", "dissolved", since, date),
        "qtdnd.dissolved": counted_events(tables, "qtdnd", "dissolved", since, date),
        "members.total": sum(int(r["members"]) for r in htx_reports),
        "workers.total": sum(int(r["workers"]) for r in htx_reports),
        "revenue.avg": rev,
        "revenue.avg_vs_baseline_pct": 100 * rev / rev0,
        "income.avg": inc,
        "income.avg_vs_baseline_ratio": inc / inc0,
    }
