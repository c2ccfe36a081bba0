"""The services register as HSDS objects (dashboard/register/hsds.py), with no app: ids that never change, and the
contract's vocabulary."""

from __future__ import annotations

import uuid

from dashboard.register import hsds


def test_ids_are_uuid_v5_of_the_register_keys_and_never_change():
    """The namespace is fixed for good: a directory that imported SVC001 keeps updating the same record."""
    got = uuid.UUID(hsds.ident("service", "SVC001"))
    assert got.version == 5 and str(got) == "daeb1431-9649-53d0-89af-f6c53cbb9887"
    assert hsds.ident("location", "SVC001", "S1") != hsds.ident("service_at_location", "SVC001", "S1")


def test_the_feeds_vocabularies_are_the_contracts():
    from etl.contract import vocabulary

    assert hsds.SERVICE_AREAS == vocabulary.SERVICE_AREAS and hsds.REFERRAL_ROUTES == vocabulary.REFERRAL_ROUTES
    assert (
        vocabulary.AT_A_SITE,
        *hsds.DELIVERY_MODES,
    ) == vocabulary.DELIVERY_MODES and hsds.AT_A_SITE == vocabulary.AT_A_SITE
