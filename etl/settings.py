"""ETL settings, all from the environment (documented in docs/operating.md, "Settings")."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_DIR / "sql"


def data_dir() -> Path:
    """Where the default SQLite databases and the release lock live."""
    return Path(os.environ.get("VRU_DATA_DIR", "data"))


def internal_database_url() -> str:
    return os.environ.get("VRU_INTERNAL_DATABASE_URL") or f"sqlite:///{data_dir() / 'internal.db'}"


def public_database_url() -> str:
    return os.environ.get("VRU_PUBLIC_DATABASE_URL") or f"sqlite:///{data_dir() / 'public.db'}"


def lock_path() -> Path:
    return data_dir() / "etl.lock"


def publish_lock_path() -> Path:
    """Publication's own lock file: a run loading a draft does not hold up a release due now."""
    return data_dir() / "publish.lock"


def extracts_dir() -> Path:
    """The extracts the ETL reads: what providers' returns are checked against and taken into."""
    return Path(os.environ.get("VRU_EXTRACTS_DIR") or data_dir() / "extracts")
