"""Throw-away PostgreSQL servers on loopback for the reliability suite and the replica test.

    primary = Cluster.create(port)             # initdb + start, trust authentication on 127.0.0.1
    standby = primary.standby(port2)           # pg_basebackup -R: a streaming standby, started
    primary.url("hoptac")                      # postgresql://postgres@127.0.0.1:PORT/hoptac
    standby.stop(); primary.restart(); primary.destroy()

Run as root, the servers run as the ``postgres`` user (initdb refuses root), in a
directory of their own under the system's temporary directory. Tuned for tests:
no fsync, small buffers.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{root}'
fsync = off
full_page_writes = off

shared_buffers = 32MB
max_connections = 60
wal_level = replica
max_wal_senders = 4
hot_standby = on
log_min_messages = warning
"""


def bin_dir():
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_basebackup").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def missing():
    """Why throw-away servers cannot be started here, or None."""
    if bin_dir() is None:
        return "PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root needs runuser to start PostgreSQL as the postgres user"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


class Cluster:
    def __init__(self, root, data, port):
        self.root, self.data, self.port = Path(root), Path(data), port
        self.bin = bin_dir()

    @classmethod
    def create(cls, port=None):
        root = Path(tempfile.mkdtemp(prefix="hoptac-pg-"))
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        cluster = cls(root, root / "primary", port or free_port())
        cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust", "-N", "-E", "UTF8",
                     "--locale=C.UTF-8")
        cluster._configure()
        cluster.start()
        return cluster

    def _configure(self):
        conf = self.data / "postgresql.conf"
        text = conf.read_text() + SETTINGS.format(port=self.port, root=self.root)
        self._write_as_server(conf, text)

    def _write_as_server(self, path, text):
        path.write_text(text)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def _run(self, program, *args, check=True):
        return subprocess.run(_as_server_user([str(self.bin / program), *args]), capture_output=True, text=True,
                              check=check, cwd=self.root)

    def start(self):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data.with_suffix(".log")), "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-l", str(self.data.with_suffix(".log")), "-w",
                  "-t", "60", "restart")

    def standby(self, port=None):
        """A streaming standby of this server (``pg_basebackup -R``), started."""
        other = Cluster(self.root, self.root / f"standby-{port or 0}", port or free_port())
        other.data = self.root / f"standby-{other.port}"
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-D", str(other.data),
                  "-R", "-X", "stream", "-c", "fast")
        other._configure()
        other.start()
        return other

    def url(self, database):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement, database="postgres"):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                             autocommit=True, connect_timeout=5) as db:
            cursor = db.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise TimeoutError(f"PostgreSQL on port {self.port} is not ready after {seconds} s")

    def destroy(self):
        """Stop every server started in this directory and remove it."""
        for data in self.root.iterdir() if self.root.exists() else ():
            if (data / "PG_VERSION").exists():
                self._run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
