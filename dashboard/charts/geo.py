"""The bundled borough boundaries (assets/london_boroughs.geojson; attribution in assets/ATTRIBUTION.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parents[2] / "assets" / "london_boroughs.geojson"


@cache
def boroughs_geojson() -> dict:
    return json.loads(GEOJSON.read_text())
