"""Helpers shared by the test modules: plain functions, classes and constants. Fixtures are in conftest.py files
(tests/conftest.py for every tier, and one beside the tests that share them).

- browser.py       Chromium through Playwright: a page that logs its errors, waiting for Dash, axe-core's checks
- db.py            reading the databases the tests make
- earlier_schema.py  tables as an earlier version of the ETL made them, for the load's reshaping
- extracts.py      the small extracts: edited, and runs of `vru-etl run` that must refuse them
- frames.py        small typed frames of the extracts, for unit tests of rules and tables
- nginx.py         Debian's nginx with the project's proxy configuration (deploy/nginx/), in front of a gunicorn
- frozen_clock.py  the dashboard on a fixed date and time (gunicorn's app for the visual snapshots)
- outage.py        the public dashboard under gunicorn on a PostgreSQL database that may be down
- postgres.py      a throwaway PostgreSQL server
- servers.py       gunicorn, Redis, the `vru-dashboard` command, plain HTTP to a server
- signin.py        the tests' one user of internal mode, and signing in as a person does
- snapshots.py     screenshots compared with reference pictures, with a tolerance for anti-aliasing
- spreadsheets.py  files checked for formulas a spreadsheet would run
- standards.py     the open standards' own schemas, as validators
- web.py           requests to an app in this process (Flask's test client)
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout
