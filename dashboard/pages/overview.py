"""Overview: headline figures for the chosen period and what changed since the one before."""
from __future__ import annotations

from dashboard.sections import overview

overview.PAGE.register_page(__name__)
