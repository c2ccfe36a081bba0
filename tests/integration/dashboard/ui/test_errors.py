"""The production database down under the public dashboard (dashboard/ui/errors.py), for real: a PostgreSQL server
stopped while gunicorn serves, and a crash-restart between two requests.

No mocks: the session's PostgreSQL server is stopped and started; the dashboard runs under gunicorn with 2 workers,
as in the Procfile, and is asked over HTTP (tests/support/outage.py). Release 1 is built by the ETL once per session
(tests/conftest.py's `pg_release1`) and each test works on a copy of it."""

from __future__ import annotations

import time

import pytest

from tests.support.outage import (
    PAGES,
    WORKERS,
    ask,
    ask_all,
    assert_everything_served,
    assert_everything_unavailable,
    assert_unavailable_page,
    dashboard,
    reach_callback,
)

pytestmark = pytest.mark.postgres


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


def test_database_stopped_while_serving_then_back(pg_server, pg_public_db, tmp_path):
    """Given the dashboard has served pages and each worker holds a pooled connection
    When PostgreSQL stops (a fast shutdown ends those sessions), and later starts again
    Then while it is down every request gets the clear 503 page or message, and once it is back the
    very next requests are all served; and after a crash-restart between two requests (every pooled
    connection dead) the next requests are served too: no request fails on a stale connection."""
    with dashboard(pg_server.url(pg_public_db), tmp_path / "gunicorn.log") as base:
        callback = reach_callback(base)
        pool_in_every_worker(pg_server, base, pg_public_db)
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

        pool_in_every_worker(pg_server, base, pg_public_db)
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
