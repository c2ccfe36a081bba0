"""The 360Giving standard's own JSON Schema (dashboard/register/standards/360giving/), as the tests use it: a broken
package fails it."""

from __future__ import annotations

import json

from tests.support.standards import giving360_validator


def test_a_broken_package_fails_the_schema():
    """The validator is not a rubber stamp: a grant without an amount, or a date in another form, is refused."""
    good = {
        "grants": [
            {
                "id": "360G-x-1",
                "title": "t",
                "description": "d",
                "currency": "GBP",
                "amountAwarded": 1,
                "awardDate": "2024-04-01",
                "recipientOrganization": [{"id": "GB-CHC-1", "name": "r"}],
                "fundingOrganization": [{"id": "360G-x-VRU", "name": "f"}],
            }
        ]
    }
    assert not list(giving360_validator().iter_errors(good))
    no_amount = json.loads(json.dumps(good))
    del no_amount["grants"][0]["amountAwarded"]
    bad_date = json.loads(json.dumps(good))
    bad_date["grants"][0]["awardDate"] = "01/04/2024"
    assert list(giving360_validator().iter_errors(no_amount)) and list(giving360_validator().iter_errors(bad_date))
