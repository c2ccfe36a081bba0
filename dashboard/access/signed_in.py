"""Who is signed in: the running internal app's auth database and the user of this request's session.

Its own module because both sign-in (dashboard/access/auth.py) and the audit trail (dashboard/access/audit_trail.py,
which records sign-ins) need it; with it in auth.py the two imported each other.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app, g, session

from dashboard.access import sessions
from dashboard.data import state

STORE = "vru.auth_store"  # Flask config key of the auth database's engine


def set_store(server: Flask, engine: sa.Engine) -> None:
    server.config[STORE] = engine


def store() -> sa.Engine:
    """The running internal app's own auth database engine, whose tables exist from start-up
    (concurrent first requests must not each create an engine and the schema)."""
    return current_app.config[STORE]


def user() -> str | None:
    """The user whose live session this request's cookie names, or None (looked up once per request)."""
    if "vru_user" not in g:
        session_id = session.get("sid")
        idle_seconds = state.settings().session_idle_minutes * 60
        g.vru_user = (
            sessions.user_of(store(), session_id=session_id, idle_seconds=idle_seconds)
            if isinstance(session_id, str)
            else None
        )
    return g.vru_user
