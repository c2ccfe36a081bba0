"""`vru-etl returns import DIR`: take every clean return in a folder into the extracts the ETL reads.

Each return is checked (as `vru-etl returns check`, writing its findings beside it), then the clean ones are applied
in order of quarter and arrival, so that for each provider and quarter the latest accepted return counts. A return
replaces what the provider's earlier return for the quarter said:

- KPI returns: the provider's values for the quarter (a KPI left empty is not returned);
- referrals: those received in the quarter; an earlier referral in the return replaces the VRU's record of it;
- register details: the provider's columns of its services; the register's rating follows its latest review;
- sites: every site of the provider's services running in the quarter;
- reviews: the reviews of the half that ends with the quarter.

The extracts are rewritten whole (a new file renamed over the old), under the ETL's release lock so that no run
reads them half-written. Every accepted return is copied into the history (etl.returns.history), and every return
checked is logged in the internal database (etl.returns.log).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import periods
from etl.contract.extracts import BY_NAME
from etl.load.lock import release_lock
from etl.returns import check, context, expected, history, log, sheets, sidecar
from etl.returns.check import CheckResult
from etl.returns.checked import check_and_write

RETURN_SUFFIXES = (".xlsx", ".csv")
ANNOTATED = ".annotated"  # the check's annotated copies, never returns themselves
UPLOAD_NAME = "return"  # the internal site keeps each upload as <inbox>/<upload id>/return.<suffix>


@dataclass
class ImportOutcome:
    accepted: int = 0
    refused: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)


def returns_in(folder: Path) -> list[Path]:
    """The returns in `folder`: its files, and the internal site's uploads in its sub-folders."""
    found = [p for p in folder.glob("*") if p.suffix.lower() in RETURN_SUFFIXES]
    found += [p for p in folder.glob(f"*/{UPLOAD_NAME}.*") if p.suffix.lower() in RETURN_SUFFIXES]
    return sorted(p for p in found if p.is_file() and not p.stem.endswith(ANNOTATED))


def _replace(frame: pd.DataFrame, drop: pd.Series, new: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return pd.concat([frame[~drop.to_numpy()], new[columns]], ignore_index=True)


def apply(raw: dict[str, pd.DataFrame], result: CheckResult) -> None:
    """Put one accepted return's rows into the extracts `raw` (text, as read), in place of those it replaces."""
    ob = result.obligation
    if ob is None:
        raise ValueError(f"{result.file} was refused before its rows were read; it cannot be taken in")
    first, last = (d.isoformat() for d in periods.quarter_bounds(ob.period))
    for extract, sheet_frame in result.frames.items():
        new = sheet_frame.frame
        columns = BY_NAME[extract].columns
        current = raw[extract]
        if extract == "kpi_measurements":
            drop = (current["provider_id"] == ob.provider_id) & (current["quarter"] == ob.period)
            raw[extract] = _replace(current, drop, new, columns)
        elif extract == "participants":
            in_quarter = current["referral_date"].between(first, last) & (current["provider_id"] == ob.provider_id)
            raw[extract] = _replace(current, in_quarter | current["referral_id"].isin(new["referral_id"]), new, columns)
        elif extract == "services":
            at = current.set_index("service_id")
            returned = new.set_index("service_id")
            known = returned.index.intersection(at.index)
            at.loc[known, list(sheets.SERVICE_DETAILS)] = returned.loc[known, list(sheets.SERVICE_DETAILS)]
            raw[extract] = at.reset_index()[columns]
        elif extract == "service_sites":
            raw[extract] = _replace(current, current["service_id"].isin(ob.services), new, columns)
        elif extract == "service_reviews":
            reviewed = [r["service_id"] for r in ob.rows.get(sheets.REVIEWS.name, [])]
            drop = current["service_id"].isin(reviewed) & (current["period"] == expected.half_ending(ob.period))
            raw[extract] = _replace(current, drop, new, columns)
    raw["services"] = check.latest_review_ratings(raw["services"], raw["service_reviews"])


def _write_extracts(folder: Path, raw: dict[str, pd.DataFrame], names: set[str]) -> None:
    for name in sorted(names):
        contract = BY_NAME[name]
        frame = raw[name].sort_values(list(contract.key), kind="stable")
        target = folder / contract.filename
        temporary = target.with_suffix(".csv.importing")
        frame.to_csv(temporary, index=False)
        os.replace(temporary, target)


def _log_row(result: CheckResult, *, path: Path, known: sidecar.Sidecar, checked_at: str) -> dict:
    return {
        "digest": result.digest,
        "provider_id": result.provider_id,
        "period": result.period,
        "file_name": path.name if path.stem != UPLOAD_NAME else result.file,
        "received_at": known.received_at.isoformat(timespec="seconds"),
        "uploaded_by": known.uploaded_by,
        "checked_at": checked_at,
        "outcome": result.outcome,
        "counts": 0,
        "errors": len(result.errors),
        "warnings": len(result.findings) - len(result.errors),
    }


def import_folder(
    folder: Path,
    *,
    extracts: Path,
    history_folder: Path | None = None,
    as_of: dt.date | None = None,
    database_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Check every return in `folder`, take the clean ones into `extracts`, and log them all; `progress(done, of)` is
    told after each return checked."""
    outcome = ImportOutcome()
    kept_folder = history_folder or extracts / history.FOLDER_NAME
    as_of = as_of or dt.date.today()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with release_lock():
        ctx = context.load(extracts)
        kept = history.load(kept_folder)
        known_digests = {k.digest for k in kept}
        counting = history.latest(kept)
        checked: list[tuple[Path, sidecar.Sidecar, CheckResult]] = []
        log_rows = []
        found = returns_in(folder)
        for done, path in enumerate(found, start=1):
            if progress:
                progress(done - 1, len(found))
            known = sidecar.read(path)
            if check.digest(path) in known_digests:
                outcome.skipped += 1
                continue
            result = check_and_write(
                path, ctx, out_dir=path.parent / "checked", provider=known.provider_id, period=known.period, as_of=as_of
            )
            log_rows.append(_log_row(result, path=path, known=known, checked_at=now))
            if result.errors:
                outcome.refused += 1
                outcome.lines.append(f"refused  {path}: {len(result.errors)} error(s); see its findings")
                continue
            checked.append((path, known, result))
        if progress:
            progress(len(found), len(found))
        checked.sort(key=lambda c: (c[2].period or "", c[1].received_at))
        touched: set[str] = set()
        for path, known, result in checked:
            key = (str(result.provider_id), str(result.period))
            received = known.received_at.isoformat(timespec="seconds")
            if key in counting and counting[key].received_at > received:
                outcome.skipped += 1
                outcome.lines.append(f"kept     {path}: a later return for {key[0]} {key[1]} counts")
            else:
                apply(ctx.raw, result)
                touched |= set(result.frames) | {"services"}
                outcome.accepted += 1
                outcome.lines.append(f"accepted {path}: {result.outcome}")
            record = history.Kept(
                digest=result.digest,
                provider_id=key[0],
                period=key[1],
                file_name=result.file,
                stored_as=history.stored_name(
                    provider_id=key[0],
                    period=key[1],
                    received_at=received,
                    digest=result.digest,
                    suffix=path.suffix.lower(),
                ),
                received_at=received,
                uploaded_by=known.uploaded_by,
                taken_in_at=now,
                outcome=result.outcome,
            )
            history.keep(kept_folder, path, record)
            if key not in counting or counting[key].received_at <= received:
                counting[key] = record
        _write_extracts(extracts, ctx.raw, touched)
        fresh = context.load(extracts) if touched else ctx
        log.write(
            log_rows=log_rows,
            counting={key: k.digest for key, k in counting.items()},
            expected_now=log.expected_rows(fresh, as_of=as_of),
            url=database_url,
        )
    return outcome
