"""The words and codes the published tables use, stated once for the whole dashboard.

The ETL states the same vocabulary for the data it writes (etl/contract/extracts.py); the dashboard
never imports etl, so tests/unit/dashboard/data/test_vocabulary.py checks that the two copies agree."""

from __future__ import annotations

from dataclasses import dataclass

ALL = "all"  # the total over a dimension: all programmes, all London, every age band
SUPPRESSED = "c"  # a cell's status when its value is withheld ([c]) to protect individuals
NOT_AVAILABLE = "x"  # a figure's status when there is none to publish ([x]): never shown as 0

AGE_BANDS = ("Under 10", "10 to 13", "14 to 17", "18 to 24", "25 and over")  # in age order
GENDERS = ("Female", "Male", "Other or not stated")
ETHNICITIES = ("Asian", "Black", "Mixed", "White", "Other", "Not stated")

# Red-amber-green ratings: never colour alone, always a word and an icon too (WCAG 1.4.1).
RAG_RATINGS = ("green", "amber", "red")
RAG_WORDS = {"green": "On track", "amber": "At risk", "red": "Off track"}
RAG_ICONS = {"green": "✔", "amber": "▲", "red": "✖"}

SOURCE = "London Violence Reduction Unit"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# What internal-mode pages, files and images carry instead of the licence: their figures are not published.
INTERNAL_MARKING = "OFFICIAL-SENSITIVE: internal figures, not for publication"


@dataclass(frozen=True)
class NeedIndicator:
    """An indicator of need that LCPF allocations are set against, in the words the page, files and API use."""

    label: str  # what is counted, as a heading: "Knife crime with injury offences"
    unit: str  # one of them, after "per": "offence"
    units: str  # "offences"
    source: str = ""  # who publishes the figures, under which licence ("" where the dashboard does not know)


MPS_SOURCE = "real, published by the Metropolitan Police Service (Open Government Licence v3.0)"
# The ETL's need indicators (etl/contract/vocabulary.py), in the order a reader chooses from; the first is the default.
NEED_INDICATORS = {
    "knife_crime_with_injury": NeedIndicator(
        label="Knife crime with injury offences", unit="offence", units="offences", source=MPS_SOURCE
    ),
    "knife_injury_victims_1_24_non_domestic": NeedIndicator(
        label="Knife injury victims aged 1 to 24, not domestic abuse",
        unit="young victim",
        units="young victims",
        source=MPS_SOURCE,
    ),
}


def need_indicator(code: str) -> NeedIndicator:
    """The words for a need indicator; an indicator this dashboard does not know (one an earlier release published)
    is named by its code."""
    return NEED_INDICATORS.get(code) or NeedIndicator(
        label=code.replace("_", " ").capitalize(), unit="unit", units="units"
    )
