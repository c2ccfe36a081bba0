"""The audit trail's store (dashboard/access/audit_trail.py) on a real PostgreSQL server."""

from __future__ import annotations

from dashboard.access import audit_trail, users
from dashboard.settings import DEFAULT_AUDIT_RETENTION_DAYS


def test_the_audit_trail_works_on_postgresql(pg_urls):
    """Given the auth schema on a real PostgreSQL, when events are written and read back by date and user, then they
    match."""
    url, _ = pg_urls
    eng = users.engine(url)
    audit_trail.write(
        eng,
        event="download",
        username="analyst",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/download/reach/reach-trend.csv",
        filters={"programme": "myends"},
        client="127.0.0.1",
        now=1_790_000_000,
    )
    audit_trail.write(
        eng, event="sign_in", username="other", retention_days=DEFAULT_AUDIT_RETENTION_DAYS, now=1_790_000_050
    )
    found = audit_trail.events(
        eng,
        since=audit_trail.parse_date("2026-09-21", name="since"),
        until=audit_trail.parse_date("2026-09-21", name="until"),
        username="analyst",
    )
    assert list(found["event"]) == ["download"] and found["filters"].iloc[0] == '{"programme": "myends"}'
    assert audit_trail.usernames(eng) == ["analyst", "other"]
    eng.dispose()
