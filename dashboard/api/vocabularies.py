"""The open-data API's vocabularies: the values each published column allows, the patterns of its codes and periods,
and the words that describe it: what sql/schema.sql cannot say. Pure data, read by the dataset definitions
(datasets.py), and through them by the parameter checks, the routes and the OpenAPI document.
"""

from __future__ import annotations

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

# Fixed vocabularies: the ETL's allowed values (etl/contract/extracts.py, etl/aggregate.py; the dashboard
# cannot import etl, so tests/unit/dashboard/api/test_vocabularies.py checks these against them), plus 'all' where a row
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


COLUMN_ENUMS = {
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
COLUMN_PATTERNS = {
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
COLUMN_DESCRIPTIONS = {
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
