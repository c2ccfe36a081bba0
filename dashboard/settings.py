"""Dashboard settings, all from the environment (documented in README.md, "Settings")."""
from __future__ import annotations

import os
from dataclasses import dataclass

MODES = ("public", "internal")


class SettingsError(Exception):
    """A setting is missing or wrong; the app refuses to start."""


@dataclass(frozen=True)
class Settings:
    mode: str
    database_url: str  # public mode: the public database, and nothing else
    redis_url: str | None = None  # REDIS_URL: the cache shared by every worker; None: each worker caches alone

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def _default_sqlite(name: str) -> str:
    return f"sqlite:///{os.path.join(os.environ.get('VRU_DATA_DIR', 'data'), name)}"


def from_environment(*, mode: str | None = None) -> Settings:
    mode = mode or os.environ.get("VRU_MODE", "public")
    if mode not in MODES:
        raise SettingsError(f"VRU_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "public":
        # The public app is never given the internal database's address.
        url = os.environ.get("VRU_PUBLIC_DATABASE_URL") or _default_sqlite("public.db")
    else:
        url = os.environ.get("VRU_INTERNAL_DATABASE_URL") or _default_sqlite("internal.db")
    return Settings(mode=mode, database_url=url, redis_url=os.environ.get("REDIS_URL") or None)
