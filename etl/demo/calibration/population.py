"""The population the demo referrals are drawn from."""

from __future__ import annotations

# Shares of young Londoners by ethnic group, approximate (Census 2021, under-25s).
ETHNICITY_SHARES = {"Asian": 0.21, "Black": 0.18, "Mixed": 0.10, "White": 0.41, "Other": 0.07, "Not stated": 0.03}
