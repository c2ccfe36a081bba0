"""Where the internal site reads a release that waits for publication (drafts and approved ones): the pending
tables beside the internal database, with the public tables' definitions, holding the protected figures
exactly as they will be published. Found as the ETL finds them (etl/publication/pending.py; a test keeps the
two in step): PostgreSQL, the schema vru_pending of the internal database; SQLite, `internal.db` ->
`internal.pending.db`.

The public site never opens them: it is given only the public database's address.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

SCHEMA = "vru_pending"
SUFFIX = ".pending"
_SEARCH_PATH = re.compile(r"-c\s*search_path=\S+")


def pending_url(internal_url: str) -> str:
    """The pending tables' URL, from the internal database's."""
    url = sa.engine.make_url(internal_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        return url.set(database=str(path.with_name(path.stem + SUFFIX + path.suffix))).render_as_string(
            hide_password=False
        )
    options = url.query.get("options", "")
    options = " ".join(options) if isinstance(options, tuple) else options
    options = " ".join([_SEARCH_PATH.sub("", options).strip(), f"-c search_path={SCHEMA}"]).strip()
    return url.update_query_dict({"options": options}).render_as_string(hide_password=False)
