"""Reach: young people reached over time, and who they are (age, gender, ethnic group)."""
from __future__ import annotations

import dash

from dashboard import views
from dashboard.sections import reach

dash.register_page(__name__, path="/reach", name="Reach", title="Reach - London VRU performance dashboard", order=1)

layout = views.filtered_page("reach", title="Reach: who is helped", content=reach.content,
                             intro="Distinct young people whose support started in each period, and who they are.")
