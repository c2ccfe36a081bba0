"""The visual snapshots' own release and servers, on a fixed date (tests/support/frozen_clock.py).

- `frozen_release` (session): a data folder with one release of the small extracts, made at FROZEN_AT.
- `frozen_public_url`, `frozen_internal_url` (session): the public and the internal dashboard under gunicorn on it,
  their clocks starting at FROZEN_AT; the internal one with the tests' one user.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import pipeline
from tests.support.extracts import AS_OF_DATE
from tests.support.frozen_clock import frozen
from tests.support.servers import gunicorn_server, server_env
from tests.support.signin import internal_server

FROZEN_APP = "tests.support.frozen_clock:app()"


@pytest.fixture(scope="session")
def frozen_release(small_extracts_master, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("frozen-release")
    with pytest.MonkeyPatch.context() as mp, frozen():
        mp.setenv("VRU_DATA_DIR", str(data))
        pipeline.run(
            small_extracts_master,
            demo=True,
            as_of=AS_OF_DATE,
            internal_url=f"sqlite:///{data / 'internal.db'}",
            public_url=f"sqlite:///{data / 'public.db'}",
        )
    return data


@pytest.fixture(scope="session")
def frozen_public_url(frozen_release, tmp_path_factory) -> Iterator[str]:
    env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(frozen_release))
    with gunicorn_server(env, tmp_path_factory.mktemp("frozen-public") / "gunicorn.log", app=FROZEN_APP) as base:
        yield base


@pytest.fixture(scope="session")
def frozen_internal_url(frozen_release, tmp_path_factory) -> Iterator[str]:
    with internal_server(frozen_release, tmp_path_factory.mktemp("frozen-internal"), app=FROZEN_APP) as base:
        yield base
