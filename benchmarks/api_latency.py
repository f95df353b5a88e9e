"""API latency at national scale: organisations pages and indicators of a province.

    python benchmarks/api_latency.py [--work DIR] [--orgs 150000] [--reuse] [--repeat 50] [--limit 20]

Generates the national benchmark register with ``benchmarks/national.py`` into
a private data directory (SQLite, full settings; skipped with ``--reuse``),
then calls the API in process through Django's test client (the whole request
path: URL routing, middleware, authentication, the view, serialisation) as the
anonymous public, with the rate limit off, and reports the median and 95th
percentile of:

* the first page of organisations in the province with the most organisations
  (on 2021-12-31, ordered by name, ``limit`` per page);
* the 100th page of the same list (reached by following the cursors once);
* ``/api/v1/indicators`` for that province on 2021-12-31 (S 2002-01-01, B 2001)
  and for Hải Phòng (31).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _setup(work):
    os.environ["HOPTAC_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hoptac.settings"
    os.environ["HOPTAC_API_ANON_RATE"] = "0"
    os.environ.setdefault("HOPTAC_ENV", "development")


def generate(work, orgs):
    env = dict(os.environ)
    subprocess.run([sys.executable, "-m", "hoptac.cli", "manage", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([sys.executable, str(HERE / "national.py"), "--orgs", str(orgs), "--replace"], env=env, check=True)


def _timed(client, url, repeat):
    client.get(url)  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "n": repeat}


def measure(repeat, limit):
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from hoptac.registry.models import Organization, OrganizationState

    settings.ALLOWED_HOSTS = ["*"]
    date = "2021-12-31"
    province = (OrganizationState.objects.on(django.utils.dateparse.parse_date(date))
                .values("unit__closure_ancestors__ancestor__code", "unit__closure_ancestors__ancestor__level")
                .filter(unit__closure_ancestors__ancestor__level=1)
                .annotate(n=Count("id")).order_by("-n").first())
    code, count = province["unit__closure_ancestors__ancestor__code"], province["n"]
    client = Client()
    base = f"/api/v1/organizations?unit={code}&date={date}&limit={limit}"
    results = {"organisations": Organization.objects.count(), "province": code, "province_organisations": count,
               "limit": limit}
    results["first_page"] = _timed(client, base, repeat)
    cursor = None
    for _ in range(99):
        data = client.get(base + (f"&cursor={cursor}" if cursor else "")).json()
        cursor = data["next_cursor"]
        if cursor is None:
            raise SystemExit(f"province {code} has fewer than 100 pages of {limit}")
    results["page_100"] = _timed(client, f"{base}&cursor={cursor}", repeat)
    for unit in (code, "31"):
        url = f"/api/v1/indicators?unit={unit}&date={date}&since=2002-01-01&baseline_year=2001"
        results[f"indicators_{unit}"] = _timed(client, url, repeat)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="/tmp/hoptac-api-bench")
    parser.add_argument("--orgs", type=int, default=150_000)
    parser.add_argument("--reuse", action="store_true", help="keep the register already in --work")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    _setup(work)
    if not args.reuse:
        t = time.perf_counter()
        generate(work, args.orgs)
        print(f"generated {args.orgs} organisations in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    results = measure(args.repeat, args.limit)
    print(json.dumps(results, indent=2))
    (work / "api_latency.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
