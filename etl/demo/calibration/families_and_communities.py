"""The demo programmes of the priority area "Families and communities", modelled on the real London VRU ones."""

from __future__ import annotations

from etl.demo.calibration.model import ALL_BOROUGHS, DemoProgramme, Kpi

# Borough names as in etl/reference/london_boroughs.csv.
MYENDS_1_BOROUGHS = ("Brent", "Croydon", "Hackney", "Haringey", "Lambeth", "Newham", "Southwark", "Tower Hamlets")

MYENDS = DemoProgramme(
    "myends",
    "MyEnds",
    "Families and communities",
    "Funds community-led consortia to reduce violence in the neighbourhoods most affected, with local activities, "
    "youth work and safe spaces.",
    ("PRV003", "PRV017", "PRV018"),
    "2021-04-01",
    None,
    20_500_000,
    0.10,
    16,
    3.5,
    10,
    25,
    0.60,
    1.3,
    boroughs=MYENDS_1_BOROUGHS,
    seasonality="summer",
    duration_days=(30, 180),
    completion_rate=0.65,
    kpis=(
        Kpi(
            "myends-sessions-attended",
            "Young people attending 6 or more sessions",
            "percent",
            "higher_is_better",
            60,
            0.1,
            0.97,
        ),
        Kpi(
            "myends-feel-safer",
            "Participants who say they feel safer in their area",
            "percent",
            "higher_is_better",
            70,
            0.1,
            0.88,
            True,
        ),
    ),
)

PARENT_CARER_CHAMPIONS = DemoProgramme(
    "parent-carer-champions",
    "Parent Carer Champions",
    "Families and communities",
    "Trained parent volunteers from grassroots groups support other parents and carers to keep their children safe.",
    ("PRV006", "PRV017"),
    "2021-04-01",
    None,
    2_300_000,
    0.08,
    40,
    7,
    22,
    70,
    0.12,
    1.3,
    boroughs=ALL_BOROUGHS,
    seasonality="school",
    duration_days=(14, 90),
    completion_rate=0.85,
    kpis=(
        Kpi(
            "parent-carer-confidence",
            "Parents and carers more confident to support their child",
            "percent",
            "higher_is_better",
            80,
            0.1,
            1.02,
        ),
    ),
)

COMMUNITY_SPORT = DemoProgramme(
    "community-sport",
    "Sport for safer communities",
    "Families and communities",
    "Weekly sport sessions in estates and parks, linked to youth work and mentoring.",
    ("PRV012", "PRV001"),
    "2021-04-01",
    "2024-03-31",
    2_400_000,
    0.06,
    15,
    2.5,
    10,
    21,
    0.7,
    1.2,
    seasonality="summer",
    duration_days=(30, 200),
    completion_rate=0.7,
    kpis=(
        Kpi(
            "sport-regular-attenders",
            "Participants attending at least monthly",
            "percent",
            "higher_is_better",
            60,
            0.1,
            1.06,
        ),
    ),
)
