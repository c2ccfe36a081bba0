"""What the running app knows: its settings and its one database engine; and what one request has
read (the live release, and anything else kept with `once_per_request`).

Kept on the Flask app (set by create_app) and on flask.g, not in module globals, so that two apps in
one process (a public and an internal one, as in the tests) never share a database.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context

from dashboard.data import db, pending, queries
from dashboard.settings import Settings

SETTINGS, ENGINE = "vru.settings", "vru.engine"  # Flask config keys, not environment variables
PENDING_ENGINE = "vru.pending_engine"  # internal mode: the pending tables, opened on the first preview
PREVIEWED = "vru.previewed"  # flask.g: the waiting release this request previewed (the audit trail records it)
_making = threading.Lock()


def configure(server: Flask, settings: Settings, engine: sa.Engine) -> None:
    server.config[SETTINGS] = settings
    server.config[ENGINE] = engine


def settings() -> Settings:
    return current_app.config[SETTINGS]


def engine() -> sa.Engine:
    return current_app.config[ENGINE]


def pending_engine() -> sa.Engine:
    """Internal mode: a read-only engine on the pending tables, made on the first preview and kept."""
    config = current_app.config
    if PENDING_ENGINE not in config:
        with _making:
            if PENDING_ENGINE not in config:
                config[PENDING_ENGINE] = db.read_only_engine(pending.pending_url(settings().database_url))
    return config[PENDING_ENGINE]


def previewed(release_id: int) -> None:
    """Note that this request shows a waiting release: internal mode records it (pre-release access)."""
    if has_request_context():
        g.setdefault(PREVIEWED, release_id)


def previewed_release() -> int | None:
    """The waiting release this request showed, if any."""
    return g.get(PREVIEWED) if has_request_context() else None


def release() -> dict:
    """The live release, read from the database once per request (on flask.g) and never cached
    across requests, so that a new release shows at the next request and one request (its page,
    shell, first paint, share preview and charts) draws from one release throughout."""
    return once_per_request("live-release", None, lambda: queries.live_release(engine()))


def kept(name: str, key):
    """What `once_per_request(name, key, ...)` kept in this request, or None: nothing is built."""
    return g.get(f"vru.{name}", {}).get(key) if has_request_context() else None


def once_per_request(name: str, key, build):
    """`build()`, called once per request (flask.g: the app context a request pushes) for `name` and
    `key` and kept for the rest of it, so that what one request draws it draws from one object."""
    kept = g.setdefault(f"vru.{name}", {})
    if key not in kept:
        kept[key] = build()
    return kept[key]
