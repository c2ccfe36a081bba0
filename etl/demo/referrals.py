"""Synthetic participants: one row per referral of a person to a programme, with the person's borough,
gender, ethnicity and date of birth, and the referral's dates, status and outcome (never published)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import reference
from etl.contract.vocabulary import ETHNICITIES, GENDERS
from etl.demo.calendar import DATA_CUTOFF, window
from etl.demo.calibration.model import DemoProgramme
from etl.demo.calibration.population import ETHNICITY_SHARES
from etl.demo.calibration.programmes import PROGRAMMES

# Share of people referred to a second programme (or the same one again later).
SECOND_REFERRAL_SHARE = 0.12
# Inner London boroughs see more referrals per young resident.
INNER_LONDON_UPLIFT = 1.35

_MONTH_WEIGHTS = {
    # April .. March. School programmes dip in August; summer ones peak in July and August.
    "school": [1.0, 1.1, 1.0, 0.6, 0.3, 1.1, 1.2, 1.1, 0.8, 1.0, 1.1, 1.0],
    "summer": [0.8, 1.0, 1.3, 1.8, 1.9, 1.0, 0.8, 0.7, 0.6, 0.6, 0.7, 0.8],
    "summer_only": [0.02, 0.05, 0.3, 3.5, 3.5, 0.05, 0.3, 0.02, 0.05, 0.02, 0.3, 0.05],
    "flat": [1.0, 1.0, 1.05, 1.1, 1.1, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0],
}


def _day_weights(prog: DemoProgramme) -> tuple[pd.DatetimeIndex, np.ndarray]:
    start, end = window(prog)
    days = pd.date_range(start, end, freq="D")
    month_idx = (days.month.to_numpy() - 4) % 12
    w = np.asarray(_MONTH_WEIGHTS[prog.seasonality])[month_idx]
    # Programmes grow as they bed in: weight rises over the first year.
    age_days = (days - days[0]).days.to_numpy()
    w = w * np.minimum(1.0, 0.45 + age_days / 365)
    w = w * np.where(days.day_of_week.to_numpy() >= 5, 0.35, 1.0)  # fewer referrals at weekends
    return days, w / w.sum()


def _borough_weights(prog: DemoProgramme, boroughs: pd.DataFrame) -> np.ndarray:
    pop = boroughs["population_under15_2021"].to_numpy(dtype=float)
    w = pop * np.where(boroughs["inner_outer"].to_numpy() == "Inner", INNER_LONDON_UPLIFT, 1.0)
    if prog.boroughs:
        w = w * boroughs["name"].isin(prog.boroughs).to_numpy()
    else:
        # The City of London has so few young residents that pan-London programmes rarely reach it.
        w = w * np.where(boroughs["gss_code"].to_numpy() == "E09000001", 0.3, 1.0)
    return w / w.sum()


def _ethnicity_probs(prog: DemoProgramme) -> np.ndarray:
    p = np.array([ETHNICITY_SHARES[e] for e in ETHNICITIES])
    p[ETHNICITIES.index("Black")] *= prog.black_uplift
    return p / p.sum()


def _people(rng, n: int, programme_index: np.ndarray, boroughs: pd.DataFrame) -> pd.DataFrame:
    """Person-level attributes, drawn from the programme of each person's first referral."""
    codes = boroughs["gss_code"].to_numpy()
    borough = np.empty(n, dtype=object)
    gender = np.empty(n, dtype=object)
    ethnicity = np.empty(n, dtype=object)
    age = np.empty(n)
    for i, prog in enumerate(PROGRAMMES):
        idx = np.flatnonzero(programme_index == i)
        k = idx.size
        borough[idx] = rng.choice(codes, size=k, p=_borough_weights(prog, boroughs))
        g = rng.random(k)
        other = 0.02
        gender[idx] = np.where(
            g < other, GENDERS[2], np.where(g < other + prog.male_share * (1 - other), "Male", "Female")
        )
        ethnicity[idx] = rng.choice(np.array(ETHNICITIES, dtype=object), size=k, p=_ethnicity_probs(prog))
        age[idx] = np.clip(rng.normal(prog.age_mean, prog.age_sd, k), prog.age_min, prog.age_max + 0.99)
    refs = rng.choice(np.arange(10_000_000, 100_000_000), size=n, replace=False)
    return pd.DataFrame(
        {
            "participant_ref": np.char.add("YP", refs.astype(str)),
            "borough_code": borough,
            "gender": gender,
            "ethnicity": ethnicity,
            "age": age,
        }
    )


def _referrals(rng, programme_index: np.ndarray) -> pd.DataFrame:
    """One row per referral: dates, status and outcome, vectorised per programme."""
    frames = []
    for i, prog in enumerate(PROGRAMMES):
        idx = np.flatnonzero(programme_index == i)
        k = idx.size
        if k == 0:
            continue
        days, w = _day_weights(prog)
        referral = days[rng.choice(days.size, size=k, p=w)]
        declined = rng.random(k) < 0.07
        start = referral + pd.to_timedelta(rng.integers(2, 40, k), unit="D")
        lo, hi = prog.duration_days
        end = start + pd.to_timedelta(rng.integers(lo, hi + 1, k), unit="D")
        started = ~declined & (start <= DATA_CUTOFF)
        ended = started & (end <= DATA_CUTOFF)
        completed = ended & (rng.random(k) < prog.completion_rate)
        status = np.where(
            declined,
            "declined",
            np.where(~started, "referred", np.where(~ended, "active", np.where(completed, "completed", "withdrawn"))),
        )
        outcome = np.where(completed, rng.random(k) < prog.outcome_rate, np.where(ended, rng.random(k) < 0.2, None))
        providers = np.array(prog.providers, dtype=object)
        share = np.array([2.0] + [1.0] * (len(providers) - 1))
        frames.append(
            pd.DataFrame(
                {
                    "person": idx,
                    "programme_id": prog.programme_id,
                    "provider_id": rng.choice(providers, size=k, p=share / share.sum()),
                    "referral_date": referral,
                    "start_date": pd.Series(start).where(started).to_numpy(),
                    "end_date": pd.Series(end).where(ended).to_numpy(),
                    "status": status,
                    "outcome_positive": outcome,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def participants(rng, n: int) -> pd.DataFrame:
    boroughs = reference.boroughs()
    weights = np.array([p.weight for p in PROGRAMMES])
    first = rng.choice(len(PROGRAMMES), size=n, p=weights / weights.sum())
    people = _people(rng, n, first, boroughs)
    again = np.flatnonzero(rng.random(n) < SECOND_REFERRAL_SHARE)
    second = rng.choice(len(PROGRAMMES), size=again.size, p=weights / weights.sum())
    # Second referrals go to programmes that take people of that age.
    ages = people["age"].to_numpy()[again]
    fits = np.array([PROGRAMMES[j].age_min <= a <= PROGRAMMES[j].age_max + 1 for a, j in zip(ages, second)], dtype=bool)
    refs = _referrals(rng, first)
    person_prog = np.full(n, -1)
    person_prog[again[fits]] = second[fits]
    more = _referrals(rng, person_prog)
    all_refs = pd.concat([refs, more], ignore_index=True)
    p = people.iloc[all_refs["person"].to_numpy()].reset_index(drop=True)
    # Date of birth from the age at first referral; the same person keeps it across referrals.
    first_referral = all_refs.groupby("person")["referral_date"].transform("min")
    dob_offset_days = (p["age"] * 365.25).astype(int)
    dob = first_referral - pd.to_timedelta(dob_offset_days, unit="D")
    out = pd.DataFrame(
        {
            "participant_ref": p["participant_ref"],
            "programme_id": all_refs["programme_id"],
            "provider_id": all_refs["provider_id"],
            "borough_code": p["borough_code"],
            "date_of_birth": dob,
            "gender": p["gender"],
            "ethnicity": p["ethnicity"],
            "referral_date": all_refs["referral_date"],
            "start_date": all_refs["start_date"],
            "end_date": all_refs["end_date"],
            "status": all_refs["status"],
            "outcome_positive": all_refs["outcome_positive"],
        }
    )
    out = out.sort_values(["referral_date", "participant_ref"], kind="stable").reset_index(drop=True)
    seq = pd.Series(np.arange(1, len(out) + 1)).astype(str).str.zfill(8)
    out.insert(0, "referral_id", out["provider_id"] + "-" + seq)
    return out
