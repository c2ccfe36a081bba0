"""Pseudonymisation: keyed, stable, minimising; refuses to run without a key."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from etl import pseudonymise as pseudonymise_module
from etl.errors import ConfigurationError
from etl.pseudonymise import (
    CATEGORICAL_COLUMNS,
    DEMO_KEY,
    MINIMISED_COLUMNS,
    hash_references,
    pseudonym_key,
    pseudonymise,
)


def test_same_reference_same_pseudonym_and_another_key_another_pseudonym():
    """Given references, when hashed, then equal references match and a different key changes every hash."""
    refs = pd.Series(["YP0001", "YP0002", "YP0001"])
    a = hash_references(refs, key=b"k" * 32)
    b = hash_references(refs, key=b"j" * 32)
    assert a[0] == a[2] and a[0] != a[1]
    assert not set(a) & set(b)


def test_each_pseudonym_is_the_keyed_blake2b_of_its_reference_in_every_slice(monkeypatch):
    """Given references hashed in slices of two, then each hash is BLAKE2b keyed with the secret, 8 bytes, in order."""
    monkeypatch.setattr(pseudonymise_module, "HASH_BATCH", 2)
    refs = pd.Series(["YP0001", "YP0002", "YP0003", "YP0004", "YP0005"])
    key = b"k" * 32
    expected = [hashlib.blake2b(r.encode(), key=key, digest_size=8).digest() for r in refs]
    assert hash_references(refs, key=key).tolist() == np.frombuffer(b"".join(expected), dtype=np.uint64).tolist()


def test_no_key_is_a_clear_error_except_for_the_demo(monkeypatch):
    """Given VRU_PSEUDONYM_KEY unset, when a real run asks for the key, then it fails naming the variable."""
    monkeypatch.delenv("VRU_PSEUDONYM_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="VRU_PSEUDONYM_KEY"):
        pseudonym_key(demo=False)
    assert pseudonym_key(demo=True) == DEMO_KEY


def test_a_short_key_is_refused(monkeypatch):
    monkeypatch.setenv("VRU_PSEUDONYM_KEY", "short")
    with pytest.raises(ConfigurationError, match="too short"):
        pseudonym_key(demo=False)


def test_identifiers_and_date_of_birth_do_not_leave_the_stage():
    """Given a participant record, when pseudonymised, then only minimised columns remain and the age band is
    derived."""
    frame = pd.DataFrame(
        {
            "referral_id": ["PRV001-1"],
            "participant_ref": ["YP12345678"],
            "programme_id": ["a"],
            "provider_id": ["PRV001"],
            "borough_code": ["E09000012"],
            "date_of_birth": pd.to_datetime(["2008-06-15"]),
            "gender": ["Male"],
            "ethnicity": ["White"],
            "referral_date": pd.to_datetime(["2023-06-14"]),
            "start_date": pd.to_datetime(["2023-06-20"]),
            "end_date": [pd.NaT],
            "status": ["active"],
            "outcome_positive": [None],
        }
    )
    out = pseudonymise(frame, key=DEMO_KEY)
    assert list(out.columns) == MINIMISED_COLUMNS
    assert all(isinstance(out[c].dtype, pd.CategoricalDtype) for c in CATEGORICAL_COLUMNS)
    assert out.loc[0, "age_band"] == "14 to 17"  # 14 the day before the 15th birthday
    assert "YP12345678" not in out.astype(str).to_string()
