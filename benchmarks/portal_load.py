"""Load benchmark of the public portal against a hello-world ceiling.

Starts `hoptac serve` (granian, production settings, file cache unless REDIS_URL
is set; cached pages are answered by the portal's WSGI fast path) on a demo data
directory, and a minimal WSGI hello-world on granian with the same workers and
threads; drives each with wrk on loopback, in interleaved rounds, and prints
requests/s and 95th-percentile latency for the home and statistics pages and
their ratio to the ceiling. Requests carry a browser's User-Agent and
Accept-Encoding (cached pages are then sent gzipped, as browsers get them).
Then checks the visitor counter counted every page view (several worker
processes writing to one table).

A second ceiling tells the body's cost from the application's: for each page, a
WSGI app on the same granian that answers with the very bytes and headers the
portal sent for it (gzipped body, CSP and security headers, visitor cookie,
request id), copied once before the runs. The portal's rate against it is the
cost of the application alone; against hello-world, of the application and of
sending a page of that size.

    .venv/bin/python benchmarks/portal_load.py [--data-dir DIR] [--seconds 10] [--connections 16] [--workers 2]
                                               [--rounds 3] [--returning]
                                               [--compare-src TREE --compare-data-dir DIR]

``--compare-src`` (without ``--uncached``) also serves TREE's portal (its own ``.venv`` when it has one,
e.g. an older release with other requirements) on its own data directory, in the same rounds.
    .venv/bin/python benchmarks/portal_load.py --uncached --data-dir DIR [--requests 20] [--compare-src DIR]
                                               [--after-write [--settle S]]

``--uncached`` measures instead the UNCACHED answer of the statistics page and the explorer
for province 31 (issue 19: under 100 ms at the 95th percentile on the indicators benchmark's
national register, ``national.py`` + ``hoptac manage indicators_refresh`` in DIR): before each
request the portal's cache version is bumped (every cached page and every cached figure is
then stale, the year-end aggregates stay), the fast path's one-second version check is waited
out, and the page is fetched once from `hoptac serve` with the production settings.
``--compare-src`` starts a second server from another source tree (e.g. a worktree of main)
on the same data, measured in the same rounds: before and after in one run.

``--after-write`` (with ``--uncached``) makes, before each request, a small real write to the
register as an officer would (``registry.lifecycle.establish`` of a new cooperative in a commune of
31 today, through its validation, audit entry and ``register_changed``) instead of the cache bump:
every remembered figure is then stale, and the request measures the first reader after a write.
This tree's ``hoptac worker`` runs beside the servers (it precomputes the standard views after
each write, ``portal.warm``; a tree without it computes on the first request); ``--settle S``
waits S seconds between the write and the request (at least 1.1 s, the fast path's look at the
cache version). With ``--compare-src`` the other tree shares the data directory's cache: when its
keys are the same it reads what this tree's precompute stored, so it is no baseline there.

Needs wrk (Debian: apt-get install wrk). Without --data-dir it builds the demo
in a temporary directory first (`hoptac demo --no-serve`). Traffic goes only to
127.0.0.1; every run is bounded by --seconds.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UA = "Mozilla/5.0 (X11; Linux x86_64) hoptac-benchmark"
PAGES = [("home", "/"), ("statistics", "/thong-ke/?unit=31&date=2021-12-31")]
UNCACHED_PAGES = [("statistics", "/thong-ke/?unit=31&date=2021-12-31"),
                  ("explorer", "/kham-pha/?indicator=htx.total&unit=31"),
                  ("explorer revenue", "/kham-pha/?indicator=revenue.avg&unit=31")]

HELLO = '''
def application(environ, start_response):
    body = b"hello"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
'''

# wrk reports p50/75/90/99 only; this prints what we need as one JSON line.
WRK_LUA = '''
wrk.headers["User-Agent"] = "%s"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
%s
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "seconds": %%f, "p95_us": %%d, "errors": %%d, "non2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
'''
# The same answer as the portal's page, bytes and headers, from a table filled before the runs.
COPY = '''
import json
from pathlib import Path

PAGES = {}
for key, (status, headers, body) in json.loads(Path(__file__).with_name("pages.json").read_text()).items():
    PAGES[key] = (status, [tuple(h) for h in headers], bytes.fromhex(body))


def application(environ, start_response):
    status, headers, body = PAGES[environ["PATH_INFO"] + "?" + environ.get("QUERY_STRING", "")]
    start_response(status, list(headers))
    return [body]
'''
RETURNING_COOKIE = 'wrk.headers["Cookie"] = "hoptac_v=0123456789abcdef0123456789abcdef"'


PORTS = []  # --ports FIRST-LAST: the ports this run may listen on (else any free port)


def free_port():
    while PORTS:
        port = PORTS.pop(0)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": UA}), timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"portal_load: {url} did not answer within {seconds} s")


def start(argv, env, cwd=None):
    return subprocess.Popen(argv, env=env, cwd=cwd, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=open(os.environ.get("PORTAL_LOAD_LOG", os.devnull), "ab"))


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wrk(url, seconds, connections, script):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def copy_answer(url, returning):
    """(status line, headers, body) the server sends for ``url`` to the benchmark's requests."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    headers = {"User-Agent": UA, "Accept-Encoding": "gzip, deflate, br"}
    if returning:
        headers["Cookie"] = RETURNING_COOKIE.split(" = ")[1].strip('"')
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""), headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    kept = [(k, v) for k, v in response.getheaders() if k.lower() not in ("date", "server")]
    return f"{response.status} {response.reason}", kept, body


def counted_views(env):
    code = (
        "from django.db.models import Sum\n"
        "from hoptac.portal.models import VisitorDay\n"
        "print(VisitorDay.objects.aggregate(n=Sum('views'))['n'] or 0)"
    )
    out = subprocess.run([str(BIN / "hoptac"), "manage", "shell", "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    return int(out.strip().splitlines()[-1])


def fetch_ms(url):
    request = urllib.request.Request(url, headers={"User-Agent": UA, "Accept-Encoding": "gzip"})
    t = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - t) * 1000, status


def group_cpu_ms(pgid):
    """CPU time (ms) used so far by every thread of every process in process group ``pgid`` (the server
    and its workers), from the scheduler's nanosecond counters (/proc/PID/task/TID/schedstat)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            if int(fields[2]) != pgid:  # the fields after the command: state, ppid, pgrp, …
                continue
            for task in os.scandir(f"/proc/{entry.name}/task"):
                with open(f"{task.path}/schedstat") as f:
                    total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return total / 1e6


def uncached(args):
    """The uncached answers of UNCACHED_PAGES, each request after a cache-version bump."""
    if not args.data_dir:
        raise SystemExit("portal_load: --uncached needs --data-dir (the national register, see benchmarks/README.md)")
    prod = {
        **os.environ, "HOPTAC_DATA_DIR": args.data_dir, "HOPTAC_ENV": "production", "HOPTAC_SSL_REDIRECT": "0",
        "HOPTAC_ALLOWED_HOSTS": "127.0.0.1",
        "HOPTAC_SECRET_KEY": os.environ.get("HOPTAC_SECRET_KEY", "benchmark-only-" + "x" * 40),
    }
    os.environ.update({k: v for k, v in prod.items() if k.startswith("HOPTAC_")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from hoptac.portal import cache as portal_cache

    write = officer_write() if args.after_write else None

    trees = {"this tree": None}
    if args.compare_src:
        trees = {f"{args.compare_src}": args.compare_src, "this tree": None}
    servers, bases = [], {}
    try:
        for name, src in trees.items():
            port = free_port()
            env = dict(prod)
            if src:
                env["PYTHONPATH"] = str(Path(src).resolve() / "src")
            servers.append(start([sys.executable, "-m", "hoptac.cli", "serve", "--port", str(port), "--workers",
                                  str(args.workers), "--threads", str(args.threads)], env))
            bases[name] = f"http://127.0.0.1:{port}"
            # One after the other: both collect the static files into the same data directory first.
            wait_for(f"{bases[name]}/healthz", seconds=300)
        if write and not args.no_worker:  # this tree's worker: the precompute after each write (and the rebuilds)
            servers.append(start([sys.executable, "-m", "hoptac.cli", "worker"], prod))
        for base in bases.values():
            wait_for(f"{base}/healthz", seconds=300)  # two servers starting on a busy machine
            for _, path in UNCACHED_PAGES:
                fetch_ms(base + path)  # first views: imports, templates, the aggregates' freshness
        times = {(tree, page): [] for tree in bases for page, _ in UNCACHED_PAGES}
        cpu = {key: [] for key in times}
        groups = dict(zip(bases, (server.pid for server in servers)))
        for _ in range(args.requests):
            for tree, base in bases.items():
                for page, path in UNCACHED_PAGES:
                    if write:
                        write()  # the page cache is bumped by the write itself (register_changed)
                        time.sleep(max(args.settle, 1.1))
                    else:
                        portal_cache.bump()
                        time.sleep(1.1)  # the fast path looks at the cache version at most once a second
                    before = group_cpu_ms(groups[tree])
                    ms, status = fetch_ms(base + path)
                    used = group_cpu_ms(groups[tree]) - before
                    if status != 200:
                        raise SystemExit(f"portal_load: {path} answered {status}")
                    times[tree, page].append(ms)
                    cpu[tree, page].append(used)
    finally:
        for server in servers:
            stop(server)
    after = (f"a write to the register {max(args.settle, 1.1):.1f} s before" if write else "a cache bump")
    print(f"\nuncached answers, {args.requests} requests each, one at a time, each after {after}; "
          f"hoptac serve (production settings), {args.workers} workers × {args.threads} threads; data {args.data_dir}")
    print("(wall: the client's time to the last byte; server CPU: every thread of the server's processes during "
          "the request, PostgreSQL's own processes not included)")
    print(f"{'tree':<28} {'page':<18} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'CPU median':>11} {'CPU p95':>8}")

    def p95_of(values):
        return values[max(0, int(round(0.95 * len(values))) - 1)]

    results = {}
    for (tree, page), values in times.items():
        values.sort()
        used = sorted(cpu[tree, page])
        results[f"{tree} {page}"] = {"median_ms": statistics.median(values), "p95_ms": p95_of(values),
                                     "max_ms": values[-1], "cpu_median_ms": statistics.median(used),
                                     "cpu_p95_ms": p95_of(used)}
        print(f"{tree:<28} {page:<18} {statistics.median(values):>10.0f} {p95_of(values):>8.0f} {values[-1]:>8.0f} "
              f"{statistics.median(used):>11.0f} {p95_of(used):>8.0f}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores; goal: p95 < 100 ms")
    if write:
        print(f"writes refused and made again (database locked): {len(write.refused)}")
        for line in write.refused:
            print("  " + line)
    return 0


def officer_write():
    """A function making one small real write to the register, as an officer does in the back office:
    a new cooperative established today in a commune of province 31 (a new code each time)."""
    import datetime

    from django.db import OperationalError
    from django.utils import timezone

    from hoptac.audit.models import Channel
    from hoptac.geo.models import Unit
    from hoptac.registry import lifecycle

    today = timezone.localdate()
    commune = Unit.objects.resolve("31", today).children.order_by("code").first()
    run = datetime.datetime.now().strftime("%H%M%S")
    count = iter(range(1, 1_000_000))

    def write():
        n = next(count)
        for attempt in range(1, 6):
            try:
                lifecycle.establish(code=f"BENCH-{run}-{n}", kind="htx", name=f"HTX đo tải {run} {n}",
                                    unit=commune, established_on=today, sector="agriculture",
                                    channel=Channel.BACK_OFFICE)
                return
            except OperationalError as exc:  # SQLite: another writer held the lock past the 20 s timeout
                write.refused.append(f"write {n}, attempt {attempt}: {exc}")
        raise SystemExit("portal_load: the register refused 5 writes in a row: " + write.refused[-1])

    write.refused = []
    return write


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="an existing hoptac data directory (default: build the demo in a temp dir)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each target, interleaved (median reported)")
    parser.add_argument("--returning", action="store_true",
                        help="send the visitor cookie, as a returning browser does (default: every request is a "
                             "new visitor, the counter's worst case)")
    parser.add_argument("--uncached", action="store_true", help="measure uncached answers (see above) instead")
    parser.add_argument("--requests", type=int, default=20, help="with --uncached: requests per page and tree")
    parser.add_argument("--after-write", action="store_true",
                        help="with --uncached: a real write to the register before each request (see above)")
    parser.add_argument("--settle", type=float, default=0,
                        help="with --after-write: seconds between the write and the request (at least 1.1)")
    parser.add_argument("--no-worker", action="store_true",
                        help="with --after-write: no worker (every first reader computes: the baseline)")
    parser.add_argument("--log-format", choices=("json", "text"), default="json",
                        help="the request log's format (default: json, as deploy/hoptac.env.example sets it)")
    parser.add_argument("--compare-src", help="another source tree measured in the same run (see above)")
    parser.add_argument("--compare-data-dir", help="without --uncached: the data directory of --compare-src's portal")
    parser.add_argument("--ports", help="FIRST-LAST: listen only on these ports of 127.0.0.1")
    args = parser.parse_args()
    if args.ports:
        first, _, last = args.ports.partition("-")
        PORTS.extend(range(int(first), int(last) + 1))
    if args.uncached:
        return uncached(args)
    if not shutil.which("wrk"):
        raise SystemExit("portal_load: wrk is not installed (Debian: apt-get install wrk)")
    if args.compare_src and not args.compare_data_dir:
        raise SystemExit("portal_load: --compare-src needs --compare-data-dir (a demo built by that tree)")

    work = Path(tempfile.mkdtemp(prefix="hoptac-bench-"))
    data_dir = Path(args.data_dir) if args.data_dir else work / "data"
    env = {**os.environ, "HOPTAC_DATA_DIR": str(data_dir)}
    if not args.data_dir:
        print("building the demo data directory…", flush=True)
        subprocess.run([str(BIN / "hoptac"), "demo", "--no-serve"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    secret = os.environ.get("HOPTAC_SECRET_KEY", "benchmark-only-" + "x" * 40)
    prod = {
        **env, "HOPTAC_ENV": "production", "HOPTAC_SSL_REDIRECT": "0", "HOPTAC_ALLOWED_HOSTS": "127.0.0.1",
        "HOPTAC_SECRET_KEY": secret, "HOPTAC_LOG_FORMAT": args.log_format,
    }
    (work / "hello.py").write_text(HELLO)
    (work / "samepage.py").write_text(COPY)
    script = work / "p95.lua"
    script.write_text(WRK_LUA % (UA, RETURNING_COOKIE if args.returning else ""))

    def granian(app, port, environment, cwd=None):
        return start([sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                      "--port", str(port), "--workers", str(args.workers), "--blocking-threads", str(args.threads),
                      "--no-ws", "--log-level", "warning", app], environment, cwd=cwd)

    def hoptac_serve(port, environment, tree=None):
        program = [str(BIN / "hoptac")]
        if tree:
            own = Path(tree).resolve() / ".venv" / "bin" / "hoptac"
            program = [str(own)] if own.exists() else [sys.executable, "-m", "hoptac.cli"]
            environment = {**environment, "PYTHONPATH": str(Path(tree).resolve() / "src")}
        return start([*program, "serve", "--port", str(port), "--workers", str(args.workers),
                      "--threads", str(args.threads)], environment)

    ports = {"serve": free_port(), "hello": free_port(), "copy": free_port(), "other": free_port()}
    servers = [hoptac_serve(ports["serve"], prod), granian("hello:application", ports["hello"], env, cwd=work)]
    portal = {name: f"http://127.0.0.1:{ports['serve']}{path}" for name, path in PAGES}
    targets = [("hello-world", f"http://127.0.0.1:{ports['hello']}/")]
    for name, path in PAGES:
        targets += [(f"{name} copy", f"http://127.0.0.1:{ports['copy']}{path}"), (name, portal[name])]
    if args.compare_src:
        other = {**prod, "HOPTAC_DATA_DIR": str(Path(args.compare_data_dir).resolve())}
        servers.append(hoptac_serve(ports["other"], other, args.compare_src))
        targets += [(f"other {name}", f"http://127.0.0.1:{ports['other']}{path}") for name, path in PAGES]
    groups = {ports["serve"]: servers[0].pid, ports["hello"]: servers[1].pid}
    if args.compare_src:
        groups[ports["other"]] = servers[2].pid
    runs, sent = {name: [] for name, _ in targets}, 0
    try:
        wait_for(f"http://127.0.0.1:{ports['hello']}/")
        for port in ([ports["serve"], ports["other"]] if args.compare_src else [ports["serve"]]):
            wait_for(f"http://127.0.0.1:{port}/healthz", seconds=300)
            for _, path in PAGES:  # render once: the shared cache then holds the pages
                wait_for(f"http://127.0.0.1:{port}{path}")
        time.sleep(1.5)  # the fast path answers from the cache a second after a page is stored
        copies = {}
        for name, path in PAGES:
            status, headers, body = copy_answer(portal[name], args.returning)
            copies[path if "?" in path else path + "?"] = (status, headers, body.hex())
            print(f"{name}: {status}, body {len(body):,} bytes, headers "
                  f"{sum(len(k) + len(v) + 4 for k, v in headers):,} bytes", flush=True)
        (work / "pages.json").write_text(json.dumps(copies))
        servers.append(granian("samepage:application", ports["copy"], env, cwd=work))
        groups[ports["copy"]] = servers[-1].pid
        wait_for(targets[1][1])
        time.sleep(6)  # let the first views flush
        views_before = counted_views(prod)
        # Rounds of every target in turn, so that a slow moment of the machine falls
        # on all of them; the median round of each is reported.
        for _ in range(args.rounds):
            for name, url in targets:
                group = groups[int(url.split(":")[2].split("/")[0])]
                before = group_cpu_ms(group)
                result = wrk(url, args.seconds, args.connections, str(script))
                result["cpu_us"] = (group_cpu_ms(group) - before) * 1000 / max(1, result["requests"])
                result["load"] = os.getloadavg()[0]
                runs[name].append(result)
                if name in portal:
                    sent += result["requests"]
        time.sleep(8)  # two flush periods of the visitor counter
        counted = counted_views(prod) - views_before
    finally:
        for server in servers:
            stop(server)

    results = {name: sorted(rs, key=lambda r: r["rps"])[len(rs) // 2] for name, rs in runs.items()}
    ceiling = results["hello-world"]["rps"]
    loads = [r["load"] for rs in runs.values() for r in rs]
    print(f"\nwrk -t2 -c{args.connections} -d{args.seconds}s on 127.0.0.1, median of {args.rounds} rounds; granian "
          f"{args.workers} workers × {args.threads} threads; cache: {'redis' if os.environ.get('REDIS_URL') else 'file'}; "
          f"{'returning visitors (cookie sent)' if args.returning else 'every request a new visitor (no cookie)'}; "
          f"request log: {args.log_format}; "
          f"load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    print("(server CPU: every thread of the server's processes during the run, per completed request)")
    print(f"{'target':<22} {'req/s':>10} {'p95 ms':>8} {'errors':>7} {'vs hello':>9} {'vs copy':>8} "
          f"{'server CPU':>11}   rounds (req/s)")
    for name, r in results.items():
        ratio = r["rps"] / ceiling if ceiling else 0
        page = name.removeprefix("other ").removesuffix(" copy")
        copy = results.get(f"{page} copy") if not name.endswith(" copy") and name != "hello-world" else None
        against = f"{r['rps'] / copy['rps']:>8.0%}" if copy and not name.startswith("other ") else " " * 8
        each = " ".join(f"{x['rps']:.0f}" for x in runs[name])
        cpu = statistics.median(x["cpu_us"] for x in runs[name])
        print(f"{name:<22} {r['rps']:>10.0f} {r['p95_us'] / 1000:>8.1f} {r['errors'] + r['non2xx']:>7} {ratio:>9.0%}"
              f" {against} {cpu:>8.0f} µs   {each}")
    if args.compare_src:
        print(f"other: {args.compare_src} on {args.compare_data_dir}")
    # wrk counts completed responses; requests still in flight when a run stops
    # (at most one per connection) reach the server and are counted too.
    in_flight = args.connections * len(PAGES) * args.rounds
    ok = sent <= counted <= sent + in_flight
    print(f"visitor counter: {counted} page views counted for {sent} completed portal requests "
          f"(+ at most {in_flight} in flight at the end of the runs): {'OK' if ok else 'MISMATCH'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
