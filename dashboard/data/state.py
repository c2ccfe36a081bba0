"""What the running app knows: its settings and its one database engine; and what one request has
read (the live release, and anything else kept with `once_per_request`).

Kept on the Flask app (set by create_app) and on flask.g, not in module globals, so that two apps in
one process (a public and an internal one, as in the tests) never share a database.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app, g

from dashboard.data import queries
from dashboard.settings import Settings

SETTINGS, ENGINE = "vru.settings", "vru.engine"  # Flask config keys, not environment variables


def configure(server: Flask, settings: Settings, engine: sa.Engine) -> None:
    server.config[SETTINGS] = settings
    server.config[ENGINE] = engine


def settings() -> Settings:
    return current_app.config[SETTINGS]


def engine() -> sa.Engine:
    return current_app.config[ENGINE]


def release() -> dict:
    """The live release, read from the database once per request (on flask.g) and never cached
    across requests, so that a new release shows at the next request and one request (its page,
    shell, first paint, share preview and charts) draws from one release throughout."""
    return once_per_request("live-release", None, lambda: queries.live_release(engine()))


def once_per_request(name: str, key, build):
    """`build()`, called once per request (flask.g: the app context a request pushes) for `name` and
    `key` and kept for the rest of it, so that what one request draws it draws from one object."""
    kept = g.setdefault(f"vru.{name}", {})
    if key not in kept:
        kept[key] = build()
    return kept[key]
