"""A release loaded as a draft: its true tables in the internal database, its protected ones in the pending
tables (pending.py), and nothing in the public database.

Both are written in open transactions and committed one right after the other, the pending tables first:
a failure or a kill before the commits leaves no trace of the release; a kill between them leaves pending
rows that no internal release names, which nothing reads and the next release's id steps over.
"""

from __future__ import annotations

import sqlalchemy as sa

from etl.errors import LoadFailed
from etl.load import write
from etl.load.schema import INTERNAL_SCHEMA_FILES, apply_control_schema
from etl.publication import pending
from etl.publication.databases import Databases


def next_release_id(databases: Databases) -> int:
    """One more than the highest id in any of the databases, the pending tables among them. Every published id
    is in the internal database too, so a public database that does not answer now changes nothing."""
    engines = [databases.internal]
    if pending.exists(databases.pending):
        engines.append(databases.pending)
    highest = write.next_release_id(engines)
    if databases.public.url.get_backend_name() == "sqlite" and not pending.exists(databases.public):
        return highest
    try:
        return max(highest, write.next_release_id([databases.public]))
    except (sa.exc.OperationalError, sa.exc.InterfaceError):
        return highest


def load_draft(
    databases: Databases, *, release: dict, internal_tables: dict, public_tables: dict, on_stage=None, on_done=None
) -> str:
    """Write the draft; return the digest of its protected tables (stored with it in both places)."""
    stage = on_stage or (lambda _name: None)
    done = on_done or (lambda _name: None)
    rid = release["release_id"]
    with databases.internal.connect() as internal_conn, databases.pending.connect() as pending_conn:
        transactions = [internal_conn.begin(), pending_conn.begin()]
        try:
            stage("load internal")
            write.write_release(internal_conn, release=release, tables=internal_tables, files=INTERNAL_SCHEMA_FILES)
            apply_control_schema(internal_conn, internal=True)
            done("load internal")
            stage("load pending")
            pending.create(pending_conn)
            write.write_release(pending_conn, release=release, tables=public_tables)
            digest = pending.content_digest(pending_conn, rid)
            for conn in (internal_conn, pending_conn):
                conn.execute(
                    sa.text("UPDATE releases SET content_digest = :d WHERE release_id = :r"), {"d": digest, "r": rid}
                )
            internal_conn.execute(sa.text("INSERT INTO release_control (release_id) VALUES (:r)"), {"r": rid})
            done("load pending")
        except sa.exc.SQLAlchemyError as err:
            for tx in transactions:
                tx.rollback()
            raise LoadFailed(
                f"the database refused release {rid}; nothing was loaded and the live release is unchanged. "
                f"Cause: {err.__class__.__name__}: {str(err).splitlines()[0]}"
            ) from err
        transactions[1].commit()
        transactions[0].commit()
    return digest
