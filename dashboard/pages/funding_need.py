"""Funding against need: LCPF allocation per head and need per borough, inner against outer London."""
from __future__ import annotations

import dash

from dashboard import views
from dashboard.sections import funding_need

dash.register_page(__name__, path="/funding-need", name="Funding and need", title="Funding against need - London VRU performance dashboard", order=6)

layout = views.filtered_page("funding", title="Crime-prevention funding against need", content=funding_need.content, keys=("period",),
                             intro="Each borough's London Crime Prevention Fund allocation per resident, set against violence with injury per 1,000 residents.")
