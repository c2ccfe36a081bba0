"""How a release's times and states are written: every time in London's clock (Europe/London, with its summer
time), as the release calendar announces them, from the UTC ISO 8601 text the databases hold."""

from __future__ import annotations

import datetime as dt
import json
import math
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def moment(text) -> dt.datetime | None:
    """A stored time (ISO 8601) as an aware datetime in London, or None (missing, NaN, not a time)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(LONDON)


def when(text, *, time: bool = True) -> str:
    """'Monday 7 December 2026 at 09:30' (London time), or '' when there is no time."""
    found = moment(text)
    if found is None:
        return ""
    day = f"{found:%A} {found.day} {found:%B %Y}"
    return f"{day} at {found:%H:%M}" if time else day


def pre_release_access(text) -> str:
    """The sentence /releases shows for a published release's pre-release access (releases.pre_release_access)."""
    try:
        access = json.loads(text) if isinstance(text, str) and text else None
    except ValueError:
        access = None
    if not isinstance(access, dict):
        return "Pre-release access was not recorded for this release."
    people = int(access.get("people") or 0)
    if people == 0:
        return "Nobody saw these figures before publication."
    roles = access.get("roles") or {}
    parts = ", ".join(f"{n} {role}{'s' if n != 1 else ''}" for role, n in sorted(roles.items()))
    hours = access.get("first_access_hours_before")
    since = f", the first {_hours(hours)} before publication" if isinstance(hours, int | float) else ""
    return f"{people} {'person' if people == 1 else 'people'} saw these figures before publication ({parts}{since})."


def _hours(hours: float) -> str:
    if hours < 1:
        return "less than an hour"
    if hours < 48:
        return f"{round(hours)} hour{'s' if round(hours) != 1 else ''}"
    return f"{round(hours / 24)} days"
