"""Reads of the public from a real streaming standby; writes on the primary; the portal
keeps answering when the standby stops. Two PostgreSQL servers started here on loopback."""

import json
import time
import uuid

import pytest
from django.db import connection

from benchmarks import pgcluster
from benchmarks.hoptac_server import Server, environment, get, hoptac

pytestmark = pytest.mark.django_db


def log_lines(path):
    lines = []
    for raw in path.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            entry = json.loads(raw)
            if entry.get("logger") == "hoptac.request":
                lines.append(entry)
    return lines


def read(server, path):
    """(status, where the server read from) for a GET of ``path``, found in its request log by request id."""
    rid = uuid.uuid4().hex
    status, _ = get(server.base + path, headers={"X-Request-ID": rid})
    for _ in range(100):
        found = [e.get("db") for e in log_lines(server.log_path) if e.get("request_id") == rid]
        if found:
            return status, found[0]
        time.sleep(0.05)
    return status, None


def read_from(server, path):
    """Where the server read from for its last answer to ``path``."""
    for _ in range(50):
        found = [e["db"] for e in log_lines(server.log_path) if e.get("path") == path]
        if found:
            return found[-1]
        time.sleep(0.05)
    return None


@pytest.fixture(scope="module")
def servers(template, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("the read-replica test runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…): "
                    "it copies that pass's migrated database into its own two servers")
    reason = pgcluster.missing()
    if reason:
        pytest.skip(reason)
    primary = pgcluster.Cluster.create()
    try:
        primary.sql("CREATE DATABASE hoptac")
        from hoptac.ops.backup import pg_environment, pg_tool
        import subprocess

        subprocess.run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "-d", "hoptac", str(template.path)],
                       env=pg_environment({"NAME": "hoptac", "HOST": "127.0.0.1", "PORT": primary.port,
                                           "USER": "postgres"}), check=True)
        standby = primary.standby()
        data = tmp_path_factory.mktemp("replica")
        env = environment(data / "data", DATABASE_URL=primary.url("hoptac"), DATABASE_REPLICA_URL=standby.url("hoptac"),
                          HOPTAC_LOG_FORMAT="json", HOPTAC_REPLICA_FRESH_SECONDS=0, HOPTAC_TASKS="inline",
                          HOPTAC_API_ANON_RATE=0)
        hoptac(env, "manage", "shell", "-c",
               "from tests.accounts.factories import make_user; make_user('canbo', role='province_officer', "
               "password='Can-bo-tinh-2026')")
        server = Server(env, pgcluster.free_port(), data / "server.log", workers=1).wait()
        yield primary, standby, server, env
        server.stop()
    finally:
        primary.destroy()


def test_the_public_reads_from_the_standby_and_writes_go_to_the_primary(servers):
    primary, standby, server, env = servers
    assert standby.sql("SELECT pg_is_in_recovery()") == [(True,)]
    for path in ("/", "/hop-tac-xa/", "/api/v1/units/31/children"):
        assert read(server, path) == (200, "replica"), path

    # A sign-in writes a session and an audit entry: the standby would refuse both.
    status = sign_in(server, "canbo", "Can-bo-tinh-2026")
    assert status == 200
    assert read_from(server, "/admin/login/") == "primary"
    signed_in = primary.sql("SELECT count(*) FROM accounts_auditentry WHERE action = 'auth.signed_in'", "hoptac")
    assert signed_in == [(1,)]


def sign_in(server, username, password):
    """Sign in to the back office like a browser (cookies, CSRF token); the status of the page reached."""
    import http.cookiejar
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server.base + "/admin/login/", timeout=10).read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(server.base + "/admin/login/", data=form.encode(),
                                     headers={"Referer": server.base + "/admin/login/"})
    with opener.open(request, timeout=10) as response:
        return response.status


def test_a_change_shows_once_the_standby_has_replayed_it(servers):
    primary, standby, server, env = servers
    standby.sql("SELECT pg_wal_replay_pause()")
    hoptac(env, "manage", "shell", "-c",
           "from tests.accounts.factories import make_org, unit; "
           "make_org('RPL-0001', unit('311').children.order_by('code').first(), 'HTX Bản sao')")
    assert get(server.base + "/hop-tac-xa/RPL-0001/")[0] == 404  # the paused standby has not seen it
    standby.sql("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 10
    while get(server.base + "/hop-tac-xa/RPL-0001/")[0] != 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_the_portal_keeps_answering_when_the_standby_stops(servers):
    primary, standby, server, env = servers
    standby.stop(mode="immediate")
    assert read(server, "/api/v1/units/31/children") == (200, "primary")  # the API caches nothing
    for path in ("/", "/hop-tac-xa/", "/hop-tac-xa/RPL-0001/"):
        status, where = read(server, path)
        assert status == 200, path
        assert where in ("primary", None), path  # None: a cached page, answered without reading
