"""The VRU dashboard: one Dash app, public or internal mode (see dashboard.app.create_app)."""
