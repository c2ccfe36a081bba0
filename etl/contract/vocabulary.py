"""The ETL's vocabulary: the values the data contract allows in each coded column.

The validation schemas (etl/contract/extracts.py) check every extract against these, the generator
draws from them, and the published tables carry them. The dashboard states the same values
for what it reads (dashboard/data/vocabulary.py; it cannot import etl): tests/unit/dashboard/data/test_vocabulary.py
and the API and Open Referral tests keep the two equal.
"""

from __future__ import annotations

PRIORITY_AREAS = (
    "Early intervention",
    "Education and opportunity",
    "Exploitation",
    "Families and communities",
    "Justice and health",
)
GENDERS = ("Female", "Male", "Other or not stated")
# ONS Census 2021 high-level ethnic groups, short labels, plus "Not stated".
ETHNICITIES = ("Asian", "Black", "Mixed", "White", "Other", "Not stated")
PARTICIPANT_STATUSES = ("referred", "active", "completed", "withdrawn", "declined")
PROVIDER_TYPES = (
    "Charity",
    "Community organisation",
    "Local authority",
    "NHS trust",
    "Police",
    "Social enterprise",
)
SPEND_CATEGORIES = ("Delivery", "Staff", "Training", "Evaluation", "Management")
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
RAG_RATINGS = ("green", "amber", "red")
# How a commissioned service is paid for: a grant is published as 360Giving data, a contract is not a grant.
AWARD_TYPES = ("grant", "contract")
EVIDENCE_RATINGS = ("Strong", "Moderate", "Emerging")
# The indicators of need the London Crime Prevention Fund is set against: code -> what one unit is, whose definition
# it is and where the figures come from. The contract takes any code listed here, so a new indicator is one entry.
# The Metropolitan Police's figures count offences and victims where the offence happened, not people in VRU data.
MPS_SOURCE = (
    "Metropolitan Police Service, MPS Monthly Crime Dashboard Data (London Datastore); Open Government Licence v3.0"
)
NEED_INDICATOR_DEFINITIONS = {
    "knife_crime_with_injury": "offences recorded by the Metropolitan Police Service (MPS) as knife crime with injury "
    "in the financial year, in the borough where the offence happened (the MPS's definition). Source: " + MPS_SOURCE,
    "knife_injury_victims_1_24_non_domestic": "victims aged 1 to 24 of knife crime with injury, excluding domestic "
    "abuse, in the financial year, in the borough where the offence happened (the MPS's definition). Source: "
    + MPS_SOURCE,
}
NEED_INDICATOR_NAMES = tuple(NEED_INDICATOR_DEFINITIONS)
LONDON_WIDE = "London-wide"
# How a young person or family gets to a service: the routes a directory can filter on.
REFERRAL_ROUTES = ("self-referral", "family", "professional", "police", "school")
# Where a service runs when it has no site of its own, or "at a site" for a named place with a postcode.
AT_A_SITE = "at a site"
DELIVERY_MODES = (
    AT_A_SITE,
    "outreach across the boroughs covered",
    "online",
    "in custody suites",
    "in hospitals",
    "in schools",
)
# What the commissioning team records; the published status is derived from the contract dates
# (etl/publish/register.py).
LISTED_STATUSES = ("active", "closed")
# A yes/no column is written true or false; the validator turns it into a boolean.
FLAG_VALUES = ("true", "false")
