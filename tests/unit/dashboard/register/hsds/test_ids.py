"""The HSDS records' ids (dashboard/register/hsds/ids.py), with no app: ids that never change."""

from __future__ import annotations

import uuid

from dashboard.register.hsds import ids


def test_ids_are_uuid_v5_of_the_register_keys_and_never_change():
    """The namespace is fixed for good: a directory that imported SVC001 keeps updating the same record."""
    got = uuid.UUID(ids.ident("service", "SVC001"))
    assert got.version == 5 and str(got) == "daeb1431-9649-53d0-89af-f6c53cbb9887"
    assert ids.ident("location", "SVC001", "S1") != ids.ident("service_at_location", "SVC001", "S1")
