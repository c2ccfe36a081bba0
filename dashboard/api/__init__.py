"""Read-only open-data API: the published tables of a release, as they are, in JSON or CSV.

`register(server)` adds the routes under /api/v1/ to the dashboard's Flask server:

- /api/v1/                 the datasets, with links (JSON)
- /api/v1/<dataset>        rows of the live release, or of ?release=N; filters on the table's
  /api/v1/<dataset>.csv    own columns (exact match), limit/offset pagination, JSON or CSV
- /api/v1/openapi.json     the OpenAPI 3.1 document, built from datasets.py
- /api/v1/docs             the same, as a plain server-rendered HTML page

Rows are returned exactly as published: nothing here sums, differences or re-aggregates a
cell (`total` counts rows, not people). Suppressed counts stay null with status 'c'.
Queries are SQLAlchemy Core `select()` with bound parameters over the read-only engine.

Layers, each importing only those above it: schema (sql/schema.sql read) -> datasets (what is
published; no Flask) -> params (the query string) -> rows (SQL, ETag, CSV) and openapi (the
document and the docs page) -> http (CORS, JSON, caching, 503s) -> routes (Flask).

The API serves the public database only: in internal mode (true, unsuppressed figures)
every /api/ path answers 404, so internal figures can never leave with an open licence,
`Access-Control-Allow-Origin: *` and a shared-cache `Cache-Control`.
"""

from __future__ import annotations

from dashboard.api.routes import register

__all__ = ["register"]
