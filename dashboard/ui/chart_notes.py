"""The notes that go with a chart off the page: the lines under an exported, embedded or downloaded chart (filters,
source, release, licence, [c] and [x]) and what a synthetic release says of its figures."""

from __future__ import annotations

from urllib.parse import parse_qsl

from dashboard import charts
from dashboard.data.vocabulary import INTERNAL_MARKING, LICENCE, SOURCE
from dashboard.ui import formats


def synthetic_note(sources: tuple[str, ...] = ()) -> str:
    """What a file or image of a synthetic release says about its figures: all synthetic, or all but those whose
    other source it names (real police figures beside synthetic allocations)."""
    if sources:
        return "Synthetic demonstration data, not real VRU data, except the figures credited to another source."
    return "Synthetic demonstration data, not real VRU data."


NOT_AVAILABLE_NOTE = f"{formats.NOT_AVAILABLE_SYMBOL}: not available (never 0), left out of rates and totals."
# The rounding and suppression rules protect people in the VRU's data; another publisher's figures are not about them.
OTHER_SOURCES_NOTE = "Figures credited to another source are published as it publishes them: not rounded or suppressed."


def image_notes_for(
    table: charts.TableData,
    *,
    query: str,
    release: dict,
    internal: bool,
    protection: str,
    sources: tuple[str, ...] = (),
) -> str:
    """The lines printed under an exported or embedded chart: filters, sources, release, licence, [c], [x]."""
    filters_text = (
        ", ".join(f"{k}: {v}" for k, v in parse_qsl(query.lstrip("?")) if k != "release")
        or "none (all programmes, all London)"
    )
    lines = [
        f"Filters: {filters_text}",
        f"Source: {SOURCE}, release {release['release_id']} of {str(release['created_at'])[:10]}. "
        f"Licence: {INTERNAL_MARKING if internal else LICENCE}.",
        *(f"{source}." for source in sources),
    ]
    cells = table.frame.astype(str)
    if cells.isin([formats.SUPPRESSED_SYMBOL]).any().any():
        lines.append(f"{formats.SUPPRESSED_SYMBOL}: suppressed to protect individuals. {protection}")
    if cells.isin([formats.NOT_AVAILABLE_SYMBOL]).any().any():
        lines.append(NOT_AVAILABLE_NOTE)
    if release.get("synthetic_data"):
        lines.append(synthetic_note(sources))
    return "\n".join(lines)
