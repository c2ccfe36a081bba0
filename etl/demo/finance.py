"""Synthetic money: programme budgets and the spend ledger (with one overspent year), funding rounds,
and boroughs' London Crime Prevention Fund allocations with the need indicator they are set against."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import periods, reference
from etl.contract.vocabulary import FUNDING_STREAMS, LONDON_WIDE, SPEND_CATEGORIES
from etl.demo.calendar import running_quarters, window
from etl.demo.calibration.needs_attention import OFF_PROFILE_PROGRAMME, OFF_PROFILE_SPEND_SHARE
from etl.demo.calibration.programmes import PROGRAMMES


def budgets_and_spend(rng, participants: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    budgets, lines = [], []
    by_borough = (
        participants.assign(fy=periods.financial_year_of_dates(participants["referral_date"]))
        .groupby(["programme_id", "fy", "borough_code"])
        .size()
    )
    overspent = PROGRAMMES[1].programme_id  # one programme overspends one year: a warning for finance
    for prog in PROGRAMMES:
        start, end = window(prog)
        years = [fy for fy in periods.financial_years() if any(q.startswith(fy) for q in running_quarters(prog))]
        for fy in years:
            months = [
                m
                for m in pd.date_range(f"{fy[:4]}-04-01", periods=12, freq="MS") + pd.Timedelta(days=27)
                if start <= m <= end
            ]
            if not months:
                continue
            annual = prog.total_funding_gbp / max(len(years), 1) * rng.normal(1, 0.06)
            budget = round(annual * len(months) / 12, -3)
            budgets.append({"programme_id": prog.programme_id, "financial_year": fy, "budget_gbp": budget})
            spend_share = rng.normal(0.95, 0.04) if not (prog.programme_id == overspent and fy == "2023-24") else 1.18
            if prog.programme_id == OFF_PROFILE_PROGRAMME and fy == periods.financial_years()[-1]:
                spend_share = (
                    OFF_PROFILE_SPEND_SHARE  # after the draw, so the other programmes' figures stay as they were
                )
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
                            lines.append(
                                (
                                    month,
                                    prog.programme_id,
                                    provider,
                                    code,
                                    category,
                                    stream,
                                    round(amount * count / local.sum(), 2),
                                )
                            )
                    else:
                        lines.append((month, prog.programme_id, provider, None, category, stream, round(amount, 2)))
    spend = pd.DataFrame(
        lines,
        columns=[
            "payment_date",
            "programme_id",
            "provider_id",
            "borough_code",
            "category",
            "funding_stream",
            "amount_gbp",
        ],
    )
    spend = spend[spend["amount_gbp"] > 0].reset_index(drop=True)
    spend.insert(0, "spend_id", "SP" + pd.Series(np.arange(1, len(spend) + 1)).astype(str).str.zfill(7))
    return pd.DataFrame(budgets), spend


def funding_opportunities(rng, as_of: pd.Timestamp) -> pd.DataFrame:
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
        boroughs = (
            ";".join(sorted(rng.choice(codes[1:], size=int(rng.integers(3, 9)), replace=False)))
            if local
            else LONDON_WIDE
        )
        rows.append(
            {
                "opportunity_id": f"FO{i:03d}",
                "title": title,
                "service_area": area,
                "boroughs": boroughs,
                "commissioner": "VRU" if i % 3 else "MOPAC",
                "total_value_gbp": round(float(rng.uniform(150_000, 4_000_000)), -4),
                "opens": as_of + pd.Timedelta(days=opens),
                "closes": as_of + pd.Timedelta(days=closes),
                "url": f"https://www.london.gov.uk/example/funding/FO{i:03d}",
            }
        )
    return pd.DataFrame(rows)


# The demo's need indicators are real: the Metropolitan Police's published counts (etl/reference/), by the column of
# the bundled file that holds each.
NEED_FROM_REFERENCE = {
    "knife_crime_with_injury": "knife_crime_with_injury_offences",
    "knife_injury_victims_1_24_non_domestic": "knife_injury_victims_aged_1_24_non_domestic",
}


def lcpf_and_need(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic LCPF allocations, and the real need indicators they are set against."""
    boroughs = reference.boroughs()
    inner = (boroughs["inner_outer"] == "Inner").to_numpy()
    pop = boroughs["population_2021"].to_numpy(dtype=float)
    # The synthetic formula's weight for need: higher in inner London, highest in the West End.
    rate = np.where(inner, 11.0, 7.2) * rng.normal(1, 0.15, len(pop))
    rate[boroughs["name"].to_numpy() == "Westminster"] = 24.0
    rate[boroughs["name"].to_numpy() == "City of London"] = 45.0  # small resident population, large daytime one
    alloc = []
    for j, fy in enumerate(periods.financial_years()):
        # Direct borough funding of about £13m a year, allocated mostly on population, a little on need.
        weights = pop * (0.8 + 0.2 * rate / rate.mean()) * rng.normal(1, 0.05, len(pop))
        weights[boroughs["gss_code"].to_numpy() == "E09000001"] = 0  # the City is policed separately and gets no LCPF
        amounts = 13_000_000 * (1 + 0.02 * j) * weights / weights.sum()
        for code, amount in zip(boroughs["gss_code"], amounts):
            if amount > 0:
                alloc.append({"borough_code": code, "financial_year": fy, "allocation_gbp": round(float(amount), -2)})
        # Draws the synthetic need indicator took, kept so that every extract generated after this one is unchanged.
        rng.normal(size=len(pop))
    return pd.DataFrame(alloc), need_indicators()


def need_indicators() -> pd.DataFrame:
    """Every borough, financial year and indicator: the published count, or empty (not available) for the City of
    London, which the Metropolitan Police do not police, and for the years the bundled figures do not cover."""
    published = reference.knife_crime().set_index(["gss_code", "financial_year"])
    rows = [
        {
            "borough_code": code,
            "financial_year": fy,
            "indicator": indicator,
            "value": published[column].get((code, fy), pd.NA),
        }
        for fy in periods.financial_years()
        for code in reference.boroughs()["gss_code"]
        for indicator, column in NEED_FROM_REFERENCE.items()
    ]
    return pd.DataFrame(rows).astype({"value": "Int64"})
