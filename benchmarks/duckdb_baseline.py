"""The baseline: the same series computed by DuckDB straight from exported files.

    python benchmarks/duckdb_baseline.py DIR --unit 31|VN --years 2001-2025 [--baseline-year 2001]

DIR holds the interchange files written by ``national.py --csv`` (CSV), or the
Parquet copies ``prepare`` makes of them (``--parquet``). DuckDB replays the
events itself: the state of every organisation on 31 December of each year is
an ASOF join of the organisation-year grid with its status, sector and unit
events (histories from ``national.py`` have no two events on one day), v2's
included: a suspension past its ``until`` is active again, bankrupt, revoked and
the reorganisations end existence, establishments count by origin and a THT
converted into an HTX through its successor. Report figures are v1's. Scope:
before the reform the unit's old province, on 31/12/2025 the new province its
unit counts under (``units.csv``, from the closure). Prints the JSON of SPEC §5.
"""

import argparse
import json
import sys
from decimal import Decimal

import duckdb

SECTORS = ("agriculture", "industry", "construction", "trade", "transport", "credit", "environment", "housing", "other")
# Statuses under which an organisation no longer exists (SPEC §2: the terminal ones and, in v2, revoked).
GONE = ("dissolved", "converted", "merged", "bankrupt", "consolidated", "absorbed", "divided", "revoked")
# Ends of an HTX by a reorganisation (v1's merged is one whose form is unknown).
REORGANISED = ("consolidated", "absorbed", "divided", "merged")


def sources(folder, parquet):
    if parquet:
        return {n: f"read_parquet('{folder}/{n}.parquet')" for n in ("organizations", "events", "annual_reports", "units")}
    return {
        "organizations": f"read_csv('{folder}/organizations.csv', header=true, types={{'established_on': 'DATE', 'sector': 'VARCHAR', 'unit': 'VARCHAR', 'origin': 'VARCHAR'}})",
        "events": f"read_csv('{folder}/events.csv', header=true, types={{'date': 'DATE', 'unit': 'VARCHAR', 'sector': 'VARCHAR', 'name': 'VARCHAR', 'document': 'VARCHAR', 'note': 'VARCHAR', 'until': 'DATE', 'successors': 'VARCHAR'}})",
        "annual_reports": f"read_csv('{folder}/annual_reports.csv', header=true, types={{'revenue': 'DECIMAL(20,4)', 'income': 'DECIMAL(20,4)', 'value_added': 'DECIMAL(20,4)', 'profit': 'DECIMAL(20,4)'}})",
        "units": f"read_csv('{folder}/units.csv', header=true, all_varchar=true)",
    }


def prepare(folder):
    """Convert the CSV files to Parquet once (not timed)."""
    con = duckdb.connect()
    for name, src in sources(folder, False).items():
        con.execute(f"COPY (SELECT * FROM {src}) TO '{folder}/{name}.parquet' (FORMAT parquet)")


def run(folder, unit, first, last, baseline, parquet=True):
    src = sources(folder, parquet)
    con = duckdb.connect()
    scope = "TRUE" if unit == "VN" else f"(CASE WHEN y < 2025 THEN province_old = '{unit}' ELSE province_new = '{unit}' END)"
    years_from = min(first, baseline) if baseline else first
    # For a province, only organisations ever recorded in a unit under it can be in scope.
    relevant = "TRUE" if unit == "VN" else (
        f"o.code IN (SELECT org FROM ev_u WHERE province_old = '{unit}' OR province_new = '{unit}')"
    )
    gone = ", ".join(f"'{s}'" for s in GONE)
    con.execute(f"""
    CREATE TEMP TABLE orgs AS
      SELECT code, kind, unit, coalesce(sector, '') AS sector, established_on, coalesce(origin, '') AS origin
      FROM {src['organizations']};
    CREATE TEMP TABLE ev AS
      SELECT code AS org, established_on AS date, 'established' AS type, unit, sector, NULL::DATE AS until,
             NULL AS successors FROM orgs
      UNION ALL SELECT org_code, date, type, unit, coalesce(sector, ''), until, successors FROM {src['events']};
    CREATE TEMP TABLE units AS SELECT * FROM {src['units']};
    CREATE TEMP TABLE ev_u AS
      SELECT e.org, e.date, u.province_old, u.province_new FROM ev e JOIN units u
        ON u.code = e.unit AND u.regime = CASE WHEN e.date < DATE '2025-07-01' THEN 'old' ELSE 'new' END
      WHERE e.type IN ('established', 'relocated');
    CREATE TEMP TABLE st AS
      WITH ev_s AS (
        SELECT org, date, until,
               CASE WHEN type IN ('established', 'resumed', 'reinstated') THEN 'active' ELSE type END AS status
        FROM ev WHERE type NOT IN ('relocated', 'reclassified', 'renamed', 'separated')),
      ev_c AS (SELECT org, date, sector FROM ev WHERE type IN ('established', 'reclassified')),
      years AS (SELECT y::INTEGER AS y, make_date(y::INTEGER, 12, 31) AS d FROM range({years_from}, {last + 1}) t(y)),
      grid AS (SELECT o.code AS org, o.kind, years.y, years.d FROM orgs o JOIN years ON o.established_on <= years.d
               WHERE {relevant})
      -- A suspension with an end date is over (active again) from the day after it.
      SELECT g.org, g.kind, g.y,
             CASE WHEN s.status = 'suspended' AND g.d > s.until THEN 'active' ELSE s.status END AS status,
             c.sector, u.province_old, u.province_new
      FROM grid g
      ASOF JOIN ev_s s ON g.org = s.org AND g.d >= s.date
      ASOF JOIN ev_c c ON g.org = c.org AND g.d >= c.date
      ASOF JOIN ev_u u ON g.org = u.org AND g.d >= u.date;
    """)
    counts = con.execute(f"""
      SELECT y, kind, status, sector, count(*) FROM st WHERE y >= {first} AND {scope} GROUP BY ALL""").fetchall()
    # Each organisation counts once per kind of event and year, in scope on the event's date:
    # new establishments, those formed by a reorganisation, dissolutions, bankruptcies, revocations,
    # ends by a reorganisation, and THT converted into an HTX.
    events = con.execute(f"""
      WITH what AS (
        SELECT e.org, e.date, o.kind,
               CASE WHEN e.type = 'established' THEN (CASE WHEN o.origin = 'reorganisation' THEN 'reorganisation'
                                                           ELSE 'established' END)
                    WHEN e.type IN ({", ".join(f"'{t}'" for t in REORGANISED)}) THEN 'reorganised'
                    WHEN e.type = 'converted' THEN 'converted_to_htx'
                    ELSE e.type END AS what
        FROM ev e JOIN orgs o ON o.code = e.org
        WHERE year(e.date) BETWEEN {first} AND {last}
          AND (e.type IN ('established', 'dissolved', 'bankrupt', 'revoked', {", ".join(f"'{t}'" for t in REORGANISED)})
               OR (e.type = 'converted' AND EXISTS (
                     SELECT 1 FROM unnest(string_split(e.successors, ';')) s(code) JOIN orgs h ON h.code = s.code
                     WHERE h.kind = 'htx'))))
      SELECT y, kind, what, count(DISTINCT org) FROM (
        SELECT year(w.date) AS y, w.kind, w.what, w.org, u.province_old, u.province_new
        FROM what w ASOF JOIN ev_u u ON w.org = u.org AND w.date >= u.date)
      WHERE {scope} GROUP BY ALL""").fetchall()
    report_sql = """
        count(*), sum(members), sum(workers), count(revenue), sum(revenue),
        sum(income * workers) FILTER (WHERE income IS NOT NULL AND workers > 0),
        sum(workers) FILTER (WHERE income IS NOT NULL AND workers > 0), sum(value_added)"""
    reports = con.execute(f"""
      SELECT st.y, st.kind, {report_sql}
      FROM {src['annual_reports']} r JOIN st ON st.org = r.org_code AND st.y = r.year
      WHERE st.y >= {first} AND {scope} GROUP BY ALL""").fetchall()
    base = {}
    if baseline:
        for label, cond in (("old", "province_old"), ("new", "province_new")):
            where = "TRUE" if unit == "VN" else f"{cond} = '{unit}'"
            base[label] = con.execute(f"""
              SELECT st.kind, {report_sql}
              FROM {src['annual_reports']} r JOIN st ON st.org = r.org_code AND st.y = r.year
              WHERE st.y = {baseline} AND {where} GROUP BY ALL""").fetchall()
    return assemble(counts, events, reports, base, first, last, baseline)


def _avg(rows):
    n = sum(r[4] or 0 for r in rows)
    rev = sum((r[5] or 0) for r in rows)
    w = sum(r[7] or 0 for r in rows)
    inc = sum((r[6] or 0) for r in rows)
    return (Decimal(rev) / n if n else None), (Decimal(inc) / w if w else None)


def assemble(counts, events, reports, base, first, last, baseline):
    series = []
    for y in range(first, last + 1):
        c = [r for r in counts if r[0] == y]
        live = [r for r in c if r[2] not in GONE]
        htx = [r for r in live if r[1] == "htx"]
        v = {"htx.total": sum(r[4] for r in htx),
             "htx.active": sum(r[4] for r in htx if r[2] == "active"),
             "htx.not_operating": sum(r[4] for r in htx if r[2] in ("suspended", "stopped"))}
        sectors = {}
        for r in htx:
            key = r[3] or "unclassified"
            sectors[key] = sectors.get(key, 0) + r[4]
        v["htx.by_sector"] = {s: sectors[s] for s in (*SECTORS, "unclassified") if sectors.get(s)}
        ev = {(r[1], r[2]): r[3] for r in events if r[0] == y}
        for kind in ("htx", "lhhtx", "tht", "qtdnd"):
            v[f"{kind}.established"] = ev.get((kind, "established"), 0)
        for kind in ("htx", "qtdnd"):
            v[f"{kind}.dissolved"] = ev.get((kind, "dissolved"), 0)
        for kind in ("lhhtx", "tht", "qtdnd"):
            v[f"{kind}.total"] = sum(r[4] for r in live if r[1] == kind)
        v["htx.formed_by_reorganisation"] = ev.get(("htx", "reorganisation"), 0)
        for what in ("bankrupt", "revoked", "reorganised"):
            v[f"htx.{what}"] = ev.get(("htx", what), 0)
        v["htx.converted_from_tht"] = ev.get(("tht", "converted_to_htx"), 0)
        v["htx.total_incl_qtdnd"] = v["htx.total"] + v["qtdnd.total"]
        v["htx.agriculture"] = sectors.get("agriculture", 0)
        v["htx.non_agriculture"] = sum(n for s, n in sectors.items() if s not in ("agriculture", "unclassified"))
        rep = [r for r in reports if r[0] == y]
        htx_rep = [r for r in rep if r[1] == "htx"]
        v["members.total"] = sum(r[3] or 0 for r in htx_rep)
        v["workers.total"] = sum(r[4] or 0 for r in htx_rep)
        reporting = [r[1:] for r in rep if r[1] in ("htx", "lhhtx")]
        revenue, income = _avg(reporting)
        b_rev, b_inc = _avg([r for r in base.get("old" if y < 2025 else "new", []) if r[0] in ("htx", "lhhtx")]) if baseline else (None, None)
        v["revenue.avg"] = revenue
        v["revenue.avg_vs_baseline_pct"] = revenue / b_rev * 100 if revenue is not None and b_rev else None
        v["income.avg"] = income
        v["income.avg_vs_baseline_ratio"] = income / b_inc if income is not None and b_inc else None
        v["grdp.share_pct"] = None
        existing = sum(r[4] for r in live if r[1] in ("htx", "lhhtx"))
        v["reports.coverage_pct"] = Decimal(100) * sum(r[1] for r in reporting) / existing if existing else None
        series.append({"date": f"{y}-12-31", "since": f"{y}-01-01", "values": v})
    return series


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--unit")
    parser.add_argument("--years")
    parser.add_argument("--baseline-year", type=int)
    parser.add_argument("--csv", action="store_true", help="read the CSV files instead of the Parquet copies")
    parser.add_argument("--prepare", action="store_true", help="only convert the CSV files to Parquet")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.folder)
        return
    first, last = (int(x) for x in args.years.split("-"))
    series = run(args.folder, args.unit, first, last, args.baseline_year, parquet=not args.csv)
    out = {"unit": {"code": args.unit}, "baseline_year": args.baseline_year,
           "series": [{**p, "values": {k: float(v) if isinstance(v, Decimal) else v for k, v in p["values"].items()}} for p in series]}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
