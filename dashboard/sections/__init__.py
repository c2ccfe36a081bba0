"""Each filtered page of the dashboard: its charts (dashboard/charts.py specs), its content and its `Page`
(dashboard/page.py). The modules of dashboard/pages/ only register them with Dash Pages."""
