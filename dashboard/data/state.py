"""What the running app knows: its settings and its one database engine.

Kept on the Flask app (set by create_app), not in module globals, so that two apps in
one process (a public and an internal one, as in the tests) never share a database.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app, g

from dashboard.data import queries
from dashboard.settings import Settings

SETTINGS, ENGINE = "vru.settings", "vru.engine"  # Flask config keys, not environment variables
LIVE_RELEASE = "vru_live_release"  # where a request keeps the live release it read (flask.g)


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
    live = g.get(LIVE_RELEASE)
    if live is None:
        live = queries.live_release(engine())
        setattr(g, LIVE_RELEASE, live)
    return live
