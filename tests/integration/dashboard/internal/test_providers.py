"""Internal mode as a performance-management tool (issue 17), over HTTP with Flask's test client:
what needs attention and the pages it links to, providers compared, spend against profile, KPI
trajectories in both modes, the internal API and the audit trail."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time

import pytest

from dashboard.access import audit_trail, throttle, users
from dashboard.settings import DEFAULT_AUDIT_RETENTION_DAYS, Settings, SettingsError, from_environment
from tests.helpers import query
from tests.integration.dashboard.access.test_auth import PASSWORD, SECRET, client, csrf

USER = "director"


@pytest.fixture(scope="module")
def auth_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}"


@pytest.fixture(scope="module")
def app(small_release, auth_url):
    from dashboard.app import create_app

    users.add_user(users.engine(auth_url), username=USER, password=PASSWORD)
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    """These tests sign in right after a failure, faster than a person retypes; the back-off after a
    failure (dashboard/access/throttle.py) has its own tests in tests/test_sign_in_throttle.py."""
    monkeypatch.setattr(throttle, "BACKOFF_SECONDS", 0)


@pytest.fixture
def signed_in(app):
    c = client(app)
    response = c.post("/signin", data={"username": USER, "password": PASSWORD, "csrf_token": csrf(c)})
    assert response.status_code == 302
    return c


def _page(c, path: str) -> str:
    response = c.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return response.data.decode()


def _main_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace("&#x27;", "'")


# ------------------------------------------------------------------ pages
def test_sign_in_lands_on_what_needs_attention(app):
    c = client(app)
    response = c.post("/signin", data={"username": USER, "password": PASSWORD, "csrf_token": csrf(c)})
    assert response.headers["Location"] == "/internal/attention"


def test_attention_names_an_off_track_kpi_a_late_and_a_missing_return_and_spend_off_profile_each_linking_to_its_page(
    signed_in,
):
    """Given the demo release, when the landing page is read, then the generator's guaranteed items are there, and each
    link opens a page that shows the same thing."""
    html = _page(signed_in, "/internal/attention")
    text = _main_text(html)
    assert "Young people who say they feel safer: off track" in text
    assert "return missing" in text and "return late" in text
    assert re.search(r"Parent Carer Champions: [0-9.]+% over profile", text)
    trajectory = re.search(
        r'href="(/kpis/trajectories\?programme=hospital-youth-work#kpi-hospital-feel-safer)"', html
    ).group(1)
    assert "Off track" in _main_text(_page(signed_in, trajectory.split("#")[0]))
    spend = (
        re.search(r'href="(/internal/spend-profile\?programme=parent-carer-champions&amp;year=2025-26)"', html)
        .group(1)
        .replace("&amp;", "&")
    )
    assert "over profile" in _main_text(_page(signed_in, spend))
    returns = re.search(r'href="(/internal/providers\?programme=summer-activities)"', html).group(1)
    assert "Providers compared: Summer activities programme" in _main_text(_page(signed_in, returns))


def test_provider_comparison_names_every_provider_of_a_multi_provider_programme_with_true_figures(
    signed_in, small_release
):
    """Given MyEnds (three providers), then each is named with its true (unrounded) reach, and the programme average is
    shown."""
    text = _main_text(_page(signed_in, "/internal/providers?programme=myends&year=2025-26"))
    rows = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT p.name, s.participants FROM provider_summary s JOIN providers p USING (release_id, provider_id) "
        "WHERE s.programme_id = 'myends' AND s.financial_year = '2025-26'",
    )
    assert len(rows) == 3
    for name, participants in rows:
        assert re.search(rf"{re.escape(name)} [0-9,]+ {participants:,} ", text), name
    assert "Programme average" in text and "KPIs against target" in text
    assert any(p % 5 for _, p in rows)  # true counts: not rounded to 5


def test_every_provider_table_prints_counts_and_money_as_the_comparison_does(signed_in, small_release):
    """/internal/providers lists every provider under the comparison's own headings and number formats: it had
    headings of its own for the same columns, and printed the demo release's 3807 beside £922,987. (The small
    release's counts are under 1,000; its sums of money are not.)"""
    html = _page(signed_in, "/internal/providers?year=2025-26")
    table = html[html.index("Referrals, young people started, completions and spend by provider, 2025-26") :]
    table = table[: table.index("</table>")]
    headings = re.findall(r"<th[^>]*>([^<]+)</th>", table)
    assert headings == [
        "Programme",
        "Provider",
        "Young people started",
        "Referrals",
        "Completed",
        "Spend",
        "Spend per young person",
    ]
    ((largest,),) = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT max(participants) FROM provider_summary WHERE financial_year = '2025-26'",
    )
    assert f">{largest:,}<" in table
    assert not re.search(r">[0-9]{4,}<", table)  # no count or sum without its separators


def test_a_completion_rate_is_of_the_referrals_ended_so_never_over_100_percent(signed_in, small_release):
    """Completions over people started gave Stronger Futures' providers 120% on the demo release: the rate is
    now completions over leavers (referrals ended in the year, completed or withdrawn)."""
    rows = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT p.name, s.completions, s.leavers FROM provider_summary s JOIN providers p USING (release_id, "
        "provider_id) "
        "WHERE s.programme_id = 'myends' AND s.financial_year = '2025-26'",
    )
    assert rows and all(leavers is not None and completions <= leavers for _name, completions, leavers in rows), rows
    text = _main_text(_page(signed_in, "/internal/providers?programme=myends&year=2025-26"))
    for name, completions, leavers in rows:
        assert f" {completions:,} {100 * completions / leavers:.1f}% " in text.split(name, 1)[1][:120], name


@pytest.mark.parametrize(
    "sort", ["provider", "referrals", "completion_rate", "cost_per_completion_gbp", "returns", "nonsense"]
)
def test_provider_comparison_sorts_by_any_column_and_ignores_unknown_ones(signed_in, sort):
    html = _page(signed_in, f"/internal/providers?programme=myends&sort={sort}&order=asc")
    assert 'aria-sort="' in html


def test_provider_comparison_sort_order_follows_the_column(signed_in):
    def order(direction):
        text = _main_text(
            _page(signed_in, f"/internal/providers?programme=myends&year=2025-26&sort=participants&order={direction}")
        )
        names = ["Bridges Community Consortium", "Eastside Community Hubs", "Westway Youth Clubs"]
        table = text.split("Providers of MyEnds")[1]
        return sorted(names, key=table.index)

    assert order("asc") == list(reversed(order("desc")))


def test_spend_profile_reads_the_etls_position_for_every_programme(signed_in, small_release):
    text = _main_text(_page(signed_in, "/internal/spend-profile?year=2025-26"))
    ((spent, pct),) = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT spend_to_date_gbp, variance_pct FROM spend_position WHERE programme_id = 'parent-carer-champions' AND "
        "financial_year = '2025-26'",
    )
    assert f"£{spent:,.0f}" in text and f"+{pct:.1f}%" in text
    assert "Forecast outturn" in text


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/internal/spend-profile?programme=nope&year=1999-00", "Spend against profile"),
        ("/internal/providers?programme=%3Cscript%3E&sort=%22", "Compare the providers of a programme"),
        ("/internal/audit?since=yesterday&until=2026-99-99&user=nobody", "is not a date like"),
        ("/kpis/trajectories?programme=nope", "KPI trajectories"),
    ],
)
def test_crafted_parameters_fall_back_instead_of_failing(signed_in, path, shows):
    html = _page(signed_in, path)
    assert shows in _main_text(html) and "<script>alert" not in html


def test_trajectories_in_public_mode_come_from_published_figures(public_app, small_release):
    """Given the public app, then the trajectory page opens with no sign-in and shows the published values."""
    c = public_app.server.test_client()
    text = _main_text(c.get("/kpis/trajectories?programme=hospital-youth-work").data.decode())
    ((value,),) = query(
        f"sqlite:///{small_release / 'public.db'}",
        "SELECT value FROM kpi_progress WHERE kpi_id = 'hospital-feel-safer' AND quarter = '2025-26 Q4'",
    )
    assert f"{value:,.1f}%" in text and "Off track" in text


@pytest.mark.parametrize(
    "path",
    [
        "/internal/attention",
        "/internal/spend-profile",
        "/internal/audit",
        "/internal/api/v1/counts",
        "/internal/audit/image-export",
    ],
)
def test_new_internal_routes_do_not_exist_in_public_mode(public_app, path):
    assert public_app.server.test_client().get(path).status_code == 404


# ------------------------------------------------------------------ the internal API
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_internal_api_refuses_requests_without_a_session(app, accept):
    for path in [
        "/internal/api/v1/",
        "/internal/api/v1/counts",
        "/internal/api/v1/provider-summary.csv",
        "/internal/api/v1/nope",
    ]:
        response = client(app).get(path, headers={"Accept": accept})
        assert response.status_code == 401, path


def test_internal_api_returns_true_unrounded_figures_marked_not_for_publication(signed_in, small_release):
    """Given a session, when the same cell is asked of the internal API and read from both databases, then the API gives
    the internal (true) value, which the public release rounds or suppresses."""
    params = "measure=participants&programme=girls-young-women&borough=all&age_band=all&gender=all&ethnicity=all"
    response = signed_in.get(f"/internal/api/v1/counts?{params}")
    body = response.get_json()
    assert (
        response.status_code == 200
        and body["not_for_publication"] is True
        and "not for publication" in body["classification"]
    )
    assert "not for publication" in response.headers["X-Data-Classification"]
    assert "no-store" in response.headers["Cache-Control"] and "Access-Control-Allow-Origin" not in response.headers
    true = dict(
        query(
            f"sqlite:///{small_release / 'internal.db'}",
            "SELECT period, value FROM published_counts WHERE measure='participants' "
            "AND programme='girls-young-women' AND borough='all' AND age_band='all' AND gender='all' AND "
            "ethnicity='all'",
        )
    )
    served = {r["period"]: r["value"] for r in body["rows"]}
    assert served == true and any(v % 5 for v in served.values())


def test_internal_api_has_the_internal_only_datasets_and_the_open_apis_parameters(signed_in):
    index = signed_in.get("/internal/api/v1/").get_json()
    names = {d["name"] for d in index["datasets"]}
    assert {"provider-summary", "data-quality-findings", "counts", "kpis", "services"} <= names
    rows = signed_in.get("/internal/api/v1/provider-summary?programme_id=myends&financial_year=2025-26").get_json()[
        "rows"
    ]
    assert len(rows) == 3
    late = signed_in.get("/internal/api/v1/data-quality-findings?rule=late_return&limit=1").get_json()
    assert (
        late["total"] >= 1
        and len(late["rows"]) == 1
        and late["next"].startswith("/internal/api/v1/data-quality-findings?")
    )
    csv_response = signed_in.get("/internal/api/v1/provider-summary.csv?programme_id=myends")
    assert "not-for-publication" in csv_response.headers["Content-Disposition"]
    assert csv_response.data.decode().splitlines()[0].endswith(",classification")


@pytest.mark.parametrize(
    "query_string",
    ["nope=1", "limit=0", "financial_year=2025", "release=99999", "measure=participants&measure=referrals"],
)
def test_internal_api_answers_bad_parameters_with_4xx_like_the_open_api(signed_in, query_string):
    dataset = "provider-summary" if "financial_year" in query_string else "counts"
    response = signed_in.get(f"/internal/api/v1/{dataset}?{query_string}")
    assert 400 <= response.status_code < 500 and response.get_json()["not_for_publication"] is True


# ------------------------------------------------------------------ the audit trail
def test_sign_in_failure_download_export_api_call_and_sign_out_are_in_the_audit_trail(app, auth_url):
    """Given a director who fails once, signs in, downloads, exports an image, calls the API and signs out, then each is
    recorded with the user, the filters and the address; and /internal/audit lists the download with the user's name."""
    started = time.time()
    c = client(app)
    c.post("/signin", data={"username": USER, "password": "wrong wrong wrong", "csrf_token": csrf(c)})
    c.post("/signin", data={"username": USER, "password": PASSWORD, "csrf_token": csrf(c)})
    assert c.get("/download/reach/reach-trend.csv?programme=myends").status_code == 200
    token = csrf(c, "/signin")
    assert (
        c.post(
            "/internal/audit/image-export",
            data={"csrf_token": token, "graph": "reach-trend", "format": "png", "page": "/reach?programme=myends"},
        ).status_code
        == 204
    )
    assert c.get("/internal/api/v1/kpis?programme_id=myends").status_code == 200
    page = _main_text(_page(c, f"/internal/audit?user={USER}"))
    assert re.search(rf"{USER} Download /download/reach/reach-trend.csv programme=myends", page)
    c.post("/signout", data={"csrf_token": token})
    rows = query(
        auth_url,
        "SELECT username, event, target, filters, client FROM audit_events "
        "WHERE occurred_at >= :t ORDER BY occurred_at",
        t=started,
    )
    assert [r[1] for r in rows] == ["sign_in_failed", "sign_in", "download", "image_export", "api_call", "sign_out"]
    assert all(r[0] == USER and r[4] for r in rows)
    assert rows[3][2] == "/reach reach-trend.png" and '"programme": "myends"' in rows[3][3]
    assert "wrong" not in repr(rows)  # passwords are never recorded


def test_image_export_beacon_needs_the_pages_csrf_token_and_a_sane_body(app, signed_in):
    assert (
        signed_in.post("/internal/audit/image-export", data={"graph": "x", "format": "png", "page": "/"}).status_code
        == 400
    )
    token = csrf(signed_in, "/signin")
    for body in (
        {"graph": "<x>", "format": "png", "page": "/"},
        {"graph": "x", "format": "gif", "page": "/"},
        {"graph": "x", "format": "png", "page": "https://evil.example/"},
    ):
        assert signed_in.post("/internal/audit/image-export", data=body | {"csrf_token": token}).status_code == 400
    assert client(app).post("/internal/audit/image-export", data={}).status_code == 401


def test_old_events_are_deleted_after_the_retention_period(tmp_path):
    """Given a retention of 30 days, when an event is written, then events older than 30 days are gone and newer ones
    stay."""
    days = from_environment(mode="internal", environ={audit_trail.RETENTION_VARIABLE: "30"}).audit_retention_days
    eng = users.engine(f"sqlite:///{tmp_path / 'auth.db'}")
    now = time.time()
    audit_trail.write(eng, event="download", username="a", retention_days=days, now=now - 31 * 86400)
    audit_trail.write(eng, event="download", username="b", retention_days=days, now=now - 29 * 86400)
    audit_trail.write(eng, event="sign_in", username="c", retention_days=days, now=now)
    assert list(audit_trail.events(eng)["username"]) == ["c", "b"]
    for wrong in ("thirty", "0", "-5"):
        with pytest.raises(SettingsError, match=audit_trail.RETENTION_VARIABLE):
            from_environment(mode="internal", environ={audit_trail.RETENTION_VARIABLE: wrong})
    with pytest.raises(audit_trail.AuditError, match="unknown audit event"):
        audit_trail.write(eng, event="deleted_everything", username="c", retention_days=days)


@pytest.mark.integration  # starts the real `vru-dashboard audit` command in a process
def test_audit_command_prints_csv_since_a_date(tmp_path):
    """Given events on two days, when `vru-dashboard audit --since` runs, then the CSV has the later ones, newest first,
    and a
    formula-looking username cannot run in a spreadsheet."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    eng = users.engine(url)
    audit_trail.write(
        eng,
        event="download",
        username="early",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/download/x.csv",
        now=1_780_000_000,
    )  # 2026-05-28
    audit_trail.write(
        eng,
        event="sign_in_failed",
        username="=HYPERLINK(1)",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        now=1_790_000_000,
    )  # 2026-09-21
    audit_trail.write(
        eng,
        event="api_call",
        username="late",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/internal/api/v1/x",
        filters={"a": "1"},
        now=1_790_000_100,
    )
    env = {"VRU_AUTH_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "audit", "--since", "2026-09-01"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["username"] for r in rows] == ["late", "'=HYPERLINK(1)"]
    assert rows[0]["when"] == "2026-09-21T14:15:00+00:00" and rows[0]["filters"] == '{"a": "1"}'
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "audit", "--since", "last tuesday"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


def test_the_audit_trail_works_on_postgresql(pg_urls):
    """Given the auth schema on a real PostgreSQL, when events are written and read back by date and user, then they
    match."""
    url, _ = pg_urls
    eng = users.engine(url)
    audit_trail.write(
        eng,
        event="download",
        username="analyst",
        retention_days=DEFAULT_AUDIT_RETENTION_DAYS,
        target="/download/reach/reach-trend.csv",
        filters={"programme": "myends"},
        client="127.0.0.1",
        now=1_790_000_000,
    )
    audit_trail.write(
        eng, event="sign_in", username="other", retention_days=DEFAULT_AUDIT_RETENTION_DAYS, now=1_790_000_050
    )
    found = audit_trail.events(
        eng,
        since=audit_trail.parse_date("2026-09-21", name="since"),
        until=audit_trail.parse_date("2026-09-21", name="until"),
        username="analyst",
    )
    assert list(found["event"]) == ["download"] and found["filters"].iloc[0] == '{"programme": "myends"}'
    assert audit_trail.usernames(eng) == ["analyst", "other"]
    eng.dispose()
