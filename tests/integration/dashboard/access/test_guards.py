"""Crafted requests get a clear 4xx, never a 500 (dashboard/access/guards.py): Dash callback bodies of the wrong
shape, or too large, paths with control characters, component bundles nobody registered.

Each case is a request as an attacker sent it; the fuzz tests at the end send what hypothesis makes up to Dash's
callback endpoint. Over the app's own HTTP interface (Flask's test client): none of these depends on the server in
front.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.signin import https_client
from tests.support.web import make_app


@pytest.fixture(scope="module")
def dependencies(app) -> list[dict]:
    return app.server.test_client().get("/_dash-dependencies").get_json()


def _outputs(callback_id: str) -> list[dict]:
    parts = callback_id.strip(".").split("...") if callback_id.startswith("..") else [callback_id]
    # As the browser sends them: an output that allows duplicates keeps its "@<hash>".
    return [{"id": p.split(".")[0], "property": p.split(".", 1)[1]} for p in parts]


def body_for(dependencies, changed: str, values: dict) -> dict:
    """The body a browser sends when `changed` ("id.property") changes, with `values` by id."""
    dep = next(d for d in dependencies if any(f"{i['id']}.{i['property']}" == changed for i in d["inputs"]))
    outputs = _outputs(dep["output"])
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values.get(i["id"])} for i in dep["inputs"]],
        "changedPropIds": [changed],
        "state": [
            {"id": s["id"], "property": s["property"], "value": values.get(s["id"])} for s in dep.get("state", [])
        ],
    }


REACH = {
    "reach-area": "all",
    "reach-programme": "divert",
    "reach-period": "2023-24",
    "reach-borough": "all",
    "reach-release": "",
    "reach-shown": "",
}


def _post(app, body, **kwargs):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return app.server.test_client().post(
        "/_dash-update-component", data=data, content_type="application/json", **kwargs
    )


# --------------------------------------------------------------------------- Dash callbacks, crafted


def test_a_real_callback_still_answers(app, dependencies):
    response = _post(app, body_for(dependencies, "reach-programme.value", REACH))
    assert response.status_code == 200 and "DIVERT" in response.data.decode()


def _crafted_bodies(dependencies) -> dict[str, object]:
    good = body_for(dependencies, "reach-programme.value", REACH)
    router = next(d for d in dependencies if any(i["id"] == "_pages_location" for i in d["inputs"]))
    clientside = next(d for d in dependencies if d.get("clientside_function"))
    click = next(d for d in dependencies if any(i["property"] == "clickData" for i in d["inputs"]))

    def with_value(body, index, value):
        out = json.loads(json.dumps(body))
        out["inputs"][index]["value"] = value
        return out

    def router_body(pathname, search="?a=1"):
        outputs = _outputs(router["output"])
        return {
            "output": router["output"],
            "outputs": outputs,
            "changedPropIds": ["_pages_location.pathname"],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": search},
            ],
            "state": [],
        }

    def click_body(data):
        return {
            "output": click["output"],
            "outputs": _outputs(click["output"])[0],
            "changedPropIds": ["services-map.clickData"],
            "inputs": [{"id": "services-map", "property": "clickData", "value": data}],
            "state": [],
        }

    nested = "[" * 100_000 + "]" * 100_000  # 200 kB: past the body limit
    nested_within_limit = "[" * 7_000 + "]" * 7_000  # 14 kB: within the limit, too deep for Python's JSON parser
    return {
        "list filter value": with_value(good, 1, ["divert", "x"]),
        "dict filter value": with_value(good, 1, {"a": 1}),
        "number filter value": with_value(good, 1, 12),
        "missing inputs": {k: v for k, v in good.items() if k != "inputs"},
        "inputs not a list": {**good, "inputs": "x"},
        "too few inputs": {**good, "inputs": good["inputs"][:1]},
        "inputs of another callback": {**good, "inputs": router_body("/")["inputs"]},
        "missing outputs": {k: v for k, v in good.items() if k != "outputs"},
        "unknown output": {**good, "output": "nothing.children"},
        "output not text": {**good, "output": ["reach-content.children"]},
        "clientside output": {**good, "output": clientside["output"], "outputs": _outputs(clientside["output"])[0]},
        "changedPropIds not a list": {**good, "changedPropIds": "reach-programme.value"},
        "_pages_location None": router_body(None),
        "_pages_location int": router_body(7),
        "_pages_location list": router_body(["/", "/reach"]),
        "_pages_location search dict": router_body("/", {"a": 1}),
        "clickData points not a list": click_body({"points": 5}),
        "clickData point not an object": click_body({"points": [5]}),
        "clickData location a list": click_body({"points": [{"location": ["E09000001"]}]}),
        "clickData a list": click_body([1, 2]),
        "a JSON array body": [good],
        "a JSON string body": '"x"',
        "not JSON": b"{not json",
        "100,000 nested arrays": nested,
        "7,000 nested arrays": nested_within_limit,
    }


def test_every_crafted_callback_body_gets_a_4xx(app, dependencies):
    """Given the crafted callback bodies above, when each is POSTed, then each gets a 4xx or a harmless
    200 (a callback that reads clickData of the wrong shape changes nothing), never a 500."""
    answers = {name: _post(app, body).status_code for name, body in _crafted_bodies(dependencies).items()}
    assert {name: status for name, status in answers.items() if not 200 <= status < 500} == {}
    expected = {
        name: 413 if name == "100,000 nested arrays" else 400 for name in answers if not name.startswith("clickData")
    }
    assert {name: answers[name] for name in expected} == expected


def test_clickdata_of_the_wrong_shape_changes_nothing(app, dependencies):
    for name, body in _crafted_bodies(dependencies).items():
        if name.startswith("clickData"):
            response = _post(app, body)
            unchanged = response.status_code == 204 or (
                response.status_code == 200 and response.get_json()["response"] == {}
            )
            assert unchanged or response.status_code == 400, (name, response.data[:200])


def test_every_callback_property_has_a_type_rule(app):
    """A new callback on a property guards.PROPERTY_TYPES does not know would be refused with 400 in the browser too:
    this says so first."""
    from dashboard.access import guards

    used = {
        i["property"]
        for spec in app.callback_map.values()
        if "callback" in spec
        for i in spec["inputs"] + spec["state"]
    }
    assert used - set(guards.PROPERTY_TYPES) == set()


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nothing/x.js",
        "/_dash-component-suites/dash/nothing.js",
        "/_dash-component-suites/os/path.py",
        "/_dash-component-suites/dash/../../etc/passwd",
    ],
)
def test_unregistered_component_suites_are_404(app, path):
    assert app.server.test_client().get(path).status_code == 404


def test_a_header_injection_in_the_path_is_refused_in_internal_mode(internal_app):
    """GET /%0d%0aX-Injected:%201: the sign-in redirect put the path into its Location header (a 500)."""
    client = internal_app.server.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    response = client.get("/%0d%0aX-Injected:%201")
    assert response.status_code == 404
    assert "X-Injected" not in response.headers


# --------------------------------------------------------------------------- fuzz

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ
@given(data=st.data())
def test_fuzzed_callback_bodies_never_get_a_5xx(app, dependencies, data):
    """Every server-side callback, its inputs and state given made-up JSON values (or its body's parts dropped
    or replaced): a 4xx or a 200, never a 5xx."""
    dep = data.draw(st.sampled_from([d for d in dependencies if not d.get("clientside_function")]))
    outputs = _outputs(dep["output"])
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": data.draw(JSON_VALUES)} for i in dep["inputs"]],
        "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"],
        "state": [
            {"id": s["id"], "property": s["property"], "value": data.draw(JSON_VALUES)} for s in dep.get("state", [])
        ],
    }
    for key in data.draw(st.lists(st.sampled_from(sorted(body)), max_size=2, unique=True)):
        if data.draw(st.booleans()):
            del body[key]
        else:
            body[key] = data.draw(JSON_VALUES)
    response = _post(app, body)
    assert response.status_code < 500, (body, response.data[:300])


@FUZZ
@given(body=JSON_VALUES)
def test_fuzzed_json_bodies_never_get_a_5xx(app, body):
    assert _post(app, body).status_code < 500


@pytest.mark.parametrize("megabytes", [5, 30])
def test_a_large_callback_body_is_refused_with_413(app, megabytes):
    """A 5 MB or 30 MB POST to /_dash-update-component is refused, not read and answered."""
    body = json.dumps({"output": "reach-content.children", "padding": "x" * (megabytes * 1024 * 1024)})
    response = app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413


def test_a_crafted_path_is_a_404_not_a_500(internal_url, auth_env):
    """`GET /%0d%0aX-Injected:%201` in internal mode: a path with control characters is no page
    (dashboard/access/guards.py answers 404 before sign-in), so no header is injected and nothing fails (500);
    a path with only unusual printable characters still goes into next= encoded."""
    app = make_app(internal_url, **auth_env)
    response = https_client(app).get("/%0d%0aX-Injected:%201", headers={"Accept": "text/html"})
    assert response.status_code == 404
    odd = https_client(app).get("/a%20b:c&d", headers={"Accept": "text/html"})
    assert odd.status_code == 302 and odd.headers["Location"] == "/signin?next=/a+b%3Ac%26d"
    assert "X-Injected" not in response.headers
