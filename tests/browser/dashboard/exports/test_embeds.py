"""Embeds that size themselves (dashboard/exports/embeds.py), in real Chromium: a news page on another origin frames the
chart with the copied snippet; the embed posts its height and the host script applies it."""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import threading
from pathlib import Path

from playwright.sync_api import expect

from tests.support import ROOT
from tests.support.browser import run_axe, settle

SCREENSHOTS = ROOT / ".cache" / "screenshots"


@contextlib.contextmanager
def _news_site(folder: Path):
    """A second origin (another port on loopback) serving a news story page from `folder`."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_embed_tells_its_parent_its_height_and_the_host_script_applies_it(
    browser, dashboard_url, axe_script, tmp_path
):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(dashboard_url + "/reach?programme=divert")
        settle(page)
        snippet = page.locator("#reach-trend-embed").input_value()
        pinned = page.locator("#reach-trend-embed-pinned").input_value()
        assert (
            "data-vru-embed" in snippet
            and 'height="560"' in snippet
            and f'src="{dashboard_url}/assets/embed-resize.js"' in snippet
        )
        assert "release=" not in snippet.split("\n")[0] and "release=" in pinned.split("\n")[0]
        # The parent records every message it receives, as a host page's own code could.
        story = (
            "<!doctype html><html lang='en'><head><meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>A news story</title><link rel='icon' href='data:,'><script>window.heights = []; "
            "window.addEventListener('message', function (e) {"
            " if (e.data && e.data.type === 'vru-embed:height') {"
            " window.heights.push({origin: e.origin, data: e.data}); } });</script>"
            f"</head><body style='margin:8px'><h1>A news story</h1><p>Text before the chart.</p>{snippet}<p>Text "
            "after.</p></body></html>"
        )
        (tmp_path / "story.html").write_text(story)
        with _news_site(tmp_path) as site:
            page.goto(site + "/story.html")
            frame = page.frame_locator("iframe[data-vru-embed]")
            expect(frame.locator("#embed-chart .main-svg").first).to_be_visible(timeout=30_000)
            page.wait_for_function("window.heights.length > 0", timeout=20_000)
            message = page.evaluate("window.heights[window.heights.length - 1]")
            assert message["origin"] == dashboard_url
            assert message["data"]["version"] == 1 and message["data"]["embed"] == "reach/reach-trend"
            assert isinstance(message["data"]["height"], int) and message["data"]["height"] > 200
            iframe = page.locator("iframe[data-vru-embed]")
            # The host script sized the frame to what the embed reported, not the fixed 560 px.
            page.wait_for_function(
                "document.querySelector('iframe[data-vru-embed]').getBoundingClientRect().height !== 560",
                timeout=20_000,
            )
            # Messages come as the chart draws; the frame ends at the height of the latest one.
            page.wait_for_function(
                "Math.abs(document.querySelector('iframe[data-vru-embed]').getBoundingClientRect().height"
                " - window.heights[window.heights.length - 1].data.height) <= 1",
                timeout=20_000,
            )
            page.wait_for_timeout(1000)
            closed_height = page.evaluate("window.heights[window.heights.length - 1].data.height")
            assert abs(iframe.bounding_box()["height"] - closed_height) <= 1, page.evaluate(
                "window.heights.map(function (h) { return h.data.height; })"
            )
            # Opening the table makes the embed taller: a new message, and the frame grows.
            frame.locator("summary", has_text="Show the numbers as a table").click()
            page.wait_for_function(
                f"window.heights[window.heights.length - 1].data.height > {closed_height}", timeout=20_000
            )
            page.wait_for_function(
                f"document.querySelector('iframe[data-vru-embed]').getBoundingClientRect().height > {closed_height}",
                timeout=20_000,
            )
            frame.locator("summary", has_text="Show the numbers as a table").click()
            # ...and closing it shrinks the frame back.
            page.wait_for_function(
                "Math.abs(document.querySelector('iframe[data-vru-embed]').getBoundingClientRect().height - "
                f"{closed_height}) <= 1",
                timeout=20_000,
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(500)
            page.screenshot(path=str(SCREENSHOTS / "embed-360.png"), full_page=True)
        embed = context.new_page()
        embed.goto(dashboard_url + "/embed/reach/reach-trend?programme=divert")
        embed.wait_for_load_state("networkidle")
        assert not run_axe(embed, axe_script)
    finally:
        context.close()
    assert not errors, errors


def test_without_the_host_script_the_frame_keeps_its_fixed_height(browser, dashboard_url, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(dashboard_url + "/reach")
        settle(page)
        iframe_only = page.locator("#reach-trend-embed").input_value().split("\n")[0]
        (tmp_path / "story.html").write_text(
            "<!doctype html><html lang='en'><head><link rel='icon' "
            f"href='data:,'></head><body>{iframe_only}</body></html>"
        )
        with _news_site(tmp_path) as site:
            page.goto(site + "/story.html")
            expect(page.frame_locator("iframe").locator("#embed-chart .main-svg").first).to_be_visible(timeout=30_000)
            page.wait_for_timeout(1000)
            assert page.locator("iframe").bounding_box()["height"] == 560
    finally:
        context.close()


def test_embed_draws_in_a_frame_on_another_site(browser, dashboard_url, axe_script):
    """Given a page on another origin with the copy-paste iframe, when it loads, then the chart draws inside
    the frame with no errors, and the embed page itself passes axe."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(dashboard_url + "/reach?programme=divert")
        settle(page)
        snippet = page.locator("#reach-trend-embed").input_value()
        assert snippet.startswith('<iframe src="' + dashboard_url + "/embed/reach/reach-trend?programme=divert")
        page.set_content(f"<html lang='en'><body><h1>A news story</h1>{snippet}</body></html>")
        frame = page.frame_locator("iframe")
        expect(frame.locator("#embed-chart .main-svg").first).to_be_visible(timeout=20_000)
        expect(frame.locator("text=See this chart on the London VRU dashboard")).to_be_visible()
        embed = context.new_page()
        embed.goto(html.unescape(snippet.split('src="')[1].split('"')[0]))  # the snippet is HTML: &amp; in its address
        embed.wait_for_load_state("networkidle")
        assert not run_axe(embed, axe_script)
    finally:
        context.close()
    assert not errors, errors
