"""The query string of an open-data API request, read and checked (dashboard/api/params.py), with no app: typed
filters, and 400s that name the parameter."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from dashboard.api import datasets, params
from dashboard.api.params import ApiError, parse

COUNTS = datasets.DATASETS["counts"]


def test_filters_are_typed_and_in_column_order_whatever_the_order_asked():
    q = parse(
        COUNTS, MultiDict([("status", "c"), ("value", "5"), ("measure", "referrals"), ("limit", "10")]), csv_path=False
    )

    assert list(q.filters.items()) == [("measure", "referrals"), ("value", 5), ("status", "c")]
    assert (q.fmt, q.release, q.limit, q.offset) == ("json", None, 10, 0)


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ([("colour", "red")], "colour", "unknown parameter 'colour'"),
        ([("release_id", "1")], "release_id", "unknown parameter"),  # use release
        ([("measure", "participants"), ("measure", "referrals")], "measure", "give measure once"),
        ([("format", "xml")], "format", "format must be json or csv"),
        ([("limit", "0")], "limit", "from 1 to 10000"),
        ([("limit", str(params.MAX_LIMIT + 1))], "limit", "from 1 to 10000"),
        ([("offset", "-1")], "offset", "from 0 to"),
        ([("release", "1.5")], "release", "whole number"),
        ([("value", str(datasets.MAX_INT + 1))], "value", "whole number"),
        ([("measure", "people")], "measure", "not an allowed value of measure"),
        ([("borough", "E0900000")], "borough", "not an allowed value of borough"),
        ([("period", "2023-24 Q5")], "period", "not an allowed value of period"),
    ],
)
def test_bad_query_strings_are_400s_naming_the_parameter(query, parameter, message):
    with pytest.raises(ApiError) as caught:
        parse(COUNTS, MultiDict(query), csv_path=False)

    assert caught.value.status == 400 and caught.value.parameter == parameter
    assert message in caught.value.message
    assert caught.value.body()["parameter"] == parameter
    assert ("allowed" in caught.value.body()) == (
        "once" not in message
    )  # what it allows, unless the fault is repeating it


def test_text_and_number_filters_refuse_what_no_row_can_hold():
    services, spend = datasets.DATASETS["services"], datasets.DATASETS["spend"]
    for raw in ("a\x00b", "x" * (datasets.MAX_TEXT + 1)):
        with pytest.raises(ApiError, match="not an allowed value of name"):
            parse(services, MultiDict({"name": raw}), csv_path=False)
    for raw in ("1e16", "nan", "inf", "1,000"):
        with pytest.raises(ApiError, match="spend_gbp"):
            parse(spend, MultiDict({"spend_gbp": raw}), csv_path=False)
    assert parse(spend, MultiDict({"spend_gbp": "-2.5e3"}), csv_path=False).filters == {"spend_gbp": -2500.0}


def test_the_csv_address_takes_no_format_parameter():
    with pytest.raises(ApiError, match="unknown parameter 'format'"):
        parse(COUNTS, MultiDict({"format": "csv"}), csv_path=True)
    assert parse(COUNTS, MultiDict(), csv_path=True).fmt == "csv"
    assert parse(COUNTS, MultiDict({"format": "csv"}), csv_path=False).fmt == "csv"
