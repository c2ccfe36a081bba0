"""Share previews' pure parts (dashboard/exports/share.py), with no app."""

from __future__ import annotations

import json
import re

from dashboard.exports import share


def test_json_ld_cannot_close_its_script_element_or_open_a_comment_and_still_reads_the_same():
    """Given a service named with </script>, <!-- and &, then the element holds none of them, and its JSON is the
    data given."""
    data = {"@type": "GovernmentService", "name": "Drop-in </script><script>alert(1)</script> <!-- & co", "n": 3}
    element = share.json_ld(data)
    inner = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', element, re.S).group(1)
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == data
