"""Pseudonymise and minimise the person-level records before anything is counted.

The VRU case reference becomes a keyed hash (BLAKE2b with a secret key from
VRU_PSEUDONYM_KEY), so the same person is counted once across programmes and
years while the reference itself, the referral id and the date of birth are
dropped. The key never reaches a database; the hashes exist only in memory.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pandas as pd

from etl.errors import ConfigurationError

KEY_VARIABLE = "VRU_PSEUDONYM_KEY"
# Used only by `vru-etl run --demo` on synthetic data; refused otherwise.
DEMO_KEY = b"synthetic-demo-data-only-not-a-secret"
# A key shorter than this is too easy to guess by brute force over known references.
MIN_KEY_BYTES = 16

# Age bands at referral, as published. The programmes serve children from 8 and
# young adults to 25; parents and carers fall in the last band.
AGE_BANDS = ("Under 10", "10 to 13", "14 to 17", "18 to 24", "25 and over")
_AGE_EDGES = [-1, 9, 13, 17, 24, 200]

# References hashed per slice: 65,536 digests of 8 bytes are about 3 MB of short-lived objects.
HASH_BATCH = 65_536

# What leaves this stage: no reference, no date of birth, no free text.
MINIMISED_COLUMNS = [
    "person_id",
    "programme_id",
    "provider_id",
    "borough_code",
    "age_band",
    "gender",
    "ethnicity",
    "referral_date",
    "start_date",
    "end_date",
    "status",
    "outcome_positive",
]
CATEGORICAL_COLUMNS = ["programme_id", "provider_id", "borough_code", "age_band", "gender", "ethnicity", "status"]


def pseudonym_key(*, demo: bool) -> bytes:
    """The hashing key from the environment; the fixed demo key only for synthetic demo runs."""
    value = os.environ.get(KEY_VARIABLE)
    if value:
        key = value.encode()
        if len(key) < MIN_KEY_BYTES:
            raise ConfigurationError(
                f"{KEY_VARIABLE} is too short: use at least {MIN_KEY_BYTES} random bytes, e.g. `openssl rand -hex 32`."
            )
        return key
    if demo:
        return DEMO_KEY
    raise ConfigurationError(
        f"{KEY_VARIABLE} is not set. It is the secret key that turns participants' references into pseudonyms; "
        "set it to the VRU's key (e.g. from the secrets store), or pass --demo for synthetic demo data."
    )


def hash_references(refs: pd.Series, *, key: bytes) -> np.ndarray:
    """Keyed 64-bit hashes; collisions among a million people have a probability of about 3 in 100 million."""
    # Each hash starts from a copy of the state that has taken in the key: keying BLAKE2b compresses a whole block,
    # half the cost of hashing a short reference.
    keyed = hashlib.blake2b(key=key[:64], digest_size=8)

    def digest(ref: str) -> bytes:
        h = keyed.copy()
        h.update(ref.encode())
        return h.digest()

    values = refs.to_numpy(dtype=object)
    out = np.empty(len(values), dtype=np.uint64)
    # In slices, so that the digests waiting to be joined never take more than a few megabytes.
    for start in range(0, len(values), HASH_BATCH):
        batch = values[start : start + HASH_BATCH]
        out[start : start + len(batch)] = np.frombuffer(b"".join(map(digest, batch)), dtype=np.uint64)
    return out


def age_at(dates_of_birth: pd.Series[pd.Timestamp], on: pd.Series[pd.Timestamp]) -> pd.Series[int]:
    years = on.dt.year - dates_of_birth.dt.year
    before_birthday = (on.dt.month < dates_of_birth.dt.month) | (
        (on.dt.month == dates_of_birth.dt.month) & (on.dt.day < dates_of_birth.dt.day)
    )
    return years - before_birthday.astype(int)


def age_band(ages: pd.Series) -> pd.Series:
    return pd.cut(ages, bins=_AGE_EDGES, labels=list(AGE_BANDS)).astype(str)


def pseudonymise(participants: pd.DataFrame, *, key: bytes) -> pd.DataFrame:
    """Replace references with keyed hashes, derive the age band, drop identifying columns.

    The text columns that remain hold a few dozen distinct values each, so they leave as categoricals: a byte a
    record instead of a pointer to a string, and the counts group by their codes without hashing a million strings.
    """
    out = participants.assign(
        person_id=hash_references(participants["participant_ref"], key=key),
        age_band=age_band(age_at(participants["date_of_birth"], participants["referral_date"])),
    )
    out = out[MINIMISED_COLUMNS].reset_index(drop=True)
    return out.astype(dict.fromkeys(CATEGORICAL_COLUMNS, "category"))
