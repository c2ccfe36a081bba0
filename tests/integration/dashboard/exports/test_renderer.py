"""The image renderer's own Chromium (dashboard/exports/renderer.py): it draws at a lower priority than the workers,
so a reader's page is served before a picture nobody asked for before is drawn."""

from __future__ import annotations

import os

import pytest

from dashboard.exports import renderer as kaleido_renderer

pytestmark = pytest.mark.slow


def test_the_renderers_browser_and_its_tabs_run_at_a_lower_priority():
    drawer = kaleido_renderer.Renderer(tabs=1)
    figure = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"width": 300, "height": 200}}
    try:
        assert drawer.render(figure, fmt="svg").lstrip().startswith(b"<svg")
        browser = drawer._kaleido.subprocess.pid
        tree = kaleido_renderer.process_tree(browser)
        assert len(tree) > 1, tree  # the browser and the processes it started (its zygote and tab among them)
        niceness = {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in tree}
        assert all(n >= kaleido_renderer.RENDER_NICENESS for n in niceness.values()), niceness
        assert os.getpriority(os.PRIO_PROCESS, 0) < kaleido_renderer.RENDER_NICENESS  # the worker itself is not
    finally:
        if drawer._kaleido is not None:
            drawer._discard(drawer._kaleido)
