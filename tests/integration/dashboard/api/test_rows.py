"""The APIs' CSV (dashboard/api/rows.py, written for /api/v1/ and /internal/api/v1/ alike) on a release whose
register holds text a spreadsheet would run: the ETL accepts a service named like a formula, and every CSV the site
serves writes it as text, as the downloads and the Committee report do."""

from __future__ import annotations

import pytest

from dashboard.access import users
from dashboard.settings import Settings
from etl import pipeline
from tests.support.extracts import AS_OF_DATE, first_row, read_table, set_cell
from tests.support.signin import PASSWORD, SECRET, USERNAME, https_client, sign_in
from tests.support.spreadsheets import FORMULAS
from tests.support.web import parse_csv

NAMED = {"SVC001": FORMULAS[0], "SVC002": FORMULAS[3], "SVC003": FORMULAS[4]}  # =HYPERLINK(...), -2+3, @SUM(A1:A9)


@pytest.fixture(scope="module")
def formula_release(small_extracts_master, tmp_path_factory):
    """A release of the small extracts with three services named like formulas, made by the ETL."""
    import shutil

    folder = tmp_path_factory.mktemp("formula-extracts")
    shutil.copytree(small_extracts_master, folder, dirs_exist_ok=True)
    services = read_table(folder, "services")
    for service_id, name in NAMED.items():
        set_cell(
            folder, "services", row=first_row(services, services["service_id"] == service_id), column="name", value=name
        )
    data = tmp_path_factory.mktemp("formula-release")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        pipeline.run(
            folder,
            demo=True,
            as_of=AS_OF_DATE,
            internal_url=f"sqlite:///{data / 'internal.db'}",
            public_url=f"sqlite:///{data / 'public.db'}",
        )
    return data


def _names(body: bytes) -> dict[str, str]:
    header, *rows = parse_csv(body)
    return {r[header.index("service_id")]: r for r in rows} | {"header": header}


def _check(rows: dict) -> None:
    header = rows["header"]
    for service_id, name in NAMED.items():
        assert rows[service_id][header.index("name")] == "'" + name, service_id
    # Numbers stay numbers: only text is ever changed.
    value = rows["SVC001"][header.index("annual_value_gbp")]
    assert float(value) > 0 and not value.startswith("'")


def test_a_service_named_like_a_formula_is_text_in_the_open_data_csv(formula_release):
    """Given a service named =HYPERLINK(...) in the register extract, when /api/v1/services.csv (and
    ?format=csv) is asked for, then the cell starts with an apostrophe (before: served raw); the JSON keeps
    the name as published."""
    from dashboard.app import create_app

    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{formula_release / 'public.db'}"))
    client = app.server.test_client()
    for path in ("/api/v1/services.csv", "/api/v1/services?format=csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        _check(_names(response.data))
    rows = client.get("/api/v1/services").get_json()["rows"]
    assert {r["service_id"]: r["name"] for r in rows}["SVC001"] == NAMED["SVC001"]


def test_a_service_named_like_a_formula_is_text_in_the_internal_csv(formula_release, tmp_path):
    """The internal API writes its CSV with the same function: the same name is text there too."""
    from dashboard.app import create_app

    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(auth_url), username=USERNAME, password=PASSWORD)
    app = create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{formula_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )
    client = https_client(app)
    sign_in(client)
    response = client.get("/internal/api/v1/services.csv")
    assert response.status_code == 200
    _check(_names(response.data))
