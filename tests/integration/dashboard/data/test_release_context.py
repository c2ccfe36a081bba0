"""What every page is drawn from (dashboard/data/release_context.py), on real releases: one context per request, a
permalink that pins an earlier release, and the disclosure words of the release's own rules."""

from __future__ import annotations

import pytest

from dashboard.data import release_context
from tests.support.publication import NEVER_USED, PROBES, without_ids
from tests.support.web import callback_request


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


def test_a_permalink_can_pin_an_earlier_release(two_releases):
    """Given releases 1 and 2, when a view pins release=1, then its content, its URL and its downloads are of release 1;
    a release that does not exist is not found (404), and a pin of the live release is the live view."""
    import pytest

    from dashboard.data.release_context import ReleaseNotFound, for_request

    with two_releases.server.test_request_context("/"):
        assert for_request("1").release_id == 1 and for_request("1").pinned
        with pytest.raises(ReleaseNotFound):
            for_request("99")
        assert not for_request("2").pinned
        assert for_request(None).release_id == 2
    client = two_releases.server.test_client()
    result = callback_request(
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


def test_the_disclosure_words_are_the_release_rules(ctx):
    """The pages say how figures are protected in the words of the release's own rules, not fixed text."""
    assert ctx.protection() == release_context.protection_sentence(ctx.release)
    assert "[c]" in ctx.protection() and "5" in ctx.protection()
    changed = {
        **ctx.release,
        "rules": '{"primary_suppression": "counts 1 to 4 shown as [c]", '
        '"rounding": "other counts rounded to the nearest 3"}',
    }
    assert (
        release_context.protection_sentence(changed)
        == "Counts 1 to 4 shown as [c]; other counts rounded to the nearest 3."
    )


# ---------------------------------------------------------------------------- releases not published, and withdrawn


@pytest.fixture(scope="module")
def draft_app(draft_release):
    """The public site on a database whose release 2 waits for publication (it has release 1 only)."""
    from dashboard.app import create_app
    from dashboard.settings import Settings

    return create_app(settings=Settings(mode="public", database_url=f"sqlite:///{draft_release / 'public.db'}"))


@pytest.fixture(scope="module")
def withdrawn_app(draft_release, tmp_path_factory):
    """The public site after release 2 was published and then withdrawn (release 1 live again)."""
    import datetime as dt

    from dashboard.app import create_app
    from dashboard.settings import Settings
    from etl.publication import due, withdrawal
    from etl.publication.databases import Databases
    from tests.support.publication import approve, copy_folder

    data = tmp_path_factory.mktemp("withdrawn")
    urls = copy_folder(draft_release, data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        dbs = Databases.at(internal_url=urls["internal"], public_url=urls["public"])
        at = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)
        approve(urls["internal"], 2, at=at)
        assert due.publish_due(dbs, at=at).published == [2]
        withdrawal.make_live(dbs, release_id=1, reason="A provider's return was counted twice", at=at)
        dbs.dispose()
    return create_app(settings=Settings(mode="public", database_url=urls["public"]))


def _answer(client, path: str, n: int) -> tuple[int, str]:
    response = client.get(path.format(n=n))
    return response.status_code, without_ids(response.get_data().decode("utf-8", "replace"), 2, NEVER_USED)


@pytest.mark.parametrize("path", PROBES)
def test_every_route_answers_a_release_waiting_for_publication_as_one_that_does_not_exist(draft_app, path):
    """Given release 2 approved or a draft (in the internal database and the pending tables only), when any public
    route names it, then the answer is exactly the answer for a release never made: nothing of it is served."""
    client = draft_app.server.test_client()
    status, body = _answer(client, path, 2)
    assert (status, body) == _answer(client, path, NEVER_USED)
    assert status in (200, 400, 404)
    assert "2026-27 Q3 returns" not in body  # the draft's note


@pytest.mark.parametrize(
    "path", [p for p in PROBES if not p.startswith(("/api/openreferral", "/api/360giving", "/releases."))]
)
def test_every_route_that_names_a_withdrawn_release_answers_410_with_its_notice(withdrawn_app, path):
    """Given release 2 withdrawn, when a route names it, then 410 Gone with a link to its withdrawal notice."""
    response = withdrawn_app.server.test_client().get(path.format(n=2))
    assert response.status_code == 410
    assert "/revisions#release-2" in response.get_data(as_text=True)


def test_the_withdrawal_notice_says_why_and_the_feeds_say_so_too(withdrawn_app):
    client = withdrawn_app.server.test_client()
    revisions = client.get("/revisions").get_data(as_text=True)
    assert 'id="release-2"' in revisions and "return was counted twice" in revisions
    assert "(withdrawn)" in client.get("/releases.atom").get_data(as_text=True)
    listed = client.get("/api/v1/releases").get_json()["rows"]
    assert [r["release_id"] for r in listed] == [1]  # a withdrawn release is not listed as available


def test_a_preview_never_shares_cache_entries_with_true_figures(draft_release, tmp_path):
    """Given the internal site, whose database holds release 2's true figures under the same id as its protected ones
    in the pending tables, when a preview reads release 2 and then an internal page reads it, then each gets its own
    figures: the preview's protected (rounded), the internal true ones, never each other's cached entry."""
    from dashboard.data import queries, state
    from tests.support.signin import SECRET
    from tests.support.web import make_app

    app = make_app(
        f"sqlite:///{draft_release / 'internal.db'}",
        secret_key=SECRET,
        auth_database_url=f"sqlite:///{tmp_path / 'auth.db'}",
    )
    asked = {"measure": "participants", "programme": "all", "dimension": "borough"}
    with app.server.test_request_context("/reach?release=2"):
        ctx = release_context.for_request("2")
        assert ctx.preview and not ctx.internal and ctx.release["note"]
        asked["period"] = [p for p in ctx.periods if " Q" not in p][-1]
        shown = queries.breakdown(ctx.engine, 2, **asked)
    with app.server.test_request_context("/reach"):
        true = queries.breakdown(state.engine(), 2, **asked)
    assert (shown["value"].dropna() % 5 == 0).all()  # protected: rounded to the nearest 5
    assert not (true["value"] % 5 == 0).all() and not (true["status"] == "c").any()  # true counts
    with app.server.test_request_context("/reach?release=2"):
        again = queries.breakdown(release_context.for_request("2").engine, 2, **asked)
    assert again.equals(shown)
