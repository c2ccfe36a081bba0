"""Fixtures every tier may share, and the tiers' markers (tests/README.md).

- the small extracts, generated once per session, and a private copy a test may edit; the release the ETL makes of
  them, and the public app on it;
- the internal dashboard's users' database with the tests' one user, and sign-in throttling turned down;
- a real, throwaway PostgreSQL server for the session, larger extracts for whole runs on it, and release 1 on it.

Fixtures shared by one tier or one package are in the conftest.py beside those tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.access import throttle, users
from etl import pipeline
from etl.demo.generate import generate
from tests.support.extracts import AS_OF_DATE, RELEASE_PARTICIPANTS, SEED, SMALL_PARTICIPANTS
from tests.support.postgres import PostgresServer, find_pg_bindir
from tests.support.signin import PASSWORD, USERNAME

# ---------------------------------------------------------------------------------------------------- the tiers
# A test's folder is its tier, and its markers follow from the folder, so that `-m` picks the same tests as the
# folders do: tests/integration `integration`; tests/browser `slow` and `integration` (each serves a release);
# `postgres` wherever a test uses the PostgreSQL server. A few long integration tests are also marked `slow` by hand.
TIER_MARKS = {"integration": ("integration",), "browser": ("slow", "integration")}
POSTGRES_FIXTURES = frozenset({"pg_server", "pg_urls"})
# What a unit test may not use: a release built by the ETL, an app, a server, a browser. A test in tests/unit that
# asks for one is a collection error, so that a slow test cannot land in the fast loop by mistake.
NOT_UNIT_FIXTURES = POSTGRES_FIXTURES | {
    "small_release",
    "public_app",
    "release_extracts",
    "data_dir",
    "databases",
    "two_releases",
    "draft_release",
    "internal_app",
    "redis_server",
    "browser",
    "page",
    "dashboard_url",
}


def _direct_parameters(item) -> set[str]:
    """The names a test is parametrized by directly: a parameter named like a fixture (`page`) uses no fixture."""
    names = set()
    for mark in item.iter_markers("parametrize"):
        argnames = mark.args[0]
        if isinstance(argnames, str):
            argnames = [a.strip() for a in argnames.split(",")]
        indirect = mark.kwargs.get("indirect", False)
        names |= {
            a for a in argnames if not (indirect is True or (isinstance(indirect, list | tuple) and a in indirect))
        }
    return names


def _tier(item) -> str:
    parts = Path(str(item.path)).relative_to(Path(__file__).parent).parts
    return parts[0] if len(parts) > 1 else ""


def pytest_collection_modifyitems(config, items):
    misplaced = []
    for item in items:
        tier = _tier(item)
        for mark in TIER_MARKS.get(tier, ()):
            item.add_marker(getattr(pytest.mark, mark))
        used = set(item.fixturenames) - _direct_parameters(item)
        if used & POSTGRES_FIXTURES:
            item.add_marker(pytest.mark.postgres)
        if tier == "unit" and used & NOT_UNIT_FIXTURES:
            misplaced.append(f"{item.nodeid} uses {', '.join(sorted(used & NOT_UNIT_FIXTURES))}")
    if misplaced:
        raise pytest.UsageError(
            "tests/unit holds unit tests only (tests/README.md); move these to tests/integration or tests/browser:\n  "
            + "\n  ".join(misplaced)
        )


# ---------------------------------------------------------------------------------------------------- extracts
@pytest.fixture(scope="session")
def small_extracts_master(tmp_path_factory) -> Path:
    """Generated once per session; copy it (small_extracts) before changing files."""
    out = tmp_path_factory.mktemp("extracts")
    generate(out, participants=SMALL_PARTICIPANTS, seed=SEED, as_of=AS_OF_DATE)
    return out


@pytest.fixture
def small_extracts(small_extracts_master, tmp_path) -> Path:
    """A private copy of the small extracts that a test may edit."""
    out = tmp_path / "extracts"
    shutil.copytree(small_extracts_master, out)
    return out


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """Point the ETL's default SQLite databases and lock file at a fresh folder."""
    d = tmp_path / "data"
    monkeypatch.setenv("VRU_DATA_DIR", str(d))
    monkeypatch.delenv("VRU_INTERNAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("VRU_PUBLIC_DATABASE_URL", raising=False)
    monkeypatch.delenv("VRU_PSEUDONYM_KEY", raising=False)
    return d


@pytest.fixture(scope="session")
def small_release(small_extracts_master, tmp_path_factory) -> Path:
    """A folder with internal.db and public.db holding one release of the small extracts (do not write to it)."""
    data = tmp_path_factory.mktemp("small-release")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))  # its own release lock, not the checkout's data/etl.lock
        pipeline.run(
            small_extracts_master,
            demo=True,
            as_of=AS_OF_DATE,
            internal_url=f"sqlite:///{data / 'internal.db'}",
            public_url=f"sqlite:///{data / 'public.db'}",
        )
    return data


@pytest.fixture(scope="session")
def draft_release(small_release, small_extracts_master, tmp_path_factory) -> Path:
    """A folder with release 1 published (the small release) and release 2 a draft of slightly fewer participants,
    waiting in the pending tables, with a note (do not write to it: copy it, tests/support/publication.py)."""
    from tests.support.publication import DRAFT_NOTE, copy_folder, fewer_participants

    data = tmp_path_factory.mktemp("draft-release")
    urls = copy_folder(small_release, data)
    extracts = tmp_path_factory.mktemp("draft-extracts")
    shutil.copytree(small_extracts_master, extracts, dirs_exist_ok=True)
    fewer_participants(extracts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        report = pipeline.run(
            extracts,
            demo=True,
            publish_now=False,
            as_of=AS_OF_DATE,
            note=DRAFT_NOTE,
            internal_url=urls["internal"],
            public_url=urls["public"],
        )
    assert report.release_id == 2
    return data


@pytest.fixture(scope="session")
def public_app(small_release):
    """The public dashboard on the small release, built once per session (about a second each time it
    is built): the modules that use it only send it requests, none changes its settings."""
    from dashboard.app import create_app
    from dashboard.settings import Settings

    return create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))


# ---------------------------------------------------------------------------------------------------- sign-in
@pytest.fixture
def auth_url(tmp_path) -> str:
    """A fresh users' database for internal mode, holding the tests' one user (tests/support/signin.py)."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(url), username=USERNAME, password=PASSWORD)
    return url


@pytest.fixture
def auth_store(auth_url):
    """The users' database at auth_url, open."""
    return users.engine(auth_url)


@pytest.fixture
def no_backoff(monkeypatch):
    """Back-off off, so that the failure limit alone is what a test sees."""
    monkeypatch.setattr(throttle, "BACKOFF_SECONDS", 0)


@pytest.fixture
def quick_password_hashing(monkeypatch):
    """argon2id at its cheapest for tests of what a sign-in leads to (sessions, revocation), where a
    hash at the production cost (64 MiB, three passes: about 0.1 s quiet, seconds on a loaded
    machine) checks nothing. Not for the throttle tests: their concurrent guesses must overlap."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(users, "_hasher", cheap)
    monkeypatch.setattr(users, "_DUMMY_HASH", cheap.hash("not-a-real-password-used-for-timing-only"))


# ---------------------------------------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole session, stopped (and its files removed) at the end. `.url(db)`,
    `.create_database()`, `.drop_database()`, `.connect()`, `.restart()`, `.stop()`, `.start()`, `.running()`, and
    `with pg_server.stopped(): ...` (an outage; started again afterwards, even on failure)."""
    server = PostgresServer(find_pg_bindir())
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def pg_urls(pg_server: PostgresServer) -> Iterator[tuple[str, str]]:
    """(internal_url, public_url): two fresh, empty databases, dropped after the test."""
    names = [pg_server.create_database("vru_internal"), pg_server.create_database("vru_public")]
    try:
        yield pg_server.url(names[0]), pg_server.url(names[1])
    finally:
        for name in names:
            pg_server.drop_database(name)


@pytest.fixture(scope="session")
def release_extracts(tmp_path_factory) -> Path:
    """Synthetic extracts for whole runs (generated once per session; do not edit them): big enough for a run to pass
    the disclosure audit quickly and for a load to take a moment (kill tests)."""
    out = tmp_path_factory.mktemp("release-extracts")
    generate(out, participants=RELEASE_PARTICIPANTS, seed=SEED, as_of=AS_OF_DATE)
    return out


@pytest.fixture(scope="session")
def pg_release1(pg_server, release_extracts, tmp_path_factory):
    """Two PostgreSQL template databases (internal, public) with release 1 of the release extracts, built by the
    ETL once per session; tests copy them (CREATE DATABASE ... TEMPLATE), never change them."""
    names = (pg_server.create_database("vru_tmpl_internal"), pg_server.create_database("vru_tmpl_public"))
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("VRU_DATA_DIR", str(tmp_path_factory.mktemp("pg-release1")))
            report = pipeline.run(
                release_extracts,
                demo=True,
                internal_url=pg_server.url(names[0]),
                public_url=pg_server.url(names[1]),
                as_of=AS_OF_DATE,
            )
        assert report.release_id == 1
        yield names
    finally:
        for n in names:
            pg_server.drop_database(n)


@pytest.fixture
def pg_public_db(pg_server, pg_release1) -> Iterator[str]:
    """A copy of release 1's public database; its name."""
    name = pg_server.create_database("vru_dash", template=pg_release1[1])
    try:
        yield name
    finally:
        if not pg_server.running():
            pg_server.start()
        pg_server.drop_database(name)
