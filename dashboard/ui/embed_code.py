"""The code a journalist copies to embed a chart: an iframe that works alone at a fixed height,
and an optional one-line script from the dashboard (assets/embed-resize.js) that sizes it to fit.
Two versions: following the live release, or pinned to the release the journalist saw."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qsl, urlencode

FIXED_HEIGHT = 560  # px: the chart, its notes and the closed table on a phone, without the script


def _query(query: str, *, release: int | None) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?")) if k != "release"]
    if release is not None:
        pairs.append(("release", str(release)))
    return "?" + urlencode(pairs) if pairs else ""


def snippet(*, origin: str, page: str, chart: str, query: str, title: str, release: int | None) -> str:
    """The iframe and the resize script; `release` pins the embed to that release (None: live)."""
    src = f"{origin}/embed/{page}/{chart}{_query(query, release=release)}"
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)} (London Violence Reduction Unit)" width="100%" '
        f'height="{FIXED_HEIGHT}" style="border:0" loading="lazy" data-vru-embed></iframe>\n'
        f'<script src="{escape(origin)}/assets/embed-resize.js" async></script>'
    )
