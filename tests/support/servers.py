"""Real servers and processes the integration and browser tests start: gunicorn serving the dashboard, a throwaway
Redis, the `vru-dashboard` command; and plain HTTP to a server, as a client on another machine would send it."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis

from tests.support import ROOT

SERVER_START_TIMEOUT = 60
# The Procfile's worker model: gthread workers of this many threads, keeping idle connections this long (longer
# than the proxy in front: deploy/nginx/).
GUNICORN_THREADS = 8
GUNICORN_KEEP_ALIVE_SECONDS = 75
# What a server started for a test must not inherit from the environment the tests run in.
DASHBOARD_VARIABLES = (
    "VRU_PUBLIC_DATABASE_URL",
    "VRU_INTERNAL_DATABASE_URL",
    "VRU_PSEUDONYM_KEY",
    "VRU_MODE",
    "VRU_SECRET_KEY",
    "VRU_AUTH_DATABASE_URL",
)


def free_port() -> int:
    """A loopback port nothing listens on (for a server about to start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(**extra: str) -> dict:
    """This process's environment without the dashboard's settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in DASHBOARD_VARIABLES}
    # No background image drawing in the shared servers (tests/integration/dashboard/exports/test_images.py tests it).
    env.setdefault("VRU_IMAGE_WARMUP", "0")
    env.update(extra)
    return env


def gunicorn_command(
    port: int,
    *,
    workers: int,
    threads: int = GUNICORN_THREADS,
    options: tuple[str, ...] = (),
    app: str = "dashboard.app:server",
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--keep-alive",
        str(GUNICORN_KEEP_ALIVE_SECONDS),
        "--no-control-socket",
        *options,
        app,
    ]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def gunicorn_server(
    env: dict,
    log_path: Path,
    *,
    workers: int = 1,
    wait_for_healthy: bool = True,
    wait_for_port_only: bool = False,
    options: tuple[str, ...] = (),
    app: str = "dashboard.app:server",
) -> Iterator[str]:
    """gunicorn serving `app` (dashboard.app:server) on a free loopback port, with the Procfile's worker model (and
    gunicorn's `options`, e.g. an access log) and VRU_PUBLIC_BASE_URL its own address (unless `env` sets it); yields
    its base URL once /healthz answers 200 (with wait_for_healthy=False, once it answers at all: the database
    may be down; with wait_for_port_only, once it accepts connections, before any request has reached it)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # As deployed: absolute links (embed snippets) from the configured address, here its own.
    env = {"VRU_PUBLIC_BASE_URL": base, **env}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            gunicorn_command(port, workers=workers, options=options, app=app),
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while wait_for_port_only and not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not listen on {port}:\n{log_path.read_text()[-4000:]}", pytrace=False)
            time.sleep(0.05)
        while not wait_for_port_only:
            if proc.poll() is not None:
                pytest.fail(
                    f"gunicorn exited with {proc.returncode} before serving:\n{log_path.read_text()[-4000:]}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except urllib.error.HTTPError as err:  # 503: serving, without its database
                err.close()
                if not wait_for_healthy:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the dashboard did not answer /healthz within {SERVER_START_TIMEOUT} "
                    f"s:\n{log_path.read_text()[-4000:]}",
                    pytrace=False,
                )
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def http_request(
    base: str, method: str, path: str, *, cookie: str | None = None, body: dict | None = None, accept: str = "text/html"
) -> http.client.HTTPResponse:
    """One request to the server at `base`, with the session cookie given (if any) and `body` as a form; the
    response's text is in .text."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    headers = {"Accept": accept}
    if cookie:
        headers["Cookie"] = f"vru_session={cookie}"
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    response.text = response.read().decode()
    conn.close()
    return response


def session_cookie(response) -> str:
    """The session cookie a response of http_request sets."""
    return re.search(r"vru_session=([^;]+)", response.getheader("Set-Cookie")).group(1)


def dashboard_command(*args: str, auth_url: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`vru-dashboard ARGS` in a process of its own, on the users' database at `auth_url`, with `stdin` typed in."""
    env = {"VRU_AUTH_DATABASE_URL": auth_url, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


class RedisServer:
    """A throwaway redis-server on a free loopback port, its files in `workdir`; nothing saved to disk."""

    def __init__(self, workdir):
        self.workdir, self.port, self.process = workdir, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail(
                "redis-server not found: run `make test` (scripts/test-system-deps.sh installs Debian's redis-server)",
                pytrace=False,
            )
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def stats(self) -> dict:
        return self.client().info("stats")
