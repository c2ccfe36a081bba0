"""The words and codes the published tables use, stated once for the whole dashboard.

The ETL states the same vocabulary for the data it writes (etl/contract/extracts.py); the dashboard
never imports etl, so tests/unit/dashboard/data/test_vocabulary.py checks that the two copies agree."""

from __future__ import annotations

ALL = "all"  # the total over a dimension: all programmes, all London, every age band
SUPPRESSED = "c"  # a cell's status when its value is withheld ([c]) to protect individuals

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
