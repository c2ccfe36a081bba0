"""The demo programmes of the priority area "Early intervention", modelled on the real London VRU ones."""

from __future__ import annotations

from etl.demo.calibration.model import DemoProgramme, Kpi

YOUR_CHOICE = DemoProgramme(
    "your-choice",
    "Your Choice",
    "Early intervention",
    "Intensive CBT-informed support from trained practitioners for young people aged 11 to 17 at risk of "
    "exploitation or violence.",
    ("PRV014", "PRV004"),
    "2022-04-01",
    "2024-12-31",
    6_729_187,
    0.05,
    14.5,
    1.8,
    11,
    17,
    0.72,
    1.5,
    seasonality="school",
    duration_days=(60, 120),
    completion_rate=0.75,
    outcome_rate=0.6,
    kpis=(
        Kpi(
            "your-choice-completion",
            "Young people completing the full programme",
            "percent",
            "higher_is_better",
            75,
            0.1,
            0.9,
            True,
        ),
        Kpi(
            "your-choice-wellbeing",
            "Average wellbeing score at closure (SWEMWBS, 7 to 35)",
            "score",
            "higher_is_better",
            24,
            0.05,
            0.97,
        ),
    ),
)

SUMMER_ACTIVITIES = DemoProgramme(
    "summer-activities",
    "Summer activities programme",
    "Early intervention",
    "Free holiday activities, sport and trips in the summer holidays, when violence affecting young people peaks.",
    ("PRV012", "PRV018", "PRV010"),
    "2021-04-01",
    None,
    4_000_000,
    0.08,
    13.5,
    2.5,
    8,
    18,
    0.55,
    1.2,
    seasonality="summer_only",
    duration_days=(7, 45),
    completion_rate=0.85,
    kpis=(Kpi("summer-attendance", "Booked places taken up", "percent", "higher_is_better", 80, 0.1, 0.95),),
)

TRUSTED_ADULT_MENTORING = DemoProgramme(
    "trusted-adult-mentoring",
    "Trusted adult mentoring",
    "Early intervention",
    "One-to-one mentoring by a trained adult for children at risk of exclusion from school.",
    ("PRV004", "PRV001"),
    "2021-09-01",
    None,
    3_200_000,
    0.045,
    13,
    1.8,
    9,
    17,
    0.62,
    1.3,
    seasonality="school",
    duration_days=(90, 365),
    completion_rate=0.7,
    kpis=(
        Kpi(
            "mentoring-exclusions",
            "Mentees excluded from school during mentoring",
            "percent",
            "lower_is_better",
            5,
            0.2,
            1.4,
        ),
    ),
)
