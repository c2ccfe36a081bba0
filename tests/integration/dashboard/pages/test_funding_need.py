"""The funding-against-need page (dashboard/pages/funding_need.py) on the small release: real need figures beside
synthetic allocations, one indicator at a time, [x] where a figure is not available, and what the page says it leaves
out."""

from __future__ import annotations

import re

import pytest

from dashboard.pages import funding_need
from tests.support.web import callback_request, main_text, page_html

MPS = "real, published by the Metropolitan Police Service (Open Government Licence v3.0)"
KNIFE, VICTIMS = "knife_crime_with_injury", "knife_injury_victims_1_24_non_domestic"


def _row(text: str, borough: str) -> str:
    """The words of a borough's row in the page's borough table (from its name to the next borough's)."""
    found = re.search(rf"{borough} (Inner|Outer) (.*?)(?= [A-Z][a-z]+[a-z ]* (Inner|Outer) |$)", text)
    assert found, borough
    return found.group(0)


def test_the_page_shows_croydons_knife_crime_and_rate_and_the_city_as_not_available(client):
    """Given the demo release, when /funding-need is asked for, then it shows 2024-25 and knife crime with injury:
    Croydon's 196 offences, 5.0 per 10,000 residents (196 / 390,800 Census 2021 residents), and the City of London
    as [x], with the source of the need figures, allocations marked synthetic, and the City named as left out."""
    text = main_text(page_html(client, "/funding-need"))
    assert "Inner and outer London, financial year 2024-25" in text
    assert re.search(r"Croydon Outer £[\d,]+ £[\d.]+ 196 5\.0 £[\d,.]+", _row(text, "Croydon"))
    assert _row(text, "City of London").startswith("City of London Inner no allocation no allocation [x] [x] [x]")
    assert f"Need (knife crime with injury offences): {MPS}." in text
    assert "Allocations: synthetic demonstration figures" in text
    assert "Left out: City of London (no allocation, offences not available [x])" in text
    assert "[x] means not available: it is not 0." in text


def test_the_default_view_is_knife_crime_in_the_latest_year_with_need_figures(ctx):
    """Given a release whose need figures cover 2022-23 to 2024-25 of allocations for 2021-22 to 2025-26, then the
    page opens on 2024-25 and knife crime with injury; a quarter's link shows its year; crafted values fall back."""
    assert funding_need.PAGE.values(ctx, {}) == {"period": "2024-25", "indicator": KNIFE, "release": ""}
    assert funding_need.PAGE.values(ctx, {"period": "2023-24 Q2", "indicator": VICTIMS})["period"] == "2023-24"
    crafted = funding_need.PAGE.values(ctx, {"period": "1900-01", "indicator": "violence' OR 1=1 --"})
    assert (crafted["period"], crafted["indicator"]) == ("2024-25", KNIFE)
    assert funding_need.PAGE.values(ctx, {"period": ["2023-24", "2022-23"], "indicator": ["x"]})["period"] == "2024-25"


def test_choosing_young_victims_redraws_every_figure_for_them(client):
    """Given the page, when the indicator changes to young victims, then the URL carries it, and the inner and outer
    table, the ranked chart and the scatter are all per young victim (Croydon: 72 in 2024-25)."""
    result = callback_request(
        client,
        changed="funding-need-indicator.value",
        input_ids={"funding-need-period": "2024-25", "funding-need-indicator": VICTIMS},
    )
    assert result["page-query"]["data"] == f"?period=2024-25&indicator={VICTIMS}"
    content = str(result["funding-need-content"]["children"])
    assert "LCPF allocation per young victim by borough" in content
    assert "£ per young victim" in content and "Young victims per 10,000 residents" in content
    assert "Allocation per resident against knife injury victims aged 1 to 24" in content
    view = funding_need.RANKED.view_for(*_shown(client, VICTIMS))
    croydon = view.table.frame.set_index("borough_name").loc["Croydon"]
    assert (croydon["need"], croydon["need_rate"]) == ("72", "1.8")
    assert view.sources == (f"Knife injury victims aged 1 to 24, not domestic abuse: {MPS}",)


def _shown(client, indicator: str):
    from dashboard.data import release_context

    with client.application.test_request_context("/"):
        ctx = release_context.for_request()
        return ctx, funding_need.PAGE.values(ctx, {"period": "2024-25", "indicator": indicator})


@pytest.mark.parametrize("year", ["2025-26", "2021-22"])
def test_a_year_without_need_figures_says_so_and_compares_nothing(client, year):
    """Given a year of allocations with no need figures, then the page says the figures are not available, and sets
    nothing against them: no inner and outer comparison, per-offence ranking or scatter."""
    text = main_text(page_html(client, f"/funding-need?period={year}"))
    assert f"Knife crime with injury offences are not available [x] for financial year {year}" in text
    assert "They are published for 2022-23, 2023-24, 2024-25." in text
    assert "LCPF allocation per offence by borough" not in text and "Allocation per resident against" not in text
