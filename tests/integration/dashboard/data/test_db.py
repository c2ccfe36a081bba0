"""Read-only database access (dashboard/data/db.py) on the small release."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


@pytest.fixture(scope="module")
def release_dir(small_release):
    return small_release


def test_the_public_app_cannot_write(release_dir):
    """Given the public app's engine, when a write is attempted, then SQLite refuses it."""
    from dashboard.data.db import read_only_engine

    engine = read_only_engine(f"sqlite:///{release_dir / 'public.db'}")
    with pytest.raises(sa.exc.OperationalError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM releases"))
