"""The layout pieces of every page in real Chromium (dashboard/ui/components.py): no page wider than a phone, and the
link to a view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.pages.registry import INTERNAL
from tests.support.browser import open_page, settle
from tests.support.signin import sign_in

PAGES = [
    "/",
    "/reach",
    "/geography",
    "/kpis?programme=divert",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/services",
    "/services?closed=yes",
    "/funding-need",
    "/revisions",
    "/about",
    "/about/data-dictionary",
]
# Where the page scrolls sideways, the elements that stick out past the screen's edge (outside any box that scrolls).
# An element not drawn (a link of the folded menu: checkVisibility) takes no room on the screen.
WIDEST_JS = """() => { const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) { return []; }
  return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 &&
  e.checkVisibility() && ![...ancestors(e)].some(scrolls))
    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge
    ${Math.round(e.getBoundingClientRect().right)} px)`);
  function* ancestors(e) { for (let p = e.parentElement; p; p = p.parentElement) { yield p; } }
  function scrolls(p) { return getComputedStyle(p).overflowX !== 'visible'; } }"""
OPEN_TABLES_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# A wide table's caption, in the box that scrolls: the ones wider than the box (their words cut off
# until the box is scrolled).
CUT_CAPTIONS_JS = """() => [...document.querySelectorAll('.table-responsive caption')].filter(c => c.offsetParent)
  .filter(c => c.getBoundingClientRect().width > c.closest('.table-responsive').clientWidth + 1)
  .slice(0, 5).map(c => `"${c.textContent.slice(0, 60)}" is ${Math.round(c.getBoundingClientRect().width)} px wide in a
  box of `
                        + `${c.closest('.table-responsive').clientWidth} px`)"""
# The internal pages, and public pages whose internal view has more columns (true figures, providers).
INTERNAL_ROUTES = [page.path for page in INTERNAL] + ["/reach", "/kpis?programme=divert", "/spend", "/services"]

pytestmark = pytest.mark.slow


def test_copy_link_copies_the_address_of_the_view(browser, dashboard_url):
    """Given the reach page for one programme, when 'Copy a link to this view' is pressed, then the
    clipboard holds the page's address with its filters, and the status says so."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=dashboard_url)
    page = context.new_page()
    try:
        page.goto(dashboard_url + "/reach?programme=divert&period=2023-24")
        settle(page)
        page.click("#reach-copy-link")
        expect(page.locator("#reach-copy-status")).to_contain_text("Link copied")
        copied = page.evaluate("() => navigator.clipboard.readText()")
    finally:
        context.close()
    assert copied.startswith(dashboard_url + "/reach?") and "programme=divert" in copied and "period=2023-24" in copied


@pytest.mark.parametrize("route", PAGES)
def test_no_page_is_wider_than_a_phone(browser, dashboard_url, route):
    """Given a public page at 360 px, as first painted, once Dash has drawn it and with its tables open, nothing
    but a scrolling box (a wide table's) is wider than the screen: the page never scrolls sideways (WCAG 1.4.10),
    and a wide table's caption wraps in its box, where it can be read without scrolling."""
    context, page, log = open_page(browser)
    try:
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(dashboard_url + route, wait_until="networkidle")
        assert page.evaluate(WIDEST_JS) == [], f"{route}, first paint"
        settle(page, timeout_ms=60_000)
        assert page.evaluate(WIDEST_JS) == [], f"{route}, drawn by Dash"
        page.evaluate(OPEN_TABLES_JS)  # every "Show the numbers as a table" and embed code opened
        assert page.evaluate(WIDEST_JS) == [], f"{route}, its tables open"
        assert page.evaluate(CUT_CAPTIONS_JS) == [], f"{route}, captions"
        assert not log.errors(), f"{route}: " + "\n".join(log.errors())
    finally:
        context.close()


def test_no_internal_page_is_wider_than_a_phone(browser, internal_dashboard_url):
    """Given a signed-in director at 360 px, each internal page, drawn by Dash with its tables open, never scrolls
    sideways and its wide tables' captions wrap in their boxes, as the public pages (one sign-in for them all)."""
    context, page, log = open_page(browser)
    problems = []
    try:
        page.set_viewport_size({"width": 360, "height": 800})
        sign_in(page, internal_dashboard_url)
        page.wait_for_url(internal_dashboard_url + "/internal/attention*")
        for route in INTERNAL_ROUTES:
            page.goto(internal_dashboard_url + route)
            settle(page, timeout_ms=60_000)
            page.evaluate(OPEN_TABLES_JS)
            problems += [f"{route}: {line}" for line in page.evaluate(WIDEST_JS) + page.evaluate(CUT_CAPTIONS_JS)]
        assert problems == []
        assert not log.errors(), "\n".join(log.errors())
    finally:
        context.close()


def test_on_a_phone_the_pages_fold_under_menu_which_opens_and_closes_by_keyboard(browser, dashboard_url):
    context, page, log = open_page(browser)
    try:
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(dashboard_url + "/reach", wait_until="networkidle")
        nav = page.get_by_role("navigation", name="Main")
        menu = nav.locator("summary", has_text="Menu")
        expect(nav.get_by_role("link", name="Geography")).to_be_hidden()
        header_height = page.locator("header").bounding_box()["height"]
        assert header_height < 120, header_height  # the site's name and the button, not a screen of links
        menu.focus()
        page.keyboard.press("Enter")
        expect(nav.get_by_role("link", name="Geography")).to_be_visible()
        assert not page.evaluate(WIDEST_JS)
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="Overview")).to_be_focused()
        page.keyboard.press("Escape")
        expect(nav.get_by_role("link", name="Geography")).to_be_hidden()
        expect(menu).to_be_focused()
        menu.click()
        nav.get_by_role("link", name="Geography").click()
        page.wait_for_url("**/geography")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Geography")
        expect(nav.get_by_role("link", name="Reach")).to_be_hidden()  # the new page starts with the menu folded
        assert not log.errors()
    finally:
        context.close()


def test_on_a_desk_the_pages_are_listed_without_a_menu_button(browser, dashboard_url):
    context, page, log = open_page(browser)
    try:
        page.goto(dashboard_url + "/reach", wait_until="networkidle")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.locator("summary", has_text="Menu")).to_be_hidden()
        for name in ("Overview", "Geography", "About the data"):
            expect(nav.get_by_role("link", name=name)).to_be_visible()
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the site's name
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="Overview")).to_be_focused()
        assert not log.errors()
    finally:
        context.close()
