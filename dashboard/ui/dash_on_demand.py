"""Dash's scripts on a public page: loaded when a reader first reaches for something that needs them.

A public page arrives whole as plain HTML (dashboard/ui/first_paint.py): its text, figures, tables,
download links, each chart as the server's picture of it (dashboard/charts/facade.py), and its
filters as a form that works without JavaScript. What needs Dash is the interactive part: the
filters updating the page in place, the interactive charts, "Save as image" and "Copy a link".
React, Dash's renderer and the component bundles are about 0.34 MB compressed and one to two
seconds of a phone's main thread (Lighthouse's mobile preset measured 0.8 to 6.5 s of blocking
time with them loaded at once), spent before the reader has asked for anything.

So on public pages the index holds those script tags, and the one that starts Dash's renderer,
in a <template> (whose scripts do not run; Dash checks that its tags are in the index), and
assets/dash-on-demand.js loads them, in their order, and starts Dash's renderer when the
reader first changes a filter, points at, taps or focuses a chart's picture, or presses one of
the page's buttons. Dash then draws the same page (the address carries any filter just chosen),
assets/first-paint.js swaps it in and hands the reader's action, focus and open tables over to
it. The page's own small scripts (assets/) are deferred, not held back: they run once the
document is parsed.

Internal pages (office desktops, every chart interactive at once) and any index without a
first paint (which has nothing to show until Dash draws) load Dash's scripts as Dash does.
"""

from __future__ import annotations

import json
import re

from plotly.io.json import to_json_plotly

SCRIPTS_ID = "dash-scripts"  # the <template> assets/dash-on-demand.js reads
_SCRIPT_TAG = re.compile(r'<script src="(?P<src>[^"]+)"></script>')


def hold_scripts(scripts: str, renderer: str, *, prefix: str = "/") -> str:
    """Dash's `scripts` and `renderer` parts of the index, with its framework scripts (under
    `<prefix>_dash-component-suites/`) and the renderer held in a template, in order, and
    the others (the assets folder's) deferred. Inline scripts (the clientside callbacks'
    functions, which only define functions) stay where they are."""
    suites = f"{prefix}_dash-component-suites/"
    held: list[str] = []

    def replace(match: re.Match) -> str:
        if match.group("src").startswith(suites):
            held.append(match.group(0))
            return ""
        return f'<script src="{match.group("src")}" defer></script>'

    kept = _SCRIPT_TAG.sub(replace, scripts)
    return f'<template id="{SCRIPTS_ID}">{"".join(held)}{renderer}</template>\n{kept}'


_CONFIG_TAG = re.compile(r'^(<script id="_dash-config" type="application/json">)(.*)(</script>)$', re.S)


def without_page_load_token(config: str) -> str:
    """Dash's config part of the index without its page-load token (`end_id`, random per page load), so that every
    reader of a view gets the same bytes and a cache can keep one copy. The token binds background callbacks'
    handles to a page load; the dashboard has no background callbacks, and Dash's renderer sends none without it."""
    match = _CONFIG_TAG.match(config.strip())
    if match is None:
        return config
    try:
        parsed = json.loads(match.group(2))
    except ValueError:
        return config
    parsed.pop("end_id", None)
    # As Dash writes it (plotly's JSON encoder escapes "</" so the script cannot be closed early).
    return match.group(1) + to_json_plotly(parsed) + match.group(3)
