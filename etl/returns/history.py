"""Every return taken into the extracts, kept: a copy of the file, named by its provider, quarter, arrival and digest,
and a line in `history.csv`. The ETL never reads this folder (a run reads only the contract's files); it answers
"what did this provider send, and when" long after a corrected return replaced an earlier one.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import asdict, dataclass, fields
from pathlib import Path

INDEX = "history.csv"
FOLDER_NAME = "returns-history"


@dataclass(frozen=True)
class Kept:
    digest: str
    provider_id: str
    period: str
    file_name: str
    stored_as: str  # relative to the history folder
    received_at: str
    uploaded_by: str
    taken_in_at: str
    outcome: str


def load(folder: Path) -> list[Kept]:
    index = folder / INDEX
    if not index.exists():
        return []
    with index.open(newline="", encoding="utf-8") as handle:
        return [Kept(**{f.name: row.get(f.name, "") for f in fields(Kept)}) for row in csv.DictReader(handle)]


def latest(kept: list[Kept]) -> dict[tuple[str, str], Kept]:
    """The return that counts for each provider and quarter: the latest to arrive."""
    out: dict[tuple[str, str], Kept] = {}
    for k in kept:
        key = (k.provider_id, k.period)
        if key not in out or k.received_at > out[key].received_at:
            out[key] = k
    return out


def keep(folder: Path, source: Path, record: Kept) -> None:
    """Copy the file in and add its line to the index."""
    target = folder / record.stored_as
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    index = folder / INDEX
    new = not index.exists()
    with index.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Kept)])
        if new:
            writer.writeheader()
        writer.writerow(asdict(record))


def stored_name(*, provider_id: str, period: str, received_at: str, digest: str, suffix: str) -> str:
    stamp = received_at.replace(":", "").replace("-", "")[:15]
    return f"{provider_id}/{period.replace(' ', '-')}/{stamp}-{digest[:12]}{suffix}"
