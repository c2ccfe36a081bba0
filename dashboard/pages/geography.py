"""Geography: reach per 10,000 residents by borough, as a map or tiles, inner against outer London."""
from __future__ import annotations

from dashboard.sections import geography

geography.PAGE.register_page(__name__)
