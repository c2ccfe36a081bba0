"""What a request must look like before the app works on it (every request may be hostile): a bounded body, a
path without control characters, and Dash callback requests shaped like the ones the
dashboard's own pages send. Anything else is the sender's mistake, so it gets a 4xx
saying what was wrong, never a 500 from deep inside Dash or a page's code.
"""

from __future__ import annotations

import json
import re

import dash
from flask import Flask, request
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge

# The largest request body the app accepts (Flask's MAX_CONTENT_LENGTH; 413 past it). The
# largest real one, measured in Chromium over every page, filter, the longest search and a
# click on the map (tests/browser/dashboard/access/test_guards.py measures it again), is the geography
# page's filter callback: 1,252 bytes. 16 kB leaves room for longer ids and values (the test
# keeps 8 times the largest) without letting a client make a worker read and parse megabytes.
MAX_BODY_BYTES = 16 * 1024
UPDATE_PATH = "_dash-update-component"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NONE = type(None)
# The JSON types each property the dashboard's callbacks take may have, as a browser sends
# them. A callback on a property not listed here is refused until it is added (a test checks
# that every registered callback's properties are).
PROPERTY_TYPES: dict[str, tuple[type, ...]] = {
    "value": (str, bool, _NONE),  # <select>, radio items and search boxes: text; checkboxes: true or false
    "data": (str, _NONE),  # dcc.Store of the page's query string and pinned release
    "pathname": (str,),  # dcc.Location (Dash's page router)
    "search": (str, _NONE),
    "clickData": (dict, _NONE),  # plotly's click event; its shape is checked by the callback that reads it
    "n_clicks": (int, _NONE),
}


# Number inputs send their value as a number; every other value is text or a checkbox's true/false.
NUMBER_INPUTS = frozenset({"services-age"})  # the age of the person in the services search
NUMBER_TYPES = (int, float)


class CraftedCallback(BadRequest):
    """A POST to Dash's callback endpoint that no page of the dashboard sends."""


def _refuse(reason: str):
    raise CraftedCallback(f"Not a request this dashboard sends: {reason}.")


def _pairs(items, what: str) -> list[tuple]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        _refuse(f"{what} must be a list of objects")
    return [(i.get("id"), i.get("property")) for i in items]


def _output_pairs(callback_id: str) -> list[tuple]:
    """(id, property) of each output in Dash's callback id, e.g. "..a.children...b.data@1f2e.." """
    outputs = callback_id.strip(".").split("...") if callback_id.startswith("..") else [callback_id]
    return [tuple(o.split("@")[0].split(".", 1)) for o in outputs]


def check_callback_body(body, callback_map: dict) -> None:
    """Raise CraftedCallback unless `body` names a server-side callback of this app and gives its
    outputs, inputs and state, in order, with values of the types a browser sends."""
    if not isinstance(body, dict):
        _refuse("the body must be a JSON object")
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        _refuse("no such callback")  # unknown, or clientside: the browser runs those itself
    outputs = body.get("outputs")
    given = _pairs(outputs if isinstance(outputs, list) else [outputs], "outputs")
    # The browser names an output that allows duplicates "data@<hash>", as the callback id does.
    if [(i, p.split("@")[0] if isinstance(p, str) else p) for i, p in given] != _output_pairs(output):
        _refuse("the outputs do not match the callback")
    for part, expected in (("inputs", spec["inputs"]), ("state", spec["state"])):
        given = body.get(part, [])
        if _pairs(given, part) != [(e["id"], e["property"]) for e in expected]:
            _refuse(f"the {part} do not match the callback")
        for item in given:
            allowed = PROPERTY_TYPES.get(item["property"])
            if allowed is not None and item["property"] == "value" and item.get("id") in NUMBER_INPUTS:
                allowed = (*allowed, *NUMBER_TYPES)
            if allowed is None or type(item.get("value")) not in allowed:
                _refuse(f"{item['id']}.{item['property']} has a value of the wrong type")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        _refuse("changedPropIds must be a list of strings")


def register(app: dash.Dash) -> None:
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    update_path = app.config.routes_pathname_prefix + UPDATE_PATH

    def _no_control_characters():
        # No page, file or route has one in its path; refused before sign-in, which would
        # otherwise put it into a Location header (GET /%0d%0aX-Injected:%201).
        if _CONTROL.search(request.path):
            raise NotFound()

    # First of all the checks, ahead of the sign-in check of internal mode.
    server.before_request_funcs.setdefault(None, []).insert(0, _no_control_characters)

    @server.before_request
    def _callback_shape():
        if request.path != update_path or request.method != "POST":
            return
        data = request.get_data(cache=True)
        if len(data) >= MAX_BODY_BYTES:
            # A chunked body (no Content-Length) is cut at the limit by Werkzeug, not refused.
            raise RequestEntityTooLarge()
        try:  # Flask's own parser turns a body nested 100,000 deep into a RecursionError, a 500
            body = json.loads(data or b"null")
        except (ValueError, RecursionError):
            _refuse("the body is not JSON")
        check_callback_body(body, app.callback_map)

    @server.errorhandler(dash.exceptions.DependencyException)
    def _unknown_bundle(_err):
        # /_dash-component-suites/<package>/<path> for a package or file Dash does not serve.
        return "No such file.\n", 404, {"Content-Type": "text/plain; charset=utf-8"}
