"""The query string of an open-data API request, read and checked: unknown parameters and
values a column cannot hold are an ApiError (a 400 naming the parameter and what it allows),
never ignored. No Flask: `args` is any mapping with getlist (werkzeug's MultiDict)."""

from __future__ import annotations

import dataclasses
import re

from dashboard.api.datasets import MAX_INT, MAX_NUMBER, MAX_TEXT, Column, Dataset

DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, parameter: str | None = None, allowed=None):
        super().__init__(message)
        self.status, self.message, self.parameter, self.allowed = status, message, parameter, allowed

    def body(self) -> dict:
        out = {"error": self.message}
        if self.parameter is not None:
            out["parameter"] = self.parameter
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


_INT = re.compile(r"-?[0-9]{1,20}")
_NUMBER = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _integer(name: str, raw: str, *, low: int, high: int, allowed: str | None = None) -> int:
    if not _INT.fullmatch(raw) or not low <= int(raw) <= high:
        raise ApiError(
            400,
            f"{name} must be a whole number from {low} to {high}",
            parameter=name,
            allowed=allowed or f"{low} to {high}",
        )
    return int(raw)


def _value(column: Column, raw: str):
    """A filter value, typed for the column; ApiError(400) naming the column if it cannot match."""
    problem = ApiError(
        400, f"{raw[:50]!r} is not an allowed value of {column.name}", parameter=column.name, allowed=column.allowed()
    )
    if column.type == "integer":
        return _integer(column.name, raw, low=-MAX_INT - 1, high=MAX_INT, allowed=column.allowed())
    if column.type == "number":
        if not _NUMBER.fullmatch(raw) or not -MAX_NUMBER <= float(raw) <= MAX_NUMBER:
            raise problem
        return float(raw)
    if column.type == "boolean":
        if raw not in ("true", "false"):
            raise problem
        return raw == "true"
    if column.enum is not None:
        if raw not in column.enum:
            raise problem
    elif column.pattern is not None:
        if not re.fullmatch(column.pattern, raw):
            raise problem
    elif len(raw) > MAX_TEXT or _CONTROL.search(raw):
        raise problem
    return raw


@dataclasses.dataclass(frozen=True)
class Query:
    dataset: Dataset
    fmt: str  # json | csv
    csv_path: bool  # asked as /<dataset>.csv
    release: int | None  # None: the live release
    filters: dict  # column -> typed value, in column order
    limit: int
    offset: int


def parse(dataset: Dataset, args, *, csv_path: bool) -> Query:
    """Read and check the query string: unknown parameters and bad values are 400s, never ignored."""
    reserved = ["release", "limit", "offset"] + ([] if csv_path else ["format"])
    filterable = [c.name for c in dataset.columns if c.filterable]
    for name in args:
        if name not in reserved and name not in filterable:
            raise ApiError(400, f"unknown parameter {name[:50]!r}", parameter=name[:50], allowed=reserved + filterable)
        if len(args.getlist(name)) > 1:
            raise ApiError(400, f"give {name} once (filters match one value exactly)", parameter=name)
    fmt = "csv" if csv_path else args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ApiError(
            400, f"format must be json or csv, not {fmt[:50]!r}", parameter="format", allowed=["json", "csv"]
        )
    release = _integer("release", args["release"], low=1, high=MAX_INT) if "release" in args else None
    limit = _integer("limit", args["limit"], low=1, high=MAX_LIMIT) if "limit" in args else DEFAULT_LIMIT
    offset = _integer("offset", args["offset"], low=0, high=MAX_INT) if "offset" in args else 0
    # In column order, whatever the order asked: equivalent queries get the same body (and next link) for their ETag.
    filters = {c.name: _value(c, args[c.name]) for c in dataset.columns if c.filterable and c.name in args}
    return Query(dataset, fmt, csv_path, release, filters, limit, offset)
