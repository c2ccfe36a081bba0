"""Real servers and processes the integration tests start: gunicorn, Redis, the `vru-dashboard` command."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


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
