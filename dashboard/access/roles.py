"""What each internal user may do with releases, checked on the server for every action.

- `analyst`: read the internal pages, preview a release waiting for publication, submit a draft for
  approval with a note, and read their own entries of the audit trail;
- `approver`: all that, and approve a draft for a publication time, change a time (with a reason),
  withdraw a release, announce a date before its release exists, and read everyone's audit trail.

Nobody approves a draft they submitted (dashboard/data/release_control.py checks it in the same UPDATE
that approves). A user's role is read from the auth database on each request (never kept in the session),
so `vru-dashboard set-role` takes effect at once.
"""

from __future__ import annotations

from flask import abort, g

from dashboard.access import signed_in, users
from dashboard.access.users import APPROVER, ROLES

# Each action, and the roles that may take it.
ACTIONS = {
    "preview": ROLES,
    "submit": ROLES,
    "approve": (APPROVER,),
    "reschedule": (APPROVER,),
    "withdraw": (APPROVER,),
    "announce": (APPROVER,),
    "read_everyones_audit": (APPROVER,),
}


def current() -> str | None:
    """The signed-in user's role (once per request), or None when nobody is signed in."""
    if "vru_role" not in g:
        user = signed_in.user()
        g.vru_role = users.role_of(signed_in.store(), username=user) if user else None
    return g.vru_role


def may(action: str) -> bool:
    return current() in ACTIONS[action]


def require(action: str) -> None:
    """403, with the reason, unless the signed-in user's role allows `action`."""
    if not may(action):
        who = current() or "nobody"
        abort(403, description=f"Only an {' or '.join(ACTIONS[action])} may do this; you are {who}.")
