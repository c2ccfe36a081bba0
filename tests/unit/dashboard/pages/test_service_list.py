"""The services directory's results list (dashboard/pages/service_list.py): a compact row per service and the links to
the list's pages, with no app."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.pages import service_list
from dashboard.ui import first_paint

NAMES = {f"E0900000{n}": name for n, name in enumerate(["City", "Barking", "Barnet", "Bexley", "Brent", "Bromley"], 1)}


def _html(component) -> str:
    return first_paint._render(component, path="/services")


@pytest.mark.parametrize(
    ("covered", "expected"),
    [
        ("London-wide", "London-wide"),
        ("E09000002;E09000003", "Barking, Barnet"),
        ("E09000002;E09000003;E09000004;E09000005", "Barking, Barnet, Bexley, Brent"),
        ("E09000001;E09000002;E09000003;E09000004;E09000005", "City, Barking, Barnet and 2 more boroughs"),
    ],
)
def test_a_row_names_the_boroughs_covered_or_says_how_many_more(covered, expected):
    assert service_list.where(covered, NAMES) == expected


def test_a_row_links_to_the_service_page_with_its_name_provider_rating_in_words_and_funding():
    service = pd.Series(
        {
            "service_id": "SVC005",
            "name": "DIVERT (custody diversion)",
            "provider_name": "Metropolitan Police Service (Custody)",
            "service_area": "Custody and hospital intervention",
            "boroughs_covered": "London-wide",
            "rag_rating": "red",
            "annual_value_gbp": 783_000.0,
            "contract_end": "2027-04-06",
        }
    )
    html = _html(service_list.row(service, names=NAMES))
    assert '<a href="/services/SVC005">DIVERT (custody diversion), Metropolitan Police Service (Custody)</a>' in html
    assert "Off track" in html and 'aria-hidden="true">✖' in html  # the rating in words, and its icon
    assert "£783,000 a year" in html and "contract to 2027-04-06" in html and "London-wide" in html


def test_the_pages_are_links_with_the_one_shown_marked_current_and_the_far_ones_left_out():
    """Given page 7 of 15, then Previous, 1, …, 5 to 9, …, 15 and Next are shown, each a link to its address, and
    page 7 is aria-current; a list of one page has no page links."""
    nav = service_list.pagination(page=7, pages=15, link=lambda n: f"/services?page={n}")
    html = _html(nav)
    assert html.startswith('<nav aria-label="Pages of the services list">')
    labels = [label for label in ("Previous", "1", "…", "5", "6", "7", "8", "9", "15", "Next") if f">{label}<" in html]
    assert labels == ["Previous", "1", "…", "5", "6", "7", "8", "9", "15", "Next"]
    assert '<a class="page-link" href="/services?page=7" aria-current="page" aria-label="Page 7">7</a>' in html
    assert html.count('aria-current="page"') == 1 and ">10<" not in html and ">4<" not in html
    assert 'href="/services?page=6"' in html and 'aria-label="Previous page, 6"' in html
    assert service_list.pagination(page=1, pages=1, link=str) is None
    first = _html(service_list.pagination(page=1, pages=2, link=lambda n: f"?page={n}"))
    assert "Previous" not in first and "Next" in first
