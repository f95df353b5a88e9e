"""`hoptac serve` runs the production server on a fresh data directory."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_on_a_fresh_data_dir_answers_health_home_admin_and_static(tmp_path):
    port = free_port()
    env = dict(os.environ, HOPTAC_DATA_DIR=str(tmp_path), HOPTAC_ENV="development")
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HOPTAC_TEST_KEEP_DATA_DIR"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "hoptac.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, body = get(base + "/healthz")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.5)
        assert get(base + "/healthz")[0] == 200
        status, body = get(base + "/")
        assert status == 200
        assert 'lang="vi"' in body
        assert get(base + "/admin/login/")[0] == 200
        assert get(base + "/static/hoptac/site.css")[0] == 200
        assert (tmp_path / "hoptac.sqlite3").exists()
    finally:
        server.terminate()
        # Drain its output while it stops: an unread pipe that fills up would hold the server.
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
            raise



def test_serve_refuses_a_port_already_in_use(db, capsys):
    """Another server holds the port (with SO_REUSEPORT, as granian does): one line, exit 1, no sharing."""
    from hoptac.cli import main

    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert main(["serve", "--port", str(port), "--workers", "2"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"hoptac: port {port} on 127.0.0.1 is already in use (another hoptac serve?); stop it or choose another --port"]
