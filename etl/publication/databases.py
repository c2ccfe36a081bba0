"""What every step of publication shares: the three databases it writes (internal, pending, public), the public
database tried again while it does not answer, which release the public one has live, and the record of each
action the ETL takes on a release (release_actions). Times are UTC in the databases (ISO 8601).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import sqlalchemy as sa

from etl import settings
from etl.errors import LoadFailed
from etl.load.schema import engine_for
from etl.publication import pending, review

ETL_USER, ETL_ROLE = "vru-etl", "etl"  # who the release actions of the ETL are by
ATTEMPTS, WAIT_SECONDS = 3, 5.0  # tries of a public database that does not answer, within one run


class PublicationFailed(LoadFailed):
    """A release could not be published now; it stays approved, and the next run tries again."""


@dataclass
class Databases:
    internal: sa.Engine
    pending: sa.Engine
    public: sa.Engine

    @classmethod
    def at(cls, *, internal_url: str | None = None, public_url: str | None = None) -> Databases:
        internal_url = internal_url or settings.internal_database_url()
        return cls(
            internal=engine_for(internal_url),
            pending=engine_for(pending.pending_url(internal_url)),
            public=engine_for(public_url or settings.public_database_url()),
        )

    def urls(self) -> dict[str, str]:
        """For the lock: the databases a publication writes."""
        return {
            "internal": self.internal.url.render_as_string(hide_password=False),
            "public": self.public.url.render_as_string(hide_password=False),
        }

    def dispose(self) -> None:
        for engine in (self.internal, self.pending, self.public):
            engine.dispose()


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def in_public(databases: Databases, work, *, wait_seconds: float, release_id: int | None = None):
    """`work(connection)` in one transaction of the public database, tried again while it does not answer."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with databases.public.begin() as conn:
                return work(conn)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as err:
            if attempt == ATTEMPTS:
                what = (
                    f"release {release_id} stays approved, and"
                    if release_id
                    else "nothing was changed and approved releases stay approved;"
                )
                raise PublicationFailed(
                    f"cannot reach the public database ({databases.public.url.render_as_string(hide_password=True)}) "
                    f"after {ATTEMPTS} tries: {what} the next `vru-etl publish --due` tries again. Cause: "
                    f"{str(err).splitlines()[0]}"
                ) from err
            time.sleep(wait_seconds)
    return None


def public_live_id(databases: Databases, *, wait_seconds: float = WAIT_SECONDS) -> int | None:
    return in_public(databases, review.live_release_id, wait_seconds=wait_seconds)


# ---------------------------------------------------------------------- one release


def record(
    conn: sa.Connection,
    *,
    action: str,
    release_id: int | None,
    at: dt.datetime,
    entry_id: str | None = None,
    publish_at: str | None = None,
    note: str | None = None,
) -> None:
    """One release action by the ETL (release_actions)."""
    conn.execute(
        sa.text(
            "INSERT INTO release_actions (acted_at, release_id, entry_id, action, username, role, publish_at, note) "
            "VALUES (:t, :r, :e, :a, :u, :role, :p, :n)"
        ),
        {
            "t": iso(at),
            "r": release_id,
            "e": entry_id,
            "a": action,
            "u": ETL_USER,
            "role": ETL_ROLE,
            "p": publish_at,
            "n": note,
        },
    )
