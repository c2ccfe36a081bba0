"""Geography: reach per 10,000 residents by borough, as a map or tiles, inner against outer London."""
from __future__ import annotations

import dash

from dashboard import filters, views
from dashboard.sections import geography

dash.register_page(__name__, path="/geography", name="Geography", title="Geography - London VRU performance dashboard", order=2)

layout = views.filtered_page("geography", title="Geography: where young people are helped", content=geography.content, keys=(*filters.KEYS, "view"),
                             intro="Reach per 10,000 residents in each of London's 33 boroughs (Census 2021 populations).")
