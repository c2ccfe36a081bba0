"""What a demo programme is: its fields (funding, reach, ages, boroughs, seasonality, outcomes) and its KPIs."""

from __future__ import annotations

from dataclasses import dataclass, field

ALL_BOROUGHS = ()  # empty = every borough except the City of London


@dataclass(frozen=True)
class Kpi:
    kpi_id: str
    name: str
    unit: str  # percent | count | score
    direction: str  # higher_is_better | lower_is_better
    target: float
    amber_tolerance: float
    performance: float  # typical value as a multiple of target (below 1 misses a higher-is-better target)
    is_headline: bool = False


@dataclass(frozen=True)
class DemoProgramme:
    programme_id: str
    name: str
    priority_area: str
    description: str
    providers: tuple[str, ...]  # provider_ids; the first leads
    start: str
    end: str | None
    total_funding_gbp: float
    weight: float  # share of participants
    age_mean: float
    age_sd: float
    age_min: int
    age_max: int
    male_share: float
    black_uplift: float  # over-representation of Black young people, as seen in justice referrals
    boroughs: tuple[str, ...] = ALL_BOROUGHS
    seasonality: str = "school"  # school | summer | flat
    duration_days: tuple[int, int] = (60, 240)
    completion_rate: float = 0.7
    outcome_rate: float = 0.7
    benefit_cost_ratio: float | None = None
    evidence_rating: str | None = None
    kpis: tuple[Kpi, ...] = field(default_factory=tuple)
