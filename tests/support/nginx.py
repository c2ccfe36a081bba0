"""Debian's nginx on a free loopback port, in front of a gunicorn, with the project's own proxy configuration
(deploy/nginx/vru-cache-keys.conf and vru-proxy.conf, included as they are shipped): the few lines a deployment
sets itself (the cache's folder, the upstream, the listening address) are written here in their place. Used by
tests/integration/deploy/test_nginx.py and scripts/bench_spike.py. Every file it writes, its cache included, is in
the folder given; `stop()` ends the server. No pytest here: the scripts use it too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = "/usr/sbin/nginx"
START_TIMEOUT_SECONDS = 15
# Upstream keep-alive: as deploy/nginx/vru-dashboard.conf, shorter than gunicorn's --keep-alive (the Procfile).
UPSTREAM_KEEPALIVE_SECONDS = 60
ACCESS_LOG = "access.log"


class NginxMissing(RuntimeError):
    """Debian's nginx is not installed (scripts/test-system-deps.sh installs it)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(*, folder: Path, port: int, upstream: str, workers: int = 1, connections: int = 4096) -> str:
    """An nginx.conf for `folder`: listening on 127.0.0.1:`port`, passing to `upstream` ("127.0.0.1:8050")."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, nginx's workers would otherwise become nobody
    return f"""{user}worker_processes {workers};
worker_rlimit_nofile {2 * connections + 64};
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections {connections}; }}
http {{
    access_log {folder / ACCESS_LOG} combined;
    client_body_temp_path {folder / "client_body"};
    proxy_temp_path {folder / "proxy_temp"};
    fastcgi_temp_path {folder / "fastcgi_temp"};
    uwsgi_temp_path {folder / "uwsgi_temp"};
    scgi_temp_path {folder / "scgi_temp"};
    proxy_cache_path {folder / "cache"} levels=1:2 keys_zone=vru:16m max_size=256m inactive=1d use_temp_path=off;
    upstream vru_dashboard {{
        server {upstream};
        keepalive 32;
        keepalive_timeout {UPSTREAM_KEEPALIVE_SECONDS}s;
    }}
    include {DEPLOY / "vru-cache-keys.conf"};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {DEPLOY / "vru-proxy.conf"};
    }}
}}
"""


class Nginx:
    """nginx serving on 127.0.0.1, proxying to gunicorn at `upstream`; its logs, pid and cache in `folder`."""

    def __init__(self, *, folder: Path, upstream: str, workers: int = 1):
        if not os.access(NGINX, os.X_OK):
            raise NginxMissing(f"{NGINX} not found: run scripts/test-system-deps.sh (it installs Debian's nginx)")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.conf = folder / "nginx.conf"
        self.conf.write_text(config(folder=folder, port=self.port, upstream=upstream, workers=workers))
        self.proc: subprocess.Popen | None = None

    def check(self) -> None:
        """`nginx -t` on the configuration: raises with nginx's message when it is wrong."""
        run = subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{run.stderr}")

    def _command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", str(self.folder), "-c", str(self.conf), "-e", str(self.folder / "error.log"), *extra]

    def start(self) -> None:
        self.check()
        # Its own process group, so that stop() reaches the master and its workers and nothing else.
        self.proc = subprocess.Popen(
            self._command(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}:\n{self.error_log()}")
            with socket.socket() as s:
                s.settimeout(1)
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen within {START_TIMEOUT_SECONDS} s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGQUIT)  # graceful: finish the requests under way
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
