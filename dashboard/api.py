"""Read-only open-data API: the published tables of a release, as they are, in JSON or CSV.

`register(server)` adds the routes under /api/v1/ to the dashboard's Flask server:

- /api/v1/                 the datasets, with links (JSON)
- /api/v1/<dataset>        rows of the live release, or of ?release=N; filters on the table's
  /api/v1/<dataset>.csv    own columns (exact match), limit/offset pagination, JSON or CSV
- /api/v1/openapi.json     the OpenAPI 3.1 document, built from the column lists below
- /api/v1/docs             the same, as a plain server-rendered HTML page

Rows are returned exactly as published: nothing here sums, differences or re-aggregates a
cell (`total` counts rows, not people). Suppressed counts stay null with status 'c'.
Queries are SQLAlchemy Core `select()` with bound parameters over the read-only engine.

The API serves the public database only: in internal mode (true, unsuppressed figures)
every /api/ path answers 404, so internal figures can never leave with an open licence,
`Access-Control-Allow-Origin: *` and a shared-cache `Cache-Control`.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from dashboard import openapi, queries, state
from dashboard.db import DatabaseUnavailable
from dashboard.vocabulary import AGE_BANDS, ALL, ETHNICITIES, GENDERS, LICENCE, LICENCE_URL, RAG_RATINGS, SOURCE

PREFIX = "/api/v1"
DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000
MAX_INT = 2**31 - 1  # INTEGER in PostgreSQL: larger numbers could never match
MAX_NUMBER = 1e15  # far above any published amount; keeps filters finite
MAX_TEXT = 200
CACHE_SECONDS = 300
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")

# ------------------------------------------------------------------ what is published
# Fixed vocabularies: the ETL's allowed values (etl/contract.py, etl/aggregate.py; the dashboard
# cannot import etl, so tests/test_api.py checks these against them), plus 'all' where a row
# is a published total.
MEASURES = ("participants", "referrals", "completions")
PRIORITY_AREAS = ("Early intervention", "Education and opportunity", "Exploitation", "Families and communities", "Justice and health")
PROVIDER_TYPES = ("Charity", "Community organisation", "Local authority", "NHS trust", "Police", "Social enterprise")
FUNDING_STREAMS = ("Home Office VRU grant", "Mayor's funding", "London Crime Prevention Fund", "Youth Endowment Fund", "Serious Violence Duty")
COMMISSIONERS = ("MOPAC", "VRU")
SERVICE_AREAS = ("Youth work", "Mentoring", "Exploitation support", "Custody and hospital intervention", "Parenting and families",
                 "Schools", "Community projects", "Victim support")
KPI_UNITS = ("percent", "count", "score")
KPI_DIRECTIONS = ("higher_is_better", "lower_is_better")
EVIDENCE_RATINGS = ("Strong", "Moderate", "Emerging")
NEED_INDICATORS = ("violence_with_injury",)
INNER_OUTER = ("Inner", "Outer")
SERVICE_STATUSES = ("active", "ending", "ended")  # etl/register.py
DELIVERY_MODES = ("at a site", "outreach across the boroughs covered", "online", "in custody suites", "in hospitals", "in schools")
STATUSES = ("", "c")  # '' = published; 'c' = suppressed ([c]), value null
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
        return {"integer": f"a whole number from {-MAX_INT - 1} to {MAX_INT}",
                "number": f"a number from {-MAX_NUMBER:.0e} to {MAX_NUMBER:.0e}",
                "boolean": "true or false"}.get(self.type, f"text of up to {MAX_TEXT} characters, without control characters")


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


_SA_TYPES = {"text": sa.Text, "integer": sa.Integer, "number": sa.Float, "boolean": sa.Boolean}

# Column types (a trailing '?' = nullable), vocabularies and patterns, per table. The column
# names and their order come from dashboard/queries.py where it defines the table; for the
# other three, from here. A test compares both with sql/schema.sql.
_TYPES = {
    "releases": {"release_id": "integer", "created_at": "text", "input_digest": "text", "rules": "text", "cells_published": "integer",
                 "cells_suppressed": "integer", "cells_suppressed_primary": "integer", "cells_suppressed_secondary": "integer",
                 "audit_passed": "boolean", "audit_detail": "text", "warnings": "integer", "synthetic_data": "boolean", "is_live": "boolean",
                 "note": "text?"},
    "published_counts": {"release_id": "integer", "measure": "text", "programme": "text", "period": "text", "borough": "text",
                         "age_band": "text", "gender": "text", "ethnicity": "text", "value": "integer?", "status": "text"},
    "programmes": {"release_id": "integer", "programme_id": "text", "name": "text", "priority_area": "text", "description": "text",
                   "lead_provider": "text", "start_date": "text", "end_date": "text?", "total_funding_gbp": "number",
                   "benefit_cost_ratio": "number?", "evidence_rating": "text?", "evaluation_url": "text?"},
    "boroughs": {"release_id": "integer", "gss_code": "text", "name": "text", "inner_outer": "text", "population_2021": "integer",
                 "population_under15_2021": "integer", "ls_abbrev": "text", "ls_col": "integer", "ls_row": "integer"},
    "kpi_progress": {"release_id": "integer", "kpi_id": "text", "programme_id": "text", "priority_area": "text", "name": "text",
                     "unit": "text", "direction": "text", "is_headline": "boolean", "quarter": "text", "value": "number?",
                     "numerator": "integer?", "denominator": "integer?", "target": "number", "amber_tolerance": "number",
                     "rag": "text?", "rag_rule": "text", "status": "text"},
    "spend_summary": {"release_id": "integer", "programme_id": "text", "financial_year": "text", "borough": "text", "provider_type": "text",
                      "budget_gbp": "number?", "spend_gbp": "number?", "participants": "integer?", "participants_status": "text",
                      "cost_per_participant_gbp": "number?", "status": "text"},
    "borough_summary": {"release_id": "integer", "programme_id": "text", "period": "text", "borough": "text", "borough_name": "text",
                        "inner_outer": "text", "population_2021": "integer", "participants": "integer?", "participants_per_10k": "number?",
                        "status": "text"},
    "services": {"release_id": "integer", "service_id": "text", "name": "text", "provider_id": "text", "provider_name": "text",
                 "provider_type": "text", "website": "text?", "public_contact": "text?", "programme_id": "text?", "description": "text",
                 "service_area": "text", "boroughs_covered": "text", "commissioner": "text", "funding_stream": "text",
                 "annual_value_gbp": "number", "contract_start": "text", "contract_end": "text", "performance_measure": "text",
                 "performance_value": "number?", "performance_target": "number?", "rag_rating": "text", "rag_rule": "text",
                 "last_reviewed": "text", "min_age": "integer?", "max_age": "integer?", "eligibility": "text?", "referral_routes": "text?",
                 "contact_phone": "text?", "contact_email": "text?", "contact_url": "text?", "status": "text?", "owning_team": "text?",
                 "next_review_date": "text?", "award_type": "text?"},
    "service_sites": {"release_id": "integer", "service_id": "text", "site_id": "text", "delivery_mode": "text", "site_name": "text?",
                      "address": "text?", "postcode": "text?"},
    "funding_opportunities": {"release_id": "integer", "opportunity_id": "text", "title": "text", "service_area": "text", "boroughs": "text",
                              "commissioner": "text", "total_value_gbp": "number", "opens": "text", "closes": "text", "url": "text"},
    "lcpf_funding": {"release_id": "integer", "borough_code": "text", "borough_name": "text", "inner_outer": "text", "financial_year": "text",
                     "population_2021": "integer", "allocation_gbp": "number?", "allocation_per_head_gbp": "number?",
                     "need_indicator": "text", "need_value": "integer", "need_per_1000": "number"},
    # Issue 14: one row per service and half-year in which its contract ran (reviewed false: no review that half).
    "service_reviews": {"release_id": "integer", "service_id": "text", "period": "text", "period_start": "text", "period_end": "text",
                        "reviewed": "boolean", "review_date": "text?", "performance_value": "number?", "performance_target": "number?",
                        "rag_rating": "text?", "rag_rule": "text?", "previous_period": "text", "previous_rating": "text?", "change": "text"},
    "lcpf_summary": {"release_id": "integer", "financial_year": "text", "area": "text", "boroughs": "integer", "allocation_gbp": "number",
                     "population_2021": "integer", "allocation_per_head_gbp": "number", "need_value": "integer", "need_per_1000": "number",
                     "allocation_per_offence_gbp": "number"},
}
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
    ("kpi_progress", "rag"): RAG_RATINGS,
    ("kpi_progress", "status"): STATUSES,
    ("spend_summary", "provider_type"): (*PROVIDER_TYPES, ALL),
    ("spend_summary", "participants_status"): STATUSES,
    ("spend_summary", "status"): STATUSES,
    ("borough_summary", "inner_outer"): INNER_OUTER,
    ("borough_summary", "status"): STATUSES,
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
    "age_band": "Age band, or 'all'.",
    "gender": "Gender as recorded, or 'all'.",
    "ethnicity": "Ethnic group (ONS Census 2021 high-level groups), or 'all'.",
    "value": "The published figure; null when suppressed (status 'c').",
    "is_live": "true for the release the API serves by default.",
    "note": "Why the release was made, if given.",
    "provider_type": "Kind of organisation, or 'all' where totals are published.",
}


def _columns(table_name: str) -> tuple[Column, ...]:
    types = _TYPES[table_name]
    names = [c.name for c in queries.TABLES[table_name].columns] if table_name in queries.TABLES else list(types)
    out = []
    for name in names:
        kind = types.get(name)
        if kind is None:
            # A column dashboard/queries.py gained but not typed above: left out of the API (the app still
            # starts); tests/test_api.py::test_column_lists_match_the_schema fails until it is typed here.
            continue
        out.append(Column(name, kind.rstrip("?"), nullable=kind.endswith("?"), enum=_ENUMS.get((table_name, name)),
                          pattern=_PATTERNS.get((table_name, name)), description=_DESCRIPTIONS.get(name, "")))
    return tuple(out)


_TOTALS = {"age_band": ALL, "gender": ALL, "ethnicity": ALL}
DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("counts", "published_counts", "Published counts",
            "Participants, referrals and completions by programme, period, borough, age band, gender and ethnicity. Counts of 1 to 9, "
            "and cells that could reveal them, are suppressed: value null with status 'c'. Other counts are rounded to the nearest 5, "
            "and rows with 'all' are totals rounded from unrounded data, so rows do not add up to the totals: use the published total.",
            _columns("published_counts"), ("measure", "programme", "period", "borough", "age_band", "gender", "ethnicity"),
            {"measure": "participants", "programme": ALL, "borough": ALL, **_TOTALS}),
    Dataset("kpis", "kpi_progress", "KPI progress",
            "Each programme's key performance indicators per quarter, with numerator and denominator as published, target and "
            "rating (rag). Suppressed values are null with status 'c'.",
            _columns("kpi_progress"), ("kpi_id", "quarter"), {"is_headline": True}),
    Dataset("spend", "spend_summary", "Spend",
            "Budget and spend per programme and financial year, by borough and provider type ('all' for the programme-year), "
            "with participants as published and the cost per participant.",
            _columns("spend_summary"), ("programme_id", "financial_year", "borough", "provider_type"),
            {"borough": ALL, "provider_type": ALL}),
    Dataset("programmes", "programmes", "Programmes",
            "The programmes the VRU funds: priority area, lead provider, dates, funding and evidence.",
            _columns("programmes"), ("programme_id",), {}),
    Dataset("boroughs", "boroughs", "Boroughs",
            "London's 33 local authorities: GSS code, inner or outer London, population (Census 2021) and tile-map position.",
            _columns("boroughs"), ("gss_code",), {"inner_outer": "Inner"}),
    Dataset("borough-summary", "borough_summary", "Borough summary",
            "Participants per borough, programme and period as published, with the rate per 10,000 residents. "
            "Suppressed figures are null with status 'c'.",
            _columns("borough_summary"), ("programme_id", "period", "borough"), {"programme_id": ALL}),
    Dataset("services", "services", "Services",
            "Commissioned services: provider, area of work, boroughs covered, contract value and dates, and performance.",
            _columns("services"), ("service_id",), {"commissioner": "VRU"}),
    Dataset("service-sites", "service_sites", "Service sites",
            "Where each commissioned service runs: named sites with their postcode, or how it is delivered without one (online, in schools, ...).",
            _columns("service_sites"), ("service_id", "site_id"), {"delivery_mode": "at a site"}),
    Dataset("funding-opportunities", "funding_opportunities", "Funding opportunities",
            "Funding rounds open to providers: area of work, boroughs, value, opening and closing dates.",
            _columns("funding_opportunities"), ("opportunity_id",), {}),
    Dataset("lcpf-funding", "lcpf_funding", "London Crime Prevention Fund",
            "LCPF allocations per borough and financial year (null where a borough has none), with an indicator of need.",
            _columns("lcpf_funding"), ("borough_code", "financial_year", "need_indicator"), {"inner_outer": "Outer"}),
    Dataset("lcpf-summary", "lcpf_summary", "London Crime Prevention Fund: inner and outer London",
            "LCPF allocations summed over the boroughs of inner London, outer London and London, per financial year, per resident "
            "and per offence of the need indicator (violence with injury), as the funding-against-need page shows them.",
            _columns("lcpf_summary"), ("financial_year", "area"), {"area": "Outer London"}),
    Dataset("service-reviews", "service_reviews", "Service reviews",
            "Every commissioned service's six-monthly review: one row per service and half of the financial year in which its contract "
            "ran, with the performance value against target, the red-amber-green rating and its rule, the previous half's rating and "
            "the change since. reviewed is false, with the review's columns null, where a half had no review. Filter by service_id, "
            "period (e.g. 2025-26 H1) and rag_rating.",
            _columns("service_reviews"), ("service_id", "period"), {"period": "2025-26 H1", "rag_rating": "green"}),
    Dataset("releases", "releases", "Releases",
            "Every release of the data: when it was made, the disclosure rules applied and the result of the disclosure audit. "
            "is_live marks the release the API serves by default. Lists every release unless ?release=N is given.",
            _columns("releases"), ("release_id",), {}),
)}
TABLES = {d.name: sa.table(d.table_name, *[sa.column(c.name, _SA_TYPES[c.type]) for c in d.columns]) for d in DATASETS.values()}
# Changes whenever a column, type or vocabulary does: part of every ETag.
SPEC_DIGEST = hashlib.sha256(repr(sorted((d.name, d.columns) for d in DATASETS.values())).encode()).hexdigest()[:16]


# ------------------------------------------------------------------ requests
class ApiError(Exception):
    def __init__(self, status: int, message: str, *, parameter: str | None = None, allowed=None):
        super().__init__(message)
        self.status, self.message, self.parameter, self.allowed = status, message, parameter, allowed

    def body(self) -> dict:
        out = {"error": self.message}
        if self.parameter is not None:
            out["parameter"] = self.parameter
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


_INT = re.compile(r"-?[0-9]{1,20}")
_NUMBER = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _integer(name: str, raw: str, *, low: int, high: int, allowed: str | None = None) -> int:
    if not _INT.fullmatch(raw) or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}", parameter=name, allowed=allowed or f"{low} to {high}")
    return int(raw)


def _value(column: Column, raw: str):
    """A filter value, typed for the column; ApiError(400) naming the column if it cannot match."""
    problem = ApiError(400, f"{raw[:50]!r} is not an allowed value of {column.name}", parameter=column.name, allowed=column.allowed())
    if column.type == "integer":
        return _integer(column.name, raw, low=-MAX_INT - 1, high=MAX_INT, allowed=column.allowed())
    if column.type == "number":
        if not _NUMBER.fullmatch(raw) or not -MAX_NUMBER <= float(raw) <= MAX_NUMBER:
            raise problem
        return float(raw)
    if column.type == "boolean":
        if raw not in ("true", "false"):
            raise problem
        return raw == "true"
    if column.enum is not None:
        if raw not in column.enum:
            raise problem
    elif column.pattern is not None:
        if not re.fullmatch(column.pattern, raw):
            raise problem
    elif len(raw) > MAX_TEXT or _CONTROL.search(raw):
        raise problem
    return raw


@dataclasses.dataclass(frozen=True)
class Query:
    dataset: Dataset
    fmt: str  # json | csv
    csv_path: bool  # asked as /<dataset>.csv
    release: int | None  # None: the live release
    filters: dict  # column -> typed value, in column order
    limit: int
    offset: int


def parse(dataset: Dataset, args, *, csv_path: bool) -> Query:
    """Read and check the query string: unknown parameters and bad values are 400s, never ignored."""
    reserved = ["release", "limit", "offset"] + ([] if csv_path else ["format"])
    filterable = [c.name for c in dataset.columns if c.filterable]
    for name in args:
        if name not in reserved and name not in filterable:
            raise ApiError(400, f"unknown parameter {name[:50]!r}", parameter=name[:50], allowed=reserved + filterable)
        if len(args.getlist(name)) > 1:
            raise ApiError(400, f"give {name} once (filters match one value exactly)", parameter=name)
    fmt = "csv" if csv_path else args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ApiError(400, f"format must be json or csv, not {fmt[:50]!r}", parameter="format", allowed=["json", "csv"])
    release = _integer("release", args["release"], low=1, high=MAX_INT) if "release" in args else None
    limit = _integer("limit", args["limit"], low=1, high=MAX_LIMIT) if "limit" in args else DEFAULT_LIMIT
    offset = _integer("offset", args["offset"], low=0, high=MAX_INT) if "offset" in args else 0
    # In column order, whatever the order asked: equivalent queries get the same body (and next link) for their ETag.
    filters = {c.name: _value(c, args[c.name]) for c in dataset.columns if c.filterable and c.name in args}
    return Query(dataset, fmt, csv_path, release, filters, limit, offset)


def _resolve_release(conn: sa.Connection, wanted: int | None) -> tuple[int, list[tuple[int, bool]]]:
    """The release to serve (the live one unless asked) and every (release_id, is_live)."""
    t = TABLES["releases"]
    known = [(int(r.release_id), bool(r.is_live)) for r in conn.execute(sa.select(t.c.release_id, t.c.is_live).order_by(t.c.release_id))]
    if wanted is None:
        live = [rid for rid, is_live in known if is_live]
        if not live:
            raise DatabaseUnavailable("the database has no live release")
        return live[0], known
    if wanted not in {rid for rid, _ in known}:
        raise ApiError(404, f"there is no release {wanted}", parameter="release", allowed=[rid for rid, _ in known])
    return wanted, known


def _statement(q: Query, release_id: int, *, table: sa.TableClause | None = None):
    t = TABLES[q.dataset.name] if table is None else table
    conditions = [t.c[name] == value for name, value in q.filters.items()]
    if q.dataset.name != "releases" or q.release is not None:
        conditions.append(t.c.release_id == release_id)
    rows = sa.select(t).where(*conditions).order_by(t.c.release_id, *[t.c[k] for k in q.dataset.key]).limit(q.limit).offset(q.offset)
    total = sa.select(sa.func.count()).select_from(t).where(*conditions)  # rows matched, not a sum of cells
    return rows, total


def _etag(q: Query, release_id: int, known: list) -> str:
    key = [SPEC_DIGEST, q.dataset.name, q.fmt, q.csv_path, release_id, sorted((k, repr(v)) for k, v in q.filters.items()), q.limit, q.offset]
    if q.dataset.name == "releases":
        key.append(known)  # is_live moves between releases, and new releases are added
    return hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()[:32]


def _link(q: Query, release_id: int, offset: int, *, prefix: str = PREFIX) -> str:
    params = {k: ("true" if v is True else "false" if v is False else v) for k, v in q.filters.items()}
    if q.dataset.name != "releases" or q.release is not None:
        params["release"] = release_id  # later pages come from the same release, even if another goes live meanwhile
    params.update(limit=q.limit, offset=offset)
    if q.fmt == "csv" and not q.csv_path:
        params["format"] = "csv"
    path = f"{prefix}/{q.dataset.name}" + (".csv" if q.csv_path else "")
    return f"{request.script_root}{path}?{urlencode(params)}"


def _csv_cell(value) -> str:
    if value is None:
        return ""  # suppressed or not applicable: status says which
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the same digits as the JSON
    return str(value)


def _csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(r[c]) for c in columns] for r in rows)
    return out.getvalue()


# ------------------------------------------------------------------ responses
def _empty(status: int) -> Response:
    response = Response(status=status)
    del response.headers["Content-Type"]  # no body: not an HTML page
    return response


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link, X-Release-Id, X-Total-Count"
    return response


def _json(body, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")), status=status,
                    mimetype="application/json")


def _error(err: ApiError) -> Response:
    response = _cors(_json(err.body(), err.status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _cacheable(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)  # weak: the same rows whatever the Content-Encoding
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return _cors(response)


def _not_modified(etag: str) -> Response | None:
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        return _cacheable(_empty(304), etag)
    return None


def _preflight() -> Response:
    response = _cors(_empty(204))
    response.headers["Allow"] = ", ".join(ALLOWED_METHODS)
    response.headers["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def _public_only() -> None:
    if state.settings().internal:
        raise ApiError(404, "the open-data API is served by the public dashboard only")


def _static(body: str, mimetype: str) -> Response:
    """Index, OpenAPI document and docs page: the same for every release."""
    if request.method == "OPTIONS":
        return _preflight()
    try:
        _public_only()
    except ApiError as err:
        return _error(err)
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]
    return _not_modified(etag) or _cacheable(Response(body, mimetype=mimetype), etag)


def _serve(dataset: Dataset, *, csv_path: bool) -> Response:
    if request.method == "OPTIONS":
        return _preflight()
    try:
        _public_only()
        q = parse(dataset, request.args, csv_path=csv_path)
        with state.engine().connect() as conn:
            release_id, known = _resolve_release(conn, q.release)
            etag = _etag(q, release_id, known)
            if (response := _not_modified(etag)) is not None:
                response.headers["X-Release-Id"] = str(release_id)
                return response
            rows_stmt, total_stmt = _statement(q, release_id)
            rows = [dict(r) for r in conn.execute(rows_stmt).mappings()]
            total = conn.execute(total_stmt).scalar_one()
    except ApiError as err:
        return _error(err)
    except (DatabaseUnavailable, sa.exc.OperationalError, sa.exc.InterfaceError):
        response = _error(ApiError(503, "the data are unavailable at the moment: please try again in a few minutes"))
        response.headers["Retry-After"] = "60"
        return response
    following = _link(q, release_id, q.offset + q.limit) if q.offset + len(rows) < total else None
    columns = dataset.column_names
    if q.fmt == "csv":
        response = Response(_csv(columns, rows), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="vru-{dataset.name}-release-{release_id}.csv"'
    else:
        response = _json({"dataset": dataset.name, "release_id": release_id, "licence": LICENCE, "source": SOURCE, "total": total,
                          "limit": q.limit, "offset": q.offset, "next": following, "rows": [{c: r[c] for c in columns} for r in rows]})
    response.headers["X-Release-Id"] = str(release_id)
    response.headers["X-Total-Count"] = str(total)
    links = [f'<{LICENCE_URL}>; rel="license"', f'<{request.script_root}{PREFIX}/openapi.json>; rel="describedby"']
    if following:
        links.append(f'<{following}>; rel="next"')
    response.headers["Link"] = ", ".join(links)
    return _cacheable(response, etag)


def _method_not_allowed(err: HTTPException):
    """Other methods on an API path: 405 with a JSON body (elsewhere, Flask's own page)."""
    if not request.path.startswith(PREFIX + "/") and request.path != PREFIX:
        return err
    response = _cors(_json({"error": f"{request.method} is not allowed: the API is read-only", "allowed": list(ALLOWED_METHODS)}, 405))
    response.headers["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def _unknown(rest: str):
    if request.method == "OPTIONS":
        return _preflight()
    return _error(ApiError(404, f"no such dataset or page: {PREFIX}/{rest}", allowed=[f"{PREFIX}/{name}" for name in DATASETS]))


# ------------------------------------------------------------------ the index, the document, the docs page
def index_body() -> dict:
    return {
        "title": "London VRU open data API",
        "description": "The published tables of the London Violence Reduction Unit's performance dashboard, as they are, "
                       "for the live release or an earlier one. Read-only; no key needed.",
        "licence": LICENCE, "licence_url": LICENCE_URL, "source": SOURCE,
        "openapi": f"{PREFIX}/openapi.json", "docs": f"{PREFIX}/docs",
        "datasets": [{"name": d.name, "title": d.title, "description": d.description, "table": d.table_name,
                      "url": f"{PREFIX}/{d.name}", "csv": f"{PREFIX}/{d.name}.csv", "columns": d.column_names}
                     for d in DATASETS.values()],
    }


def example_url(dataset: Dataset, *, csv_path: bool = False) -> str:
    params = {k: ("true" if v is True else "false" if v is False else v) for k, v in dataset.example.items()}
    return f"{PREFIX}/{dataset.name}" + (".csv" if csv_path else "") + (f"?{urlencode(params)}" if params else "")


def register(server: Flask) -> None:
    """Add the API's routes to the dashboard's server; a second call does nothing."""
    if server.extensions.get("vru_api"):
        return
    server.extensions["vru_api"] = True
    index = json.dumps(index_body(), ensure_ascii=False, indent=1)
    spec = json.dumps(openapi.document(), ensure_ascii=False, indent=1)
    docs = openapi.docs_page()
    methods = list(ALLOWED_METHODS)

    def route(rule: str, endpoint: str, view) -> None:
        server.add_url_rule(rule, f"vru_api.{endpoint}", view, methods=methods, provide_automatic_options=False)

    route(f"{PREFIX}/", "index", lambda: _static(index, "application/json"))
    route(f"{PREFIX}/openapi.json", "openapi", lambda: _static(spec, "application/json"))
    route(f"{PREFIX}/docs", "docs", lambda: _static(docs, "text/html"))
    for dataset in DATASETS.values():
        route(f"{PREFIX}/{dataset.name}", dataset.name, lambda d=dataset: _serve(d, csv_path=False))
        route(f"{PREFIX}/{dataset.name}.csv", f"{dataset.name}.csv", lambda d=dataset: _serve(d, csv_path=True))
    # Without this, Dash's catch-all page route would answer unknown API paths with the app's HTML.
    route(f"{PREFIX}/<path:rest>", "unknown", _unknown)
    server.register_error_handler(405, _method_not_allowed)
