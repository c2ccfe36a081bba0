"""The first paint: a page's layout as static HTML in the index (dashboard/ui/first_paint.py)."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.ui import first_paint


def render(node, path="/"):
    return first_paint._render(node, path=path)


def test_html_elements_keep_their_tag_classes_and_attributes_and_text_is_escaped():
    out = render(
        html.Div(
            [
                html.P("Fish & <chips>", className="lead", style={"maxWidth": "3rem"}),
                html.A("Data", href="/about", **{"aria-label": "About the data"}),
                html.Hr(),
            ],
            role="note",
        )
    )
    assert out == (
        '<div role="note"><p class="lead" style="max-width:3rem">Fish &amp; &lt;chips&gt;</p>'
        '<a href="/about" aria-label="About the data">Data</a><hr></div>'
    )


def test_ids_and_what_points_at_them_carry_the_prefix():
    out = render(
        html.Div(
            [
                html.A("Skip", href="#main", className="skip-link"),
                html.Label("Period", htmlFor="x-period"),
                html.Main("m", id="main", tabIndex="-1"),
            ]
        )
    )
    assert 'href="#first-paint-main"' in out and 'for="first-paint-x-period"' in out and 'id="first-paint-main"' in out
    assert 'id="main"' not in out


def test_controls_work_with_their_value_named_by_their_query_key_and_say_which_dash_control_they_stand_for():
    out = render(
        html.Div(
            [
                dbc.Label("Period", html_for="p"),
                dbc.Select(
                    id="p",
                    name="period",
                    options=[{"label": "2024-25", "value": "a"}, {"label": "2025-26", "value": "b"}],
                    value="b",
                ),
                dbc.Input(id="q", name="q", value="mentoring"),
                dbc.Checkbox(id="c", name="closed", label="Closed", value=True),
                dbc.RadioItems(
                    id="v",
                    name="view",
                    options=[{"label": "Map", "value": "map"}, {"label": "Tiles", "value": "tiles"}],
                    value="tiles",
                ),
            ]
        )
    )
    assert '<label for="first-paint-p">Period</label>' in out
    assert re.search(
        r'<select class="form-select" id="first-paint-p" name="period" data-control="p"><option '
        r'value="a">2024-25</option>'
        r'<option value="b" selected>2025-26</option></select>',
        out,
    )
    assert re.search(
        r'<input class="form-control" id="first-paint-q" value="mentoring" name="q" data-control="q">', out
    )
    assert (
        'id="first-paint-c" name="closed" value="yes" data-control="c" checked><label class="form-check-label '
        'form-label" '
        'for="first-paint-c">Closed'
    ) in out
    assert (
        '<div data-control="v"><div class="form-check"><input type="radio" class="form-check-input" '
        'id="first-paint-v-0" name="view" value="map">' in out
    )
    assert 'name="view" value="tiles" checked>' in out
    assert "disabled" not in out


def test_the_filter_bar_is_a_form_to_the_page_itself_with_a_button_for_browsers_without_javascript():
    from dashboard.ui import components

    out = render(
        components.filter_bar([components.select("reach-period", label="Period", options=[("a", "A")], value="a")]),
        path="/reach",
    )
    assert out.startswith(
        '<form class="filters mb-3" aria-label="Filters" data-filters="form" method="get" action="/reach">'
    )
    assert 'name="period"' in out
    assert out.endswith(
        f'<noscript><button type="submit" class="btn btn-primary mb-3">{first_paint.APPLY}</button></noscript></form>'
    )
    assert 'name="release"' not in out
    # On a permalink to an earlier release the form keeps to it.
    pinned = render(components.filter_bar([], pinned="3"), path="/reach")
    assert '<input value="3" type="hidden" name="release">' in pinned


def test_aria_and_data_attributes_are_drawn_in_one_order_whatever_the_hash_seed():
    """Dash keeps them in the order of a set, which changed between CI's process and ours (stop 21's CI
    failed on it): set here in reverse order, they are still drawn sorted."""
    div = html.Div("x")
    setattr(div, "data-z", "1")
    setattr(div, "aria-label", "2")
    assert list(div.to_plotly_json()["props"])[-2:] == ["data-z", "aria-label"]
    assert render(div) == '<div aria-label="2" data-z="1">x</div>'


def test_a_hidden_input_still_goes_with_its_form():
    """The copy's sign-out form (internal mode) works before Dash has drawn: its CSRF token is sent."""
    out = render(
        html.Form(
            [dcc.Input(type="hidden", name="csrf_token", value="t"), html.Button("Sign out", type="submit")],
            method="POST",
            action="/signout",
        )
    )
    assert out == (
        '<form action="/signout" method="POST"><input value="t" type="hidden" name="csrf_token">'
        '<button type="submit">Sign out</button></form>'
    )
    assert render(dcc.Input(type="text", value="x")) == '<input value="x" type="text">'


def test_a_textarea_holds_its_value_as_text():
    out = render(dcc.Textarea(id="e", value='<iframe src="/embed">', readOnly=True))
    assert out == '<textarea id="first-paint-e" readonly>&lt;iframe src="/embed"&gt;</textarea>'


def test_bootstrap_layout_classes_match_what_dash_bootstrap_components_draws():
    assert render(dbc.Col("x", xs=12, sm=6, lg=3)) == '<div class="col-12 col-sm-6 col-lg-3">x</div>'
    assert render(dbc.Col("x")) == '<div class="col">x</div>'
    assert render(dbc.Container("x", fluid=True, className="py-3")) == '<div class="container-fluid py-3">x</div>'
    assert render(dbc.Alert("x", color="warning")) == '<div class="alert alert-warning">x</div>'
    nav = dbc.Nav([dbc.NavItem(dbc.NavLink("Reach", href="/reach", active="exact"))], navbar=True)
    assert 'class="nav-link active" href="/reach"' in render(nav, path="/reach")
    assert 'class="nav-link" href="/reach"' in render(nav, path="/")


def test_charts_keep_their_space_and_stores_draw_nothing():
    assert (
        render(dcc.Graph(figure=go.Figure(layout={"height": 320})))
        == '<div class="chart" style="min-height:320px"></div>'
    )
    assert render(dcc.Graph(figure={"data": []})) == '<div class="chart" style="min-height:450px"></div>'
    assert render(dcc.Store(id="s", data={"a": 1})) == ""


def test_markdown_is_rendered_with_raw_html_escaped_as_dcc_markdown_does():
    out = render(dcc.Markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>"))
    assert "<h1>Title</h1>" in out and "<td>1</td>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_page_html_puts_the_page_in_place_of_dash_pages_content():
    shell = html.Div([html.Header("h"), html.Div([dcc.Location(id="_pages_location"), html.Div(id="_pages_content")])])
    out = first_paint.page_html(shell, html.H1("Reach"), path="/reach")
    assert out.startswith(
        '<div class="first-paint"><div><header>h</header><div><div><h1>Reach</h1></div></div></div><noscript>'
    )
