"""Release 1 of the small extracts, made by `vru-etl run`, for the tests of runs that must refuse bad extracts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.extracts import DATABASES, Databases, db_state, run_etl


@pytest.fixture(scope="session")
def good_release(small_extracts_master, tmp_path_factory) -> tuple[Path, dict]:
    """One good run per session on the unmodified extracts: release 1 (copied into each test by `databases`, so that
    no test changes it)."""
    data = tmp_path_factory.mktemp("release-1")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        for var in ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL", "VRU_PSEUDONYM_KEY", "VRU_MAX_INPUT_BYTES"):
            mp.delenv(var, raising=False)
        assert run_etl(small_extracts_master) == 0
    state = db_state(data)
    assert state["public.db", "releases"] == [(1, 1)]
    assert state["public.db", "published_counts"][0] > 0
    return data, state


@pytest.fixture
def databases(good_release, data_dir) -> Databases:
    """Given release 1 is live in the fresh VRU_DATA_DIR."""
    source, state = good_release
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in DATABASES:
        shutil.copy2(source / name, data_dir / name)
    return Databases(data_dir, state)
