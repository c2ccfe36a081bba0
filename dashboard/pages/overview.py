"""Overview: headline figures for the chosen period and what changed since the one before."""
from __future__ import annotations

import dash

from dashboard import views
from dashboard.sections import overview

dash.register_page(__name__, path="/", name="Overview", title="Overview - London VRU performance dashboard", order=0)

layout = views.filtered_page("overview", title="London Violence Reduction Unit: performance", content=overview.content,
                             intro="Who the VRU's programmes help, where, against which targets, and for how much public money.")
