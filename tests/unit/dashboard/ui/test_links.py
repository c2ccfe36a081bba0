"""Links from addresses in the published data (dashboard/ui/links.py): only http(s) with a host."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.pages import service_details
from dashboard.ui import links


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/refer", "https://example.org/refer"),
        ("  http://example.org  ", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG/x", "HTTPS://EXAMPLE.ORG/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("mailto:someone@example.org", None),
        ("//example.org/no-scheme", None),
        ("https://", None),
        ("https://[::1", None),  # unparseable
        ("https://example.org:99999/", "https://example.org:99999/"),  # a bad port: the link fails, nothing runs
        (None, None),
        (float("nan"), None),
        ("", None),
    ],
)
def test_only_a_web_address_with_a_host_may_be_a_link(url, expected):
    assert links.web_address(url) == expected


def _row(**kw):
    return pd.Series({"contact_phone": None, "contact_email": None, "contact_url": None, **kw})


def test_a_referral_form_that_is_not_a_web_address_is_not_linked():
    hostile = service_details._referral_contact(_row(contact_url="javascript:alert(document.cookie)"))
    assert "javascript" not in repr(hostile)
    linked = service_details._referral_contact(_row(contact_url="https://example.org/refer"))
    assert "href='https://example.org/refer'" in repr(linked) or 'href="https://example.org/refer"' in repr(linked)
