"""The reliability suite: hoptac under concurrent use, a crash mid-import, a database restart.

    benchmarks/reliability [--scale ci|small|full] [--database postgresql|sqlite] [--template FILE]
                           [--json FILE] [--keep DIR]

Everything runs on loopback against servers the suite starts itself (never the
configured database): with ``--database postgresql`` (the default when PostgreSQL's
server programs are installed) a primary and a streaming standby in a temporary
directory, with ``sqlite`` a temporary data directory. ``--template`` starts
from a copy of an already migrated database (an SQLite file or a ``pg_dump -Fc``
archive; the test suite passes its own) instead of migrating from nothing.

1. Load: portal readers, API readers and officers editing organisations in the
   back office (each signed in, each save through the real form) for a few
   seconds. Counts requests and errors; then checks that every save the server
   acknowledged is in the database and in the audit trail (writes lost).
   With a standby, the lag the portal's readers see: an officer's change, read
   back anonymously through the API (which reads from the standby) until it shows.
2. PostgreSQL restarted under the same load: the application must recover by
   itself; measures the time from the restart to the first successful answer
   that needs the database, and counts errors outside that window.
3. The server killed with ``kill -9`` in the middle of a large import through the
   API: every row of every table must then be exactly as before (the server's own
   bookkeeping aside: visitor counters, sessions, heartbeats).
4. Two officers saving the same organisation and the same annual report at
   once: the second save must be refused with the message, nothing overwritten.

Prints a table and exits non-zero when any check fails. Bounded in time: each
phase has its own limit.
"""

import argparse
import http.cookiejar
import io
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import pgcluster  # noqa: E402
from benchmarks.hoptac_server import Server, environment, get, hoptac  # noqa: E402

SCALES = {
    "ci": {"orgs": 24, "import_orgs": 10000, "seconds": 4, "officers": 3, "readers": 2, "api_readers": 2},
    "small": {"orgs": 60, "import_orgs": 20000, "seconds": 10, "officers": 4, "readers": 4, "api_readers": 2},
    "full": {"orgs": 300, "import_orgs": 40000, "seconds": 30, "officers": 8, "readers": 8, "api_readers": 4},
}
PASSWORD = "Can-bo-tinh-2026"
STALE = "Người khác đã lưu hồ sơ này"
DATE = "2021-12-31"

SEED = """
import datetime, json
from django.contrib.auth import get_user_model
from hoptac.accounts.models import Profile
from hoptac.api.models import ApiToken
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
D = datetime.date(2015, 3, 1)
communes = list(Unit.objects.filter(code__in=["303", "304", "311", "312"]).order_by("code"))
communes = [c for d in communes for c in d.children.order_by("code")[:6]]
orgs = {{}}
for i in range({orgs}):
    org = lifecycle.establish(code=f"RL{{i:05d}}", kind="htx", name=f"HTX Độ tin cậy {{i}}", unit=communes[i % len(communes)],
                              established_on=D, sector="agriculture", phone="0225000000", public_contact=True)
    orgs[org.code] = org.pk
officers, tokens = [], []
for i in range({officers}):
    user = get_user_model()(username=f"canbo{{i}}", email=f"canbo{{i}}@example.gov.vn")
    user.set_password({password!r}); user.save()
    Profile.objects.create(user=user, role="province_officer")
    officers.append(user.username)
    tokens.append(ApiToken.issue(user, "reliability")[1])
rows = [f"RB{{i:06d}},htx,HTX Nhập lô {{i}},{{communes[i % len(communes)].code}},trade,2016-01-0{{1 + i % 9}}" for i in range({import_orgs})]
with open({big!r}, "w", encoding="utf-8") as out:
    out.write("code,kind,name,unit,sector,established_on\\n" + "\\n".join(rows) + "\\n")
print("SEED" + json.dumps({{"orgs": orgs, "officers": officers, "tokens": tokens}}))
"""


class Browser:
    """A signed-in officer: cookies, the CSRF token, and the forms' edit versions."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def open(self, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            return 0, str(exc)

    def sign_in(self, username):
        status, page = self.open("/admin/login/")
        if status != 200:
            return status
        return self.open("/admin/login/", {"username": username, "password": PASSWORD,
                                           "csrfmiddlewaretoken": csrf(page)})[0]

    def form(self, path):
        """(status, csrf token, edit version) of a form page."""
        status, page = self.open(path)
        version = re.search(r'name="edit_version" value="([0-9a-f]*)"', page)
        return status, (csrf(page) if status == 200 else ""), (version.group(1) if version else "")

    def edit_phone(self, pk, phone, shown=None):
        path = f"/admin/registry/organizations/{pk}/edit/"
        status, token, version = shown or self.form(path)
        if status != 200:
            return status, ""
        return self.open(path, {"csrfmiddlewaretoken": token, "edit_version": version, "phone": phone,
                                "public_contact": "on", "address": "", "email": "", "representative": "",
                                "products": ""})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf(page):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


class Tally:
    """Requests and errors of every client thread, with their moments."""

    def __init__(self):
        self.lock = threading.Lock()
        self.records = []  # (started, kind, ok, seconds)

    def add(self, kind, ok, seconds, status=None):
        with self.lock:
            self.records.append((time.monotonic() - seconds, kind, ok, seconds, status))

    def between(self, start, end):
        """Requests started in [start, end)."""
        return [r for r in self.records if start <= r[0] < end]

    def overlapping(self, start, end):
        """Requests that were in flight at some moment of [start, end)."""
        return [r for r in self.records if r[0] < end and r[0] + r[3] >= start]


def reader(base, paths, tally, kind, stop):
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        started = time.monotonic()
        status, _ = get(base + path, timeout=20)
        tally.add(kind, status == 200, time.monotonic() - started, status)


COUNTERS = ("count", "unconfirmed")


def officer(base, username, pks, tally, acknowledged, stop, number):
    browser = Browser(base)
    while not stop.is_set():  # a sign-in refused during the restart is retried, as a person would
        started = time.monotonic()
        status = browser.sign_in(username)
        tally.add("officer", status == 302, time.monotonic() - started, status)
        if status == 302:
            break
        time.sleep(0.2)
    n = 0
    while not stop.is_set():
        pk = pks[n % len(pks)]
        n += 1
        phone = f"09{number}{n:07d}"
        started = time.monotonic()
        status, _ = browser.edit_phone(pk, phone)
        ok = status == 302
        tally.add("officer", ok, time.monotonic() - started, status)
        with tally.lock:
            if ok:
                acknowledged[pk] = (phone, time.monotonic())
                acknowledged["count"] = acknowledged.get("count", 0) + 1
            else:
                # Failed answers (a restart, a timeout) may still have committed:
                # such a write is in the audit trail without being acknowledged.
                acknowledged["unconfirmed"] = acknowledged.get("unconfirmed", 0) + 1


def lag_probe(base, codes, acknowledged, samples, stop):
    """Read an acknowledged change back anonymously (from the standby) until it shows."""
    while not stop.is_set():
        time.sleep(0.3)
        latest = [(pk, v) for pk, v in list(acknowledged.items()) if pk not in COUNTERS]
        if not latest:
            continue
        pk, (phone, at) = max(latest, key=lambda item: item[1][1])
        code = codes[pk]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not stop.is_set():
            status, body = get(f"{base}/api/v1/organizations/{code}?date={DATE}", timeout=5)
            if status == 200:
                shown = json.loads(body).get("phone")
                if shown == phone or (acknowledged.get(pk, (None, 0))[1] > at):
                    if shown == phone:
                        samples.append(time.monotonic() - at)
                    break
            time.sleep(0.005)


def run_load(server, seed, scale, tally, acknowledged, seconds, during=None, lag_samples=None):
    """Readers, API readers and officers for ``seconds``; ``during`` runs in the middle (the restart)."""
    codes = {pk: code for code, pk in seed["orgs"].items()}
    code = next(iter(seed["orgs"]))
    portal = ["/", "/tin-tuc/", "/thong-ke/", "/hop-tac-xa/", f"/hop-tac-xa/{code}/", "/van-ban/"]
    api = [f"/api/v1/organizations?date={DATE}&unit=31", f"/api/v1/organizations/{code}?date={DATE}",
           "/api/v1/units/31/children", f"/api/v1/indicators?unit=31&date={DATE}"]
    stop = threading.Event()
    threads = [threading.Thread(target=reader, args=(server.base, portal, tally, "portal", stop))
               for _ in range(scale["readers"])]
    threads += [threading.Thread(target=reader, args=(server.base, api, tally, "api", stop))
                for _ in range(scale["api_readers"])]
    pks = sorted(seed["orgs"].values())
    for i, username in enumerate(seed["officers"]):
        mine = pks[i::len(seed["officers"])]
        threads.append(threading.Thread(target=officer, args=(server.base, username, mine, tally, acknowledged,
                                                              stop, i)))
    if lag_samples is not None:
        threads.append(threading.Thread(target=lag_probe, args=(server.base, codes, acknowledged, lag_samples, stop)))
    for thread in threads:
        thread.start()
    result = None
    try:
        if during is not None:
            time.sleep(seconds / 3)
            result = during()
            time.sleep(seconds / 3)
        else:
            time.sleep(seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    return result


def stored_phones(env):
    out = hoptac(env, "manage", "shell", "-c",
                 "import json; from hoptac.registry.models import Organization; "
                 "from hoptac.audit.models import AuditEntry; "
                 "print('PHONES' + json.dumps({'phones': {o.pk: o.phone for o in Organization.objects.filter("
                 "code__startswith='RL')}, 'audited': AuditEntry.objects.filter(actor__startswith='canbo', "
                 "object_type='registry.organization').count()}))").stdout
    data = json.loads(out.split("PHONES", 1)[1])
    return {int(k): v for k, v in data["phones"].items()}, data["audited"]


def database_rows(env, cluster):
    """Every row of every table (the whole database, to compare before and after a crash)."""
    if cluster is not None:
        tables = [r[0] for r in cluster.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", "hoptac")]
        return {t: sorted(map(repr, cluster.sql(f'SELECT * FROM "{t}"', "hoptac"))) for t in sorted(tables)}
    import sqlite3  # noqa: PLC0415

    db = sqlite3.connect(Path(env["HOPTAC_DATA_DIR"]) / "hoptac.sqlite3")
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in sorted(tables)}
    finally:
        db.close()


# Written by the server on its own while it runs, not by the import: visitor counters, sessions,
# heartbeats, and the API token's "last used" moment (recorded when the import request arrives).
LIVE_TABLES = {"portal_visitorday", "portal_onlinevisitor", "django_session", "ops_heartbeat", "api_apitoken"}


def sqlite_write_locked(env):
    import sqlite3  # noqa: PLC0415

    db = sqlite3.connect(Path(env["HOPTAC_DATA_DIR"]) / "hoptac.sqlite3", timeout=0)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()


def kill_mid_import(env, server_factory, work, seed, cluster):
    """POST a large import, kill -9 the server while it writes: the database is exactly as before."""
    before = database_rows(env, cluster)
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.write(work / "big.csv", "organizations.csv")
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lo.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + payload.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    server = server_factory("kill")
    answer = {}

    def post():
        answer["status"] = get(server.base + "/api/v1/imports", timeout=120, data=body, headers={
            "Authorization": f"Bearer {seed['tokens'][0]}", "Content-Type": f"multipart/form-data; boundary={boundary}"})[0]

    thread = threading.Thread(target=post)
    started = time.monotonic()
    thread.start()
    writing = False
    while time.monotonic() - started < 60 and thread.is_alive():
        if cluster is not None:  # a server process holding an open transaction that has written: mid-import
            rows = cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = 'hoptac' "
                               "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")
            writing = rows[0][0] > 0
        else:  # the import's write transaction holds SQLite's write lock (nothing else writes now)
            writing = sqlite_write_locked(env) and (time.sleep(0.1) or sqlite_write_locked(env))
        if writing:
            time.sleep(0.2)
            break
        time.sleep(0.02)
    in_flight = thread.is_alive()
    server.kill()
    thread.join(timeout=30)
    server.stop()
    after = database_rows(env, cluster)
    changed = sorted(t for t in set(before) | set(after) if t not in LIVE_TABLES and before.get(t) != after.get(t))
    return {"killed_mid_import": bool(writing and in_flight), "seconds_into_import": round(time.monotonic() - started, 2),
            "tables_compared": len(before), "database_unchanged": not changed, "tables_changed": changed,
            "answer_before_kill": answer.get("status")}


def conflicting_saves(server, seed):
    """Two officers open the same organisation and the same report, then both save."""
    first, second = Browser(server.base), Browser(server.base)
    assert first.sign_in(seed["officers"][0]) == 302 and second.sign_in(seed["officers"][1]) == 302
    pk = sorted(seed["orgs"].values())[-1]
    path = f"/admin/registry/organizations/{pk}/edit/"
    shown_first, shown_second = first.form(path), second.form(path)
    saved = first.edit_phone(pk, "0911111111", shown_first)[0]
    status, page = second.edit_phone(pk, "0922222222", shown_second)
    org = {"first_saved": saved == 302, "second_refused_with_message": status == 200 and STALE in page}
    code = next(iter(seed["orgs"]))
    report = f"/admin/collection/reports/{code}/2021/"
    shown_first, shown_second = first.form(report), second.form(report)
    figures = {"members": "120", "workers": "15", "revenue": "8000", "profit": "350", "income": "46",
               "value_added": "900", "action": "save"}
    saved = first.open(report, {**figures, "csrfmiddlewaretoken": shown_first[1], "edit_version": shown_first[2]})[0]
    status, page = second.open(report, {**figures, "members": "999", "csrfmiddlewaretoken": shown_second[1],
                                        "edit_version": shown_second[2]})
    return {"organisation": org,
            "report": {"first_saved": saved == 302, "second_refused_with_message": status == 200 and STALE in page}}


def prepare(args, work):
    """The database (migrated or from the template) and its environment; (env, primary, standby)."""
    primary = standby = None
    data = work / "data"
    settings = {"HOPTAC_TASKS": "inline", "HOPTAC_API_ANON_RATE": 0, "HOPTAC_REPLICA_FRESH_SECONDS": 0,
                "HOPTAC_LOG_LEVEL": "ERROR", "HOPTAC_ACCESS_LOG": 0, "HOPTAC_SIGNIN_MAX_FAILURES": 100}
    if args.database == "postgresql":
        primary = pgcluster.Cluster.create()
        primary.sql("CREATE DATABASE hoptac")
        settings["DATABASE_URL"] = primary.url("hoptac")
        env = environment(data, **settings)
        if args.template:
            from hoptac.ops.backup import pg_environment, pg_tool  # noqa: PLC0415

            import subprocess  # noqa: PLC0415

            subprocess.run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "-d", "hoptac", args.template],
                           env=pg_environment({"NAME": "hoptac", "HOST": "127.0.0.1", "PORT": primary.port,
                                               "USER": "postgres"}), check=True)
        else:
            hoptac(env, "manage", "migrate", "-v0")
    else:
        data.mkdir(parents=True)
        if args.template:
            shutil.copyfile(args.template, data / "hoptac.sqlite3")
        env = environment(data, **settings)
        if not args.template:
            hoptac(env, "manage", "migrate", "-v0")
    return env, primary, standby


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", choices=("postgresql", "sqlite"),
                        default="sqlite" if pgcluster.missing() else "postgresql")
    parser.add_argument("--template", help="a migrated database to start from (SQLite file or pg_dump -Fc archive)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--keep", help="keep the work directory here (logs) instead of a temporary one")
    args = parser.parse_args(argv)
    if args.database == "postgresql" and pgcluster.missing():
        parser.error(pgcluster.missing())
    scale = SCALES[args.scale]
    work = Path(args.keep or tempfile.mkdtemp(prefix="hoptac-reliability-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    figures = {"database": args.database, "scale": args.scale}
    env, primary, standby = prepare(args, work)
    servers = []
    try:
        out = hoptac(env, "manage", "shell", "-c", SEED.format(
            orgs=scale["orgs"], officers=max(2, scale["officers"]), password=PASSWORD,
            import_orgs=scale["import_orgs"], big=str(work / "big.csv"))).stdout
        seed = json.loads(out.split("SEED", 1)[1])
        if primary is not None:
            standby = primary.standby()
            env["DATABASE_REPLICA_URL"] = standby.url("hoptac")

        def server_factory(name):
            made = Server(env, pgcluster.free_port(), work / f"server-{name}.log", workers=2).wait()
            servers.append(made)
            return made

        server = server_factory("load")
        tally, acknowledged, lag = Tally(), {}, []
        t0 = time.monotonic()
        run_load(server, seed, scale, tally, acknowledged, scale["seconds"],
                 lag_samples=lag if standby is not None else None)
        steady = tally.between(t0, time.monotonic())
        figures["load"] = {
            "seconds": scale["seconds"], "clients": scale["readers"] + scale["api_readers"] + scale["officers"],
            "requests": len(steady), "errors": sum(1 for r in steady if not r[2]),
            "by_kind": {k: sum(1 for r in steady if r[1] == k) for k in ("portal", "api", "officer")},
            "p95_ms": round(1000 * sorted(r[3] for r in steady)[int(0.95 * (len(steady) - 1))], 1) if steady else None,
        }
        if lag:
            figures["replica_lag_seen_by_portal_ms"] = {
                "samples": len(lag), "median": round(1000 * statistics.median(lag), 1),
                "max": round(1000 * max(lag), 1)}

        if primary is not None:
            moments = {}

            def restart():
                moments["restart"] = time.monotonic()
                primary.restart(mode="fast")
                moments["ready"] = time.monotonic()

            t1 = time.monotonic()
            run_load(server, seed, scale, tally, acknowledged, max(6, scale["seconds"]), during=restart)
            after = [r for r in tally.between(moments["ready"], time.monotonic()) if r[1] in ("api", "officer")]
            first_ok = next((r[0] for r in after if r[2]), None)
            outage_end = first_ok or time.monotonic()
            window = tally.overlapping(moments["restart"], outage_end)
            outside = [r for r in tally.between(t1, time.monotonic()) if r not in window]
            figures["postgresql_restart"] = {
                "restart_seconds": round(moments["ready"] - moments["restart"], 2),
                "recovered": first_ok is not None,
                "recovery_seconds_after_ready": round(first_ok - moments["ready"], 2) if first_ok else None,
                "recovery_seconds_from_restart": round(first_ok - moments["restart"], 2) if first_ok else None,
                "requests": len(tally.between(t1, time.monotonic())),
                "errors_during_outage": sum(1 for r in window if not r[2]),
                "errors_outside_outage": sum(1 for r in outside if not r[2]),
                # kind, HTTP status (0: no answer) and start after PostgreSQL was ready
                "errors_outside_detail": [(r[1], r[4], round(r[0] - moments["ready"], 2))
                                          for r in outside if not r[2]][:10],
            }

        phones, audited = stored_phones(env)
        lost = [pk for pk, value in acknowledged.items() if pk not in COUNTERS and phones.get(pk) != value[0]]
        confirmed, unconfirmed = acknowledged.get("count", 0), acknowledged.get("unconfirmed", 0)
        figures["writes"] = {"acknowledged": confirmed, "unconfirmed": unconfirmed, "lost": len(lost),
                             "audited": audited,
                             # Every acknowledged write is audited; beyond them, at most
                             # the writes whose answer failed but whose commit went through.
                             "audit_complete": confirmed <= audited <= confirmed + unconfirmed}
        figures["conflicts"] = conflicting_saves(server, seed)
        server.stop()
        figures["kill_9_mid_import"] = kill_mid_import(env, server_factory, work, seed, primary)
    finally:
        for made in servers:
            made.stop()
        if primary is not None:
            primary.destroy()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures["seconds"] = round(time.monotonic() - started, 1)
    failures = check(figures)
    figures["failures"] = failures
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return 1 if failures else 0


def check(figures):
    failures = []
    if figures["load"]["errors"]:
        failures.append(f"{figures['load']['errors']} errors under load")
    if figures["writes"]["lost"]:
        failures.append(f"{figures['writes']['lost']} acknowledged writes lost")
    if not figures["writes"]["audit_complete"]:
        failures.append("acknowledged writes missing from the audit trail")
    restart = figures.get("postgresql_restart")
    if restart and not restart["recovered"]:
        failures.append("the application did not recover after the PostgreSQL restart")
    if restart and restart["errors_outside_outage"]:
        failures.append(f"{restart['errors_outside_outage']} errors outside the restart window")
    kill = figures["kill_9_mid_import"]
    if not kill["killed_mid_import"]:
        failures.append("the import finished before the kill (use a larger --scale)")
    if not kill["database_unchanged"]:
        failures.append("the database changed after kill -9 mid-import")
    for what, result in figures["conflicts"].items():
        if not (result["first_saved"] and result["second_refused_with_message"]):
            failures.append(f"concurrent saves of the {what} were not handled")
    return failures


if __name__ == "__main__":
    sys.exit(main())
