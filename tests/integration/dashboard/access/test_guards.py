"""Crafted requests get a clear 4xx, never a 500 (issue 12, "Clear 4xx, never 5xx").

Each case is one row of the issue's table, as the attacker sent it; the fuzz tests at the end
send what hypothesis makes up, to Dash's callback endpoint and to every page's query string.
Unknown addresses are a real 404 in both modes (JSON under /api/). Over the app's own HTTP
interface (Flask's test client): none of these depends on the server in front.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.access import users
from dashboard.settings import Settings

PAGES = [
    "/",
    "/reach",
    "/geography",
    "/kpis",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/services",
    "/funding-need",
    "/revisions",
    "/about",
    "/about/data-dictionary",
]
SECRET = "s" * 64


@pytest.fixture(scope="module")
def app(public_app):
    return public_app  # built once per session (tests/conftest.py); tests here only send it requests


@pytest.fixture(scope="module")
def internal_app(small_release, tmp_path_factory):
    from dashboard.app import create_app

    auth_url = f"sqlite:///{tmp_path_factory.mktemp('crafted-auth') / 'auth.db'}"
    users.add_user(users.engine(auth_url), username="director", password="correct horse battery staple")
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )


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


# --------------------------------------------------------------------------- the table, query strings


@pytest.mark.parametrize(
    "query",
    [
        "release=%C2%B2",  # a Unicode superscript two: str.isdigit() says yes, int() says no
        "release=%D9%A3",  # an Arabic-Indic three
        "release=99999999999999999999",  # past SQLite's and PostgreSQL's integers
        "release=-1",
        "area=Knife+crime&area=Exploitation",
        "programme=divert&programme=divert",
        "borough=E09000001&borough=E09000002",
        "period=2023-24&period=2022-23",
        "view=map&view=tiles",
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/reach",
        "/geography",
        "/download/reach/reach-gender.csv",
        "/download/reach/reach-gender.xlsx",
        "/embed/reach/reach-gender",
    ],
)
def test_crafted_query_strings_fall_back_to_the_defaults(app, path, query):
    """Given a query string no page links to, when a page, a download or an embed is asked for, then it is served
    with the defaults (200), not a 500."""
    response = app.server.test_client().get(f"{path}?{query}")
    assert response.status_code == 200, response.data[:300]


@pytest.mark.parametrize(
    "query",
    [
        "shade=value&shade=value",
        "area=x&area=y",
        "borough=E09000001&borough=E09000002",
        "q=a&q=b",
        "postcode=SE1&postcode=N1",
        "closed=yes&closed=no",
        "release=%C2%B2",
    ],
)
def test_crafted_services_queries_fall_back_to_the_defaults(app, query):
    for path in ("/services", "/download/services/services-directory.csv"):
        response = app.server.test_client().get(f"{path}?{query}")
        assert response.status_code == 200, (path, response.data[:300])


def test_a_query_parameter_named_like_the_path_variable_is_a_400_that_says_why(app):
    """/programmes/divert?programme_id=x once made the first paint call layout() with programme_id twice (a 500),
    then showed "Programme not found" under a 200: Dash gives the page the query's value in place of the path's."""
    for query in ("programme_id=x", "programme_id=a&programme_id=b"):
        response = app.server.test_client().get(f"/programmes/divert?{query}")
        assert response.status_code == 400
        assert "programme_id is part of the address" in response.get_data(as_text=True)
    assert app.server.test_client().get("/programmes/divert?period=2023-24").status_code == 200


# --------------------------------------------------------------------------- the table, Dash callbacks


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
    """Given the crafted callback bodies of the issue's table, when each is POSTed, then each gets a 4xx or a harmless
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


# --------------------------------------------------------------------------- unknown paths


@pytest.mark.parametrize(
    "path",
    [
        "/nonexistent",
        "/funding",
        "/reach/extra",
        "/download/../../etc/passwd.csv",
        "/_dash-update-component",
        "/programmes/divert/more",
        "/programmes/no-such-programme",
    ],
)
def test_unknown_paths_are_a_useful_404(app, path):
    """Given an address no page has, when asked for, then 404 with the site's navigation, the programmes and a services
    search."""
    response = app.server.test_client().get(path)
    assert response.status_code == 404
    html = response.data.decode()
    assert (
        'href="/programmes"' in html
        and 'action="/services"' in html
        and 'name="q"' in html
        and 'aria-label="Main"' in html
    )


@pytest.mark.parametrize("path", ["/api/v2/counts", "/api/v1/nothing", "/api/"])
def test_unknown_api_paths_are_a_json_404(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 404 and response.is_json and "error" in response.get_json()


def test_unknown_paths_are_404_in_internal_mode_too(internal_app):
    client = internal_app.server.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    token = client.get("/signin").data.decode().split('name="csrf_token" value="')[1].split('"')[0]
    client.post(
        "/signin",
        data={"username": "director", "password": "correct horse battery staple", "csrf_token": token, "next": "/"},
    )
    response = client.get("/nonexistent")
    assert response.status_code == 404 and 'href="/internal/providers"' in response.data.decode()
    assert client.get("/internal/providers").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_still_200(app, path):
    assert app.server.test_client().get(path).status_code == 200


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


QUERY_KEYS = [
    "area",
    "programme",
    "period",
    "borough",
    "view",
    "release",
    "q",
    "postcode",
    "closed",
    "shade",
    "programme_id",
    "",
]


@FUZZ
@given(
    path=st.sampled_from(
        [
            *PAGES,
            "/download/reach/reach-gender.xlsx",
            "/download/services/services-directory.csv",
            "/embed/reach/reach-trend",
        ]
    ),
    pairs=st.lists(st.tuples(st.sampled_from(QUERY_KEYS) | st.text(max_size=5), st.text(max_size=25)), max_size=5),
)
def test_fuzzed_query_strings_never_get_a_5xx(app, path, pairs):
    """Every page (and a download and an embed) with made-up query parameters, repeated or not, any Unicode."""
    response = app.server.test_client().get(path, query_string=pairs)
    assert response.status_code < 500, (path, pairs, response.data[:300])
