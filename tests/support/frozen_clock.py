"""The dashboard on a fixed date, for the visual snapshots: gunicorn's app `tests.support.frozen_clock:app()`.

Some of what a page shows depends on the day it is asked for (records not reviewed for six months, funding rounds
open today, what needs attention), and every page's footer shows the day its release was made. The snapshots'
release is made at FROZEN_AT (tests/browser/visual/conftest.py), and the app runs from FROZEN_AT on, its clock
ticking from there, so that a page looks the same on any day the tests run. Importing this module changes no clock:
`frozen()` and `app()` do."""

from __future__ import annotations

import datetime as dt

import time_machine

# Two weeks after the small extracts' date (tests/support/extracts.py AS_OF_DATE): some reviews overdue, some rounds
# open.
FROZEN_AT = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)


def frozen() -> time_machine.travel:
    """A clock that starts at FROZEN_AT and ticks from there (timeouts and sessions still work)."""
    return time_machine.travel(FROZEN_AT, tick=True)


def app():
    """dashboard.app:server, built and run on the frozen clock for the whole life of the gunicorn worker."""
    frozen().start()
    from dashboard.app import server

    return server
