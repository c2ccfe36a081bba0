"""Share previews: the <head> of every page names the view its address shows, so a link pasted
into social media, a chat or a CMS shows the chart itself.

- og:title and twitter:title: the page's main chart's title for the filters in the address;
- description, og:description, twitter:description: that chart in words (dashboard/charts/describe.py),
  one description meta (Dash Pages' own empty copy is switched off);
- og:image and twitter:image: /image/<page>/<chart>.png?<filters>&size=og, a 1200x630 PNG
  (dashboard/exports/images.py), with twitter:card summary_large_image;
- og:url and <link rel="canonical">: the view's address with its cleaned filters.

Absolute addresses come from VRU_PUBLIC_BASE_URL only, never from the request's Host header.
Without it (a development server) og:image, og:url and the canonical link are left out: the
Open Graph protocol wants absolute URLs there, and a relative one would be read against whatever
host a crawler was given.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import dash
from dash._utils import format_tag
from flask import has_request_context, request

from dashboard import pages
from dashboard.access import urls
from dashboard.data import state
from dashboard.exports import images, view_request
from dashboard.ui import errors

SITE = "London VRU performance dashboard"
FALLBACK_PAGE = "reach"  # pages without a chart (overview, about, revisions...) preview the reach trend
FREE_TEXT = ("q", "postcode")  # the services search: no chart depends on it (dashboard/exports/view_request.py)


def public_url(path: str) -> str | None:
    """The public address of `path` (which starts with /) from VRU_PUBLIC_BASE_URL; None without it:
    share previews need absolute addresses, and the request's Host is never one (dashboard/access/urls.py)."""
    settings = state.settings()
    return urls.absolute(path, settings=settings) if settings.public_base_url else None


def _page_of(path: str) -> tuple[pages.Page | None, dict]:
    """The filtered page a path shows and any filters the path itself holds (a programme's page
    previews the reach page's chart for its programme)."""
    if path.startswith("/programmes/"):
        return pages.by_id(FALLBACK_PAGE), {"programme": path.split("/", 2)[2]}
    return pages.by_path(path), {}


def preview(path: str, args: dict) -> dict | None:
    """What a share preview of `path?args` says: title, description, image and canonical paths;
    None when the page shows no chart and the fallback page has none either."""
    own, fixed = _page_of(path)
    page = own or pages.by_id(FALLBACK_PAGE)
    params = {
        k: v for k, v in {**(args if own else {}), **fixed}.items() if isinstance(v, str) and k in page.query_keys
    }
    view = next(view_request.views_of(page, params), None)
    if view is None and page.id != FALLBACK_PAGE:
        page = pages.by_id(FALLBACK_PAGE)
        view = next(view_request.views_of(page, {k: v for k, v in params.items() if k in page.query_keys}), None)
    if view is None:
        return None
    image_query = page.query({k: v for k, v in view.values.items() if k not in page.free_text})
    image_query = (image_query + "&" if image_query else "?") + urlencode({"size": "og"})
    canonical = own.query(own.values(view.ctx, {k: v for k, v in args.items() if isinstance(v, str)})) if own else ""
    return {
        "title": view.record.title,
        "description": view.record.summary or view.record.title,
        "page": page.id,
        "chart": view.chart,
        "image": f"/image/{page.id}/{view.chart}.png{image_query}",
        "canonical": path + canonical,
    }


def meta_tags(path: str, args: dict, *, page_title: str, default_description: str) -> str:
    """The share-preview tags of `path?args`, as HTML for the page's <head>."""
    try:
        shown = preview(path, args)
    except errors.UNAVAILABLE:
        shown = None
    title = shown["title"] if shown else page_title
    description = shown["description"] if shown else default_description
    metas = [
        {"name": "description", "content": description},
        {"property": "og:type", "content": "website"},
        {"property": "og:site_name", "content": SITE},
        {"property": "og:title", "content": title},
        {"property": "og:description", "content": description},
        {"name": "twitter:card", "content": "summary_large_image"},
        {"name": "twitter:title", "content": title},
        {"name": "twitter:description", "content": description},
    ]
    image = public_url(shown["image"]) if shown else None
    if image:
        metas += [
            {"property": "og:image", "content": image},
            {"property": "og:image:type", "content": "image/png"},
            {"property": "og:image:width", "content": str(images.OG_WIDTH)},
            {"property": "og:image:height", "content": str(images.OG_HEIGHT)},
            {"property": "og:image:alt", "content": description},
            {"name": "twitter:image", "content": image},
            {"name": "twitter:image:alt", "content": description},
        ]
    canonical = public_url(shown["canonical"] if shown else path)
    html = "\n      ".join(format_tag("meta", m, opened=True, sanitize=True) for m in metas)
    if canonical:
        html += "\n      " + format_tag(
            "meta", {"property": "og:url", "content": canonical}, opened=True, sanitize=True
        )
        html += f'\n      <link rel="canonical" href="{escape(canonical)}">'
    return html


def register(app: dash.Dash) -> None:
    """Replace Dash Pages' meta tags (an empty description, og:image and the request's own URL)
    with the view's share preview."""
    app.config.include_pages_meta = False
    interpolate = app.interpolate_index
    description = next((m["content"] for m in app.config.meta_tags if m.get("name") == "description"), "")

    def interpolate_index(**parts):
        if has_request_context():
            base = "\n      ".join(
                format_tag("meta", m, opened=True, sanitize=True)
                for m in app._generate_meta()
                if m.get("name") != "description"
            )
            page, _ = dash._pages._path_to_page(app.strip_relative_path(request.path))
            title = (page or {}).get("title") or app.title
            title = title() if callable(title) else title
            tags = meta_tags(request.path, request.args.to_dict(), page_title=title, default_description=description)
            parts["metas"] = base + "\n      " + tags
        return interpolate(**parts)

    app.interpolate_index = interpolate_index
