"""The audit trail's store (dashboard/access/audit_trail.py) on a small SQLite database: events older than the
retention period are deleted."""

from __future__ import annotations

import time

import pytest

from dashboard.access import audit_trail, users
from dashboard.settings import SettingsError, from_environment


def test_old_events_are_deleted_after_the_retention_period(tmp_path):
    """Given a retention of 30 days, when an event is written, then events older than 30 days are gone and newer ones
    stay."""
    days = from_environment(mode="internal", environ={audit_trail.RETENTION_VARIABLE: "30"}).audit_retention_days
    eng = users.engine(f"sqlite:///{tmp_path / 'auth.db'}")
    now = time.time()
    audit_trail.write(eng, event="download", username="a", retention_days=days, now=now - 31 * 86400)
    audit_trail.write(eng, event="download", username="b", retention_days=days, now=now - 29 * 86400)
    audit_trail.write(eng, event="sign_in", username="c", retention_days=days, now=now)
    assert list(audit_trail.events(eng)["username"]) == ["c", "b"]
    for wrong in ("thirty", "0", "-5"):
        with pytest.raises(SettingsError, match=audit_trail.RETENTION_VARIABLE):
            from_environment(mode="internal", environ={audit_trail.RETENTION_VARIABLE: wrong})
    with pytest.raises(audit_trail.AuditError, match="unknown audit event"):
        audit_trail.write(eng, event="deleted_everything", username="c", retention_days=days)
