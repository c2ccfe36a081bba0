"""The VRU's current extracts, which a return is made from, checked against and taken into.

Read once per command: the raw text of every extract (the import writes text back as it was written), and the typed
frames of the small ones, checked against their own schemas. The extracts a provider's returns fill
(`PROVIDER_OWNED`) may be empty here: before the first returns come in, the VRU holds none of their rows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import extract
from etl.contract.extracts import BY_NAME, EXTRACTS
from etl.errors import ConfigurationError
from etl.validation.findings import errors
from etl.validation.validate import validate_extract

# The extracts whose rows come from providers' returns (etl/returns/sheets.py).
PROVIDER_OWNED = ("kpi_measurements", "participants", "services", "service_sites", "service_reviews")
# Typed for the rules a return is checked with; participants are person-level and large, and a return's referrals are
# checked on their own (only which provider holds each referral id is looked up).
TYPED = (
    "providers",
    "programmes",
    "kpi_definitions",
    "kpi_measurements",
    "services",
    "service_sites",
    "service_reviews",
)


class ContextError(ConfigurationError):
    """The extracts a return is checked against are missing or break the contract."""


@dataclass
class Context:
    folder: Path
    raw: dict[str, pd.DataFrame]  # every extract as text, as read from its file
    typed: dict[str, pd.DataFrame]  # the TYPED extracts, with the contract's types

    def referral_owners(self) -> pd.Series:
        """provider_id by referral_id, for every referral the VRU holds."""
        p = self.raw["participants"]
        return pd.Series(p["provider_id"].to_numpy(), index=p["referral_id"].to_numpy())


def _read(folder: Path, name: str) -> pd.DataFrame:
    contract = BY_NAME[name]
    if name in PROVIDER_OWNED:
        contract = dataclasses.replace(contract, may_be_empty=True)
    frame, problems = extract.read_extract(folder / contract.filename, contract, max_bytes=extract.max_input_bytes())
    if frame is None or errors(problems):
        shown = "; ".join(p.describe() for p in errors(problems)[:3])
        raise ContextError(f"the extracts in {folder} cannot be read ({shown}); run `vru-etl run` on them to see why")
    return frame.reset_index(drop=True)


def load(folder: Path) -> Context:
    """Read the extracts in `folder`; raise ContextError when one is missing or breaks its own schema."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContextError(f"no extracts folder at {folder} (set VRU_EXTRACTS_DIR or give --extracts)")
    raw = {e.name: _read(folder, e.name) for e in EXTRACTS}
    typed = {}
    for name in TYPED:
        result, problems = validate_extract(BY_NAME[name], raw[name])
        if result is None:
            shown = "; ".join(p.describe() for p in problems[:3])
            raise ContextError(f"{BY_NAME[name].filename} in {folder} breaks the data contract ({shown})")
        typed[name] = result
    return Context(folder=folder, raw=raw, typed=typed)
