"""The rows a checked query asks for: which release, the SQL, the cache key, the next page's
address and the CSV body. No Flask: routes.py (and the internal API) answer with them.

Statements are SQLAlchemy Core `select()` with bound parameters over tables.TABLES (the
dashboard's one list of its tables); rows come back as published, never summed or re-aggregated.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import sqlalchemy as sa

from dashboard.api.datasets import PREFIX, SPEC_DIGEST
from dashboard.api.params import ApiError, Query
from dashboard.data import tables
from dashboard.data.db import DatabaseUnavailable
from dashboard.ui import spreadsheet

# The SQLAlchemy type of each column kind: results are read as it (SQLite's 0/1 become false/true,
# PostgreSQL's DOUBLE PRECISION a float), without a CAST in the SQL.
SA_TYPES = {"text": sa.Text, "integer": sa.Integer, "number": sa.Float, "boolean": sa.Boolean}
# How CSV cells are written, in the CSV's ETag: a cache holding a body written another way (text cells not yet
# formula-safe) must not have it confirmed by a 304.
CSV_CELLS = "text formula-safe"


# A release's states (dashboard/data/release_context.py): the API serves the readable ones; a withdrawn one is a
# 410 with its notice; any other id, waiting for publication or never used, is the same 404.
READABLE = ("published", "superseded")


def readable(t: sa.TableClause):
    """The releases the API serves: published or superseded (a row from before releases had states is published)."""
    return sa.or_(t.c.state.in_(READABLE), t.c.state.is_(None))


def resolve_release(conn: sa.Connection, wanted: int | None) -> tuple[int, list[tuple[int, bool]]]:
    """The release to serve (the live one unless asked) and every readable (release_id, is_live)."""
    t = tables.TABLES["releases"]
    known = [
        (int(r.release_id), bool(r.is_live))
        for r in conn.execute(sa.select(t.c.release_id, t.c.is_live).where(readable(t)).order_by(t.c.release_id))
    ]
    if wanted is None:
        live = [rid for rid, is_live in known if is_live]
        if not live:
            raise DatabaseUnavailable("the database has no live release")
        return live[0], known
    if wanted not in {rid for rid, _ in known}:
        gone = conn.execute(
            sa.select(t.c.withdrawal_reason).where(t.c.release_id == wanted, t.c.state == "withdrawn")
        ).first()
        if gone is not None:
            raise ApiError(
                410,
                f"release {wanted} was withdrawn: {gone.withdrawal_reason or 'no reason was recorded'}; its notice is "
                f"at /revisions#release-{wanted}",
                parameter="release",
                allowed=[rid for rid, _ in known],
            )
        raise ApiError(404, f"there is no release {wanted}", parameter="release", allowed=[rid for rid, _ in known])
    return wanted, known


def statement(q: Query, release_id: int, *, table: sa.TableClause | None = None):
    """The page of rows and the count of rows matched (not a sum of cells), over the dataset's
    table in tables.TABLES unless another (the internal API's own tables) is given."""
    t = tables.TABLES[q.dataset.table_name] if table is None else table
    conditions = [t.c[name] == value for name, value in q.filters.items()]
    if q.dataset.name != "releases" or q.release is not None:
        conditions.append(t.c.release_id == release_id)
    else:
        conditions.append(readable(t))  # the list of releases: withdrawn ones and drafts are not served
    typed = [sa.type_coerce(t.c[c.name], SA_TYPES[c.type]).label(c.name) for c in q.dataset.columns]
    rows = (
        sa.select(*typed)
        .where(*conditions)
        .order_by(t.c.release_id, *[t.c[k] for k in q.dataset.key])
        .limit(q.limit)
        .offset(q.offset)
    )
    total = sa.select(sa.func.count()).select_from(t).where(*conditions)
    return rows, total


def cache_key(q: Query, release_id: int, known: list) -> list:
    """What the answer depends on: the published columns, the release and the query as parsed (never its text)."""
    key = [
        SPEC_DIGEST,
        q.dataset.name,
        q.fmt,
        q.csv_path,
        release_id,
        sorted((k, repr(v)) for k, v in q.filters.items()),
        q.limit,
        q.offset,
    ]
    if q.dataset.name == "releases":
        key.append(known)  # is_live moves between releases, and new releases are added
    if q.fmt == "csv":
        key.append(CSV_CELLS)  # formulas escaped: an unescaped body cached earlier is never served
    return key


def pinned(q: Query) -> bool:
    """Whether the answer can never change: rows of a release asked by number (the list of releases changes)."""
    return q.release is not None and q.dataset.name != "releases"


def next_link(q: Query, release_id: int, offset: int, *, script_root: str, prefix: str = PREFIX) -> str:
    params = {k: ("true" if v is True else "false" if v is False else v) for k, v in q.filters.items()}
    if q.dataset.name != "releases" or q.release is not None:
        params["release"] = release_id  # later pages come from the same release, even if another goes live meanwhile
    params.update(limit=q.limit, offset=offset)
    if q.fmt == "csv" and not q.csv_path:
        params["format"] = "csv"
    path = f"{prefix}/{q.dataset.name}" + (".csv" if q.csv_path else "")
    return f"{script_root}{path}?{urlencode(params)}"


def _csv_cell(value) -> str:
    if value is None:
        return ""  # suppressed or not applicable: status says which
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the same digits as the JSON
    if isinstance(value, int):
        return str(value)
    # Text from the register (a service's name, a reviewer's note) may start like a formula: as in every other
    # file the site writes, a spreadsheet opening the CSV must read it as text.
    return spreadsheet.csv_cell(str(value))


def csv_text(columns: list[str], rows: list[dict]) -> str:
    """A header row, then one line per row; null values empty; text a spreadsheet would run as a formula
    with a leading apostrophe (dashboard/ui/spreadsheet.py)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(r[c]) for c in columns] for r in rows)
    return out.getvalue()
