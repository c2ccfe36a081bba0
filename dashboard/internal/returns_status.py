"""Who has sent what: the status of each provider's return for each quarter, as pure functions of the frames the
returns queries give (no database, no Dash), so the Returns and attention pages say the same thing.

A return expected for a quarter is, in this order:

- "accepted" or "accepted with warnings": a return for it was taken into the extracts (the latest counts);
- "received": a return came (uploaded here, or found at an import) but none was accepted yet;
- "expected": nothing came, and its due date has not passed;
- "late": nothing came, past its due date but before the final one;
- "missing": nothing came by the final date.

A quarter's return was on time when the first return accepted for it arrived by its due date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.internal.assess import Item

EXPECTED, LATE, MISSING, RECEIVED = "expected", "late", "missing", "received"
ACCEPTED, ACCEPTED_WITH_WARNINGS = "accepted", "accepted with warnings"
STATUSES = (EXPECTED, RECEIVED, LATE, MISSING, ACCEPTED, ACCEPTED_WITH_WARNINGS)
NOT_IN = (LATE, MISSING, RECEIVED)  # what the non-submitters list holds: nothing accepted, and due
# The on-time rate looks back this many quarters (two years): long enough to see a habit, short enough to see change.
ON_TIME_QUARTERS = 8
STATUS_COLUMNS = (
    "provider_id",
    "provider_name",
    "period",
    "due_date",
    "final_date",
    "status",
    "received_at",
    "uploaded_by",
    "on_time",
    "contact",
    "owning_team",
)


def _day(text) -> dt.date | None:
    return None if text is None or pd.isna(text) or text == "" else dt.date.fromisoformat(str(text)[:10])


def status_table(expected: pd.DataFrame, log: pd.DataFrame, uploads: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """One row per expected return with its status. `log` is returns_log; `uploads` the returns uploaded here and
    checked (provider_id, period, received_at, uploaded_by, digest), which may not be imported yet."""
    logged = set(log["digest"]) if len(log) else set()
    fresh = uploads[~uploads["digest"].isin(logged)] if len(uploads) else uploads
    rows = []
    for _, e in expected.iterrows():
        key = (e["provider_id"], e["period"])
        mine = log[(log["provider_id"] == key[0]) & (log["period"] == key[1])] if len(log) else log
        sent = fresh[(fresh["provider_id"] == key[0]) & (fresh["period"] == key[1])] if len(fresh) else fresh
        due, final = _day(e["due_date"]), _day(e["final_date"])
        accepted = mine[mine["outcome"].isin([ACCEPTED, ACCEPTED_WITH_WARNINGS])] if len(mine) else mine
        counting = accepted[accepted["counts"].astype(int) == 1] if len(accepted) else accepted
        received_at = uploaded_by = None
        on_time = None
        if len(accepted):
            latest = (counting if len(counting) else accepted).sort_values("received_at").iloc[-1]
            status, received_at, uploaded_by = latest["outcome"], latest["received_at"], latest["uploaded_by"]
            first = _day(accepted["received_at"].min())
            on_time = bool(first is not None and due is not None and first <= due)
        elif len(mine) or len(sent):
            both = pd.concat([mine[["received_at", "uploaded_by"]], sent[["received_at", "uploaded_by"]]])
            latest = both.sort_values("received_at").iloc[-1]
            status, received_at, uploaded_by = RECEIVED, latest["received_at"], latest["uploaded_by"]
            on_time = False if due is not None and today > due else None
        elif due is not None and today <= due:
            status = EXPECTED
        elif final is not None and today <= final:
            status, on_time = LATE, False
        else:
            status, on_time = MISSING, False
        rows.append(
            {
                "provider_id": key[0],
                "provider_name": e["provider_name"],
                "period": key[1],
                "due_date": e["due_date"],
                "final_date": e["final_date"],
                "status": status,
                "received_at": received_at,
                "uploaded_by": uploaded_by,
                "on_time": on_time,
                "contact": e.get("contact"),
                "owning_team": e.get("owning_team"),
            }
        )
    return pd.DataFrame(rows, columns=list(STATUS_COLUMNS))


def latest_due_period(statuses: pd.DataFrame, *, today: dt.date) -> str | None:
    """The latest quarter whose returns were due by `today` (or the first quarter, before any was due)."""
    if statuses.empty:
        return None
    due = statuses[statuses["due_date"].map(_day) < today]
    return str((due if len(due) else statuses)["period"].max())


def non_submitters(statuses: pd.DataFrame, *, period: str) -> pd.DataFrame:
    """Providers with nothing accepted for `period` whose return is due: whom to chase, with their contacts."""
    rows = statuses[(statuses["period"] == period) & statuses["status"].isin(NOT_IN)]
    return rows.sort_values(["status", "provider_name"]).reset_index(drop=True)


def on_time_rates(statuses: pd.DataFrame, *, today: dt.date, quarters: int = ON_TIME_QUARTERS) -> pd.DataFrame:
    """Per provider, of its returns due in the last `quarters` quarters that were due by `today`: how many were due,
    how many came on time, and the share (None when none was due)."""
    due = statuses[statuses["due_date"].map(_day) < today]
    recent = sorted(due["period"].unique())[-quarters:]
    window = due[due["period"].isin(recent)]
    grouped = window.groupby(["provider_id", "provider_name"], as_index=False).agg(
        due=("period", "size"), on_time=("on_time", lambda s: int(s.fillna(False).astype(bool).sum()))
    )
    grouped["rate_pct"] = [100 * o / d if d else None for o, d in zip(grouped["on_time"], grouped["due"])]
    first, last = (recent[0], recent[-1]) if recent else (None, None)
    return grouped.assign(first_period=first, last_period=last).sort_values("provider_name").reset_index(drop=True)


def matrix(statuses: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Providers down, quarters across, each cell the status word ('' where nothing was expected)."""
    shown = statuses[statuses["period"].isin(periods)]
    table = shown.pivot_table(index="provider_name", columns="period", values="status", aggfunc="first")
    return table.reindex(columns=periods).fillna("").reset_index()


def attention_items(statuses: pd.DataFrame, *, today: dt.date) -> tuple[str | None, list[Item]]:
    """For the attention page: the latest quarter due, and its returns late, missing, or received but not accepted
    (missing first), in the Returns page's words."""
    period = latest_due_period(statuses, today=today)
    if period is None:
        return None, []
    order = {MISSING: 0, LATE: 1, RECEIVED: 2}
    chase = non_submitters(statuses, period=period).sort_values(
        ["status", "provider_name"], key=lambda s: s.map(lambda v: order.get(v, v)) if s.name == "status" else s
    )
    return period, [
        Item(
            f"return_{r['status']}",
            f"{r['provider_name']}: return {r['status']}",
            f"{period}: due {r['due_date']}"
            + (f"; received {str(r['received_at'])[:10]}, not accepted yet" if r["status"] == RECEIVED else "")
            + (f"; contact {r['contact']}" if isinstance(r["contact"], str) and r["contact"] else ""),
            "/internal/returns?period=" + period.replace(" ", "+"),
        )
        for _, r in chase.iterrows()
    ]
