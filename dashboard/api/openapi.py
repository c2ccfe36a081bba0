"""The open-data API described: an OpenAPI 3.1 document and a plain HTML docs page.

Both are built from dashboard/api/datasets.py (the same column lists, types,
vocabularies and patterns the queries and the parameter checks use), so neither can
drift from what the API does. The docs page is server-rendered HTML with no script and
no request to another host (the site's Content-Security-Policy allows its own origin only).
"""

from __future__ import annotations

from dashboard.api.datasets import DATASETS, MAX_INT, MAX_NUMBER, MAX_TEXT, PREFIX, example_url
from dashboard.api.params import DEFAULT_LIMIT, MAX_LIMIT
from dashboard.data.vocabulary import LICENCE, LICENCE_URL, SOURCE
from dashboard.ui import documents, site

_JSON_TYPES = {"text": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
CONTROL_FREE = "^[^\\x00-\\x1f\\x7f]*$"


def _component(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def column_schema(column) -> dict:
    """A row's value: its type, null where the column allows it, and its vocabulary or pattern."""
    kind = _JSON_TYPES[column.type]
    out: dict = {"type": [kind, "null"] if column.nullable else kind}
    if column.enum is not None:
        out["enum"] = [*column.enum, None] if column.nullable else list(column.enum)
    if column.pattern:
        out["pattern"] = column.pattern
    if column.description:
        out["description"] = column.description
    return out


def filter_schema(column) -> dict:
    """What a filter on the column accepts: exactly what params.py checks."""
    if column.type == "integer":
        return {"type": "integer", "minimum": -MAX_INT - 1, "maximum": MAX_INT}
    if column.type == "number":
        return {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
    if column.type == "boolean":
        return {"type": "boolean"}
    if column.enum is not None:
        return {"type": "string", "enum": list(column.enum)}
    if column.pattern:
        return {"type": "string", "pattern": column.pattern}
    return {"type": "string", "maxLength": MAX_TEXT, "pattern": CONTROL_FREE}


def _headers(*, page: bool) -> dict:
    out = {
        "ETag": {
            "description": "A weak validator per release, dataset and query: send it back in If-None-Match.",
            "required": True,
            "schema": {"type": "string"},
        },
        "Cache-Control": {"description": "public, max-age=300", "required": True, "schema": {"type": "string"}},
        "Access-Control-Allow-Origin": {
            "description": "Any site may read the API.",
            "required": True,
            "schema": {"type": "string", "const": "*"},
        },
    }
    if page:
        out.update(
            {
                "X-Release-Id": {
                    "description": "The release the rows belong to.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                },
                "X-Total-Count": {
                    "description": "Rows matching the filters, on every page.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                },
                "Link": {
                    "description": "The licence (rel=license), this document (rel=describedby) and the next page "
                    "(rel=next) if any.",
                    "required": True,
                    "schema": {"type": "string"},
                },
            }
        )
    return out


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document() -> dict:
    schemas: dict = {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {"type": "string", "description": "What was wrong, in plain English."},
                "parameter": {"type": "string", "description": "The query parameter at fault."},
                "allowed": {
                    "description": "What the parameter (or the path) accepts: a list of values or a description.",
                    "type": ["array", "string"],
                },
            },
        },
        "Index": {
            "type": "object",
            "required": ["title", "licence", "licence_url", "source", "openapi", "docs", "datasets"],
            "properties": {
                "title": {"type": "string"},
                "description": {"type": "string"},
                "licence": {"const": LICENCE},
                "licence_url": {"const": LICENCE_URL},
                "source": {"const": SOURCE},
                "openapi": {"type": "string"},
                "docs": {"type": "string"},
                "datasets": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "title", "description", "table", "url", "csv", "columns"],
                        "properties": {
                            "name": {"enum": list(DATASETS)},
                            "title": {"type": "string"},
                            "description": {"type": "string"},
                            "table": {"type": "string"},
                            "url": {"type": "string"},
                            "csv": {"type": "string"},
                            "columns": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
    }
    parameters = {
        "release": {
            "name": "release",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
            "description": "A release_id (see the releases dataset). Default: the live release. 404 if there is no "
            "such release.",
        },
        "limit": {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            "description": f"Rows per page, at most {MAX_LIMIT}.",
        },
        "offset": {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_INT, "default": 0},
            "description": "Rows to skip: follow `next` rather than counting.",
        },
        "format": {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
            "description": "json (default) or csv, the same as the .csv address.",
        },
    }
    not_modified = {
        "description": "Not modified: the If-None-Match validator is current.",
        "headers": _headers(page=False),
    }
    paths: dict = {
        f"{PREFIX}/": {
            "get": {
                "operationId": "index",
                "summary": "The datasets, with links",
                "tags": ["about"],
                "responses": {
                    "200": {
                        "description": "The datasets",
                        "headers": _headers(page=False),
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Index"}}},
                    },
                    "304": not_modified,
                    "404": _error("Not served here (internal mode)"),
                },
            }
        },
        f"{PREFIX}/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["about"],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "headers": _headers(page=False),
                        "content": {
                            "application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}
                        },
                    },
                    "304": not_modified,
                    "404": _error("Not served here (internal mode)"),
                },
            }
        },
        f"{PREFIX}/docs": {
            "get": {
                "operationId": "docs",
                "summary": "This document as a web page",
                "tags": ["about"],
                "responses": {
                    "200": {
                        "description": "HTML",
                        "headers": _headers(page=False),
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                    "304": not_modified,
                    "404": _error("Not served here (internal mode)"),
                },
            }
        },
    }
    for d in DATASETS.values():
        row, page = f"{_component(d.name)}Row", f"{_component(d.name)}Page"
        schemas[row] = {
            "type": "object",
            "additionalProperties": False,
            "required": d.column_names,
            "properties": {c.name: column_schema(c) for c in d.columns},
        }
        schemas[page] = {
            "type": "object",
            "additionalProperties": False,
            "required": ["dataset", "release_id", "licence", "source", "total", "limit", "offset", "next", "rows"],
            "properties": {
                "dataset": {"const": d.name},
                "release_id": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The release the rows belong to (the live one unless ?release= was given).",
                },
                "licence": {"const": LICENCE},
                "source": {"const": SOURCE},
                "total": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Rows matching the filters (not a sum of values).",
                },
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                "offset": {"type": "integer", "minimum": 0},
                "next": {
                    "type": ["string", "null"],
                    "description": "The next page's address on this site, or null on the last page.",
                },
                "rows": {"type": "array", "maxItems": MAX_LIMIT, "items": {"$ref": f"#/components/schemas/{row}"}},
            },
        }
        filters = [
            {
                "name": c.name,
                "in": "query",
                "required": False,
                "schema": filter_schema(c),
                "description": (c.description + " " if c.description else "") + "Exact match.",
            }
            for c in d.columns
            if c.filterable
        ]
        errors = {
            "400": _error(
                "An unknown parameter or a value the column cannot hold: the error names the parameter and what it "
                "allows"
            ),
            "404": _error("No such release"),
            "503": _error("The data are unavailable for a moment"),
        }
        key = ", ".join(d.key)
        description = f"{d.description}\n\nRows of the `{d.table_name}` table as published, ordered by its key ({key})."
        for csv_path in (False, True):
            content = {
                "text/csv": {
                    "schema": {
                        "type": "string",
                        "description": "A header row, then one line per row; null values are empty.",
                    }
                }
            }
            if not csv_path:
                content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{page}"}}, **content}
            common = [
                {"$ref": f"#/components/parameters/{p}"}
                for p in ("release", "limit", "offset", *([] if csv_path else ["format"]))
            ]
            paths[f"{PREFIX}/{d.name}" + (".csv" if csv_path else "")] = {
                "get": {
                    "operationId": f"{d.name.replace('-', '_')}{'_csv' if csv_path else ''}",
                    "summary": f"{d.title}{' (CSV)' if csv_path else ''}",
                    "description": description,
                    "tags": ["datasets"],
                    "parameters": common + filters,
                    "responses": {
                        "200": {"description": "A page of rows", "headers": _headers(page=True), "content": content},
                        "304": not_modified,
                        **errors,
                    },
                }
            }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "London VRU open data API",
            "version": "1.0.0",
            "summary": "The published tables of the London Violence Reduction Unit's performance dashboard.",
            "description": (
                f"Read-only; no key needed. Data: {SOURCE}, under the {LICENCE}. Rows are returned exactly as "
                "published: suppressed counts are null with status 'c' (never 0), and rows are never summed or "
                "re-aggregated. "
                "Every response can be cached for 5 minutes (ETag, If-None-Match) and read from any site (CORS)."
            ),
            "license": {"name": LICENCE, "url": LICENCE_URL},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "tags": [
            {"name": "datasets", "description": "The published tables"},
            {"name": "about", "description": "This API"},
        ],
        "paths": paths,
        "components": {"schemas": schemas, "parameters": parameters},
    }


def docs_page() -> str:
    return documents.render(
        "api_docs.html",
        page_title=site.title("Open data API"),
        datasets=list(DATASETS.values()),
        prefix=PREFIX,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        source=SOURCE,
        default_limit=DEFAULT_LIMIT,
        max_limit=MAX_LIMIT,
        example_url=example_url,
    )
