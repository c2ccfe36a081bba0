"""Faults on the production database (issue 7, item 4), for real: a PostgreSQL server
stopped under the public dashboard, and ETL runs on PostgreSQL that meet another host's
run or are killed while loading.

No mocks: the session's PostgreSQL server (tests/postgres.py) is stopped and started;
the dashboard runs under gunicorn with 2 workers, as in the Procfile, and is asked over
HTTP; the ETL runs as `python -m etl.cli run`. Release 1 is built by the ETL once per
module (test_faults.py's `pg_release1`) and each test works on copies of it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.ui import errors
from etl import load
from etl.errors import ReleaseInProgress
from tests.integration.etl import test_load as test_faults
from tests.integration.etl.test_load import (
    PostgresBackend,
    assert_only_release_1,
    cli_run,
    kill_mid_load,
    releases,
    rows_by_release,
)
from tests.support.browser import _clean_env, _gunicorn, describe_violations, open_page, run_axe

pytestmark = pytest.mark.postgres
pg_release1 = test_faults.pg_release1  # the fixture: release 1 built by the ETL, once for this module

WORKERS = 2  # as the Procfile's default
PAGES = ("/", "/reach", "/kpis")
# A database that is down must be answered fast (dashboard/data/db.py: connect timeout 3 s), not
# after a worker timeout; generous for a loaded 2-core machine.
FAST_SECONDS = 5


# ---------------------------------------------------------------------------- HTTP
class Answer:
    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def ask(base: str, path: str, *, data: dict | None = None) -> Answer:
    """GET (or POST `data` as JSON) over HTTP; any status is an answer."""
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(
        base + path, data=body, headers={"Content-Type": "application/json"} if body else {}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return Answer(resp.status, resp.headers, resp.read(), time.monotonic() - started)
    except urllib.error.HTTPError as err:
        return Answer(err.code, err.headers, err.read(), time.monotonic() - started)


def ask_all(base: str, paths: list[str]) -> list[Answer]:
    """Several requests at once, so that both workers answer some."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(paths)) as pool:
        return list(pool.map(lambda p: ask(base, p), paths))


def reach_callback(base: str) -> dict:
    """The request the browser sends when the reach page's programme filter changes to DIVERT,
    built from /_dash-dependencies (which reads no database)."""
    deps = json.loads(ask(base, "/_dash-dependencies").body)
    dep = next(d for d in deps if any(f"{i['id']}.{i['property']}" == "reach-programme.value" for i in d["inputs"]))
    values = {"reach-area": "all", "reach-programme": "divert", "reach-period": "2023-24", "reach-borough": "all"}
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values[i["id"]]} for i in dep["inputs"]],
        "changedPropIds": ["reach-programme.value"],
        "state": [
            {"id": s["id"], "property": s["property"], "value": values.get(s["id"], "")} for s in dep.get("state", [])
        ],
    }


DOWNLOAD = "/download/reach/reach-gender.csv?programme=divert&period=2023-24"


@contextlib.contextmanager
def dashboard(database_url: str, log_path: Path) -> Iterator[str]:
    """The public dashboard on `database_url` under gunicorn (2 workers); its base URL once it
    answers /healthz at all (200 or 503: the database may be down)."""
    env = _clean_env(VRU_MODE="public", VRU_PUBLIC_DATABASE_URL=database_url, VRU_DATA_DIR=str(log_path.parent))
    with _gunicorn(env, log_path, workers=WORKERS, wait_for_healthy=False) as base:
        yield base
    assert "Traceback" not in log_path.read_text(), log_path.read_text()[-4000:]


# ---------------------------------------------------------------------------- what a client sees
def assert_unavailable_page(answer: Answer) -> None:
    """The clear page: 503, Retry-After, in words, accessible, and no error detail."""
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert answer.headers["Content-Type"].startswith("text/html")
    assert '<html lang="en-GB">' in answer.text and "<title>Figures unavailable" in answer.text
    assert '<main id="main"' in answer.text and f"<h1>{errors.TITLE}</h1>" in answer.text
    assert "try again in a few minutes" in answer.text
    for leak in ("Traceback", "psycopg", "OperationalError", "127.0.0.1", "Connection refused"):
        assert leak not in answer.text
    assert answer.seconds < FAST_SECONDS


def assert_unavailable_message(answer: Answer) -> None:
    """Dash callbacks, downloads and /healthz: 503, Retry-After, one short line."""
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "unavailable" in answer.text and len(answer.text) < 200
    for leak in ("Traceback", "psycopg", "OperationalError", "127.0.0.1"):
        assert leak not in answer.text
    assert answer.seconds < FAST_SECONDS


def assert_everything_unavailable(base: str, callback: dict) -> None:
    for answer in ask_all(base, [*PAGES, *PAGES]):
        assert_unavailable_page(answer)
    assert_unavailable_message(ask(base, "/_dash-update-component", data=callback))
    assert_unavailable_message(ask(base, DOWNLOAD))
    health = ask(base, "/healthz")
    assert_unavailable_message(health)
    assert json.loads(health.body) == {"status": "unavailable", "error": "the database cannot be reached"}


def assert_everything_served(base: str, callback: dict) -> None:
    """Every page, twice at once (both workers), a callback, a download and /healthz: 200."""
    for answer in ask_all(base, [*PAGES, *PAGES]):
        assert answer.status == 200, answer.text[:500]
    answer = ask(base, "/_dash-update-component", data=callback)
    assert answer.status == 200 and "DIVERT" in answer.text, answer.text[:500]
    assert ask(base, DOWNLOAD).status == 200
    assert json.loads(ask(base, "/healthz").body)["status"] == "ok"


def assert_page_accessible_in_chromium(browser, axe_script, url: str) -> None:
    """The unavailable page in a real browser: its heading drawn, no script error, no axe-core WCAG violation."""
    context, page, log = open_page(browser)
    try:
        response = page.goto(url)
        assert response.status == 503
        assert page.locator("h1").inner_text() == errors.TITLE
        violations = run_axe(page, axe_script)
        assert not violations, describe_violations(violations)
        assert not log.page_errors
    finally:
        context.close()


def app_sessions(pg_server, dbname: str) -> int:
    with pg_server.connect() as admin:
        return admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (dbname,)).fetchone()[0]


def pool_in_every_worker(pg_server, base: str, dbname: str, timeout: float = 30) -> None:
    """Until each worker holds a pooled connection (one session per worker: sync workers
    serve one request at a time), by asking pages several at a time."""
    deadline = time.monotonic() + timeout
    while app_sessions(pg_server, dbname) < WORKERS:
        assert time.monotonic() < deadline, "the two workers never both connected"
        assert all(a.status == 200 for a in ask_all(base, list(PAGES) * 2))


# ---------------------------------------------------------------------------- dashboard
@pytest.fixture
def public_db(pg_server, pg_release1) -> Iterator[str]:
    """A copy of release 1's public database; its name."""
    name = pg_server.create_database("vru_dash", template=pg_release1[1])
    try:
        yield name
    finally:
        if not pg_server.running():
            pg_server.start()
        pg_server.drop_database(name)


def test_database_down_when_the_app_starts_then_back(pg_server, public_db, tmp_path, browser, axe_script):
    """Given PostgreSQL is stopped
    When the public dashboard starts under gunicorn and is asked for pages, a Dash callback, a download and /healthz
    Then it starts; every page is the clear "figures unavailable" page and the rest a short message, all 503 with
    Retry-After and fast (the page passes axe-core's WCAG checks in Chromium); and once PostgreSQL is started again the
    very next requests are all served, without
    restarting gunicorn."""
    with pg_server.stopped(), dashboard(pg_server.url(public_db), tmp_path / "gunicorn.log") as base:
        callback = reach_callback(base)
        assert_everything_unavailable(base, callback)
        assert_page_accessible_in_chromium(browser, axe_script, base + "/reach?programme=divert")

        pg_server.start()
        first = ask(base, "/reach")
        assert first.status == 200, first.text[:500]
        assert_everything_served(base, callback)
        print(f"\ndown at start: first request after PostgreSQL was back answered 200 in {first.seconds:.3f} s")


def test_database_stopped_while_serving_then_back(pg_server, public_db, tmp_path):
    """Given the dashboard has served pages and each worker holds a pooled connection
    When PostgreSQL stops (a fast shutdown ends those sessions), and later starts again
    Then while it is down every request gets the clear 503 page or message, and once it is back the
    very next requests are all served; and after a crash-restart between two requests (every pooled
    connection dead) the next requests are served too: no request fails on a stale connection."""
    with dashboard(pg_server.url(public_db), tmp_path / "gunicorn.log") as base:
        callback = reach_callback(base)
        pool_in_every_worker(pg_server, base, public_db)
        assert_everything_served(base, callback)

        with pg_server.stopped():
            stopped = time.monotonic()
            first = ask(base, "/reach")
            assert_unavailable_page(first)
            assert_everything_unavailable(base, callback)
            pg_server.start()
            outage = time.monotonic() - stopped
            again = ask(base, "/reach")
            assert again.status == 200, again.text[:500]
            assert_everything_served(base, callback)

        pool_in_every_worker(pg_server, base, public_db)
        pg_server.restart("immediate")  # like a crash: no request sees the server go
        after_crash = ask_all(base, list(PAGES) * 2)
        assert [a.status for a in after_crash] == [200] * len(after_crash), [a.text[:300] for a in after_crash]
        assert_everything_served(base, callback)
        print(
            f"\nstopped while serving: first 503 in {first.seconds:.3f} s; after {outage:.2f} s down, the first "
            "request "
            f"answered 200 in {again.seconds:.3f} s; after a crash-restart, "
            f"slowest next request {max(a.seconds for a in after_crash):.3f} s"
        )


# ---------------------------------------------------------------------------- ETL on several hosts
@pytest.fixture
def pg_backend(pg_server, pg_release1, data_dir) -> Iterator[PostgresBackend]:
    """Release 1 in a fresh copy of the PostgreSQL pair; the CLI's environment points at it."""
    backend = PostgresBackend(data_dir, pg_server, pg_release1)
    try:
        yield backend
    finally:
        backend.close()


def advisory_lock_holders(admin) -> list[tuple[str, int]]:
    """(database, pid) of every session holding the ETL's advisory lock (`admin`: a psycopg connection)."""
    high, low = divmod(load.ADVISORY_LOCK_KEY, 2**32)
    return admin.execute(
        "SELECT d.datname, l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 1",
        (high, low),
    ).fetchall()


@pytest.mark.parametrize("which", ["internal", "public"])
def test_a_run_while_another_host_holds_the_lock_exits_5(pg_server, pg_backend, release_extracts, which):
    """Given release 1 is live, and a run on another host holds the ETL's advisory lock in the `which`
    PostgreSQL database (its own session; this machine's lock file is free)
    When `vru-etl run` starts here
    Then it exits 5 saying another run is in progress and who holds the lock, and both databases
    still hold release 1 alone, live and unchanged."""
    before = {url: rows_by_release(url) for url in (pg_backend.internal_url, pg_backend.public_url)}
    dbname = pg_backend.names[0] if which == "internal" else pg_backend.names[1]
    with pg_server.connect(dbname) as other_host:
        other_host.execute("SET application_name = 'vru-etl on etl-host-2, pid 4242'")
        assert other_host.execute("SELECT pg_try_advisory_lock(%s)", (load.ADVISORY_LOCK_KEY,)).fetchone() == (True,)
        done = subprocess.run(
            cli_run(release_extracts), env=pg_backend.env(), capture_output=True, text=True, timeout=120, check=False
        )
    assert done.returncode == 5, done.stdout + done.stderr
    assert "another ETL run is in progress (vru-etl on etl-host-2, pid 4242 from 127.0.0.1, " in done.stderr
    assert f"holding the release lock in the {which} database" in done.stderr
    assert "wait for it to finish, then run again" in done.stderr and "Traceback" not in done.stderr
    for url in (pg_backend.internal_url, pg_backend.public_url):
        assert_only_release_1(url)
        assert rows_by_release(url) == before[url]


def test_one_database_for_both_takes_one_lock_that_refuses_another_host(pg_urls, tmp_path):
    """Given the production layout: the internal and public URLs reach one database (two schemas)
    When a run holds the release lock, and a run on another host (its own lock file) asks for it
    Then the first run holds it (its two URLs do not refuse each other), the second is refused
    naming the first, and once the first has finished the lock can be taken again."""
    url = pg_urls[0]
    both = {
        "internal": url + "?options=-csearch_path%3Dvru_internal",
        "public": url + "?options=-csearch_path%3Dvru_public",
    }
    refused = r"in progress \(vru-etl on .+ holding the release lock in the internal and public database"
    with (
        load.release_lock(tmp_path / "host-1.lock", databases=both),
        pytest.raises(ReleaseInProgress, match=refused),
        load.release_lock(tmp_path / "host-2.lock", databases=both),
    ):
        pass
    with load.release_lock(tmp_path / "host-2.lock", databases=both):
        pass


class LockedPostgresBackend(PostgresBackend):
    """Sees the run's load only while the run also holds the ETL's advisory lock."""

    def loading(self, which: str):
        evidence = super().loading(which)
        if evidence and {db for db, _pid in advisory_lock_holders(self.admin)} == set(self.names):
            return evidence
        return None


def test_a_killed_run_leaves_release_1_and_no_lock(pg_server, pg_release1, data_dir, release_extracts):
    """Given release 1 is live, and a `vru-etl run` holding the advisory lock in both databases
    When it is killed (SIGKILL) while writing rows in its internal load
    Then release 1 is intact and the only live release, no session holds the lock any more,
    and the next command that takes the lock is not refused."""
    backend = LockedPostgresBackend(data_dir, pg_server, pg_release1)
    try:
        kill_mid_load(backend, release_extracts, "internal")  # waits for the killed run's sessions to end

        for url in (backend.internal_url, backend.public_url):
            assert_only_release_1(url)
        assert advisory_lock_holders(backend.admin) == []

        # The next command that takes the release lock (here the quick one; test_faults.py shows
        # the next run loading release 2) is not refused.
        done = subprocess.run(
            [sys.executable, "-m", "etl.cli", "live", "--release", "1"],
            env=backend.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        for url in (backend.internal_url, backend.public_url):
            assert releases(url) == [(1, True)]
    finally:
        backend.close()
