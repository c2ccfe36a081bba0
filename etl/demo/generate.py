"""Synthetic internal extracts in the data contract's format, seeded and reproducible.

`generate(out_dir, participants=N, seed=S, as_of=D)` writes one CSV per contract
table. The data are synthetic, calibrated on the real programmes (see
etl/demo/calibration/), and include what a real extract has: small cells that
must be suppressed, seasonal peaks, programmes that miss targets, a few late or
missing provider returns and an overspent year.

Each extract is drawn in a module of its own: referrals (participants), kpis (KPI returns),
finance (budgets, spend, funding rounds, LCPF and need), register (the services register) and
reviews (six-monthly reviews). The order of the draws
from the one random generator is part of the output: keep it when changing this file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from etl.contract.extracts import BY_NAME
from etl.demo import finance, kpis, local_services, referrals, register, reviews
from etl.demo.calibration.programmes import PROGRAMMES
from etl.demo.calibration.providers import PROVIDERS

# London's scale: the real programmes reached tens of thousands of young people a year.
DEFAULT_PARTICIPANTS = 60_000
DEFAULT_SEED = 20261122
# The local services added to a larger register (--services N) come from their own random stream, so that the
# default register, and every other extract, stays as it was.
LOCAL_SERVICES_STREAM = 17


def _providers() -> pd.DataFrame:
    rows = []
    for pid, name, kind in PROVIDERS:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        rows.append(
            {
                "provider_id": pid,
                "name": name,
                "provider_type": kind,
                "website": f"https://{slug}.example.org",
                "public_contact": f"referrals@{slug}.example.org",
            }
        )
    return pd.DataFrame(rows)


def _programmes() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "programme_id": p.programme_id,
                "name": p.name,
                "priority_area": p.priority_area,
                "description": p.description,
                "lead_provider_id": p.providers[0],
                "start_date": p.start,
                "end_date": p.end,
                "total_funding_gbp": p.total_funding_gbp,
                "benefit_cost_ratio": p.benefit_cost_ratio,
                "evidence_rating": p.evidence_rating,
                "evaluation_url": f"https://www.london.gov.uk/example/evaluations/{p.programme_id}"
                if p.benefit_cost_ratio
                else None,
            }
            for p in PROGRAMMES
        ]
    )


def _write(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    columns = BY_NAME[name].columns
    frame = frame[columns].copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        elif frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, (bool, np.bool_))).any():
            frame[col] = frame[col].map(
                lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(bool(v)).lower()
            )
    frame.to_csv(out_dir / f"{name}.csv", index=False)


def _register(rng, *, count: int | None, seed: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """The services register: the demo's own services (one per programme and provider, and MOPAC's), its first
    `count` of them, or those and local services up to `count`."""
    own = register.services(rng, as_of)
    if count is None or count == len(own):
        return own
    if count < len(own):
        return own.iloc[:count].reset_index(drop=True)
    more = local_services.local_services(
        np.random.default_rng([seed, LOCAL_SERVICES_STREAM]),
        count=count - len(own),
        first_number=len(own) + 1,
        as_of=as_of,
    )
    return pd.concat([own, more], ignore_index=True)


def generate(
    out_dir: Path,
    *,
    participants: int = DEFAULT_PARTICIPANTS,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
    services: int | None = None,
    returns: bool = False,
) -> dict[str, int]:
    """Write every extract of the contract to `out_dir` (and, with `returns`, the same data as providers' filled-in
    returns in `out_dir`/returns); return the number of rows per file. `services` sets the size of the services
    register (default: the demo's own, one service per programme and provider and a few of MOPAC's)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of_ts = pd.Timestamp(as_of or dt.date.today())
    rng = np.random.default_rng(seed)
    people = referrals.participants(rng, participants)
    kpi_defs, kpi_meas = kpis.kpis(rng)
    budgets, spend = finance.budgets_and_spend(rng, people)
    lcpf, need = finance.lcpf_and_need(rng)
    frames = {
        "providers": _providers(),
        "programmes": _programmes(),
        "participants": people,
        "kpi_definitions": kpi_defs,
        "kpi_measurements": kpi_meas,
        "budgets": budgets,
        "spend": spend,
        "services": _register(rng, count=services, seed=seed, as_of=as_of_ts),
        "funding_opportunities": finance.funding_opportunities(rng, as_of_ts),
        "lcpf_allocations": lcpf,
        "need_indicators": need,
    }
    # Its own random stream, so that the register's details leave every other extract as it was.
    frames["services"], frames["service_sites"] = register.register_details(
        np.random.default_rng([seed, 13]), frames["services"], as_of=as_of_ts
    )
    frames.update(reviews.review_extracts(frames, seed=seed, as_of=as_of_ts))
    for name, frame in frames.items():
        _write(frame, out_dir, name)
    counts = {name: len(frame) for name, frame in frames.items()}
    if returns:
        from etl.demo.returns import RETURNS_FOLDER, write_returns
        from etl.returns import context

        counts[RETURNS_FOLDER] = write_returns(
            context.load(out_dir), out_dir / RETURNS_FOLDER, seed=seed, as_of=as_of_ts.date()
        )
    return counts
