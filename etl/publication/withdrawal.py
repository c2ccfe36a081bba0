"""Withdrawal: a published release taken back, and the release before it live again.

A withdrawn release keeps its `releases` row in both databases (so that every public route can answer
410 Gone with a link to the notice on /revisions, and the reason shows there), but its public data rows
go: nothing of it is served any more. Two ways in:

- an approver withdraws it on the internal site, which records it in the internal database;
  `vru-etl publish --due` carries it to the public database within the minute (`apply_withdrawals`);
- `vru-etl live --release N --reason TEXT` on the ETL host makes release N live again at once and
  withdraws every release published after it, in both databases together (`make_live`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from etl.errors import LoadFailed
from etl.load.schema import PUBLISHED, SUPERSEDED, WITHDRAWN
from etl.publication import pending
from etl.publication.databases import Databases, in_public, iso, record

LIVE_STATES = (PUBLISHED, SUPERSEDED)  # releases the public can read "as published"


def _state(conn: sa.Connection, release_id: int) -> str | None:
    if not sa.inspect(conn).has_table("releases"):
        return None
    return conn.execute(sa.text("SELECT state FROM releases WHERE release_id = :r"), {"r": release_id}).scalar()


def _withdraw_in(conn: sa.Connection, *, release_id: int, reason: str, at: str, delete_rows: bool) -> None:
    """In one database: the release withdrawn (not live), and if no release is live any more, the latest
    published one before it live again."""
    conn.execute(
        sa.text(
            "UPDATE releases SET state = :withdrawn, is_live = :no, withdrawn_at = COALESCE(withdrawn_at, :t), "
            "withdrawal_reason = COALESCE(withdrawal_reason, :why) WHERE release_id = :r"
        ),
        {"withdrawn": WITHDRAWN, "no": False, "t": at, "why": reason, "r": release_id},
    )
    if delete_rows:
        for table in pending.published_tables():
            conn.execute(sa.text(f"DELETE FROM {table} WHERE release_id = :r"), {"r": release_id})
    if conn.execute(sa.text("SELECT 1 FROM releases WHERE is_live")).first() is None:
        previous = conn.execute(
            sa.text("SELECT MAX(release_id) FROM releases WHERE state IN (:p, :s)"),
            {"p": PUBLISHED, "s": SUPERSEDED},
        ).scalar()
        if previous is not None:
            conn.execute(
                sa.text("UPDATE releases SET state = :p, is_live = :yes WHERE release_id = :r"),
                {"p": PUBLISHED, "yes": True, "r": previous},
            )


def apply_withdrawals(databases: Databases, *, at: dt.datetime) -> list[int]:
    """Carry the internal site's withdrawals to the public database (and the internal one's live release)."""
    with databases.internal.connect() as conn:
        withdrawn = conn.execute(
            sa.text("SELECT release_id, withdrawn_at, withdrawal_reason FROM releases WHERE state = :w"),
            {"w": WITHDRAWN},
        ).all()
        live_withdrawn = conn.execute(
            sa.text("SELECT release_id FROM releases WHERE state = :w AND is_live"), {"w": WITHDRAWN}
        ).all()
    if not withdrawn:
        return []

    def public_states(conn):
        return {int(rid): _state(conn, int(rid)) for rid, _t, _why in withdrawn}

    states = in_public(databases, public_states, wait_seconds=1.0)
    done = []
    for rid, when, why in withdrawn:
        rid = int(rid)
        reason = why or "withdrawn"
        if states.get(rid) in LIVE_STATES:

            def carry(conn, rid=rid, reason=reason, when=when):
                _withdraw_in(conn, release_id=rid, reason=reason, at=when or iso(at), delete_rows=True)

            in_public(databases, carry, wait_seconds=1.0, release_id=rid)
            done.append(rid)
    if live_withdrawn or done:
        with databases.internal.begin() as conn:
            for (rid,) in live_withdrawn:
                _withdraw_in(conn, release_id=int(rid), reason="withdrawn", at=iso(at), delete_rows=False)
    if pending.exists(databases.pending):
        with databases.pending.begin() as conn:
            for rid, _when, _why in withdrawn:
                if conn.execute(sa.text("SELECT 1 FROM releases WHERE release_id = :r"), {"r": int(rid)}).first():
                    pending.delete(conn, int(rid))
    return done


def set_aside(databases: Databases, *, release_id: int, reason: str, at: dt.datetime) -> None:
    """An approved release that can no longer be published (a newer one went live first): withdrawn, unpublished."""
    with databases.internal.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE releases SET state = :w, withdrawn_at = :t, withdrawal_reason = :why WHERE release_id = :r"
            ),
            {"w": WITHDRAWN, "t": iso(at), "why": reason, "r": release_id},
        )
        record(conn, action="withdraw", release_id=release_id, at=at, note=reason)
    if pending.exists(databases.pending):
        with databases.pending.begin() as conn:
            pending.delete(conn, release_id)


def make_live(databases: Databases, *, release_id: int, reason: str, at: dt.datetime) -> list[int]:
    """`vru-etl live`: release N live again in both databases, committed together, and every release published
    after it withdrawn with `reason`. Returns the releases withdrawn. Nothing changes if N cannot be live."""
    withdrawn: list[int] = []
    with databases.internal.connect() as internal, databases.public.connect() as public:
        transactions = [internal.begin(), public.begin()]
        try:
            for name, conn in (("public", public), ("internal", internal)):
                state = _state(conn, release_id)
                if state is None:
                    raise LoadFailed(f"the {name} database has no release {release_id}; nothing was changed")
                if state not in LIVE_STATES:
                    raise LoadFailed(
                        f"release {release_id} is {state} in the {name} database and cannot be made live; "
                        "nothing was changed"
                    )
            later = [
                int(r[0])
                for r in public.execute(
                    sa.text("SELECT release_id FROM releases WHERE release_id > :r AND state IN (:p, :s)"),
                    {"r": release_id, "p": PUBLISHED, "s": SUPERSEDED},
                )
            ]
            for conn, is_public in ((public, True), (internal, False)):
                for rid in later:
                    _withdraw_in(conn, release_id=rid, reason=reason, at=iso(at), delete_rows=is_public)
                conn.execute(
                    sa.text(
                        "UPDATE releases SET is_live = (release_id = :r), state = CASE WHEN release_id = :r THEN :p "
                        "WHEN state = :p THEN :s ELSE state END"
                    ),
                    {"r": release_id, "p": PUBLISHED, "s": SUPERSEDED},
                )
            for rid in later:
                record(internal, action="withdraw", release_id=rid, at=at, note=reason)
            withdrawn = later
        except BaseException:
            for tx in transactions:
                tx.rollback()
            raise
        for tx in transactions:
            tx.commit()
    return withdrawn
