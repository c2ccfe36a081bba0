"""What every page is drawn from (dashboard/data/release_context.py), on real releases: one context per request, a
permalink that pins an earlier release, and the disclosure words of the release's own rules."""

from __future__ import annotations

from dashboard.data import release_context
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
    an unknown release falls back to the live one."""
    from dashboard.data.release_context import for_request

    with two_releases.server.test_request_context("/"):
        assert for_request("1").release_id == 1 and for_request("1").pinned
        assert for_request("99").release_id == 2 and not for_request("99").pinned
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
