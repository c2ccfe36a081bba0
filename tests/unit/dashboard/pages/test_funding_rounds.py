"""The funding rounds' table (dashboard/pages/funding_rounds.py): only an http(s) address from the data is a link."""

from __future__ import annotations

import pandas as pd
import pytest
from dash import html

from dashboard.pages import funding_rounds


def _text(node) -> str:
    if isinstance(node, str):
        return node
    children = node.children if isinstance(node.children, list) else [node.children]
    return "".join(_text(c) for c in children if c is not None)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.london.gov.uk/example/funding/FO009", "www.london.gov.uk"),
        ("http://example.org/apply?round=2", "example.org"),
        ("  HTTPS://Grants.Example.ORG/x  ", "grants.example.org"),
    ],
)
def test_a_web_address_is_a_link_named_by_its_host_in_the_same_tab(url, host):
    link = funding_rounds.apply_link(url, "Youth clubs")
    assert isinstance(link, html.A)
    assert link.href == url.strip()
    assert _text(link) == f"{host} (apply for Youth clubs)"
    assert getattr(link, "target", None) is None  # the same tab


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://files.example.org/form.pdf",
        "mailto:grants@example.org",
        "www.london.gov.uk/funding",
        "//evil.example/x",
        "https://",
        "https://[::1/x",
        "",
    ],
)
def test_any_other_address_stays_plain_text(url):
    assert funding_rounds.apply_link(url, "Youth clubs") == url


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_round_without_an_address_has_an_empty_cell(missing):
    assert funding_rounds.apply_link(missing, "Youth clubs") == ""


def test_the_table_links_each_round_and_stacks_on_a_phone():
    rounds = pd.DataFrame(
        {
            "title": ["A", "B"],
            "state": ["open", "upcoming"],
            "service_area": ["Youth work", "Schools"],
            "boroughs_covered": ["London-wide", "E09000001"],
            "total_value_gbp": [1000.0, 2000.0],
            "opens": ["2026-01-01", "2026-02-01"],
            "closes": ["2026-03-01", "2026-04-01"],
            "url": ["https://example.org/a", "javascript:alert(1)"],
        }
    )
    region = funding_rounds.table(rounds, {"E09000001": "City of London"}, caption="Rounds")
    table = region.children
    assert "table-stack" in table.className
    links = [cell.children.children for row in table.children[2].children for cell in row.children]
    assert [type(c).__name__ for c in links].count("A") == 1
    assert "javascript:alert(1)" in links
