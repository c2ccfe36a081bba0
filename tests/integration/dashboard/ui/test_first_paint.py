"""The first paint in the index the public app serves (dashboard/ui/first_paint.py), on the small release."""

from __future__ import annotations

import re


def test_the_index_carries_the_page_asked_for_with_its_title(client):
    body = client.get("/kpis?programme=divert").get_data(as_text=True)
    copy = body[body.index('<div class="first-paint">') : body.index('<div id="react-entry-point">')]
    assert "<title>KPI progress - London VRU performance dashboard</title>" in body
    assert "<h1>KPI progress" in copy
    # The programme chosen in the address is the one the copy shows.
    assert re.search(r'<option value="divert" selected>', copy)
    assert 'class="nav-link active" href="/kpis"' in copy
    assert "<noscript>" in copy and "Without JavaScript" in copy


def test_an_unknown_address_gets_no_copy(client):
    response = client.get("/no-such-page")
    body = response.get_data(as_text=True)
    # A 404 page of its own (dashboard/pages/not_found.py), not Dash's app drawing "404" under a 200.
    assert response.status_code == 404 and 'class="first-paint"' not in body and "Page not found" in body
