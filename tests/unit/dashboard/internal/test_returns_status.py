"""Who has sent what, on a few inline rows: each status, the non-submitters and the on-time rate."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.internal import returns_status as rs

TODAY = dt.date(2026, 6, 15)


def _expected(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "provider_id": p,
                "period": q,
                "provider_name": p.lower(),
                "due_date": due,
                "final_date": final,
                "contact": f"{p}@example.org",
                "owning_team": "VRU team",
            }
            for p, q, due, final in rows
        ]
    )


def _log(*rows) -> pd.DataFrame:
    columns = ["digest", "provider_id", "period", "received_at", "uploaded_by", "outcome", "counts"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)


NO_UPLOADS = pd.DataFrame(columns=["digest", "provider_id", "period", "received_at", "uploaded_by"])
Q = "2025-26 Q4"  # due 2026-04-30, missing after 2026-05-30


@pytest.mark.parametrize(
    ("due", "final", "log", "status", "on_time"),
    [
        ("2026-06-30", "2026-07-30", [], rs.EXPECTED, None),
        ("2026-06-01", "2026-07-01", [], rs.LATE, False),
        ("2026-04-30", "2026-05-30", [], rs.MISSING, False),
        ("2026-04-30", "2026-05-30", [("a", "P1", Q, "2026-04-20T10:00:00", "amy", "refused", 0)], rs.RECEIVED, False),
        ("2026-04-30", "2026-05-30", [("a", "P1", Q, "2026-04-20T10:00:00", "amy", "accepted", 1)], rs.ACCEPTED, True),
        (
            "2026-04-30",
            "2026-05-30",
            [("a", "P1", Q, "2026-05-02T10:00:00", "amy", "accepted with warnings", 1)],
            rs.ACCEPTED_WITH_WARNINGS,
            False,
        ),
    ],
)
def test_each_status(due, final, log, status, on_time):
    """Given one expected return and what came for it, then its status and whether it was on time."""
    got = rs.status_table(_expected(("P1", Q, due, final)), _log(*log), NO_UPLOADS, today=TODAY)
    assert (got["status"].iloc[0], got["on_time"].iloc[0]) == (status, on_time)


def test_the_latest_accepted_return_counts_and_an_upload_not_imported_is_received():
    """Given a first return accepted late and a corrected one, the counting one's outcome shows; given only an upload
    not yet imported, the return is received."""
    log = _log(
        ("a", "P1", Q, "2026-04-20T10:00:00", "amy", "accepted with warnings", 0),
        ("b", "P1", Q, "2026-05-20T10:00:00", "bob", "accepted", 1),
    )
    uploads = pd.DataFrame(
        [{"digest": "c", "provider_id": "P2", "period": Q, "received_at": "2026-05-01T09:00:00", "uploaded_by": "cat"}]
    )
    got = rs.status_table(
        _expected(("P1", Q, "2026-04-30", "2026-05-30"), ("P2", Q, "2026-04-30", "2026-05-30")),
        log,
        uploads,
        today=TODAY,
    ).set_index("provider_id")
    assert got.loc["P1", ["status", "uploaded_by", "on_time"]].tolist() == [rs.ACCEPTED, "bob", True]
    assert got.loc["P2", ["status", "uploaded_by"]].tolist() == [rs.RECEIVED, "cat"]
    assert rs.non_submitters(got.reset_index(), period=Q)["provider_id"].tolist() == ["P2"]


def test_the_on_time_rate_counts_the_last_eight_quarters_due():
    quarters = [f"20{y}-{y + 1} Q{q}" for y in (23, 24, 25) for q in (1, 2, 3, 4)]
    expected = _expected(*[("P1", q, f"20{q[2:4]}-0{int(q[-1]) + 3}-30", "2099-01-01") for q in quarters])
    on_time = [
        ("d" + q, "P1", q, f"20{q[2:4]}-0{int(q[-1]) + 3}-01T00:00:00", "amy", "accepted", 1) for q in quarters[-8:-2]
    ]
    got = rs.on_time_rates(
        rs.status_table(expected, _log(*on_time), NO_UPLOADS, today=dt.date(2027, 1, 1)), today=dt.date(2027, 1, 1)
    )
    assert got[["due", "on_time", "rate_pct"]].iloc[0].tolist() == [8, 6, 75.0]
