"""Synthetic internal extracts in the data contract's format, seeded and reproducible.

`generate(out_dir, participants=N, seed=S, as_of=D)` writes one CSV per contract
table. The data are synthetic, calibrated on the real programmes (see
etl/demo_calibration.py), and include what a real extract has: small cells that
must be suppressed, seasonal peaks, programmes that miss targets, a few late or
missing provider returns and an overspent year.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from etl import demo_register, halves, periods, reference
from etl.contract import BY_NAME, ETHNICITIES, FUNDING_STREAMS, GENDERS, LONDON_WIDE, SPEND_CATEGORIES
from etl.demo_calibration import ETHNICITY_SHARES, OTHER_SERVICES, PROGRAMMES, PROVIDERS, DemoProgramme

# London's scale: the real programmes reached tens of thousands of young people a year.
DEFAULT_PARTICIPANTS = 60_000
DEFAULT_SEED = 20261122
# Share of people referred to a second programme (or the same one again later).
SECOND_REFERRAL_SHARE = 0.12
# Inner London boroughs see more referrals per young resident.
INNER_LONDON_UPLIFT = 1.35
DATA_CUTOFF = pd.Timestamp(periods.reporting_end())
_PROVIDER_NAMES = {pid: name for pid, name, _ in PROVIDERS}

_MONTH_WEIGHTS = {
    # April .. March. School programmes dip in August; summer ones peak in July and August.
    "school": [1.0, 1.1, 1.0, 0.6, 0.3, 1.1, 1.2, 1.1, 0.8, 1.0, 1.1, 1.0],
    "summer": [0.8, 1.0, 1.3, 1.8, 1.9, 1.0, 0.8, 0.7, 0.6, 0.6, 0.7, 0.8],
    "summer_only": [0.02, 0.05, 0.3, 3.5, 3.5, 0.05, 0.3, 0.02, 0.05, 0.02, 0.3, 0.05],
    "flat": [1.0, 1.0, 1.05, 1.1, 1.1, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0],
}


def _window(prog: DemoProgramme) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = max(pd.Timestamp(prog.start), pd.Timestamp(periods.reporting_start()))
    end = min(pd.Timestamp(prog.end) if prog.end else DATA_CUTOFF, DATA_CUTOFF)
    return start, end


def _day_weights(prog: DemoProgramme) -> tuple[pd.DatetimeIndex, np.ndarray]:
    start, end = _window(prog)
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
        gender[idx] = np.where(g < other, GENDERS[2], np.where(g < other + prog.male_share * (1 - other), "Male", "Female"))
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


def _referrals(rng, people: pd.DataFrame, programme_index: np.ndarray) -> pd.DataFrame:
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
        status = np.where(declined, "declined", np.where(~started, "referred", np.where(~ended, "active", np.where(completed, "completed", "withdrawn"))))
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


def _participants(rng, n: int) -> pd.DataFrame:
    boroughs = reference.boroughs()
    weights = np.array([p.weight for p in PROGRAMMES])
    first = rng.choice(len(PROGRAMMES), size=n, p=weights / weights.sum())
    people = _people(rng, n, first, boroughs)
    again = np.flatnonzero(rng.random(n) < SECOND_REFERRAL_SHARE)
    second = rng.choice(len(PROGRAMMES), size=again.size, p=weights / weights.sum())
    # Second referrals go to programmes that take people of that age.
    ages = people["age"].to_numpy()[again]
    fits = np.array([PROGRAMMES[j].age_min <= a <= PROGRAMMES[j].age_max + 1 for a, j in zip(ages, second)], dtype=bool)
    refs = _referrals(rng, people, first)
    person_prog = np.full(n, -1)
    person_prog[again[fits]] = second[fits]
    more = _referrals(rng, people, person_prog)
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


def _providers() -> pd.DataFrame:
    rows = []
    for pid, name, kind in PROVIDERS:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        rows.append({"provider_id": pid, "name": name, "provider_type": kind, "website": f"https://{slug}.example.org", "public_contact": f"referrals@{slug}.example.org"})
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
                "evaluation_url": f"https://www.london.gov.uk/example/evaluations/{p.programme_id}" if p.benefit_cost_ratio else None,
            }
            for p in PROGRAMMES
        ]
    )


def _running_quarters(prog: DemoProgramme) -> list[str]:
    start, end = _window(prog)
    out = []
    for q in periods.quarters():
        first, last = periods.quarter_bounds(q)
        if pd.Timestamp(first) <= end and pd.Timestamp(last) >= start:
            out.append(q)
    return out


def _kpis(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    defs, measurements = [], []
    for prog in PROGRAMMES:
        for kpi in prog.kpis:
            defs.append(
                {
                    "kpi_id": kpi.kpi_id, "programme_id": prog.programme_id, "name": kpi.name, "unit": kpi.unit,
                    "direction": kpi.direction, "target": kpi.target, "amber_tolerance": kpi.amber_tolerance,
                    "is_headline": str(kpi.is_headline).lower(),
                }
            )
            quarters = _running_quarters(prog)
            trend = np.linspace(0.94, 1.04, len(quarters))  # programmes improve as they bed in
            for j, q in enumerate(quarters):
                level = kpi.target * kpi.performance * trend[j] * rng.normal(1, 0.04)
                numerator = denominator = None
                if kpi.unit == "percent":
                    # A quarter's cohort; small cohorts in small programmes need suppression.
                    denominator = int(max(3, rng.normal(prog.weight * 1500, prog.weight * 300)))
                    numerator = int(round(min(100.0, level) / 100 * denominator))
                    value = round(100 * numerator / denominator, 1)
                elif kpi.unit == "count":
                    value = float(max(0, round(level)))
                else:
                    denominator = int(max(5, rng.normal(prog.weight * 1200, 40)))
                    value = round(level, 2)
                submitted = pd.Timestamp(periods.quarter_bounds(q)[1]) + pd.Timedelta(days=int(rng.integers(5, 29)))
                measurements.append(
                    {"kpi_id": kpi.kpi_id, "quarter": q, "value": value, "numerator": numerator, "denominator": denominator,
                     "provider_id": prog.providers[0], "submitted_date": submitted}
                )
    m = pd.DataFrame(measurements)
    # Faulty provider returns, as in real quarterly monitoring: three late returns and one missing quarter.
    late = rng.choice(len(m), size=3, replace=False)
    m.loc[late, "submitted_date"] = m.loc[late, "submitted_date"] + pd.to_timedelta(rng.integers(25, 70, 3), unit="D")
    m = m.drop(index=m.index[len(m) // 2]).reset_index(drop=True)
    m = _needs_attention(m)
    for col in ("numerator", "denominator"):
        m[col] = m[col].astype("Int64")
    return pd.DataFrame(defs), m


# What the internal "needs attention" page must always have something to show for (issue 17):
# a KPI off track after falling two quarters running, a late and a missing return in the
# latest quarter, and a programme off its spend profile in the latest financial year.
OFF_TRACK_KPI = "hospital-feel-safer"  # a percent KPI, on track until then, of a programme that runs to the last quarter
LATE_RETURN_KPI = "rescue-reduced-involvement"
MISSING_RETURN_KPI = "summer-attendance"
LATE_RETURN_DAYS = 45  # past the 30 days allowed
OFF_PROFILE_PROGRAMME = "parent-carer-champions"  # spends this share of its budget in the latest year
OFF_PROFILE_SPEND_SHARE = 1.16


def _needs_attention(m: pd.DataFrame) -> pd.DataFrame:
    kpis = {k.kpi_id: k for p in PROGRAMMES for k in p.kpis}
    last = periods.quarters()[-1]
    off = kpis[OFF_TRACK_KPI]
    rows = m.index[m["kpi_id"] == OFF_TRACK_KPI][-3:]
    # From at risk to off track: below the amber line, lower in each of the last two quarters.
    for row, level in zip(rows, (1.02, 0.97, 0.9)):
        value = off.target * (1 - off.amber_tolerance) * level
        denominator = m.at[row, "denominator"]
        m.at[row, "numerator"] = int(round(value / 100 * denominator))
        m.at[row, "value"] = round(100 * m.at[row, "numerator"] / denominator, 1)
    late = m.index[(m["kpi_id"] == LATE_RETURN_KPI) & (m["quarter"] == last)]
    m.loc[late, "submitted_date"] = pd.Timestamp(periods.quarter_bounds(last)[1]) + pd.Timedelta(days=LATE_RETURN_DAYS)
    return m.drop(index=m.index[(m["kpi_id"] == MISSING_RETURN_KPI) & (m["quarter"] == last)]).reset_index(drop=True)


def _budgets_and_spend(rng, participants: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    budgets, lines = [], []
    by_borough = participants.assign(fy=periods.financial_year_of_dates(participants["referral_date"])).groupby(["programme_id", "fy", "borough_code"]).size()
    overspent = PROGRAMMES[1].programme_id  # one programme overspends one year: a warning for finance
    for prog in PROGRAMMES:
        start, end = _window(prog)
        years = [fy for fy in periods.financial_years() if any(q.startswith(fy) for q in _running_quarters(prog))]
        for fy in years:
            months = [m for m in pd.date_range(f"{fy[:4]}-04-01", periods=12, freq="MS") + pd.Timedelta(days=27) if start <= m <= end]
            if not months:
                continue
            annual = prog.total_funding_gbp / max(len(years), 1) * rng.normal(1, 0.06)
            budget = round(annual * len(months) / 12, -3)
            budgets.append({"programme_id": prog.programme_id, "financial_year": fy, "budget_gbp": budget})
            spend_share = rng.normal(0.95, 0.04) if not (prog.programme_id == overspent and fy == "2023-24") else 1.18
            if prog.programme_id == OFF_PROFILE_PROGRAMME and fy == periods.financial_years()[-1]:
                spend_share = OFF_PROFILE_SPEND_SHARE  # after the draw, so the other programmes' figures stay as they were
            per_month = budget * spend_share / len(months)
            try:
                local = by_borough.loc[(prog.programme_id, fy)]
            except KeyError:
                local = pd.Series(dtype=float)
            for month in months:
                for category, share in zip(SPEND_CATEGORIES, (0.55, 0.25, 0.06, 0.05, 0.09)):
                    amount = per_month * share * rng.normal(1, 0.05)
                    stream = FUNDING_STREAMS[0] if prog.programme_id != "your-choice" else "Youth Endowment Fund"
                    provider = prog.providers[int(rng.integers(0, len(prog.providers)))]
                    if category == "Delivery" and len(local):
                        # Delivery spend is attributed to boroughs in proportion to referrals.
                        for code, count in local.items():
                            lines.append((month, prog.programme_id, provider, code, category, stream, round(amount * count / local.sum(), 2)))
                    else:
                        lines.append((month, prog.programme_id, provider, None, category, stream, round(amount, 2)))
    spend = pd.DataFrame(lines, columns=["payment_date", "programme_id", "provider_id", "borough_code", "category", "funding_stream", "amount_gbp"])
    spend = spend[spend["amount_gbp"] > 0].reset_index(drop=True)
    spend.insert(0, "spend_id", "SP" + pd.Series(np.arange(1, len(spend) + 1)).astype(str).str.zfill(7))
    return pd.DataFrame(budgets), spend


def _services(rng, as_of: pd.Timestamp) -> pd.DataFrame:
    boroughs = reference.boroughs()
    name_to_code = dict(zip(boroughs["name"], boroughs["gss_code"]))
    rows = []
    area_of = {
        "Families and communities": "Community projects", "Justice and health": "Custody and hospital intervention",
        "Education and opportunity": "Schools", "Early intervention": "Mentoring", "Exploitation": "Exploitation support",
    }
    n = 0
    for prog in PROGRAMMES:
        for provider in prog.providers:
            n += 1
            if prog.boroughs:
                covered = ";".join(name_to_code[b] for b in prog.boroughs)
            elif rng.random() < 0.5:
                covered = LONDON_WIDE
            else:
                covered = ";".join(sorted(rng.choice(boroughs["gss_code"].to_numpy()[1:], size=int(rng.integers(2, 9)), replace=False)))
            kpi = prog.kpis[0]
            value = round(kpi.target * kpi.performance * rng.normal(1, 0.05), 1)
            rows.append(_service_row(rng, n, prog.name + (f" ({_PROVIDER_NAMES[provider]})" if len(prog.providers) > 1 else ""), provider, prog.programme_id,
                                     prog.description, area_of[prog.priority_area], covered, "VRU", kpi, value, prog.start, as_of))
    for name, provider, area, commissioner in OTHER_SERVICES:
        n += 1
        rows.append(_service_row(rng, n, name, provider, None, f"{name}, commissioned by {commissioner}.", area, LONDON_WIDE, commissioner,
                                 None, None, "2022-04-01", as_of))
    return pd.DataFrame(rows)


def _service_row(rng, n, name, provider, programme_id, description, area, covered, commissioner, kpi, value, start, as_of):
    contract_start = pd.Timestamp(start)
    contract_end = max(contract_start + pd.DateOffset(years=int(rng.integers(2, 5))), as_of + pd.DateOffset(months=int(rng.integers(-3, 30))))
    if kpi is None:
        measure, target, value, higher = "Service users reporting they feel better able to cope", 80.0, round(float(rng.normal(80, 6)), 1), True
    else:
        measure, target, higher = kpi.name, kpi.target, kpi.direction == "higher_is_better"
    ratio = value / target if higher else target / max(value, 1e-9)
    rag = "green" if ratio >= 1 else "amber" if ratio >= 0.9 else "red"
    # A few records have not been reviewed for months: the directory flags them as possibly out of date.
    reviewed = as_of - pd.Timedelta(days=int(rng.choice([20, 45, 90, 150, 240, 400], p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])))
    return {
        "service_id": f"SVC{n:03d}", "name": name, "provider_id": provider, "programme_id": programme_id, "description": description,
        "service_area": area, "boroughs_covered": covered, "commissioner": commissioner,
        "funding_stream": "Home Office VRU grant" if commissioner == "VRU" else "London Crime Prevention Fund",
        "annual_value_gbp": round(float(rng.uniform(80_000, 1_500_000)), -3), "contract_start": contract_start, "contract_end": contract_end,
        "performance_measure": measure, "performance_value": value, "performance_target": target, "rag_rating": rag,
        "rag_rule": "Green: target met; amber: within 10% of target; red: more than 10% short of target.",
        "last_reviewed": reviewed,
    }


# ------------------------------------------------------------------ six-monthly service reviews (issue 14)
# Their own random stream, so that adding reviews changed none of the other extracts.
REVIEWS_STREAM = 14
# The share of reviews that never happened, and the services whose latest half is not yet reviewed.
MISSING_REVIEW_SHARE = 0.04
UNREVIEWED_IN_LATEST_HALF = 2
# A half is reviewed within this many days of its end.
REVIEW_LAG_DAYS = (10, 55)
_NOTES = {
    "up": ("Performance recovered after staffing gaps were filled.", "Improvement plan agreed last period is working.",
           "Referrals up after new school partnerships."),
    "down": ("Provider reports caseworker vacancies; improvement plan requested.", "Fewer referrals over the summer than planned.",
             "Data return late and incomplete; figures to be confirmed."),
    "same": ("Delivery on plan; no concerns raised.", "Steady performance; contract monitoring continues as normal.",
             "Provider on track; case studies shared with the VRU."),
}


def _direction_of_measure() -> dict[str, bool]:
    """Whether higher is better, per performance measure (a programme KPI's name, or the default measure)."""
    return {kpi.name: kpi.direction == "higher_is_better" for prog in PROGRAMMES for kpi in prog.kpis}


def _rating(value: float, target: float, *, higher: bool) -> str:
    # The same rule as the register's (_service_row): green at target, amber within 10%, red beyond.
    ratio = value / target if higher else target / max(value, 1e-9)
    return "green" if ratio >= 1 else "amber" if ratio >= 0.9 else "red"


def _service_reviews(services: pd.DataFrame, *, seed: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """One review per service per half-year while its contract ran, from 2021-22 to the last half
    that ended a month before the extract, with performance drifting (so ratings move) and a few missing."""
    rng = np.random.default_rng([seed, REVIEWS_STREAM])
    higher_of = _direction_of_measure()
    rows = []
    for _, svc in services.iterrows():
        higher = higher_of.get(svc["performance_measure"], True)
        level = rng.normal(0.96, 0.06)  # performance as a share of target
        for half in halves.half_years():
            first, last = (pd.Timestamp(d) for d in halves.bounds(half))
            if last < svc["contract_start"] or first > svc["contract_end"] or last > as_of - pd.Timedelta(days=30):
                continue
            before, level = level, float(np.clip(level + rng.normal(0.01, 0.06), 0.6, 1.3))
            value = round(float(svc["performance_target"]) * (level if higher else 1 / level), 1)
            trend = "up" if level - before > 0.04 else "down" if level - before < -0.04 else "same"
            reviewed = min(last + pd.Timedelta(days=int(rng.integers(*REVIEW_LAG_DAYS))), as_of)
            rows.append({"service_id": svc["service_id"], "period": half, "review_date": reviewed, "performance_value": value,
                         "performance_target": svc["performance_target"], "rag_rating": _rating(value, svc["performance_target"], higher=higher),
                         "rag_rule": svc["rag_rule"], "reviewer_note": _NOTES[trend][int(rng.integers(0, 3))]})
    reviews = pd.DataFrame(rows)
    # Missing reviews, as in real contract management: a few at random, and some services not yet reviewed for the latest half.
    latest = reviews["period"].max()
    missing = rng.random(len(reviews)) < MISSING_REVIEW_SHARE
    in_latest = np.flatnonzero((reviews["period"] == latest).to_numpy())
    missing[rng.choice(in_latest, size=min(UNREVIEWED_IN_LATEST_HALF, in_latest.size), replace=False)] = True
    return reviews[~missing].reset_index(drop=True)


def _register_rating_from_reviews(services: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The register's latest value and rating are those of each service's most recent review."""
    latest = reviews.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    out = services.copy()
    has = out["service_id"].isin(latest.index)
    for column in ("performance_value", "rag_rating"):
        out.loc[has, column] = out.loc[has, "service_id"].map(latest[column])
    return out


def _award_types(services: pd.DataFrame, providers: pd.DataFrame) -> pd.Series:
    """VRU services delivered by charities, community organisations and social enterprises are grants;
    MOPAC's, and those bought from public bodies (councils, NHS, police), are contracts."""
    kind = services["provider_id"].map(providers.set_index("provider_id")["provider_type"])
    grant = (services["commissioner"] == "VRU") & kind.isin(["Charity", "Community organisation", "Social enterprise"])
    return pd.Series(np.where(grant, "grant", "contract"), index=services.index)


def _organisation_ids(providers: pd.DataFrame, *, seed: int) -> pd.Series:
    """Synthetic Organisation Identifiers (org-id.guide lists: charity and company numbers, council and NHS
    codes); police forces and a few others have none known, as in a real register."""
    rng = np.random.default_rng([seed, REVIEWS_STREAM, 1])
    letters = np.array(list("ABCDEFGHJKLMNPRSTUVWXY"))
    makers = {
        "Charity": lambda: f"GB-CHC-{int(rng.integers(1_000_000, 1_199_999))}",
        "Community organisation": lambda: f"GB-CHC-{int(rng.integers(1_000_000, 1_199_999))}",
        "Social enterprise": lambda: f"GB-COH-{int(rng.integers(1_000_000, 15_000_000)):08d}",
        "Local authority": lambda: "GB-LAE-" + "".join(rng.choice(letters, 3)),
        "NHS trust": lambda: "GB-NHS-R" + "".join(rng.choice(letters, 2)),
    }
    ids = [makers[kind]() if kind in makers and rng.random() >= 0.1 else None for kind in providers["provider_type"]]
    return pd.Series(ids, index=providers.index, dtype=object)


def _funding_opportunities(rng, as_of: pd.Timestamp) -> pd.DataFrame:
    codes = reference.boroughs()["gss_code"].to_numpy()
    rounds = [
        ("MyEnds community consortia, round 3", "Community projects", -200, -120),
        ("Stronger Futures small grants", "Youth work", -30, 25),
        ("Parent and carer support grants", "Parenting and families", -10, 40),
        ("Hospital youth work expansion", "Custody and hospital intervention", 20, 75),
        ("Summer activities 2027", "Youth work", 60, 120),
        ("Exploitation support for girls and young women", "Exploitation support", -5, 14),
        ("Mentoring for children at risk of exclusion", "Mentoring", -400, -330),
        ("Schools nurture partnership, phase 2", "Schools", 35, 95),
        ("Victim support for young people", "Victim support", -60, -10),
        ("Community sport and youth clubs", "Community projects", 5, 50),
    ]
    rows = []
    for i, (title, area, opens, closes) in enumerate(rounds, start=1):
        local = rng.random() < 0.4
        boroughs = ";".join(sorted(rng.choice(codes[1:], size=int(rng.integers(3, 9)), replace=False))) if local else LONDON_WIDE
        rows.append({
            "opportunity_id": f"FO{i:03d}", "title": title, "service_area": area, "boroughs": boroughs,
            "commissioner": "VRU" if i % 3 else "MOPAC", "total_value_gbp": round(float(rng.uniform(150_000, 4_000_000)), -4),
            "opens": as_of + pd.Timedelta(days=opens), "closes": as_of + pd.Timedelta(days=closes),
            "url": f"https://www.london.gov.uk/example/funding/FO{i:03d}",
        })
    return pd.DataFrame(rows)


def _lcpf_and_need(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    boroughs = reference.boroughs()
    inner = (boroughs["inner_outer"] == "Inner").to_numpy()
    pop = boroughs["population_2021"].to_numpy(dtype=float)
    # Violence with injury per 1,000 residents: higher in inner London, highest in the West End.
    rate = np.where(inner, 11.0, 7.2) * rng.normal(1, 0.15, len(pop))
    rate[boroughs["name"].to_numpy() == "Westminster"] = 24.0
    rate[boroughs["name"].to_numpy() == "City of London"] = 45.0  # small resident population, large daytime one
    alloc, need = [], []
    for j, fy in enumerate(periods.financial_years()):
        # Direct borough funding of about £13m a year, allocated mostly on population, a little on need.
        weights = pop * (0.8 + 0.2 * rate / rate.mean()) * rng.normal(1, 0.05, len(pop))
        weights[boroughs["gss_code"].to_numpy() == "E09000001"] = 0  # the City is policed separately and gets no LCPF
        amounts = 13_000_000 * (1 + 0.02 * j) * weights / weights.sum()
        for code, amount, r, p in zip(boroughs["gss_code"], amounts, rate, pop):
            if amount > 0:
                alloc.append({"borough_code": code, "financial_year": fy, "allocation_gbp": round(float(amount), -2)})
            need.append({"borough_code": code, "financial_year": fy, "indicator": "violence_with_injury",
                         "value": int(r * p / 1000 * rng.normal(1 - 0.02 * j, 0.03))})
    return pd.DataFrame(alloc), pd.DataFrame(need)


def _write(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    columns = BY_NAME[name].columns
    frame = frame[columns].copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        elif frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, (bool, np.bool_))).any():
            frame[col] = frame[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(bool(v)).lower())
    frame.to_csv(out_dir / f"{name}.csv", index=False)


def _review_extracts(frames: dict[str, pd.DataFrame], *, seed: int, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """Issue 14's additions: reviews, the register's rating from them, grant or contract, organisation ids."""
    providers = frames["providers"].assign(organisation_id=_organisation_ids(frames["providers"], seed=seed))
    services = frames["services"].assign(award_type=_award_types(frames["services"], providers))
    reviews = _service_reviews(services, seed=seed, as_of=as_of)
    return {"providers": providers, "services": _register_rating_from_reviews(services, reviews), "service_reviews": reviews}


def generate(out_dir: Path, *, participants: int = DEFAULT_PARTICIPANTS, seed: int = DEFAULT_SEED, as_of: dt.date | None = None) -> dict[str, int]:
    """Write every extract of the contract to `out_dir`; return the number of rows per file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of_ts = pd.Timestamp(as_of or dt.date.today())
    rng = np.random.default_rng(seed)
    people = _participants(rng, participants)
    kpi_defs, kpi_meas = _kpis(rng)
    budgets, spend = _budgets_and_spend(rng, people)
    lcpf, need = _lcpf_and_need(rng)
    frames = {
        "providers": _providers(),
        "programmes": _programmes(),
        "participants": people,
        "kpi_definitions": kpi_defs,
        "kpi_measurements": kpi_meas,
        "budgets": budgets,
        "spend": spend,
        "services": _services(rng, as_of_ts),
        "funding_opportunities": _funding_opportunities(rng, as_of_ts),
        "lcpf_allocations": lcpf,
        "need_indicators": need,
    }
    # Its own random stream, so that the register's details leave every other extract as it was.
    frames["services"], frames["service_sites"] = demo_register.register_details(np.random.default_rng([seed, 13]), frames["services"], as_of=as_of_ts)
    frames.update(_review_extracts(frames, seed=seed, as_of=as_of_ts))
    for name, frame in frames.items():
        _write(frame, out_dir, name)
    return {name: len(frame) for name, frame in frames.items()}
