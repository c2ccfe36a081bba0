"""Commissioned services: a searchable directory and map, with performance, ratings and open funding rounds."""
from __future__ import annotations

from dashboard.sections import services

services.PAGE.register_page(__name__)
