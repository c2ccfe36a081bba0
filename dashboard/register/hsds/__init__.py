"""The services register as Human Services Data Specification (HSDS 3.0, Open Referral UK profile) objects: stable
ids (`ids.py`), the register's vocabularies as taxonomies (`taxonomies.py`), one service's records (`records.py`) and
a release's whole feed with its list filters and pages (`feed.py`). dashboard/register/openreferral.py serves them."""
