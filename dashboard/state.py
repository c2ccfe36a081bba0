"""What the running app knows: its settings and its one database engine (set by create_app)."""
from __future__ import annotations

import sqlalchemy as sa

from dashboard import queries
from dashboard.settings import Settings

_settings: Settings | None = None
_engine: sa.Engine | None = None


def configure(settings: Settings, engine: sa.Engine) -> None:
    global _settings, _engine
    _settings, _engine = settings, engine


def settings() -> Settings:
    if _settings is None:
        raise RuntimeError("the dashboard is not configured: create it with dashboard.app.create_app()")
    return _settings


def engine() -> sa.Engine:
    if _engine is None:
        raise RuntimeError("the dashboard is not configured: create it with dashboard.app.create_app()")
    return _engine


def release() -> dict:
    return queries.live_release(engine())
