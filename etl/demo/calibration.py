"""Calibration of the synthetic demo data: programmes modelled on the real London VRU ones.

Scale (funding, reach, boroughs, KPIs) follows the published facts in
shared/reference/programmes.md; every figure the generator writes is synthetic.
Provider names are invented, so that no real organisation is shown with made-up
performance ratings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Borough names as in etl/reference/london_boroughs.csv.
MYENDS_1_BOROUGHS = ("Brent", "Croydon", "Hackney", "Haringey", "Lambeth", "Newham", "Southwark", "Tower Hamlets")
SCHOOLS_BOROUGHS = (
    "Hackney",
    "Croydon",
    "Enfield",
    "Greenwich",
    "Islington",
    "Hammersmith and Fulham",
    "Barking and Dagenham",
)
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


PROVIDERS = (
    # provider_id, name, type
    ("PRV001", "Northbank Youth Trust", "Charity"),
    ("PRV002", "Second Chance Youth Work", "Charity"),
    ("PRV003", "Bridges Community Consortium", "Community organisation"),
    ("PRV004", "Riverside Mentoring Network", "Charity"),
    ("PRV005", "Safe Futures London", "Charity"),
    ("PRV006", "Parents Together London", "Community organisation"),
    ("PRV007", "Nurture in Schools Partnership", "Social enterprise"),
    ("PRV008", "Emergency Department Youth Service", "Charity"),
    ("PRV009", "London Grants Intermediary", "Social enterprise"),
    ("PRV010", "Young Voices Collective", "Community organisation"),
    ("PRV011", "Metropolitan Police Service (Custody)", "Police"),
    ("PRV012", "Thames Youth Sport", "Charity"),
    ("PRV013", "Girls' Safety Project", "Charity"),
    ("PRV014", "London Borough Partnership (YOS)", "Local authority"),
    ("PRV015", "South London Mental Health NHS Trust", "NHS trust"),
    ("PRV016", "Victim Support Partnership", "Charity"),
    ("PRV017", "Eastside Community Hubs", "Community organisation"),
    ("PRV018", "Westway Youth Clubs", "Charity"),
)

PROGRAMMES = (
    DemoProgramme(
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
    ),
    DemoProgramme(
        "divert",
        "DIVERT (custody diversion)",
        "Justice and health",
        "Youth workers in police custody suites offer young adults arrested a route into education, training, "
        "employment and support.",
        ("PRV002", "PRV011"),
        "2021-04-01",
        None,
        7_500_000,
        0.09,
        20,
        2.0,
        18,
        25,
        0.85,
        1.9,
        seasonality="flat",
        duration_days=(60, 365),
        completion_rate=0.6,
        outcome_rate=0.88,
        benefit_cost_ratio=3.4,
        evidence_rating="Moderate",
        kpis=(
            Kpi(
                "divert-no-rearrest-12m",
                "Participants not re-arrested within 12 months",
                "percent",
                "higher_is_better",
                85,
                0.05,
                1.04,
                True,
            ),
            Kpi(
                "divert-ete",
                "Participants in education, training or employment at closure",
                "percent",
                "higher_is_better",
                50,
                0.1,
                0.86,
            ),
        ),
    ),
    DemoProgramme(
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
    ),
    DemoProgramme(
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
    ),
    DemoProgramme(
        "parent-carer-champions",
        "Parent Carer Champions",
        "Families and communities",
        "Trained parent volunteers from grassroots groups support other parents and carers "
        "to keep their children safe.",
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
    ),
    DemoProgramme(
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
    ),
    DemoProgramme(
        "hospital-youth-work",
        "Hospital-based youth work",
        "Justice and health",
        "Youth workers in A&E departments and major trauma centres reach young people at a teachable moment after "
        "injury.",
        ("PRV008", "PRV015"),
        "2022-10-01",
        None,
        7_900_000,
        0.06,
        18,
        3,
        11,
        25,
        0.78,
        1.6,
        seasonality="flat",
        duration_days=(30, 270),
        completion_rate=0.55,
        outcome_rate=0.77,
        benefit_cost_ratio=2.1,
        evidence_rating="Emerging",
        kpis=(
            Kpi(
                "hospital-lower-risk",
                "Young people assessed at lower risk of harm at closure",
                "percent",
                "higher_is_better",
                75,
                0.1,
                1.02,
            ),
            Kpi(
                "hospital-feel-safer",
                "Young people who say they feel safer",
                "percent",
                "higher_is_better",
                70,
                0.1,
                1.04,
            ),
        ),
    ),
    DemoProgramme(
        "rescue-response",
        "Rescue and Response",
        "Exploitation",
        "Pan-London support for young people caught up in county lines, with rescue, case work and safe return home.",
        ("PRV005", "PRV013"),
        "2021-04-01",
        None,
        7_400_000,
        0.025,
        16.5,
        1.8,
        12,
        24,
        0.75,
        1.7,
        seasonality="flat",
        duration_days=(90, 365),
        completion_rate=0.5,
        outcome_rate=0.82,
        kpis=(
            Kpi(
                "rescue-reduced-involvement",
                "Young people with county-lines involvement reduced or stopped",
                "percent",
                "higher_is_better",
                85,
                0.05,
                0.9,
                True,
            ),
            Kpi(
                "rescue-missing-episodes",
                "Missing episodes reported in the quarter",
                "count",
                "lower_is_better",
                60,
                0.2,
                1.1,
            ),
        ),
    ),
    DemoProgramme(
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
    ),
    DemoProgramme(
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
    ),
    DemoProgramme(
        "girls-young-women",
        "Support for girls and young women at risk",
        "Exploitation",
        "Specialist gender-informed support for girls and young women affected by exploitation and serious youth "
        "violence.",
        ("PRV013",),
        "2022-04-01",
        None,
        1_600_000,
        0.012,
        16,
        2,
        11,
        24,
        0.03,
        1.4,
        seasonality="flat",
        duration_days=(90, 365),
        completion_rate=0.6,
        kpis=(
            Kpi(
                "girls-safety-plan",
                "Young women with a safety plan in place within 4 weeks",
                "percent",
                "higher_is_better",
                90,
                0.05,
                0.99,
            ),
        ),
    ),
    DemoProgramme(
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
    ),
)

# Other services commissioned by MOPAC that belong to no VRU programme (the register covers both).
OTHER_SERVICES = (
    ("Victim support for young people", "PRV016", "Victim support", "MOPAC"),
    ("Child and adolescent mental health in-reach", "PRV015", "Victim support", "MOPAC"),
    ("Youth offending service enhanced support", "PRV014", "Custody and hospital intervention", "MOPAC"),
)

# Shares of young Londoners by ethnic group, approximate (Census 2021, under-25s).
ETHNICITY_SHARES = {"Asian": 0.21, "Black": 0.18, "Mixed": 0.10, "White": 0.41, "Other": 0.07, "Not stated": 0.03}


# What the internal "needs attention" page must always have something to show for (the demo shows each kind):
# a KPI off track after falling two quarters running, a late and a missing return in the
# latest quarter, and a programme off its spend profile in the latest financial year.
OFF_TRACK_KPI = (
    "hospital-feel-safer"  # a percent KPI, on track until then, of a programme that runs to the last quarter
)
LATE_RETURN_KPI = "rescue-reduced-involvement"
MISSING_RETURN_KPI = "summer-attendance"
LATE_RETURN_DAYS = 45  # past the 30 days allowed
OFF_PROFILE_PROGRAMME = "parent-carer-champions"  # spends this share of its budget in the latest year
OFF_PROFILE_SPEND_SHARE = 1.16
