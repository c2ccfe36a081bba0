"""The Open Referral UK profile's schemas bundled with the feed (dashboard/register/standards/openreferral-uk/): byte
for byte the profile's own files, with its licence."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.register import openreferral
from tests.support import ROOT

STANDARD = openreferral.STANDARD


REFERENCE = Path("/work/shared/reference/openreferral-uk")  # where the copies came from, when this machine has it


# ------------------------------------------------------------------ the copies are the profile's
def test_the_bundled_schemas_are_the_profiles_own():
    """Given the copies in dashboard/register/standards/, they are byte for byte the profile's files, with its
    licence."""
    if not REFERENCE.exists():
        pytest.skip("the shared reference copy is not on this machine")
    for copy in STANDARD.rglob("*.json"):
        source = REFERENCE / "schema" / copy.relative_to(STANDARD)
        assert copy.read_bytes() == source.read_bytes(), copy
    assert (STANDARD / "LICENSE").read_bytes() == (REFERENCE / "LICENSE").read_bytes()
    assert "Open Referral UK" in (ROOT / "assets" / "ATTRIBUTION.md").read_text()
