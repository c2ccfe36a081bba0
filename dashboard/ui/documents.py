"""The HTML documents the app serves beside Dash's pages: the outage page, the not-found page, the
sign-in page, the API's docs page, embeds and the Committee report's PDF, each a Jinja template in
dashboard/ui/templates/ (most extend `_document.html`, the head and body they share).

Rendered with autoescape, so a value reaches the page escaped unless its template marks it safe
(only an embed's figure JSON, escaped for its script element by the embed), and with undefined
names refused, so a template and its caller cannot drift apart unnoticed."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from dashboard.ui import site

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.globals["site"] = site.SITE
    return environment


def render(template: str, **values) -> str:
    """`template` (a file name in dashboard/ui/templates/) filled in with `values`, escaped."""
    return _environment().get_template(template).render(**values)
