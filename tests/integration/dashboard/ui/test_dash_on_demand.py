"""Dash's scripts on a page (dashboard/ui/dash_on_demand.py): held on a public page until the reader needs them,
loaded at once on an internal one."""

from __future__ import annotations

import re

from tests.support.signin import https_client, sign_in


def test_internal_pages_load_dash_at_once(internal_app):
    """Dash's scripts are held for a reader's first interaction on public pages only
    (dashboard/ui/dash_on_demand.py)."""
    c = https_client(internal_app)
    sign_in(c, next_="/reach")
    body = c.get("/reach").get_data(as_text=True)
    assert 'class="first-paint"' in body and '<template id="dash-scripts">' not in body
    assert re.search(r'<script src="/_dash-component-suites/dash/dash-renderer/[^"]+"></script>', body)
    assert 'id="_dash-renderer"' in body


def test_a_public_index_holds_dash_scripts_until_the_reader_needs_them(client):
    """dashboard/ui/dash_on_demand.py: React, Dash's renderer and the component bundles wait in a
    template (whose scripts do not run); the page's own scripts are deferred."""
    body = client.get("/reach").get_data(as_text=True)
    template = re.search(r'<template id="dash-scripts">(.*?)</template>', body, re.S).group(1)
    outside = body.replace(template, "")
    held = re.findall(r'<script src="([^"]+)"', template)
    assert any("dash_renderer" in s for s in held) and any("react-dom" in s for s in held)
    assert all("/_dash-component-suites/" in s for s in held)
    assert "new DashRenderer()" in template and "new DashRenderer()" not in outside
    assert "/_dash-component-suites/" not in outside
    assets = re.findall(r'<script src="(/assets/[^"]+)"([^>]*)>', outside)
    assert {"dash-on-demand.js", "first-paint.js"} <= {a.split("/")[-1].split("?")[0] for a, _ in assets}
    assert all(attrs == " defer" for _, attrs in assets)


def test_a_public_page_is_the_same_bytes_for_every_reader(client):
    """Dash writes a random page-load token into every index; a public page leaves it out, so that one view is one
    set of bytes under its strong ETag (dashboard/access/caching.py), and Dash's renderer then sends none."""
    first, second = (client.get("/reach?programme=divert").get_data(as_text=True) for _ in range(2))
    assert first == second
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', first, re.S).group(1)
    assert '"end_id"' not in config and '"url_base_pathname"' in config


def test_an_internal_page_keeps_dash_page_load_token(internal_app):
    c = https_client(internal_app)
    sign_in(c, next_="/reach")
    assert '"end_id"' in c.get("/reach").get_data(as_text=True)
