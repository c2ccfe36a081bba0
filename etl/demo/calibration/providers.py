"""The demo providers (invented names, so that no real organisation is shown with made-up performance ratings) and
the services commissioned outside any VRU programme."""

from __future__ import annotations

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

# Other services commissioned by MOPAC that belong to no VRU programme (the register covers both).
OTHER_SERVICES = (
    ("Victim support for young people", "PRV016", "Victim support", "MOPAC"),
    ("Child and adolescent mental health in-reach", "PRV015", "Victim support", "MOPAC"),
    ("Youth offending service enhanced support", "PRV014", "Custody and hospital intervention", "MOPAC"),
)
