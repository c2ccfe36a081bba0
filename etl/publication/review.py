"""What a draft changes against the live release, for the approver: computed here, where both are readable.

The internal site cannot read the public database (on SQLite it opens only the internal file), and a
comparison of a draft's protected figures with the live release's true ones would mean nothing, so the
ETL compares the two protected releases (the draft's pending tables and the public database's live
release) and stores the result with the draft (internal table release_reviews). `vru-etl publish --due`
computes it again for every waiting release whenever another release has gone live since.

`compare` is pure (frames in, a JSON-able summary out); `refresh` reads and writes the databases.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import sqlalchemy as sa

from etl.publication import pending

HEADLINE_MEASURES = ("participants", "referrals", "completions")
MAX_LISTED = 200  # ratings and services listed by name at most; the counts are always whole
ALL = "all"


def _plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _comparable(value) -> str:
    """One text per value whatever the column's type: 100 in an integer column and 100.0 in a column that also
    holds a suppressed (missing) cell are the same figure; a missing value is unlike any other."""
    if value is None or (isinstance(value, float) and value != value):
        return "\0missing"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(float(value))
    return str(value)


def _cell(frame: pd.DataFrame, measure: str, period: str) -> dict | None:
    dims = ("programme", "borough", "age_band", "gender", "ethnicity")
    found = frame[(frame["measure"] == measure) & (frame["period"] == period)]
    for d in dims:
        found = found[found[d] == ALL]
    if found.empty:
        return None
    row = found.iloc[0]
    value = row["value"]
    return {"value": None if pd.isna(value) else int(value), "status": str(row["status"] or "")}


def headline(draft: pd.DataFrame, live: pd.DataFrame | None) -> list[dict]:
    """London's totals of the latest financial year in the draft, before and after."""
    years = sorted(p for p in draft["period"].unique() if " Q" not in str(p))
    if not years:
        return []
    year = years[-1]
    return [
        {
            "measure": m,
            "period": year,
            "before": _cell(live, m, year) if live is not None else None,
            "after": _cell(draft, m, year),
        }
        for m in HEADLINE_MEASURES
    ]


def table_changes(draft: pd.DataFrame, live: pd.DataFrame, *, key: list[str]) -> dict:
    """Rows revised (same key, another value), added and removed between the live release and the draft."""
    columns = sorted(set(draft.columns) & set(live.columns))
    values = [c for c in columns if c not in key]
    a = _plain_frame(live[columns]).set_index(key)
    b = _plain_frame(draft[columns]).set_index(key)
    both = a.index.intersection(b.index)
    revised = 0
    if len(both) and values:
        left = a.loc[both, values].map(_comparable)
        right = b.loc[both, values].map(_comparable)
        revised = int((left != right).any(axis=1).sum())
    return {
        "revised": revised,
        "added": len(b.index.difference(a.index)),
        "removed": len(a.index.difference(b.index)),
    }


def rating_changes(draft: pd.DataFrame, live: pd.DataFrame, services: pd.DataFrame) -> list[dict]:
    """Services whose rating of a period differs (a period rated in both releases)."""
    cols = ["service_id", "period", "rag_rating"]
    m = live[cols].merge(draft[cols], on=["service_id", "period"], suffixes=("_before", "_after"))
    m = m[m["rag_rating_before"].fillna("") != m["rag_rating_after"].fillna("")]
    names = dict(zip(services["service_id"], services["name"]))
    return [
        {
            "service_id": r.service_id,
            "name": names.get(r.service_id, r.service_id),
            "period": r.period,
            "before": r.rag_rating_before,
            "after": r.rag_rating_after,
        }
        for r in m.sort_values(["period", "service_id"]).itertuples(index=False)
    ]


def service_changes(draft: pd.DataFrame, live: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """New services (in the draft, not live), and ended ones (gone from the register, or now ended)."""
    before = dict(zip(live["service_id"], live["name"]))
    after = dict(zip(draft["service_id"], draft["name"]))
    new = [{"service_id": s, "name": after[s]} for s in sorted(set(after) - set(before))]
    ended = [{"service_id": s, "name": before[s], "how": "left the register"} for s in sorted(set(before) - set(after))]
    if "status" in draft.columns and "status" in live.columns:
        was = dict(zip(live["service_id"], live["status"]))
        now = dict(zip(draft["service_id"], draft["status"]))
        ended += [
            {"service_id": s, "name": after[s], "how": "contract ended"}
            for s in sorted(set(now) & set(was))
            if now[s] == "ended" and was[s] != "ended"
        ]
    return new, ended


def compare(
    draft: dict[str, pd.DataFrame], live: dict[str, pd.DataFrame] | None, *, keys: dict[str, list[str]]
) -> dict:
    """The summary an approver reads: headline figures, revised cells by table, ratings, new and ended services."""
    if live is None:
        return {
            "first_release": True,
            "headline": headline(draft["published_counts"], None),
            "tables": [],
            "ratings_changed": [],
            "ratings_changed_count": 0,
            "services_new": [],
            "services_ended": [],
        }
    tables = [
        {"table": name, **table_changes(draft[name], live[name], key=keys[name])}
        for name in sorted(draft)
        if name in live and keys.get(name)
    ]
    ratings = rating_changes(draft["service_reviews"], live["service_reviews"], draft["services"])
    new, ended = service_changes(draft["services"], live["services"])
    return {
        "first_release": False,
        "headline": headline(draft["published_counts"], live["published_counts"]),
        "tables": tables,
        "ratings_changed": ratings[:MAX_LISTED],
        "ratings_changed_count": len(ratings),
        "services_new": new[:MAX_LISTED],
        "services_ended": ended[:MAX_LISTED],
    }


# ---------------------------------------------------------------------- reading and writing
def read_release(conn: sa.Connection, release_id: int) -> dict[str, pd.DataFrame]:
    """Every published table of a release, without its release_id column."""
    out = {}
    for table in pending.published_tables():
        columns, batches = pending.rows(conn, table, release_id)
        rows = [row for batch in batches for row in batch]
        out[table] = pd.DataFrame(rows, columns=columns).drop(columns="release_id")
    return out


def keys_of(conn: sa.Connection) -> dict[str, list[str]]:
    inspector = sa.inspect(conn)
    return {
        t: [c for c in inspector.get_pk_constraint(t)["constrained_columns"] if c != "release_id"]
        for t in pending.published_tables()
    }


def live_release_id(conn: sa.Connection) -> int | None:
    if not sa.inspect(conn).has_table("releases"):
        return None
    return conn.execute(sa.text("SELECT release_id FROM releases WHERE is_live")).scalar()


def refresh(*, internal: sa.Engine, pending_engine: sa.Engine, public: sa.Engine, release_id: int) -> dict:
    """Compare a waiting release with the public database's live one, and keep the summary with the release."""
    with pending_engine.connect() as conn:
        draft = read_release(conn, release_id)
        keys = keys_of(conn)
    with public.connect() as conn:
        live_id = live_release_id(conn)
        live = read_release(conn, live_id) if live_id is not None else None
    summary = compare(draft, live, keys=keys)
    row = {
        "r": release_id,
        "c": live_id,
        "s": json.dumps(summary, default=str),
        "t": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    with internal.begin() as conn:
        conn.execute(sa.text("DELETE FROM release_reviews WHERE release_id = :r"), row)
        conn.execute(
            sa.text(
                "INSERT INTO release_reviews (release_id, compared_with, summary, computed_at) VALUES (:r, :c, :s, :t)"
            ),
            row,
        )
    return summary
