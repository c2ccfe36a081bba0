"""Reference data bundled with the ETL: the 33 London boroughs, and the Metropolitan Police's knife crime per
borough (sources and licences: etl/reference/README.md and assets/ATTRIBUTION.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).parent


@cache
def boroughs() -> pd.DataFrame:
    """The 33 London local authorities: GSS code, name, inner/outer, Census 2021 populations, tile position."""
    return pd.read_csv(
        REFERENCE_DIR / "london_boroughs.csv",
        dtype={"gss_code": str, "name": str, "inner_outer": str, "ls_abbrev": str},
    )


@cache
def borough_codes() -> frozenset[str]:
    return frozenset(boroughs()["gss_code"])


@cache
def knife_crime() -> pd.DataFrame:
    """Knife crime per London borough and financial year, as the Metropolitan Police Service publishes it (real
    figures, Open Government Licence v3.0): 32 boroughs (not the City of London, which the MPS does not police)."""
    return pd.read_csv(
        REFERENCE_DIR / "mps_knife_crime_by_borough.csv",
        dtype={"gss_code": str, "borough": str, "financial_year": str},
    )
