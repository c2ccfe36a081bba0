"""The published datasets of the open-data API: their columns, keys, vocabularies and patterns.

Pure data, no Flask and no database: the parameter checks (params.py), the statements
(rows.py), the routes (routes.py) and the OpenAPI document (openapi.py) are all built from
this, so none can drift from another. Column names, order, types, nullability and keys
come from sql/schema.sql (schema.py); what is written here is what the schema cannot say:
the allowed values, the patterns and the words.
"""

from __future__ import annotations

import dataclasses
import hashlib
from urllib.parse import urlencode

from dashboard.api.schema import tables as schema_tables
from dashboard.data import vocabulary
from dashboard.data.vocabulary import (
    AGE_BANDS,
    ALL,
    ETHNICITIES,
    GENDERS,
    MPS_SOURCE,
    NOT_AVAILABLE,
    RAG_RATINGS,
    SUPPRESSED,
)

PREFIX = "/api/v1"
MAX_INT = 2**31 - 1  # INTEGER in PostgreSQL: larger numbers could never match
MAX_NUMBER = 1e15  # far above any published amount; keeps filters finite
MAX_TEXT = 200

# Fixed vocabularies: the ETL's allowed values (etl/contract/extracts.py, etl/aggregate.py; the dashboard
# cannot import etl, so tests/unit/dashboard/api/test_datasets.py checks these against them), plus 'all' where a row
# is a published total.
MEASURES = ("participants", "referrals", "completions")
PRIORITY_AREAS = (
    "Early intervention",
    "Education and opportunity",
    "Exploitation",
    "Families and communities",
    "Justice and health",
)
PROVIDER_TYPES = ("Charity", "Community organisation", "Local authority", "NHS trust", "Police", "Social enterprise")
FUNDING_STREAMS = (
    "Home Office VRU grant",
    "Mayor's funding",
    "London Crime Prevention Fund",
    "Youth Endowment Fund",
    "Serious Violence Duty",
)
COMMISSIONERS = ("MOPAC", "VRU")
SERVICE_AREAS = (
    "Youth work",
    "Mentoring",
    "Exploitation support",
    "Custody and hospital intervention",
    "Parenting and families",
    "Schools",
    "Community projects",
    "Victim support",
)
KPI_UNITS = ("percent", "count", "score")
KPI_DIRECTIONS = ("higher_is_better", "lower_is_better")
EVIDENCE_RATINGS = ("Strong", "Moderate", "Emerging")
NEED_INDICATORS = tuple(vocabulary.NEED_INDICATORS)
INNER_OUTER = ("Inner", "Outer")
SERVICE_STATUSES = ("active", "ending", "ended")  # etl/publish/register.py
DELIVERY_MODES = (
    "at a site",
    "outreach across the boroughs covered",
    "online",
    "in custody suites",
    "in hospitals",
    "in schools",
)
STATUSES = ("", SUPPRESSED)  # '' = published; 'c' = suppressed ([c]), value null
NEED_STATUSES = ("", NOT_AVAILABLE)  # '' = published; 'x' = not available ([x]), value null
NOT_APPLICABLE = "z"  # GSS [z]: a change with no year before to compare with (etl/publish/programme_summary.py)
AWARD_TYPES = ("grant", "contract")
REVIEW_CHANGES = ("improved", "declined", "unchanged", "first_review", "no_previous_review", "not_reviewed")

GSS = r"^E09[0-9]{6}$"
GSS_OR_ALL = r"^(E09[0-9]{6}|all)$"
YEAR = r"^[0-9]{4}-[0-9]{2}$"
QUARTER = r"^[0-9]{4}-[0-9]{2} Q[1-4]$"
PERIOD = r"^[0-9]{4}-[0-9]{2}( Q[1-4])?$"
HALF = r"^[0-9]{4}-[0-9]{2} H[12]$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PATTERN_HINTS = {
    GSS: "a borough's GSS code, e.g. E09000007",
    GSS_OR_ALL: "a borough's GSS code, e.g. E09000007, or all",
    YEAR: "a financial year, e.g. 2023-24",
    QUARTER: "a quarter of a financial year, e.g. 2023-24 Q1",
    PERIOD: "a financial year or a quarter of one, e.g. 2023-24 or 2023-24 Q1",
    HALF: "a half of a financial year, e.g. 2025-26 H1 (April to September 2025)",
    DATE: "a date, e.g. 2025-10-31",
}


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | integer | number | boolean
    nullable: bool = False
    enum: tuple | None = None
    pattern: str | None = None
    description: str = ""

    @property
    def filterable(self) -> bool:
        return self.name != "release_id"

    def allowed(self) -> str | list:
        """What a filter on this column accepts, for error messages and the docs page."""
        if self.enum is not None:
            return list(self.enum)
        if self.pattern:
            return f"{PATTERN_HINTS[self.pattern]} (text matching {self.pattern})"
        return {
            "integer": f"a whole number from {-MAX_INT - 1} to {MAX_INT}",
            "number": f"a number from {-MAX_NUMBER:.0e} to {MAX_NUMBER:.0e}",
            "boolean": "true or false",
        }.get(self.type, f"text of up to {MAX_TEXT} characters, without control characters")


@dataclasses.dataclass(frozen=True)
class Dataset:
    name: str  # in the URL
    table_name: str  # in sql/schema.sql
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the table's primary key: the order of rows, so pages are stable
    example: dict  # filters for the docs' example (tests check it returns rows)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


_ENUMS = {
    ("published_counts", "measure"): MEASURES,
    ("published_counts", "age_band"): (*AGE_BANDS, ALL),
    ("published_counts", "gender"): (*GENDERS, ALL),
    ("published_counts", "ethnicity"): (*ETHNICITIES, ALL),
    ("published_counts", "status"): STATUSES,
    ("programmes", "priority_area"): PRIORITY_AREAS,
    ("programmes", "evidence_rating"): EVIDENCE_RATINGS,
    ("boroughs", "inner_outer"): INNER_OUTER,
    ("kpi_progress", "priority_area"): PRIORITY_AREAS,
    ("kpi_progress", "unit"): KPI_UNITS,
    ("kpi_progress", "direction"): KPI_DIRECTIONS,
    ("kpi_progress", "rag_rating"): RAG_RATINGS,
    ("kpi_progress", "status"): STATUSES,
    ("spend_summary", "provider_type"): (*PROVIDER_TYPES, ALL),
    ("spend_summary", "participants_status"): STATUSES,
    ("spend_summary", "status"): STATUSES,
    ("borough_summary", "inner_outer"): INNER_OUTER,
    ("borough_summary", "status"): STATUSES,
    ("programme_summary", "participants_status"): STATUSES,
    ("programme_summary", "change_status"): (*STATUSES, NOT_APPLICABLE),
    ("services", "provider_type"): PROVIDER_TYPES,
    ("services", "service_area"): SERVICE_AREAS,
    ("services", "commissioner"): COMMISSIONERS,
    ("services", "funding_stream"): FUNDING_STREAMS,
    ("services", "rag_rating"): RAG_RATINGS,
    ("services", "status"): SERVICE_STATUSES,
    ("service_sites", "delivery_mode"): DELIVERY_MODES,
    ("funding_opportunities", "service_area"): SERVICE_AREAS,
    ("funding_opportunities", "commissioner"): COMMISSIONERS,
    ("lcpf_funding", "inner_outer"): INNER_OUTER,
    ("lcpf_funding", "need_indicator"): NEED_INDICATORS,
    ("lcpf_funding", "need_status"): NEED_STATUSES,
    ("lcpf_summary", "need_indicator"): NEED_INDICATORS,
    ("lcpf_summary", "area"): ("Inner London", "Outer London", "London"),
    ("services", "award_type"): AWARD_TYPES,
    ("service_reviews", "rag_rating"): RAG_RATINGS,
    ("service_reviews", "previous_rating"): RAG_RATINGS,
    ("service_reviews", "change"): REVIEW_CHANGES,
}
_PATTERNS = {
    ("published_counts", "period"): PERIOD,
    ("published_counts", "borough"): GSS_OR_ALL,
    ("boroughs", "gss_code"): GSS,
    ("kpi_progress", "quarter"): QUARTER,
    ("spend_summary", "financial_year"): YEAR,
    ("spend_summary", "borough"): GSS_OR_ALL,
    ("borough_summary", "period"): PERIOD,
    ("programme_summary", "financial_year"): YEAR,
    ("programme_summary", "kpi_quarter"): QUARTER,
    ("borough_summary", "borough"): GSS,
    ("lcpf_funding", "borough_code"): GSS,
    ("lcpf_funding", "financial_year"): YEAR,
    ("lcpf_summary", "financial_year"): YEAR,
    ("service_reviews", "period"): HALF,
    ("service_reviews", "previous_period"): HALF,
    ("service_reviews", "period_start"): DATE,
    ("service_reviews", "period_end"): DATE,
}
_DESCRIPTIONS = {
    "release_id": "The release the row belongs to.",
    "status": "'c' when the figure is suppressed (shown as [c]): its value is then null, never 0; '' otherwise.",
    "participants_status": "'c' when participants is suppressed (null); '' otherwise.",
    "measure": "What is counted: people taking part, referrals received or completions.",
    "programme": "programme_id of the programme, or 'all' for every programme.",
    "programme_id": "The programme (see the programmes dataset); 'all' for every programme where totals are published.",
    "period": "Financial year ('2023-24') or quarter of it ('2023-24 Q1').",
    "financial_year": "Financial year, April to March ('2023-24').",
    "quarter": "Quarter of a financial year ('2023-24 Q1' is April to June 2023).",
    "borough": "GSS code of the London borough, or 'all' for London as a whole.",
    "gss_code": "GSS code of the London borough.",
    "borough_code": "GSS code of the London borough.",
    "boroughs_covered": "'London-wide', or the GSS codes of the boroughs covered, separated by ';'.",
    "borough_count": "How many boroughs of the area are in the sums: those with an LCPF allocation and the need "
    "figure.",
    "need_indicator": "Which indicator of need: "
    + "; ".join(f"'{code}' = {words.label.lower()}" for code, words in vocabulary.NEED_INDICATORS.items())
    + f". Figures {MPS_SOURCE}, counted where the offence happened; published as they are, not rounded or suppressed.",
    "need_value": "The need indicator's count for the year (offences or victims); null when it is not available "
    "(need_status 'x', shown as [x]), never 0.",
    "need_status": "'x' when the need figure is not available (shown as [x]: the City of London, which the "
    "Metropolitan Police do not police, or a year without full-year figures): need_value, need_per_10k and "
    "allocation_per_need_gbp are then null, never 0; '' otherwise.",
    "need_per_10k": "The need figure per 10,000 residents (Census 2021); null when it is not available.",
    "allocation_per_need_gbp": "The LCPF allocation per unit of need (per offence, or per young victim), in pounds; "
    "null without both an allocation and a need figure.",
    "age_band": "Age band, or 'all'.",
    "gender": "Gender as recorded, or 'all'.",
    "ethnicity": "Ethnic group (ONS Census 2021 high-level groups), or 'all'.",
    "value": "The published figure; null when suppressed (status 'c').",
    "is_live": "true for the release the API serves by default.",
    "note": "Why the release was made, if given.",
    "provider_type": "Kind of organisation, or 'all' where totals are published.",
    "programmes_running": "For 'all', how many programmes ran in the year; for a programme, 1 if it ran, else 0.",
    "participants_change": "participants minus the year before's, both as published; null when either is "
    "suppressed or there is no year before.",
    "participants_change_percent": "That change as a percentage of the year before's.",
    "change_status": "'c' when either year's reach is suppressed; 'z' when there is no year before to compare with; "
    "'' otherwise.",
    "kpi_quarter": "The year's latest quarter with a KPI return, at which the KPIs are counted.",
    "kpis": "KPIs measured that quarter, those whose value is suppressed (no rating) among them.",
    "kpis_on_track": "Of those, how many were rated on track (green).",
    "kpis_at_risk": "Of those, how many were rated at risk (amber).",
    "kpis_off_track": "Of those, how many were rated off track (red).",
    "kpis_not_rated": "Of those, how many have no rating: their value is suppressed.",
    "spend_share": "Spend over budget: 1.0 is all of it; null without a budget.",
}


def _columns(table_name: str) -> tuple[Column, ...]:
    return tuple(
        Column(
            c.name,
            c.kind,
            nullable=c.nullable,
            enum=_ENUMS.get((table_name, c.name)),
            pattern=_PATTERNS.get((table_name, c.name)),
            description=_DESCRIPTIONS.get(c.name, ""),
        )
        for c in schema_tables()[table_name].columns
    )


def _published(name: str, table_name: str, *, title: str, description: str, example: dict) -> Dataset:
    """A dataset serving one table of sql/schema.sql whole, in the order of its primary key."""
    key = schema_tables()[table_name].key
    return Dataset(
        name,
        table_name,
        title,
        description,
        _columns(table_name),
        key if table_name == "releases" else tuple(k for k in key if k != "release_id"),
        example,
    )


_TOTALS = {"age_band": ALL, "gender": ALL, "ethnicity": ALL}
DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        _published(
            "counts",
            "published_counts",
            title="Published counts",
            description="Participants, referrals and completions by programme, period, borough, age band, gender and "
            "ethnicity. Counts of 1 to 9, "
            "and cells that could reveal them, are suppressed: value null with status 'c'. Other counts are rounded to "
            "the nearest 5, "
            "and rows with 'all' are totals rounded from unrounded data, so rows do not add up to the totals: use the "
            "published total.",
            example={"measure": "participants", "programme": ALL, "borough": ALL, **_TOTALS},
        ),
        _published(
            "kpis",
            "kpi_progress",
            title="KPI progress",
            description="Each programme's key performance indicators per quarter, with numerator and denominator as "
            "published, target and "
            "rating (rag_rating). Suppressed values are null with status 'c'.",
            example={"is_headline": True},
        ),
        _published(
            "spend",
            "spend_summary",
            title="Spend",
            description="Budget and spend per programme and financial year, by borough and provider type ('all' for "
            "the programme-year), "
            "with participants as published and the cost per participant.",
            example={"borough": ALL, "provider_type": ALL},
        ),
        _published(
            "programmes",
            "programmes",
            title="Programmes",
            description="The programmes the VRU funds: priority area, lead provider, dates, funding and evidence.",
            example={},
        ),
        _published(
            "boroughs",
            "boroughs",
            title="Boroughs",
            description="London's 33 local authorities: GSS code, inner or outer London, population (Census 2021) and "
            "tile-map position.",
            example={"inner_outer": "Inner"},
        ),
        _published(
            "borough-summary",
            "borough_summary",
            title="Borough summary",
            description="Participants per borough, programme and period as published, with the rate per 10,000 "
            "residents. "
            "Suppressed figures are null with status 'c'.",
            example={"programme_id": ALL},
        ),
        _published(
            "programme-summary",
            "programme_summary",
            title="Programmes at a glance",
            description="Each programme's financial year, and every programme's together ('all'), as the home page "
            "shows them: reach in London and its change on the year before, the KPIs on track, at risk and off track "
            "at the year's latest quarter, and spend against budget. Worked out by the ETL from the release's "
            "published counts, KPI ratings and spend, so they agree with those datasets.",
            example={"programme_id": ALL},
        ),
        _published(
            "services",
            "services",
            title="Services",
            description="Commissioned services: provider, area of work, boroughs covered, contract value and dates, "
            "and performance.",
            example={"commissioner": "VRU"},
        ),
        _published(
            "service-sites",
            "service_sites",
            title="Service sites",
            description="Where each commissioned service runs: named sites with their postcode, or how it is delivered "
            "without one (online, in schools, ...).",
            example={"delivery_mode": "at a site"},
        ),
        _published(
            "funding-opportunities",
            "funding_opportunities",
            title="Funding opportunities",
            description="Funding rounds open to providers: area of work, boroughs covered, value, opening and closing "
            "dates.",
            example={},
        ),
        _published(
            "lcpf-funding",
            "lcpf_funding",
            title="London Crime Prevention Fund against need",
            description="LCPF allocations per borough and financial year (null where a borough has none), set against "
            "each indicator of need: the count, per 10,000 residents, and the allocation per unit of need. The need "
            f"figures are {MPS_SOURCE}: knife crime per borough, counted where the offence happened, published as "
            "they are. Where a need figure is not available (the City of London; years without full-year figures) "
            "need_value is null with need_status 'x', never 0. "
            "While the demo runs the allocations are synthetic (see the releases dataset's synthetic_data).",
            example={"inner_outer": "Outer", "need_indicator": "knife_crime_with_injury"},
        ),
        _published(
            "lcpf-summary",
            "lcpf_summary",
            title="London Crime Prevention Fund: inner and outer London",
            description="LCPF allocations and need summed over the boroughs of inner London, outer London and "
            "London, per financial year and need indicator: allocation per resident and per unit of need (per "
            "offence, per young victim), and need per 10,000 residents, as the funding-against-need page shows them. "
            "The sums cover the boroughs with both an allocation and the need figure (borough_count); a borough whose "
            "need figure is not available is left out, and a year with no need figures has no rows. "
            f"Need figures {MPS_SOURCE}.",
            example={"area": "Outer London", "need_indicator": "knife_crime_with_injury"},
        ),
        _published(
            "service-reviews",
            "service_reviews",
            title="Service reviews",
            description="Every commissioned service's six-monthly review: one row per service and half of the "
            "financial year in which its contract "
            "ran, with the performance value against target, the red-amber-green rating and its rule, the previous "
            "half's rating and "
            "the change since. reviewed is false, with the review's columns null, where a half had no review. Filter "
            "by service_id, "
            "period (e.g. 2025-26 H1) and rag_rating.",
            example={"period": "2025-26 H1", "rag_rating": "green"},
        ),
        _published(
            "releases",
            "releases",
            title="Releases",
            description="Every release of the data: when it was made, the disclosure rules applied and the result of "
            "the disclosure audit. "
            "is_live marks the release the API serves by default; state is published or superseded, and "
            "published_at says when it went live. Lists every published release unless ?release=N is given; a "
            "withdrawn release answers 410 with its notice.",
            example={},
        ),
    )
}

# Changes whenever a column, type or vocabulary does: part of every ETag.
SPEC_DIGEST = hashlib.sha256(repr(sorted((d.name, d.columns) for d in DATASETS.values())).encode()).hexdigest()[:16]


def example_url(dataset: Dataset, *, csv_path: bool = False) -> str:
    """The docs' example address of a dataset (tests check it returns rows)."""
    params = {k: ("true" if v is True else "false" if v is False else v) for k, v in dataset.example.items()}
    return f"{PREFIX}/{dataset.name}" + (".csv" if csv_path else "") + (f"?{urlencode(params)}" if params else "")
