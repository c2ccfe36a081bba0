"""PostgreSQL roles (sql/postgres_roles.sql): the public role reads the public schema and nothing else."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from etl import pipeline
from tests.support import ROOT

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def roles_database(pg_server, small_extracts_master, tmp_path_factory):
    """Given a database set up by sql/postgres_roles.sql and a release loaded by the vru_etl role."""
    name = pg_server.create_database("vru_roles")
    with pg_server.connect(name) as conn:
        conn.execute((ROOT / "sql" / "postgres_roles.sql").read_text())
    base = f"postgresql+psycopg://vru_etl@127.0.0.1:{pg_server.port}/{name}?options=-csearch_path%3D"
    mp = pytest.MonkeyPatch()
    mp.setenv("VRU_DATA_DIR", str(tmp_path_factory.mktemp("roles-lock")))
    pipeline.run(
        small_extracts_master,
        demo=True,
        as_of=dt.date(2026, 11, 22),
        internal_url=base + "vru_internal",
        public_url=base + "vru_public",
    )
    mp.undo()
    yield name
    pg_server.drop_database(name)


def _as(pg_server, role: str, dbname: str) -> psycopg.Connection:
    return psycopg.connect(host="127.0.0.1", port=pg_server.port, user=role, dbname=dbname, autocommit=True)


def test_public_role_reads_the_public_schema(pg_server, roles_database):
    with _as(pg_server, "vru_public_app", roles_database) as conn:
        count = conn.execute("SELECT count(*) FROM published_counts").fetchone()[0]
    assert count > 0


def test_public_role_cannot_read_internal_tables(pg_server, roles_database):
    """When the public role reads an internal table, then PostgreSQL refuses with a permission error."""
    with _as(pg_server, "vru_public_app", roles_database) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM vru_internal.published_counts")
    with _as(pg_server, "vru_public_app", roles_database) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM vru_internal.data_quality_findings")


def test_public_role_cannot_write(pg_server, roles_database):
    with _as(pg_server, "vru_public_app", roles_database) as conn, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        conn.execute("DELETE FROM releases")


def test_internal_role_reads_both(pg_server, roles_database):
    with _as(pg_server, "vru_internal_app", roles_database) as conn:
        assert conn.execute("SELECT count(*) FROM data_quality_findings").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM vru_public.published_counts").fetchone()[0] > 0


def test_public_dashboard_runs_as_the_public_role(pg_server, roles_database):
    """Given the public app connected as vru_public_app, when its pages load, then they answer from the public
    schema."""
    from dashboard.app import create_app
    from dashboard.settings import Settings

    app = create_app(
        settings=Settings(
            mode="public",
            database_url=f"postgresql+psycopg://vru_public_app@127.0.0.1:{pg_server.port}/{roles_database}",
        )
    )
    c = app.server.test_client()
    assert c.get("/_dash-layout").status_code == 200
    assert c.get("/healthz").get_json()["status"] == "ok"


def test_public_role_cannot_read_the_pending_tables(pg_server, roles_database):
    """When the public role reads the tables of a release waiting for publication, then PostgreSQL refuses with a
    permission error: nothing unpublished can reach the public site, whatever it asks."""
    with (
        _as(pg_server, "vru_public_app", roles_database) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for schema vru_pending"),
    ):
        conn.execute("SELECT count(*) FROM vru_pending.published_counts")


def test_internal_role_reads_the_pending_tables_and_writes_release_control_only(pg_server, roles_database):
    """Given the internal app's role, then it reads the pending tables (previews), and in a read-write transaction may
    write the calendar and a release's state, but not a figure nor which release is live."""
    with _as(pg_server, "vru_internal_app", roles_database) as conn:
        conn.execute("SELECT count(*) FROM vru_pending.releases")
        with conn.transaction():
            conn.execute("SET TRANSACTION READ WRITE")
            conn.execute(
                "INSERT INTO release_calendar VALUES ('e1', '2027-01-12T09:30:00+00:00', 'Q3', 'announced', NULL, 0, "
                "'2026-12-01T10:00:00+00:00', '2026-12-01T10:00:00+00:00')"
            )
            conn.execute("UPDATE releases SET state = state, withdrawal_reason = withdrawal_reason")
        for statement in ("UPDATE published_counts SET value = 0", "UPDATE releases SET is_live = NOT is_live"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _write(conn, statement)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):  # read-only unless a write is asked for
            conn.execute("DELETE FROM release_calendar")


def _write(conn: psycopg.Connection, statement: str) -> None:
    """`statement` in a transaction that asks to write, as the internal app's release actions do."""
    with conn.transaction():
        conn.execute("SET TRANSACTION READ WRITE")
        conn.execute(statement)
