"""The published datasets of the open-data API: their tables, columns and keys.

Pure data, no Flask and no database: the parameter checks (params.py), the statements
(rows.py), the routes (routes.py) and the OpenAPI document (openapi.py) are all built from
this, so none can drift from another. Column names, order, types, nullability and keys
come from sql/schema.sql (schema.py); what the schema cannot say (the allowed values, the patterns
and the words) from vocabularies.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
from urllib.parse import urlencode

from dashboard.api.schema import tables as schema_tables
from dashboard.api.vocabularies import COLUMN_DESCRIPTIONS, COLUMN_ENUMS, COLUMN_PATTERNS, PATTERN_HINTS
from dashboard.data.vocabulary import ALL, MPS_SOURCE

PREFIX = "/api/v1"
MAX_INT = 2**31 - 1  # INTEGER in PostgreSQL: larger numbers could never match
MAX_NUMBER = 1e15  # far above any published amount; keeps filters finite
MAX_TEXT = 200


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


def _columns(table_name: str) -> tuple[Column, ...]:
    return tuple(
        Column(
            c.name,
            c.kind,
            nullable=c.nullable,
            enum=COLUMN_ENUMS.get((table_name, c.name)),
            pattern=COLUMN_PATTERNS.get((table_name, c.name)),
            description=COLUMN_DESCRIPTIONS.get(c.name, ""),
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
