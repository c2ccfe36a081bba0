"""The stable ids of the HSDS records.

Identifiers are UUID v5 of one fixed namespace and the register's own keys ("service:SVC001",
"site:SVC001:S1"), so a record keeps its id across releases and a borough directory that has
imported it updates it rather than adding a copy.
"""

from __future__ import annotations

import uuid

# Fixed for good: changing it would give every record a new id in every directory that imported the feed.
NAMESPACE = uuid.UUID("4ca57725-98f6-5d80-9728-886fcc181b5a")  # uuid5(NAMESPACE_URL, the VRU's Open Referral page)


def ident(kind: str, *keys: str) -> str:
    """The stable id of a record: UUID v5 of the namespace and its kind and register keys."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *keys))))
