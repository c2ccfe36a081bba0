"""The first paint: the requested page as plain HTML in the index, the page a public reader first uses.

Dash draws every page in the browser. On a slow phone the page stays blank while about
0.4 MB of JavaScript loads, then the layout and the page's content arrive by two more
requests: Lighthouse's mobile preset put the overview's largest text at 3.8 s. The index
therefore carries the same page (the shell of header, notice and footer around the page's
own layout for the address and query asked for) as static HTML: the header, the intro and
the figures show as soon as the stylesheet has loaded, and without JavaScript at all.

The copy is a working page, not a picture of one. Its filters are a form that asks the page's
own address for the chosen view (GET, each control named by its query key), with a button to
send it where JavaScript is off; a public chart is its picture (dashboard/charts/facade.py);
links, tables and downloads are plain HTML. On public pages Dash's scripts load only when the
reader first reaches for something that needs them (dashboard/ui/dash_on_demand.py); internal
pages load them at once. Either way CSS hides the copy and shows Dash's page as soon as the
page's content is in (assets/10-dashboard.css), and assets/first-paint.js then removes the copy,
handing the reader's focus and open tables over to Dash's page.

The copy's ids carry a prefix (Dash's page has the real ones), except an anchor that other pages link
to (marked data-anchor), and each control says which of Dash's controls it stands for (data-control).

Components are rendered from their props: every `dash.html` element as its tag, the
Bootstrap components the dashboard uses with the classes dash-bootstrap-components gives
them, `dcc.Markdown` with markdown-it (CommonMark, raw HTML escaped, as dcc.Markdown does);
anything else contributes its children, or nothing.
"""

from __future__ import annotations

import html as html_escape
import re

from dash import dcc
from dash.development.base_component import Component
from markdown_it import MarkdownIt

from dashboard.charts import style

CLASS = "first-paint"
ID_PREFIX = "first-paint-"  # ids, and the labels and links that point at them, are the page's with this prefix
VOID = {"area", "br", "col", "hr", "img", "input", "source", "wbr"}
# Props that become attributes under another name; others pass as they are when listed in ATTRIBUTES.
RENAMED = {
    "className": "class",
    "htmlFor": "for",
    "html_for": "for",
    "tabIndex": "tabindex",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "readOnly": "readonly",
    "autoComplete": "autocomplete",
    "dateTime": "datetime",
    "srcSet": "srcset",
    "inputMode": "inputmode",
}
ATTRIBUTES = {
    "href",
    "role",
    "title",
    "scope",
    "lang",
    "type",
    "name",
    "value",
    "open",
    "hidden",
    "alt",
    "src",
    "placeholder",
    "rows",
    "method",
    "action",
    "target",
    "rel",
    "headers",
    "start",
    "abbr",
    "width",
    "height",
    "media",
}
# A <source>'s width and height: Dash's html.Source has no such props, so a chart's picture gives them as data-*.
SOURCE_SIZE = {"data-width": "width", "data-height": "height"}
BREAKPOINTS = (("xs", ""), ("sm", "-sm"), ("md", "-md"), ("lg", "-lg"), ("xl", "-xl"), ("xxl", "-xxl"))
NOSCRIPT = (
    "Without JavaScript, the charts are pictures: their numbers are in the tables under them and in the downloads, "
    "and the figures are also published as open data (see /api/v1/docs)."
)
APPLY = "Show these figures"  # the filter form's button, shown where JavaScript is off
STATUS_ID = ID_PREFIX + "status"  # where assets/dash-on-demand.js says that the interactive page is loading

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def page_html(shell: Component, page_layout, *, path: str) -> str:
    """The shell with `page_layout` in place of Dash Pages' content, as one HTML string."""
    return (
        f'<div class="{CLASS}">{_render(shell, path=path, page=page_layout)}<noscript><p class="container-fluid '
        f'small">{NOSCRIPT}</p></noscript>'
        f'<p id="{STATUS_ID}" class="first-paint-status" role="status"></p></div>'
    )


def _render(node, *, path: str, page=None) -> str:
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(_render(child, path=path, page=page) for child in node)
    if not isinstance(node, Component):
        return html_escape.escape(str(node), quote=False)
    props = node.to_plotly_json()["props"]
    if page is not None and props.get("id") == "_pages_content":
        return f"<div>{_render(page, path=path)}</div>"
    render = _BOOTSTRAP.get(type(node).__name__) if node._namespace == "dash_bootstrap_components" else None
    if render:
        return render(props, path=path, page=page)
    if node._namespace == "dash_html_components":
        if props.get("data-filters") == "form":  # components.filter_bar: the filters as a form to this page's address
            button = f'<noscript><button type="submit" class="btn btn-primary mb-3">{APPLY}</button></noscript>'
            return _element("form", props, path=path, page=page, extra={"method": "get", "action": path}).replace(
                "</form>", button + "</form>"
            )
        return _element(type(node).__name__.lower(), props, path=path, page=page)
    if isinstance(node, dcc.Markdown):
        text = props.get("children") or ""
        rendered = _markdown.render(text if isinstance(text, str) else "".join(text))
        return f'<div class="{props.get("className", "")}">{rendered}</div>'
    if isinstance(node, dcc.Graph):
        return f'<div class="chart" style="min-height:{style.height(props.get("figure"))}px"></div>'
    if isinstance(node, dcc.Link):
        return _element("a", props, path=path, page=page)
    if isinstance(node, dcc.Textarea):  # its value is its text
        return _element(
            "textarea", {k: v for k, v in props.items() if k != "value"} | {"children": props.get("value")}, path=path
        )
    if isinstance(node, dcc.Input):
        return _element("input", props, path=path, extra=_stands_for(props))
    # dcc.Store, dcc.Location and the like draw nothing; other components are drawn by their children.
    return _render(props.get("children"), path=path, page=page)


def _element(tag: str, props: dict, *, path: str, page=None, classes: str = "", extra: dict | None = None) -> str:
    attrs = {}
    cls = " ".join(filter(None, [classes, props.get("className")]))
    if cls:
        attrs["class"] = cls
    if isinstance(props.get("id"), str):
        # An anchor other pages link to (data-anchor: /revisions#release-N) keeps its id, so the link lands here.
        attrs["id"] = props["id"] if props.get("data-anchor") else ID_PREFIX + props["id"]
    # Dash keeps a component's aria-* and data-* props in the order of a set (dash's _explicitize_args),
    # which changes with Python's hash seed from one process to the next: they are drawn sorted.
    wildcard = sorted(key for key in props if key.startswith(("aria-", "data-")))
    named = [key for key in props if not key.startswith(("aria-", "data-"))]
    for key in named + wildcard:
        value = props[key]
        if key in ("children", "className", "id", "style") or value is None or value is False:
            continue
        name = RENAMED.get(key, key)
        if name in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
            attrs[name] = " ".join(ID_PREFIX + ref for ref in str(value).split())
        elif name == "href" and str(value).startswith("#"):
            attrs[name] = "#" + ID_PREFIX + str(value)[1:]
        elif (
            key in RENAMED
            or key in ATTRIBUTES
            or key.startswith(("aria-", "data-"))
            or key in ("disabled", "min", "max", "step")
        ):
            attrs[name] = value
    if props.get("style"):
        attrs["style"] = ";".join(f"{_css_name(k)}:{v}" for k, v in props["style"].items())
    if tag == "source":  # a picture's source: its size, which Dash's html.Source cannot carry (charts/facade.py)
        attrs = {SOURCE_SIZE.get(k, k): v for k, v in attrs.items()}
    attrs.update(extra or {})
    text = "".join(f" {k}" if v is True else f' {k}="{html_escape.escape(str(v))}"' for k, v in attrs.items())
    if tag in VOID:
        return f"<{tag}{text}>"
    return f"<{tag}{text}>{_render(props.get('children'), path=path, page=page)}</{tag}>"


def _css_name(prop: str) -> str:
    """React's style names to CSS: maxWidth -> max-width."""
    return re.sub("([A-Z])", lambda m: "-" + m.group(1).lower(), prop)


# --------------------------------------------------------------------------- Bootstrap components


def _col_classes(props: dict) -> str:
    classes = []
    for prop, infix in BREAKPOINTS:
        size = props.get("width" if prop == "xs" and "width" in props else prop)
        if size is True:
            classes.append(f"col{infix}")
        elif size is not None:
            classes.append(f"col{infix}-{size}")
    return " ".join(classes) or "col"


def _options(props: dict) -> list[tuple[str, str]]:
    return [(str(o["value"]), str(o["label"])) for o in props.get("options") or []]


def _stands_for(props: dict) -> dict:
    """A control's name in the filter form (its query key) and the id of the Dash control it stands for."""
    return {k: v for k, v in (("name", props.get("name")), ("data-control", props.get("id"))) if isinstance(v, str)}


def _select(props, *, path, page=None):
    chosen = str(props.get("value"))
    options = "".join(
        f'<option value="{html_escape.escape(v)}"{" selected" if v == chosen else ""}>'
        f"{html_escape.escape(lbl)}</option>"
        for v, lbl in _options(props)
    )
    return _element(
        "select",
        {"id": props.get("id"), "className": props.get("className")},
        path=path,
        classes="form-select",
        extra=_stands_for(props),
    ).replace("></select>", f">{options}</select>")


def _radio_items(props, *, path, page=None):
    chosen = str(props.get("value"))
    ids = ID_PREFIX + str(props.get("id"))
    name, control = (html_escape.escape(str(props.get(k) or "")) for k in ("name", "id"))
    return (
        f'<div data-control="{control}">'
        + "".join(
            f'<div class="form-check"><input type="radio" class="form-check-input" id="{ids}-{n}" name="{name}" '
            f'value="{html_escape.escape(v)}"'
            f'{" checked" if v == chosen else ""}><label class="form-check-label" '
            f'for="{ids}-{n}">{html_escape.escape(lbl)}</label></div>'
            for n, (v, lbl) in enumerate(_options(props))
        )
        + "</div>"
    )


def _checkbox(props, *, path, page=None):
    ids = ID_PREFIX + str(props.get("id"))
    name, control = (html_escape.escape(str(props.get(k) or "")) for k in ("name", "id"))
    return (
        f'<div class="form-check"><input type="checkbox" class="form-check-input" id="{ids}" name="{name}" value="yes" '
        f'data-control="{control}"'
        f'{" checked" if props.get("value") else ""}><label class="form-check-label form-label" '
        f'for="{ids}">{html_escape.escape(str(props.get("label", "")))}</label></div>'
    )


def _nav_link(props, *, path, page=None):
    active = props.get("active") is True or (props.get("active") == "exact" and props.get("href") == path)
    return _element("a", props, path=path, classes="nav-link" + (" active" if active else ""))


def _simple(tag: str, classes):
    def render(props, *, path, page=None):
        return _element(tag, props, path=path, page=page, classes=classes(props) if callable(classes) else classes)

    return render


_BOOTSTRAP = {
    "Container": _simple("div", lambda p: "container-fluid" if p.get("fluid") else "container"),
    "Row": _simple("div", "row"),
    "Col": _simple("div", _col_classes),
    "Card": _simple("div", "card"),
    "CardBody": _simple("div", "card-body"),
    "CardHeader": _simple("div", "card-header"),
    "Alert": _simple("div", lambda p: f"alert alert-{p.get('color', 'success')}"),
    "Nav": _simple("div", "nav"),  # dbc 2 draws Nav and NavItem as <div>s, navbar or not
    "NavItem": _simple("div", "nav-item"),
    "NavLink": _nav_link,
    "Label": _simple("label", ""),
    "Input": lambda props, *, path, page=None: _element(
        "input", props, path=path, classes="form-control", extra=_stands_for(props)
    ),
    "Select": _select,
    "RadioItems": _radio_items,
    "Checkbox": _checkbox,
}
