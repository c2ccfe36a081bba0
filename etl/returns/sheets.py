"""The templates' layout: which sheets a return has, which contract columns each sheet holds, and who fills each.

One sheet per extract a provider owns under the data contract (docs/returns.md says why these):

- "KPI returns" (kpi_measurements): the KPIs expected of the provider this quarter, one row each;
- "Referrals" (participants): the referrals it received in the quarter, and earlier ones whose record changed;
- "Services" (services): its services' register details it keeps current (who can use them, how to get in);
- "Sites" (service_sites): where and how its services are delivered;
- "Reviews" (service_reviews): the six-monthly review of each service, in the returns of the quarters that end a
  half (Q2 and Q4).

A column's role says who fills it: the VRU pre-fills `key` and `fixed` columns and locks them; the provider fills
`entry` columns (some pre-filled to confirm or correct); `info` columns are shown to help and never read back; every
sheet ends with a `notes` column, where a provider explains a warning. The template, the reader and the import all
read this module, so the three cannot disagree on where a column is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATE_ID = "vru-provider-return"
# Raised whenever a sheet or column moves: a return made from another version is refused, with a new template to use.
TEMPLATE_VERSION = 1

TITLE_ROW = 1  # what the sheet is, for whom and for which quarter
GUIDANCE_ROW = 2  # how to fill it in
HEADER_ROW = 3  # the column names, exactly as the data contract spells them
FIRST_DATA_ROW = 4

ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"  # hidden: the dropdowns' values, each list behind a named range
IDENTITY_SHEET = "Identity"  # hidden: template id, version, provider and period
IDENTITY_FIELDS = ("template", "version", "provider_id", "period")

KEY = "key"  # pre-filled by the VRU, locked, read back: says which record the row is
FIXED = "fixed"  # pre-filled by the VRU, locked, read back as it is (a review's target)
ENTRY = "entry"  # filled in by the provider
INFO = "info"  # pre-filled by the VRU to help, locked, never read back
NOTES = "notes"  # the provider's explanation of a warning on the row; never read into the extracts

NOTES_COLUMN = "notes"
NOTES_DESCRIPTION = (
    "Your explanation of anything unusual on this row. A warning on a row is accepted when it is explained here; "
    "errors must be corrected."
)


@dataclass(frozen=True)
class Column:
    name: str
    role: str
    description: str | None = None  # for info columns; contract columns are described by the contract
    dropdown: str | None = None  # the name of a list on the Lists sheet, when the value comes from a list
    optional_in_sheet: bool = False  # may be left empty in the sheet although the contract needs it (filled on import)


@dataclass(frozen=True)
class Sheet:
    name: str
    extract: str
    purpose: str
    columns: tuple[Column, ...]
    # Contract columns not on the sheet that the import fills in, and from what.
    filled_on_import: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def read_back(self) -> list[Column]:
        """The columns read into the extract, in sheet order."""
        return [c for c in self.columns if c.role in (KEY, FIXED, ENTRY)]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def letter(self, name: str) -> str:
        return column_letter(self.headers.index(name) + 1)


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(*, column: int, row: int) -> str:
    """A1 notation of a 1-based column and row."""
    return f"{column_letter(column)}{row}"


def _notes() -> Column:
    return Column(NOTES_COLUMN, NOTES, NOTES_DESCRIPTION)


KPI_RETURNS = Sheet(
    "KPI returns",
    "kpi_measurements",
    "One row per KPI the VRU expects from you for the quarter: give its value, and for a percent its numerator and "
    "denominator. Leave a row empty only when you cannot report it, and say why in notes.",
    (
        Column("kpi_id", KEY),
        Column("quarter", KEY),
        Column("kpi_name", INFO, "What the KPI measures."),
        Column("unit", INFO, "The KPI's unit: percent (give numerator and denominator), count or score."),
        Column("target", INFO, "The KPI's target for the quarter."),
        Column("value", ENTRY),
        Column("numerator", ENTRY),
        Column("denominator", ENTRY),
        Column("submitted_date", ENTRY, optional_in_sheet=True),
        _notes(),
    ),
    filled_on_import={"provider_id": "the provider of the template", "submitted_date": "the date the return arrived"},
)

REFERRALS = Sheet(
    "Referrals",
    "participants",
    "One row per referral you received in the quarter, and one per earlier referral whose status, dates or outcome "
    "changed in it. Person-level: send the workbook only by the secure route the VRU gave you.",
    (
        Column("referral_id", ENTRY),
        Column("participant_ref", ENTRY),
        Column("programme_id", ENTRY, dropdown="programmes"),
        Column("borough_code", ENTRY, dropdown="borough_code"),
        Column("date_of_birth", ENTRY),
        Column("gender", ENTRY, dropdown="gender"),
        Column("ethnicity", ENTRY, dropdown="ethnicity"),
        Column("referral_date", ENTRY),
        Column("start_date", ENTRY),
        Column("end_date", ENTRY),
        Column("status", ENTRY, dropdown="status"),
        Column("outcome_positive", ENTRY, dropdown="outcome_positive"),
        _notes(),
    ),
    filled_on_import={"provider_id": "the provider of the template"},
)

# The register's columns a provider keeps current; the rest of a register record is the commissioning team's.
SERVICE_DETAILS = (
    "name",
    "description",
    "boroughs_covered",
    "min_age",
    "max_age",
    "eligibility",
    "referral_routes",
    "contact_phone",
    "contact_email",
    "contact_url",
)

SERVICES = Sheet(
    "Services",
    "services",
    "Your services in the register, as the VRU holds them: confirm or correct who can use each, how to get in and "
    "how to get in touch. The commissioning team keeps the contract details.",
    (Column("service_id", KEY), *(Column(name, ENTRY) for name in SERVICE_DETAILS), _notes()),
)

SITES = Sheet(
    "Sites",
    "service_sites",
    "Every place or way in which your services are delivered. Correct a row, add a row for a new site, or clear every "
    "cell of a row but its keys to remove that site.",
    (
        Column("service_id", ENTRY, dropdown="services"),
        Column("site_id", ENTRY),
        Column("delivery_mode", ENTRY, dropdown="delivery_mode"),
        Column("site_name", ENTRY),
        Column("address", ENTRY),
        Column("postcode", ENTRY),
        _notes(),
    ),
)

REVIEWS = Sheet(
    "Reviews",
    "service_reviews",
    "The six-monthly review of each service for the half that ends with this quarter, completed with your contract "
    "manager at the review meeting: the measure's value, the date of the meeting, the rating agreed and its rule.",
    (
        Column("service_id", KEY),
        Column("period", KEY),
        Column("performance_target", FIXED),
        Column("performance_value", ENTRY),
        Column("review_date", ENTRY),
        Column("rag_rating", ENTRY, dropdown="rag_rating"),
        Column("rag_rule", ENTRY),
        Column("reviewer_note", ENTRY),
        _notes(),
    ),
)

SHEETS: tuple[Sheet, ...] = (KPI_RETURNS, REFERRALS, SERVICES, SITES, REVIEWS)
BY_NAME = {s.name: s for s in SHEETS}
