"""scripts/bench_spike.py, run as a process at a small scale: the release, gunicorn, nginx and Redis set up, a short
step through nginx and straight at gunicorn, everything printed and everything stopped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support import ROOT
from tests.support.extracts import SMALL_PARTICIPANTS


@pytest.mark.slow  # builds a release and draws its pictures: about a minute
def test_the_spike_benchmark_runs_and_prints_every_figure(tmp_path):
    small = ["--participants", str(SMALL_PARTICIPANTS), "--views", "2", "--step", "2", "--processes", "1"]
    rates = ["--rates", "20", "--direct-rates", "5"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_spike.py"), *small, *rates, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = run.stdout
    for line in (
        "through nginx, 20 requests/s for 2 s: 40 requests",
        "straight at gunicorn, 5 requests/s for 2 s: 10 requests",
        "latency ms, share preview",
        "gunicorn answered",
        "target at most 1 (one per address per max-age of 300 s)",
        "targets",
    ):
        assert line in out, out
    assert "errors: none" in out, out
    # Nothing is left running: no server of this run holds its port or files.
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True, check=False)
    assert leftover.stdout.strip() == "", leftover.stdout
