"""Share previews: the <head> of every page names the view its address shows, so a link pasted
into social media, a chat or a CMS shows the chart itself.

- og:title and twitter:title: the page's main chart's title for the filters in the address;
- description, og:description, twitter:description: that chart in words (dashboard/charts/describe.py),
  one description meta (Dash Pages' own empty copy is switched off);
- og:image and twitter:image: /image/<page>/<chart>.png?<filters>&size=og, a 1200x630 PNG
  (dashboard/exports/images.py), with twitter:card summary_large_image;
- og:url and <link rel="canonical">: the view's address with its cleaned filters;
- on a page that says what it shows (`pages.Head`: a service's page), its own title and description, its chart's
  picture, and its schema.org data as JSON-LD.

Absolute addresses come from VRU_PUBLIC_BASE_URL only, never from the request's Host header.
Without it (a development server) og:image, og:url and the canonical link are left out: the
Open Graph protocol wants absolute URLs there, and a relative one would be read against whatever
host a crawler was given.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

import dash
from dash._utils import format_tag

from dashboard import pages
from dashboard.access import urls
from dashboard.data import state
from dashboard.exports import image_files, view_request
from dashboard.pages import lookups
from dashboard.ui import errors, site

FALLBACK_PAGE = "reach"  # pages without a chart (overview, about, revisions...) preview the reach trend


def public_url(path: str) -> str | None:
    """The public address of `path` (which starts with /) from VRU_PUBLIC_BASE_URL; None without it:
    share previews need absolute addresses, and the request's Host is never one (dashboard/access/urls.py)."""
    settings = state.settings()
    return urls.absolute(path, settings=settings) if settings.public_base_url else None


def _previewed(page: pages.Page | None, params: dict) -> tuple[pages.Page, dict, bool]:
    """The filtered page whose view previews `page` for the request's `params`, that page's filters, and
    whether the view is the page's own (else the fallback page's default view)."""
    if page is not None and page.previews_as is not None:
        # A programme's page: the reach page for its programme; the home page: the reach page for its filters.
        target, given = page.previews_as(**params)
        return lookups.by_id(target), given, True
    if page is not None and page.filtered:
        return page, params, True
    return lookups.by_id(FALLBACK_PAGE), {}, False


def _own_preview(page: pages.Page, params: dict, *, path: str) -> dict | None:
    """The share preview of a page that says what it shows (`Page.head`); None where its address names nothing."""
    head = page.head(**params)
    if head is None:
        return None
    charts_page = lookups.by_id(head.chart_page)
    # The release asked for, cleaned as every page cleans it: a pinned view's preview is of the figures pinned.
    pinned = {"release": charts_page.shown_for({"release": params.get("release")}).values["release"]}
    image = None
    if head.chart:
        query = charts_page.query(pinned)
        image = f"/image/{charts_page.id}/{head.chart}.png{query + '&' if query else '?'}{urlencode({'size': 'og'})}"
    return {
        "title": head.title,
        "description": head.description,
        "image": image,
        "canonical": path + page.query(pinned),
        "structured_data": head.structured_data,
    }


def preview(page: pages.Page | None, params: dict, *, path: str) -> dict | None:
    """What a share preview of `page` at `path` says for the request's `params` (the query's values and the
    path's variables, as the page's layout gets them): title, description, image and canonical paths; None
    when the page shows no chart and the fallback page has none either. The view is the request's one view
    of the page (`Page.shown_for`), the one its layout and first paint draw."""
    if page is not None and page.head is not None:
        return _own_preview(page, params, path=path)
    target, given, own = _previewed(page, params)
    view = next(view_request.views_of(target, given), None)
    canonical = path + page.query(target.shown_for(given).values) if own else path
    if view is None and target.id != FALLBACK_PAGE:
        target = lookups.by_id(FALLBACK_PAGE)
        view = next(view_request.views_of(target, given), None)
    if view is None:
        return None
    image_query = target.query({k: v for k, v in view.values.items() if k not in target.free_text})
    image_query = (image_query + "&" if image_query else "?") + urlencode({"size": "og"})
    return {
        "title": view.record.title,
        "description": view.record.summary or view.record.title,
        "page": target.id,
        "chart": view.chart,
        "image": f"/image/{target.id}/{view.chart}.png{image_query}",
        "canonical": canonical,
    }


def meta_tags(page: pages.Page | None, params: dict, *, path: str, page_title: str, default_description: str) -> str:
    """The share-preview tags of `page` at `path` for the request's `params`, as HTML for the page's <head>."""
    try:
        shown = preview(page, params, path=path)
    except errors.UNAVAILABLE:
        shown = None
    title = shown["title"] if shown else page_title
    description = shown["description"] if shown else default_description
    metas = [
        {"name": "description", "content": description},
        {"property": "og:type", "content": "website"},
        {"property": "og:site_name", "content": site.SITE},
        {"property": "og:title", "content": title},
        {"property": "og:description", "content": description},
        {"name": "twitter:card", "content": "summary_large_image"},
        {"name": "twitter:title", "content": title},
        {"name": "twitter:description", "content": description},
    ]
    image = public_url(shown["image"]) if shown and shown["image"] else None
    if image:
        metas += [
            {"property": "og:image", "content": image},
            {"property": "og:image:type", "content": "image/png"},
            {"property": "og:image:width", "content": str(image_files.OG_WIDTH)},
            {"property": "og:image:height", "content": str(image_files.OG_HEIGHT)},
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
    if shown and shown.get("structured_data"):
        html += "\n      " + json_ld({**shown["structured_data"], **({"url": canonical} if canonical else {})})
    return html


def json_ld(data: dict) -> str:
    """`data` as a JSON-LD script element. Every <, > and & is written as its JSON escape, so no text in it (a
    service's name or description) can close the element or open a comment: the JSON reads the same."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def head_tags(app: dash.Dash, page: pages.Page | None, params: dict, *, path: str, page_title: str) -> str:
    """Dash's meta tags (but Dash Pages' own: an empty description, og:image and the request's own
    URL) and the view's share preview, for the index's <head> (dashboard/app.py's index)."""
    description = next((m["content"] for m in app.config.meta_tags if m.get("name") == "description"), "")
    base = "\n      ".join(
        format_tag("meta", m, opened=True, sanitize=True)
        for m in app._generate_meta()
        if m.get("name") != "description"
    )
    tags = meta_tags(page, params, path=path, page_title=page_title, default_description=description)
    return base + "\n      " + tags
