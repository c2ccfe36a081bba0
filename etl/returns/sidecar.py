"""What is known of a return file besides its contents, in a JSON file beside it (`<name>.json`): when it arrived,
who took it in, and (from the internal site's upload form) whose and which quarter's return it was sent as.

Without one, a return arrived when the file was last written (as a saved e-mail attachment is) and was taken in from
the command line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Sidecar:
    received_at: dt.datetime
    uploaded_by: str
    provider_id: str | None = None
    period: str | None = None


def path_of(return_path: Path) -> Path:
    return return_path.with_suffix(".json")


def read(return_path: Path) -> Sidecar:
    path = path_of(return_path)
    fallback = dt.datetime.fromtimestamp(return_path.stat().st_mtime, dt.UTC).replace(microsecond=0)
    if not path.exists():
        return Sidecar(fallback, COMMAND_LINE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        received = dt.datetime.fromisoformat(str(data["received_at"]))
    except (ValueError, KeyError, TypeError):
        return Sidecar(fallback, COMMAND_LINE)
    if received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    return Sidecar(
        received,
        str(data.get("uploaded_by") or COMMAND_LINE)[:200],
        str(data["provider_id"]) if data.get("provider_id") else None,
        str(data["period"]) if data.get("period") else None,
    )
