"""Every page as one kind of object (dashboard/pages/__init__.py), on the small release."""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode

from dashboard.data import release_context
from dashboard.pages import registry

# --------------------------------------------------------------------------- crafted query strings, every page

CONTROL_CHARACTERS = ("\x00", "\x07", "\x1b")


def _every_page(app, *, internal: bool) -> list[tuple[str, tuple[str, ...]]]:
    """(address, the parameters it reads) of every page of the mode: its filters and "release", and the named
    parameters of its own layout function (the internal pages read ?programme=, ?year=, ?sort=...)."""
    with app.server.test_request_context("/"):
        programme = release_context.for_request().programmes["programme_id"].iloc[0]
    out = []
    for page in registry.PUBLIC + (registry.INTERNAL if internal else ()):
        path = re.sub(r"<[^>]+>", programme, page.path_template) if page.path_template else page.path
        drawn = inspect.signature(page.draw).parameters.values() if page.draw else ()
        named = [p.name for p in drawn if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        variables = re.findall(r"<([^>]+)>", page.path_template or "")
        out.append((path, tuple(dict.fromkeys(n for n in (*page.query_keys, *named) if n not in variables))))
    return out


def _router(client, path: str, query: list[tuple[str, str]]):
    """Dash's page-routing callback, as the browser calls it on a link followed inside the app."""
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d for d in deps if any(i["id"] == "_pages_location" for i in d["inputs"]))
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".", 1)[1]} for o in router["output"].strip(".").split("...")
    ]
    search = "?" + urlencode(query) if query else ""
    return client.post(
        "/_dash-update-component",
        json={
            "output": router["output"],
            "outputs": outputs,
            "changedPropIds": ["_pages_location.pathname"],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": path},
                {"id": "_pages_location", "property": "search", "value": search},
            ],
            "state": [],
        },
    )


def _crafted_requests_of_every_page(client, pages: list[tuple[str, tuple[str, ...]]]) -> list:
    """Every page asked for with each parameter it reads repeated, and set to control characters, as a page load
    and through Dash's page router; what came back that should not have."""
    wrong = []
    for path, names in pages:
        plain = _router(client, path, [])
        repeated = [(n, v) for n in names for v in ("a", "b")]
        routed = _router(client, path, repeated)
        if routed.status_code != plain.status_code or (routed.status_code == 200 and routed.data != plain.data):
            wrong.append((path, "routed, repeated", routed.status_code))
        loaded = client.get(path, query_string=repeated, headers={"Accept": "text/html"})
        if loaded.status_code >= 500:
            wrong.append((path, "loaded, repeated", loaded.status_code))
        for control in CONTROL_CHARACTERS:
            crafted = [(n, control) for n in names] + [(n, f"divert{control}") for n in names]
            for how, response in (
                ("routed", _router(client, path, crafted)),
                ("loaded", client.get(path, query_string=crafted, headers={"Accept": "text/html"})),
            ):
                if response.status_code >= 500:
                    wrong.append((path, f"{how}, {control!r}", response.status_code))
    return wrong


def test_a_repeated_parameter_is_an_unknown_value_on_every_public_page(app):
    """Given every page with each parameter it reads repeated (?programme=a&programme=b: a list where the page
    expects one value), when it is loaded or drawn by Dash's page router, then it is the page as drawn without
    the parameter, never a 500; control characters (%00, %07, %1b) in any parameter are no 500 either."""
    assert _crafted_requests_of_every_page(app.server.test_client(), _every_page(app, internal=False)) == []


def test_a_repeated_parameter_is_an_unknown_value_on_every_internal_page(internal_client, internal_app):
    """The same on every page of internal mode, signed in (before: /internal/providers?programme=a&programme=b and
    /internal/spend-profile were 500s, by page load and by Dash's router)."""
    assert _crafted_requests_of_every_page(internal_client, _every_page(internal_app, internal=True)) == []
