"""Publishing a release as a public body should, in real Chromium against gunicorn, on SQLite and on PostgreSQL (with
the production roles): an analyst previews a draft's /reach and submits it; an approver reads what it changes and
the audit, and approves it for a time; until then every public route answers the draft's id as an unknown one;
with the clock past that time `vru-etl publish --due` publishes it, the public pages show it, the Atom feed has its
entry and the iCalendar feed its event; and the audit trail lists the preview, the submission and the approval."""

from __future__ import annotations

import datetime as dt
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import feedparser
import icalendar
import pytest
from playwright.sync_api import expect

from dashboard.access import users
from etl import cli as etl_cli
from etl import pipeline
from etl.publication import due
from tests.support import ROOT
from tests.support.browser import describe_violations, open_page, run_axe, settle
from tests.support.db import query
from tests.support.extracts import AS_OF_DATE
from tests.support.publication import NEVER_USED, PROBES, copy_folder, fewer_participants, without_ids
from tests.support.servers import gunicorn_server, http_request, server_env
from tests.support.signin import SECRET, sign_in

pytestmark = pytest.mark.slow
PASSWORD = "a long enough password"
NOTE = "2026-27 Q3 returns are in: please check the reach by borough"


@dataclass
class Site:
    internal_env: dict
    public_env: dict
    etl_internal: str
    etl_public: str
    folder: Path


def _users(auth_url: str) -> None:
    store = users.engine(auth_url)
    users.add_user(store, username="ana", password=PASSWORD, role="analyst")
    users.add_user(store, username="apo", password=PASSWORD, role="approver")
    store.dispose()


@pytest.fixture
def sqlite_site(draft_release, tmp_path) -> Site:
    data = tmp_path / "data"
    urls = copy_folder(draft_release, data)
    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    _users(auth_url)
    internal_env = server_env(
        VRU_MODE="internal",
        VRU_DATA_DIR=str(data),
        VRU_SECRET_KEY=SECRET,
        VRU_AUTH_DATABASE_URL=auth_url,
        VRU_COOKIE_SECURE="0",
    )
    public_env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(data))
    return Site(internal_env, public_env, urls["internal"], urls["public"], data)


@pytest.fixture
def postgres_site(pg_server, small_extracts_master, tmp_path) -> Site:
    """One database set up by sql/postgres_roles.sql: the ETL writes as vru_etl, the internal site reads as
    vru_internal_app (writing release control only), the public site as vru_public_app; release 1 published, release
    2 a draft of fewer participants."""
    name = pg_server.create_database("vru_publishing")
    with pg_server.connect(name) as conn:
        conn.execute((ROOT / "sql" / "postgres_roles.sql").read_text())
    etl = f"postgresql+psycopg://vru_etl@127.0.0.1:{pg_server.port}/{name}?options=-csearch_path%3D"
    extracts = tmp_path / "extracts"
    import shutil

    shutil.copytree(small_extracts_master, extracts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(tmp_path))
        urls = {"internal_url": etl + "vru_internal", "public_url": etl + "vru_public"}
        pipeline.run(extracts, demo=True, as_of=AS_OF_DATE, **urls)
        fewer_participants(extracts)
        pipeline.run(extracts, demo=True, publish_now=False, as_of=AS_OF_DATE, note="2026-27 Q3 returns", **urls)
    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    _users(auth_url)
    base = f"postgresql+psycopg://{{role}}@127.0.0.1:{pg_server.port}/{name}"
    internal_env = server_env(
        VRU_MODE="internal",
        VRU_INTERNAL_DATABASE_URL=base.format(role="vru_internal_app"),
        VRU_DATA_DIR=str(tmp_path),
        VRU_SECRET_KEY=SECRET,
        VRU_AUTH_DATABASE_URL=auth_url,
        VRU_COOKIE_SECURE="0",
    )
    public_env = server_env(
        VRU_MODE="public", VRU_PUBLIC_DATABASE_URL=base.format(role="vru_public_app"), VRU_DATA_DIR=str(tmp_path)
    )
    yield Site(internal_env, public_env, urls["internal_url"], urls["public_url"], tmp_path)
    pg_server.drop_database(name)


def _accessible(page, axe_script, where: str) -> None:
    violations = run_axe(page, axe_script)
    assert not violations, f"{where}: {describe_violations(violations)}"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _walk_through(browser, site: Site, axe_script, tmp_path) -> None:
    with (
        gunicorn_server(site.internal_env, tmp_path / "internal.log") as internal,
        gunicorn_server(site.public_env, tmp_path / "public.log") as public,
    ):
        # An analyst previews the draft's /reach, then submits it with a note.
        context, page, _log = open_page(browser)
        sign_in(page, internal, username="ana", password=PASSWORD)
        page.wait_for_url("**/internal/attention")
        page.goto(internal + "/reach?release=2")
        settle(page, charts=False)
        expect(page.locator("#preview-banner")).to_contain_text("Preview of release 2, not published")
        page.goto(internal + "/internal/releases?release=2")
        page.fill("#submit-note-2", NOTE)
        page.get_by_role("button", name="Submit…").click()
        page.get_by_role("button", name="Submit for approval").click()
        page.wait_for_url("**done=submitted")
        expect(page.locator("#main")).to_contain_text("Submitted by ana")
        context.close()

        # An approver reads what it changes and its audit, and approves it for the time offered.
        context, page, _log = open_page(browser)
        sign_in(page, internal, username="apo", password=PASSWORD)
        page.wait_for_url("**/internal/attention")
        page.goto(internal + "/internal/releases?release=2")
        for words in ("Disclosure audit", "What it changes against the live release", "Headline figures", NOTE):
            expect(page.locator("#main")).to_contain_text(words)
        _accessible(page, axe_script, "the approver's view")
        page.get_by_role("button", name="Approve…").click()
        page.get_by_role("button", name="Approve for this time").click()
        page.wait_for_url("**done=approved")
        (publish_at,) = query(site.etl_internal, "SELECT publish_at FROM releases WHERE release_id = 2")[0]
        when = dt.datetime.fromisoformat(publish_at)
        assert when > dt.datetime.now(dt.UTC)

        # Before its time, every public route answers the draft's id as an id never used.
        for path in PROBES:
            asked, never = (http_request(public, "GET", path.format(n=n)) for n in (2, NEVER_USED))
            assert asked.status == never.status, path
            assert without_ids(asked.text, 2, NEVER_USED) == without_ids(never.text, 2, NEVER_USED), path
        assert "Release 1" in http_request(public, "GET", "/revisions").text

        # The clock moves past its time: `vru-etl publish --due` publishes it.
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("VRU_DATA_DIR", str(site.folder))
            mp.setenv("VRU_INTERNAL_DATABASE_URL", site.etl_internal)
            mp.setenv("VRU_PUBLIC_DATABASE_URL", site.etl_public)
            mp.setattr(due, "now", lambda: when - dt.timedelta(minutes=1))
            assert etl_cli.main(["publish", "--due"]) == 0
            assert http_request(public, "GET", "/healthz").text.count('"release_id":1') == 1  # not a minute early
            mp.setattr(due, "now", lambda: when + dt.timedelta(seconds=5))
            assert etl_cli.main(["publish", "--due"]) == 0

        public_page = context.new_page()
        public_page.goto(public + "/reach")
        expect(public_page.locator(".site-footer")).to_contain_text("Release 2")
        feed = feedparser.parse(_get(public + "/releases.atom"))
        assert not feed.bozo and feed.entries[0].title.startswith("Release 2, published")
        calendar = icalendar.Calendar.from_ical(_get(public + "/releases.ics"))
        starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
        assert when in [s.astimezone(dt.UTC) for s in starts]

        # The audit trail lists the preview, the submission and the approval.
        page.goto(internal + "/internal/audit")
        trail = page.locator("#main table").inner_text()
        for words in ("Preview (pre-release access)", "Submitted a release", "Approved a release"):
            assert words in trail, words
        assert "ana" in trail and "apo" in trail
        context.close()


def test_a_release_is_previewed_submitted_approved_and_published_at_its_time_on_sqlite(
    browser, sqlite_site, axe_script, tmp_path
):
    _walk_through(browser, sqlite_site, axe_script, tmp_path)


def test_a_release_is_previewed_submitted_approved_and_published_at_its_time_on_postgresql(
    browser, postgres_site, axe_script, tmp_path
):
    _walk_through(browser, postgres_site, axe_script, tmp_path)


def test_on_a_phone_the_approver_s_view_folds_its_long_parts_and_opens_them_by_keyboard(
    browser, sqlite_site, axe_script, tmp_path
):
    """Given an approver on a 360 px screen, when a draft's review is open, then the table of rows changed by table
    and the announce form are folded under summaries that say what they hold (the totals shown beside them), each
    opens by keyboard, and the page does not scroll sideways."""
    with gunicorn_server(sqlite_site.internal_env, tmp_path / "internal.log") as internal:
        context, page, _log = open_page(browser)
        page.set_viewport_size({"width": 360, "height": 800})
        sign_in(page, internal, username="apo", password=PASSWORD)
        page.wait_for_url("**/internal/attention")
        page.goto(internal + "/internal/releases?release=2")
        settle(page, charts=False)
        folds = page.locator("#main details.fold")
        summaries = folds.locator(":scope > summary").all_inner_texts()
        assert {"Rows revised, added and removed, by table", "Announce a publication date"} <= set(summaries)
        assert folds.evaluate_all("all => all.filter(d => d.open).length") == 0
        expect(page.locator("#main")).to_contain_text("Published rows: ")  # the totals, while the table is folded
        rows = page.locator("table", has=page.locator("caption", has_text="Published rows revised"))
        form = page.locator("form[aria-label='Announce a publication date']")
        expect(rows).to_be_hidden()
        expect(form).to_be_hidden()
        for summary, opened in (
            ("Rows revised, added and removed, by table", rows),
            ("Announce a publication date", form),
        ):
            folds.locator(":scope > summary", has_text=summary).focus()
            page.keyboard.press("Enter")
            expect(opened).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        _accessible(page, axe_script, "the approver's view on a phone")
        context.close()
