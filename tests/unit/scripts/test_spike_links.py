"""scripts/_spike_links.py: the spike benchmark asks for the chart pictures a page's HTML really links, read from its
<picture> elements (each <source>'s srcset, the <img>) as a phone's and a laptop's browser pick them."""

from __future__ import annotations

import sys

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from _spike_links import links, media_matches

Q = "period=2025-26&amp;borough=E09000001"
# A page's HTML as the first paint draws it (shortened: two of each picture's sources), with its share preview.
PAGE = f"""<!DOCTYPE html><html><head>
<meta property="og:image" content="https://dashboard.example/image/reach/reach-trend.png?{Q}&amp;size=og">
</head><body><div class="first-paint">
<picture><source media="(max-width: 357.98px)" srcset="/image/reach/reach-trend.svg?{Q}&amp;size=card&amp;width=260"
 height="360" width="260"><source media="(min-width: 358px) and (max-width: 417.98px)"
 srcset="/image/reach/reach-trend.svg?{Q}&amp;size=card&amp;width=300" height="360" width="300">
<img alt="" height="360" src="/image/reach/reach-trend.svg?{Q}&amp;size=card&amp;width=1070" width="1070"></picture>
<a href="/download/reach/reach-trend.csv?{Q}">CSV</a> <a href="/download/reach/reach-trend.xlsx?{Q}">Excel</a>
<picture><source media="(max-width: 357.98px), (min-width: 992px) and (max-width: 1090.98px)"
 srcset="/image/reach/reach-age_band.svg?{Q}&amp;size=card&amp;width=260">
<source media="(min-width: 358px) and (max-width: 417.98px), (min-width: 1271px) and (max-width: 1480.98px)"
 srcset="/image/reach/reach-age_band.svg?{Q}&amp;size=card&amp;width=300 1x">
<img alt="" src="/image/reach/reach-age_band.svg?{Q}&amp;size=card&amp;width=360"></picture>
<a href="/download/reach/reach-age_band.csv?{Q}">CSV</a>
<picture><img alt="" src="/image/reach/reach-gender.svg?{Q}&amp;size=card&amp;width=360"></picture>
</div></body></html>"""
PLAIN = "period=2025-26&borough=E09000001"


def test_the_pictures_a_phone_and_a_laptop_fetch_and_their_pngs_are_found():
    found = links(PAGE)
    assert found["picture"] == [
        f"/image/reach/reach-trend.svg?{PLAIN}&size=card&width=300",  # a phone 390 px wide: the second source
        f"/image/reach/reach-trend.svg?{PLAIN}&size=card&width=1070",  # a laptop: no source matches, the <img>
        # in a column of three on a laptop 1280 px wide, the age bands' card is as wide as on the phone: one address
        f"/image/reach/reach-age_band.svg?{PLAIN}&size=card&width=300",
        f"/image/reach/reach-trend.png?{PLAIN}",  # the PNGs of the first two charts, at their default size
        f"/image/reach/reach-age_band.png?{PLAIN}",
    ]
    assert found["CSV"] == [f"/download/reach/reach-trend.csv?{PLAIN}", f"/download/reach/reach-age_band.csv?{PLAIN}"]
    assert found["share preview"] == [f"/image/reach/reach-trend.png?{PLAIN}&size=og"]


def test_media_queries_are_read_as_a_browser_reads_them():
    assert media_matches("", 390)
    assert media_matches("(max-width: 417.98px)", 390) and not media_matches("(max-width: 357.98px)", 390)
    assert media_matches("(max-width: 300px), (min-width: 358px) and (max-width: 417.98px)", 390)
    assert not media_matches("(min-width: 358px) and (max-width: 380px)", 390)
    assert not media_matches("(orientation: portrait)", 390)  # not a width: not taken as matching
