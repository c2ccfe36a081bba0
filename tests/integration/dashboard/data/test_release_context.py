"""The dashboard over a real release: routes answer, filters round-trip, boundaries hold."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard.data import queries
from dashboard.pages import overview
from dashboard.ui import filters
from etl import pipeline
from tests.helpers import ROOT



@pytest.fixture(scope="module")
def release_dir(small_release):
    return small_release


@pytest.fixture(scope="module")
def app(public_app):
    return public_app  # built once per session (tests/conftest.py); tests here only send it requests


def test_responses_are_compressed(app):
    response = app.server.test_client().get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_the_public_app_cannot_write(release_dir):
    """Given the public app's engine, when a write is attempted, then SQLite refuses it."""
    from dashboard.data.db import read_only_engine

    engine = read_only_engine(f"sqlite:///{release_dir / 'public.db'}")
    with pytest.raises(sa.exc.OperationalError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM releases"))


def test_filters_round_trip_through_the_query_string(app):
    """Given chosen filters, when written to a query string and parsed back, then the same view is restored."""
    from dashboard.data import release_context

    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
    chosen = {
        "area": "Justice and health",
        "programme": "divert",
        "period": "2023-24 Q2",
        "borough": "E09000022",
        "view": "tiles",
    }
    qs = filters.query_string(chosen)
    assert qs == "?area=Justice+and+health&programme=divert&period=2023-24+Q2&borough=E09000022&view=tiles"
    from urllib.parse import parse_qsl

    parsed = dict(parse_qsl(qs[1:]))
    assert filters.clean(parsed, programmes=ctx.programmes, periods=list(ctx.periods), boroughs=ctx.boroughs) == chosen


def test_a_request_builds_its_release_context_once(app, monkeypatch):
    """The index builds its first paint, title and share preview from one context: one read of the live release
    per request and release asked for, and a fresh one for the next request (a new release shows at once)."""
    from dashboard.data import release_context, state

    reads = []
    real = state.release
    monkeypatch.setattr(state, "release", lambda: reads.append(1) or real())
    with app.server.test_request_context("/"):
        first = release_context.for_request()
        assert release_context.for_request() is first and release_context.for_request("") is first
        assert len(reads) == 1
    with app.server.test_request_context("/"):
        assert release_context.for_request() is not first
        assert len(reads) == 2


def test_unknown_filter_values_fall_back_to_defaults(app):
    from dashboard.data import release_context

    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
    values = filters.clean(
        {"programme": "'; DROP TABLE", "period": "1999-00", "borough": "nowhere"},
        programmes=ctx.programmes,
        periods=list(ctx.periods),
        boroughs=ctx.boroughs,
    )
    assert values["programme"] == "all" and values["borough"] == "all"
    assert values["period"] == filters.financial_years(list(ctx.periods))[-1]


def test_change_sentence_never_compares_a_suppressed_figure():
    text = overview.change_sentence(
        what="young people reached",
        now=None,
        now_status="c",
        before=40,
        before_status="",
        period="2023-24",
        previous="2022-23",
    )
    assert "cannot be compared" in text
    rose = overview.change_sentence(
        what="referrals received",
        now=120,
        now_status="",
        before=100,
        before_status="",
        period="2023-24",
        previous="2022-23",
    )
    assert (
        rose == "Referrals received rose by 20%, from 100 in financial year 2022-23 to 120 in financial year 2023-24."
    )


def test_query_column_lists_match_the_schema():
    """Given the dashboard's table definitions, when compared with sql/schema.sql, then every column exists."""
    from etl.load import apply_schema

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        apply_schema(conn)
        insp = sa.inspect(conn)
        for name, table in queries.TABLES.items():
            assert [c.name for c in table.columns] == [c["name"] for c in insp.get_columns(name)], name


def test_dashboard_never_imports_etl():
    """Given the dashboard package, when its imports are read, then none is from etl (the public app cannot reach ETL
    code)."""
    for path in (ROOT / "dashboard").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "etl" or n.startswith("etl.") for n in names), path


def test_public_settings_never_read_the_internal_url(monkeypatch):
    from dashboard.settings import from_environment

    monkeypatch.setenv("VRU_INTERNAL_DATABASE_URL", "sqlite:///secret.db")
    monkeypatch.setenv("VRU_PUBLIC_DATABASE_URL", "sqlite:///public.db")
    assert from_environment(mode="public").database_url == "sqlite:///public.db"


def _callback_request(client, *, input_ids: dict, changed: str) -> dict:
    """POST the request the browser sends when `changed` changes, built from /_dash-dependencies."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if any(f"{i['id']}.{i['property']}" == changed for i in d["inputs"]))
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": input_ids[i["id"]]} for i in dep["inputs"]],
        "changedPropIds": [changed],
        "state": [
            {"id": st["id"], "property": st["property"], "value": input_ids.get(st["id"], "")}
            for st in dep.get("state", [])
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def test_reach_callback_redraws_for_the_chosen_programme_and_sets_the_url(app):
    """Given the reach page, when the programme filter changes to DIVERT, then the content is about DIVERT and the URL
    carries it."""
    client = app.server.test_client()
    result = _callback_request(
        client,
        changed="reach-programme.value",
        input_ids={"reach-area": "all", "reach-programme": "divert", "reach-period": "2023-24", "reach-borough": "all"},
    )
    assert result["page-query"]["data"] == "?programme=divert&period=2023-24"
    assert "DIVERT (custody diversion)" in str(result["reach-content"]["children"])


def test_crafted_callback_values_cannot_reach_unpublished_cells(app):
    """Given a callback request with values the app never offers, when sent, then the defaults are used instead."""
    client = app.server.test_client()
    result = _callback_request(
        client,
        changed="reach-programme.value",
        input_ids={
            "reach-area": "all",
            "reach-programme": "x' OR 1=1 --",
            "reach-period": "1900-01",
            "reach-borough": "all",
        },
    )
    assert "all programmes" in str(result["reach-content"]["children"])


def test_the_smaller_plotly_bundle_is_served_when_built(app):
    """Given the bundle `make` builds (scripts/build_plotly_bundle.sh), when dcc.Graph asks for plotly.js,
    then it gets that bundle, with the version plotly.py expects and every trace type the figures use."""
    from plotly.offline import get_plotlyjs_version

    from dashboard.app import PLOTLY_BUNDLE

    if not PLOTLY_BUNDLE.exists():
        pytest.skip("no npm on this machine: the app serves plotly's full bundle")
    body = app.server.test_client().get("/_dash-component-suites/plotly/package_data/plotly.min.js").data
    assert body == PLOTLY_BUNDLE.read_bytes()
    text = body.decode("utf-8", errors="replace")
    assert f'version:"{get_plotlyjs_version()}"' in text or f'"{get_plotlyjs_version()}"' in text
    for trace in ("bar", "box", "scatter", "choropleth"):
        assert f'name:"{trace}"' in text or f'moduleType:"trace",name:"{trace}"' in text, trace


def test_downloads_hold_exactly_the_cells_of_the_chart_table(app):
    """Given the reach page for DIVERT in 2023-24, when the gender chart's CSV is downloaded, then its rows
    are the table's rows (with [c] where suppressed), the release and the licence, under a readable name."""
    import csv
    import io

    from dashboard.data import release_context
    from dashboard.pages import reach

    client = app.server.test_client()
    params = {"programme": "divert", "period": "2023-24"}
    response = client.get("/download/reach/reach-gender.csv", query_string=params)
    assert response.status_code == 200
    assert 'filename="london-vru-reach-gender-divert-2023-24-release-' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
        table = reach.BREAKDOWNS[1].view_for(ctx, reach.PAGE.values(ctx, params)).table
    shown = [(r["category"], r["shown"]) for _, r in table.frame.iterrows()]
    assert [(r["Gender"], r["Young people"]) for r in rows] == [(c, v.replace(",", "")) for c, v in shown]
    assert {r["licence"] for r in rows} == {"Open Government Licence v3.0"}


def test_xlsx_download_has_the_data_and_an_about_sheet(app):
    import io

    import openpyxl

    response = app.server.test_client().get("/download/spend/spend-budget.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["data", "about"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=2, values_only=True)}
    assert (
        about["Licence"].startswith("Open Government Licence v3.0")
        and about["Source"] == "London Violence Reduction Unit"
    )


@pytest.mark.parametrize(
    "url", ["/download/reach/no-such-chart.csv", "/download/nowhere/reach-trend.csv", "/download/reach/reach-trend.pdf"]
)
def test_unknown_downloads_are_404(app, url):
    assert app.server.test_client().get(url).status_code == 404


@pytest.fixture(scope="module")
def two_releases(small_extracts_master, tmp_path_factory):
    """A public database with releases 1 and 2 (2 live)."""
    data = tmp_path_factory.mktemp("two-releases")
    urls = {"internal_url": f"sqlite:///{data / 'internal.db'}", "public_url": f"sqlite:///{data / 'public.db'}"}
    mp = pytest.MonkeyPatch()
    mp.setenv("VRU_DATA_DIR", str(data))
    for _ in range(2):
        pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    mp.undo()
    from dashboard.app import create_app
    from dashboard.settings import Settings

    return create_app(settings=Settings(mode="public", database_url=urls["public_url"]))


def test_a_permalink_can_pin_an_earlier_release(two_releases):
    """Given releases 1 and 2, when a view pins release=1, then its content, its URL and its downloads are of release 1;
    an unknown release falls back to the live one."""
    from dashboard.data.release_context import for_request

    with two_releases.server.test_request_context("/"):
        assert for_request("1").release_id == 1 and for_request("1").pinned
        assert for_request("99").release_id == 2 and not for_request("99").pinned
        assert for_request(None).release_id == 2
    client = two_releases.server.test_client()
    result = _callback_request(
        client,
        changed="reach-programme.value",
        input_ids={
            "reach-area": "all",
            "reach-programme": "divert",
            "reach-period": "2023-24",
            "reach-borough": "all",
            "reach-release": "1",
        },
    )
    assert result["page-query"]["data"] == "?programme=divert&period=2023-24&release=1"
    download = client.get("/download/reach/reach-trend.csv", query_string={"release": "1"})
    assert download.headers["X-Release-Id"] == "1" and download.data.decode().splitlines()[1].endswith(
        ",1,Open Government Licence v3.0"
    )
    assert client.get("/download/reach/reach-trend.csv").headers["X-Release-Id"] == "2"
    # The page as first painted: its filter form (which works without JavaScript) keeps to release 1.
    copy = client.get("/reach?release=1").get_data(as_text=True)
    form = copy[copy.index("<form") : copy.index("</form>")]
    assert '<input value="1" type="hidden" name="release">' in form
    live = client.get("/reach").get_data(as_text=True)
    assert 'name="release"' not in live[live.index("<form") : live.index("</form>")]


def test_embed_shows_one_chart_with_its_source_and_may_be_framed(app):
    """Given a chart, when its embed view is requested, then it has the chart's figure, table, source line and a link
    back, and it alone may be framed by other sites."""
    client = app.server.test_client()
    response = client.get("/embed/reach/reach-gender?programme=divert&period=2023-24")
    assert response.status_code == 200
    html = response.data.decode()
    assert "Young people reached by gender, financial year 2023-24" in html
    assert 'id="embed-figure"' in html and "<table" in html
    assert "Source: London Violence Reduction Unit, release" in html and "Open Government Licence v3.0" in html
    assert 'href="/reach?programme=divert&amp;period=2023-24"' in html
    assert (
        "frame-ancestors *" in response.headers["Content-Security-Policy"] and "X-Frame-Options" not in response.headers
    )
    page = client.get("/reach")
    assert (
        "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        and page.headers["X-Frame-Options"] == "DENY"
    )
    assert client.get("/embed/reach/no-such-chart").status_code == 404


def test_a_database_from_before_release_notes_gains_the_column():
    """Given a releases table made before `note` existed, when the schema is applied, then the column is added."""
    from etl.load import apply_schema

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE releases (release_id INTEGER PRIMARY KEY, created_at TEXT NOT NULL)")
        apply_schema(conn)
        assert "note" in {c["name"] for c in sa.inspect(conn).get_columns("releases")}


def test_revisions_list_every_release_with_its_note_and_changes(two_releases):
    import dash

    # The page as Dash registered it (importing dashboard.pages.revisions would register it twice).
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/revisions")
    with two_releases.server.test_request_context("/"):
        text = str(layout())
    assert "Release 2" in text and "Release 1" in text and "(live)" in text
    assert "published figures differ from release 1" in text and "View as published" in text


def test_services_postcode_search_filters_the_directory_and_keeps_its_state_in_the_url(app):
    """Given the services page, when a postcode is typed, then the message names its boroughs, the count is of services
    covering any of them, and the URL carries the search; the directory's CSV holds exactly the services listed."""
    import csv
    import io

    client = app.server.test_client()
    inputs = {
        "services-q": "",
        "services-postcode": "se1 7pb",
        "services-area": "all",
        "services-borough": "all",
        "services-closed": False,
        "services-shade": "",
        "services-age": "",
        "services-route": "all",
    }
    result = _callback_request(client, changed="services-postcode.value", input_ids=inputs)
    assert result["page-query"]["data"] == "?postcode=SE1+7PB"
    text = str(result["services-content"]["children"])
    assert "SE1 7PB is in postcode district SE1" in text and "covers parts of Southwark and Lambeth" in text
    shown = int(re.search(r"(\d[\d,]*) services? match", text).group(1).replace(",", ""))
    download = client.get("/download/services/services-directory.csv?postcode=SE1+7PB")
    assert (
        download.status_code == 200
        and "london-vru-services-directory-se1-7pb-release-" in download.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(download.data.decode())))
    assert len(rows) == shown > 0
    assert all(
        r["Areas covered"] == "London-wide" or {"Southwark", "Lambeth"} & set(r["Areas covered"].split(", "))
        for r in rows
    )
    assert client.get("/embed/services/services-directory").status_code == 404  # a list, not a chart
    assert client.get("/embed/services/services-map?postcode=SE1").status_code == 200


@pytest.mark.parametrize(
    ("postcode", "message"), [("M1 1AE", "M1 1AE is outside London"), ("not a postcode", "is not a UK postcode")]
)
def test_services_search_explains_a_postcode_it_cannot_place(app, postcode, message):
    from dashboard.exports import view_request

    with app.server.test_request_context("/"):
        directory = view_request.resolve("services", "services-directory", {"postcode": postcode}, strict=False)
    assert len(directory.record.table.frame) == 0
    result = _callback_request(
        app.server.test_client(),
        changed="services-postcode.value",
        input_ids={
            "services-q": "",
            "services-postcode": postcode,
            "services-area": "all",
            "services-borough": "all",
            "services-closed": False,
            "services-shade": "",
            "services-age": "",
            "services-route": "all",
        },
    )
    assert message in str(result["services-content"]["children"]) and "0 services match." in str(
        result["services-content"]["children"]
    )
