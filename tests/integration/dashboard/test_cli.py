"""`vru-dashboard` (dashboard/cli.py) as a real process: the user commands, the audit trail as CSV, and a bad
setting named before anything is created."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from dashboard.access import audit_trail, users
from dashboard.settings import DEFAULT_AUDIT_RETENTION_DAYS
from tests.support.servers import dashboard_command
from tests.support.signin import PASSWORD


@pytest.mark.integration
def test_user_commands(tmp_path, monkeypatch):
    """Given the CLI, when a user is added from standard input, listed and removed, then each step says so."""
    env = {"VRU_AUTH_DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}", "PATH": "/usr/bin:/bin"}

    def run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *args], input=stdin, capture_output=True, text=True, env=env
        )

    assert run("add-user", "analyst", stdin=PASSWORD + "\n").returncode == 0
    short = run("add-user", "other", stdin="short\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    assert "analyst" in run("list-users").stdout
    assert run("remove-user", "analyst").returncode == 0
    assert "analyst" not in run("list-users").stdout


@pytest.mark.integration
def test_users_have_a_role_that_set_role_changes(tmp_path):
    """Given the CLI, when a user is added as an approver and another with no role, then they are an approver and an
    analyst; set-role changes a role; an unknown role or user is refused (exit 2)."""
    env = {"VRU_AUTH_DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}", "PATH": "/usr/bin:/bin"}

    def run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *args], input=stdin, capture_output=True, text=True, env=env
        )

    assert run("add-user", "achen", "--role", "approver", stdin=PASSWORD + "\n").returncode == 0
    assert run("add-user", "jsmith", stdin=PASSWORD + "\n").returncode == 0
    listed = run("list-users").stdout
    assert "achen\tapprover" in listed and "jsmith\tanalyst" in listed
    assert run("set-role", "jsmith", "approver").returncode == 0
    assert "jsmith\tapprover" in run("list-users").stdout
    assert run("set-role", "nobody", "approver").returncode == 2
    assert run("add-user", "boss", "--role", "boss", stdin=PASSWORD + "\n").returncode == 2


@pytest.mark.integration  # starts the real `vru-dashboard audit` command in a process
def test_audit_command_prints_csv_since_a_date(tmp_path):
    """Given events on two days, when `vru-dashboard audit --since` runs, then the CSV has the later ones, newest first,
    and a
    formula-looking username cannot run in a spreadsheet."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    eng = users.engine(url)
    audit_trail.write(
        eng,
        event="download",
        username="early",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/download/x.csv",
        now=1_780_000_000,
    )  # 2026-05-28
    audit_trail.write(
        eng,
        event="sign_in_failed",
        username="=HYPERLINK(1)",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        now=1_790_000_000,
    )  # 2026-09-21
    audit_trail.write(
        eng,
        event="api_call",
        username="late",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/internal/api/v1/x",
        filters={"a": "1"},
        now=1_790_000_100,
    )
    env = {"VRU_AUTH_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "audit", "--since", "2026-09-01"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["username"] for r in rows] == ["late", "'=HYPERLINK(1)"]
    assert rows[0]["when"] == "2026-09-21T14:15:00+00:00" and rows[0]["filters"] == '{"a": "1"}'
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "audit", "--since", "last tuesday"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


@pytest.mark.integration  # starts the real `vru-dashboard` command in a process
def test_set_password_refuses_a_short_password_or_an_unknown_user(auth_url):
    short = dashboard_command("set-password", "director", auth_url=auth_url, stdin="short\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    unknown = dashboard_command("set-password", "nobody", auth_url=auth_url, stdin=PASSWORD + "\n")
    assert unknown.returncode == 2 and "no user 'nobody'" in unknown.stderr


def test_the_command_line_says_which_setting_is_wrong(tmp_path):
    """Given a bad setting, when a user command runs, then it stops (exit 3) naming the variable, and creates
    nothing."""
    env = {
        "VRU_AUTH_DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}",
        "VRU_AUDIT_RETENTION_DAYS": "forever",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-m", "dashboard.cli", "list-users"], capture_output=True, text=True, env=env)
    assert out.returncode == 3 and "VRU_AUDIT_RETENTION_DAYS must be a whole number of days" in out.stderr
    assert not (tmp_path / "auth.db").exists()
