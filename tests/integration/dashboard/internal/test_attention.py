"""/internal/attention, the signed-in landing page (dashboard/internal/attention.py), on the small release: what needs
attention, each item linking to the page that shows it."""

from __future__ import annotations

import re

from tests.support.signin import https_client, sign_in
from tests.support.web import main_text, page_html


def test_sign_in_lands_on_what_needs_attention(app):
    c = https_client(app)
    response = sign_in(c, next_=None)
    assert response.headers["Location"] == "/internal/attention"


def test_attention_names_an_off_track_kpi_a_late_and_a_missing_return_and_spend_off_profile_each_linking_to_its_page(
    signed_in,
):
    """Given the demo release, when the landing page is read, then the generator's guaranteed items are there, and each
    link opens a page that shows the same thing."""
    html = page_html(signed_in, "/internal/attention")
    text = main_text(html)
    assert "Young people who say they feel safer: off track" in text
    assert "return missing" in text and "return late" in text
    assert re.search(r"Parent Carer Champions: [0-9.]+% over profile", text)
    trajectory = re.search(
        r'href="(/kpis/trajectories\?programme=hospital-youth-work#kpi-hospital-feel-safer)"', html
    ).group(1)
    assert "Off track" in main_text(page_html(signed_in, trajectory.split("#")[0]))
    spend = (
        re.search(r'href="(/internal/spend-profile\?programme=parent-carer-champions&amp;year=2025-26)"', html)
        .group(1)
        .replace("&amp;", "&")
    )
    assert "over profile" in main_text(page_html(signed_in, spend))
    returns = re.search(r'href="(/internal/providers\?programme=summer-activities)"', html).group(1)
    assert "Providers compared: Summer activities programme" in main_text(page_html(signed_in, returns))
