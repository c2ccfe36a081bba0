"""The synthetic generator (etl/demo/generate.py) at full size: reproducible, and the faults it guarantees are in the
release the ETL makes of it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.contract.extracts import EXTRACTS
from etl.demo.generate import generate
from tests.support.extracts import AS_OF_DATE as AS_OF


# ------------------------------------------------------------------ the demo always has something to show
def test_the_generator_guarantees_an_off_track_kpi_a_late_and_a_missing_return_and_spend_off_profile(small_release):
    """Given the demo release, when the attention rules run on its internal tables, then each kind of item exists."""
    from dashboard.data import queries
    from dashboard.data.db import read_only_engine
    from dashboard.internal import attention

    engine = read_only_engine(f"sqlite:///{small_release / 'internal.db'}")
    grouped, year, quarter = attention.sections(engine, 1, today=dt.date(2026, 11, 22))  # outside an app: no cache
    kinds = {i.kind for _, items in grouped for i in items}
    assert {
        "kpi_off_track",
        "kpi_falling",
        "spend_off_profile",
        "return_late",
        "return_missing",
        "hidden_cell",
    } <= kinds
    assert year == "2025-26" and quarter == "2025-26 Q4"
    assert not queries.programmes(engine, 1).empty


@pytest.mark.integration
def test_same_seed_same_files(tmp_path):
    """Given one seed, when generated twice, then the files are byte-identical."""
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, participants=300, seed=3, as_of=AS_OF)
    generate(b, participants=300, seed=3, as_of=AS_OF)
    for e in EXTRACTS:
        assert (a / e.filename).read_bytes() == (b / e.filename).read_bytes(), e.filename


@pytest.mark.integration
def test_a_larger_register_adds_valid_local_services_and_leaves_every_other_file_as_it_was(tmp_path):
    """Given --services 120, when generated, then the register has 120 services: the demo's own first, then local ones
    with their sites and reviews; every extract but the register's is byte-identical to the default's, and the files
    validate."""
    from etl import extract
    from etl.validation import validate

    default, larger, smaller = tmp_path / "default", tmp_path / "larger", tmp_path / "smaller"
    generate(default, participants=300, seed=3, as_of=AS_OF)
    generate(larger, participants=300, seed=3, as_of=AS_OF, services=120)
    generate(smaller, participants=300, seed=3, as_of=AS_OF, services=5)
    own = pd.read_csv(default / "services.csv")
    more = pd.read_csv(larger / "services.csv")
    assert len(more) == 120 and more["service_id"].is_unique and more["service_id"].iloc[-1] == "SVC120"
    # The demo's own services, as the register draws them (their details and reviews are drawn for the whole register)
    drawn = [
        "service_id",
        "name",
        "provider_id",
        "service_area",
        "boroughs_covered",
        "annual_value_gbp",
        "contract_end",
    ]
    pd.testing.assert_frame_equal(more.iloc[: len(own)][drawn], own[drawn])
    assert list(pd.read_csv(smaller / "services.csv")["service_id"]) == list(own["service_id"].iloc[:5])
    for e in EXTRACTS:
        if e.name not in ("services", "service_sites", "service_reviews"):
            assert (larger / e.filename).read_bytes() == (default / e.filename).read_bytes(), e.filename
    assert set(pd.read_csv(larger / "service_reviews.csv")["service_id"]) > set(own["service_id"])
    frames, problems = extract.read_extracts(larger)
    validate.validate(frames, as_of=AS_OF, prior_findings=problems)  # raises ValidationFailed on any error


@pytest.mark.integration
def test_no_service_name_repeats_its_provider_in_brackets(tmp_path):
    """Given the demo register, then a service's name is its own: the provider is a field of its own, and pages write
    "name, provider" (a name like "DIVERT (custody diversion) (Metropolitan Police Service (Custody))" nested
    brackets)."""
    generate(tmp_path, participants=300, seed=3, as_of=AS_OF, services=60)
    services = pd.read_csv(tmp_path / "services.csv")
    providers = pd.read_csv(tmp_path / "providers.csv").set_index("provider_id")["name"]
    for name, provider in zip(services["name"], services["provider_id"].map(providers)):
        assert provider not in name, name
