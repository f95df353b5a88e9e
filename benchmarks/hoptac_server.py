"""Start `hoptac serve` (or any hoptac command) in a child process for the suites, and stop it."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

ENV_DROPPED = ("DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE", "HOPTAC_TEST_KEEP_DATA_DIR",
               "HOPTAC_DATA_DIR", "PROMETHEUS_MULTIPROC_DIR")


def environment(data_dir, **settings):
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env.update(HOPTAC_DATA_DIR=str(data_dir), HOPTAC_ENV="development", PYTHONWARNINGS="ignore")
    env.update({k: str(v) for k, v in settings.items() if v is not None})
    return env


def hoptac(env, *args, check=True, timeout=600):
    result = subprocess.run([sys.executable, "-m", "hoptac.cli", *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"hoptac {' '.join(args)} exited {result.returncode}: {result.stderr[-1500:]}")
    return result


def get(url, timeout=10, headers=None, data=None):
    """(status, body) of a request; (0, reason) when nothing answered."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
        return 0, str(exc).encode()


class Server:
    """`hoptac serve` on 127.0.0.1:port; its standard error goes to ``log``."""

    def __init__(self, env, port, log, workers=2, threads=4):
        self.port, self.log_path = port, log
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hoptac.cli", "serve", "--port", str(port), "--workers", str(workers),
             "--threads", str(threads)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hoptac serve exited {self.process.returncode}; see {self.log_path}")
            if get(self.base + "/healthz", timeout=2)[0] == 200:
                return self
            time.sleep(0.3)
        raise TimeoutError(f"hoptac serve did not answer within {seconds} s; see {self.log_path}")

    def kill(self, sig=signal.SIGKILL):
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.kill(signal.SIGTERM)
        self.log.close()
