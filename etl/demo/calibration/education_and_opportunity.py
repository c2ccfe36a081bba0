"""The demo programmes of the priority area "Education and opportunity", modelled on the real London VRU ones."""

from __future__ import annotations

from etl.demo.calibration.model import DemoProgramme, Kpi

# Borough names as in etl/reference/london_boroughs.csv.
SCHOOLS_BOROUGHS = (
    "Hackney",
    "Croydon",
    "Enfield",
    "Greenwich",
    "Islington",
    "Hammersmith and Fulham",
    "Barking and Dagenham",
)

STRONGER_FUTURES = DemoProgramme(
    "stronger-futures",
    "Stronger Futures",
    "Education and opportunity",
    "Grants to youth organisations for positive activities that build relationships, wellbeing and job prospects "
    "for children aged 8 to 18.",
    ("PRV009", "PRV010", "PRV018", "PRV012"),
    "2021-04-01",
    "2025-09-30",
    5_000_000,
    0.25,
    13,
    2.8,
    8,
    18,
    0.52,
    1.2,
    seasonality="school",
    duration_days=(30, 150),
    completion_rate=0.8,
    kpis=(
        Kpi(
            "stronger-futures-wellbeing",
            "Participants reporting better wellbeing",
            "percent",
            "higher_is_better",
            65,
            0.1,
            1.03,
            True,
        ),
        Kpi(
            "stronger-futures-reached",
            "Children and young people reached in the quarter",
            "count",
            "higher_is_better",
            900,
            0.15,
            1.05,
        ),
    ),
)

NURTURING_SCHOOLS = DemoProgramme(
    "nurturing-schools",
    "Inclusive and Nurturing Schools",
    "Education and opportunity",
    "Whole-school nurture training and healthy-relationships sessions in primary and secondary schools.",
    ("PRV007",),
    "2023-09-01",
    None,
    3_000_000,
    0.16,
    11,
    2.5,
    6,
    16,
    0.5,
    1.1,
    boroughs=SCHOOLS_BOROUGHS,
    seasonality="school",
    duration_days=(30, 200),
    completion_rate=0.9,
    kpis=(
        Kpi(
            "nurturing-schools-suspensions",
            "Suspensions per 100 pupils in partner schools",
            "score",
            "lower_is_better",
            4.0,
            0.1,
            1.15,
        ),
        Kpi(
            "nurturing-schools-attendance",
            "Pupil attendance in partner schools",
            "percent",
            "higher_is_better",
            93,
            0.02,
            0.99,
        ),
    ),
)
