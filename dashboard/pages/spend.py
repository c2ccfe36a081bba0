"""Spend and value for money: budget against actual, cost per participant, benefit-cost ratio, spend by borough."""
from __future__ import annotations

import dash

from dashboard import views
from dashboard.sections import spend

dash.register_page(__name__, path="/spend", name="Spend", title="Spend - London VRU performance dashboard", order=4)

layout = views.filtered_page("spend", title="Spend and value for money", content=spend.content, keys=("area", "programme", "period"),
                             intro="Budgets, actual spend, cost per young person reached and, where evaluated, benefits per pound.")
