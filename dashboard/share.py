"""Share previews: the <head> of every page names the view its address shows, so a link pasted
into social media, a chat or a CMS shows the chart itself.

- og:title and twitter:title: the page's main chart's title for the filters in the address;
- description, og:description, twitter:description: that chart in words (dashboard/describe.py),
  one description meta (Dash Pages' own empty copy is switched off);
- og:image and twitter:image: /image/<page>/<chart>.png?<filters>&size=og, a 1200x630 PNG
  (dashboard/images.py), with twitter:card summary_large_image;
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

from dashboard import errors, filters, images, state, urls, views

SITE = "London VRU performance dashboard"
FALLBACK_PAGE = "reach"  # pages without a chart (overview, about, revisions...) preview the reach trend
FREE_TEXT = ("q", "postcode")  # the services search: no chart depends on it (dashboard/view_request.py)


def public_url(path: str) -> str | None:
    """The public address of `path` (which starts with /) from VRU_PUBLIC_BASE_URL; None without it:
    share previews need absolute addresses, and the request's Host is never one (dashboard/urls.py)."""
    settings = state.settings()
    return urls.absolute(path, settings=settings) if settings.public_base_url else None


def main_chart(page: str, records: dict) -> str | None:
    """The chart a page's preview shows: its first chart (the one at the top of the page)."""
    return next((chart for chart, record in records.items() if record.figure is not None), None)


# Filtered pages (dashboard.views) whose name is not their path.
PATHS = {"overview": "/", "funding": "/funding-need"}


def page_path(page: str) -> str:
    """The address of a filtered page: /reach for reach, / for the overview."""
    return PATHS.get(page, f"/{page}")


def _page_of(path: str) -> tuple[str, dict]:
    """The filtered page a path shows and any filters the path itself holds (a programme's page)."""
    name = next((page for page, p in PATHS.items() if p == path), path.strip("/"))
    if name.startswith("programmes/"):
        return FALLBACK_PAGE, {"programme": name.split("/", 1)[1]}
    return name, {}


def preview(path: str, args: dict) -> dict | None:
    """What a share preview of `path?args` says: title, description, image and canonical paths;
    None when the page shows no chart and the fallback page has none either."""
    page, fixed = _page_of(path)
    own_page = page in views.PAGES
    if not own_page:
        page = FALLBACK_PAGE
    params = {k: v for k, v in {**(args if own_page else {}), **fixed}.items() if isinstance(v, str)}
    keys, clean = views.FILTERS[page]
    _ctx, values = clean(params)
    records = views.PAGES[page](params)
    chart = main_chart(page, records)
    if chart is None and page != FALLBACK_PAGE:
        page, params = FALLBACK_PAGE, {k: v for k, v in params.items() if k in views.FILTERS[FALLBACK_PAGE][0]}
        keys, clean = views.FILTERS[page]
        _ctx, values = clean(params)
        records = views.PAGES[page](params)
        chart = main_chart(page, records)
    if chart is None:
        return None
    record = records[chart]
    image_values = {k: values.get(k, "") for k in keys if k not in FREE_TEXT}
    image_query = filters.query_string(image_values)
    image_query = (image_query + "&" if image_query else "?") + urlencode({"size": "og"})
    canonical = filters.query_string({k: values.get(k, "") for k in views.FILTERS[_page_of(path)[0]][0]}) if own_page else ""
    return {"title": record.title, "description": record.summary or record.title, "page": page, "chart": chart,
            "image": f"/image/{page}/{chart}.png{image_query}", "canonical": path + canonical}


def meta_tags(path: str, args: dict, *, page_title: str, default_description: str) -> str:
    """The share-preview tags of `path?args`, as HTML for the page's <head>."""
    try:
        shown = preview(path, args)
    except errors.UNAVAILABLE:
        shown = None
    title = shown["title"] if shown else page_title
    description = shown["description"] if shown else default_description
    metas = [{"name": "description", "content": description},
             {"property": "og:type", "content": "website"},
             {"property": "og:site_name", "content": SITE},
             {"property": "og:title", "content": title},
             {"property": "og:description", "content": description},
             {"name": "twitter:card", "content": "summary_large_image"},
             {"name": "twitter:title", "content": title},
             {"name": "twitter:description", "content": description}]
    image = public_url(shown["image"]) if shown else None
    if image:
        metas += [{"property": "og:image", "content": image}, {"property": "og:image:type", "content": "image/png"},
                  {"property": "og:image:width", "content": str(images.OG_WIDTH)},
                  {"property": "og:image:height", "content": str(images.OG_HEIGHT)},
                  {"property": "og:image:alt", "content": description},
                  {"name": "twitter:image", "content": image}, {"name": "twitter:image:alt", "content": description}]
    canonical = public_url(shown["canonical"] if shown else path)
    html = "\n      ".join(format_tag("meta", m, opened=True, sanitize=True) for m in metas)
    if canonical:
        html += "\n      " + format_tag("meta", {"property": "og:url", "content": canonical}, opened=True, sanitize=True)
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
            base = "\n      ".join(format_tag("meta", m, opened=True, sanitize=True) for m in app._generate_meta() if m.get("name") != "description")
            page, _ = dash._pages._path_to_page(app.strip_relative_path(request.path))
            title = (page or {}).get("title") or app.title
            title = title() if callable(title) else title
            tags = meta_tags(request.path, request.args.to_dict(), page_title=title, default_description=description)
            parts["metas"] = base + "\n      " + tags
        return interpolate(**parts)

    app.interpolate_index = interpolate_index
