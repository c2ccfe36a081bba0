"""`vru-etl returns import`, end to end: templates made, filled in as providers would, checked, taken in, then
`vru-etl run` gives the same published tables as the CSV extracts did."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from etl.cli import main
from etl.returns import context, history
from tests.support import returns as support
from tests.support.extracts import AS_OF, AS_OF_DATE, run_etl

# Minutes, not seconds: a release, 54 templates filled, checked and imported, and another release.
pytestmark = pytest.mark.slow

# From the last reporting quarter on: its KPIs and referrals, a half's reviews, and the register's quarters after it.
SINCE = "2025-26 Q4"
# Rows of the extracts the internal findings name: the files taken in are sorted by their keys, not as the
# generator wrote them, so the same finding names another row number.
ROW_NUMBERED = {"data_quality_findings": "row_number"}
# Tables of the cycle around the figures, not of a release's figures: the release record, the returns' log, and the
# release calendar and controls (each demo run announces a draft of its own).
NOT_RELEASE_TABLES = {
    "releases",
    "returns_log",
    "returns_expected",
    "release_calendar",
    "release_calendar_changes",
    "release_calendar_sync",
    "release_control",
    "release_actions",
    "release_previews",
    "release_reviews",
}


def _tables(path: Path) -> dict[str, pd.DataFrame]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        frames = {n: pd.read_sql(f"SELECT * FROM {n}", conn) for n in names if n not in NOT_RELEASE_TABLES}
    out = {}
    for name, frame in frames.items():
        if "release_id" in frame:  # release 1's figures: a demo run also leaves a draft of the same figures
            frame = frame[frame["release_id"] == 1]
        frame = frame.drop(columns=[ROW_NUMBERED[name]] if name in ROW_NUMBERED else [])
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def round_trip(small_extracts_master, small_release, tmp_path_factory):
    """The small extracts rebuilt from providers' returns from SINCE on, and released."""
    root = tmp_path_factory.mktemp("round-trip")
    extracts = support.before_returns(small_extracts_master, root / "extracts", since=SINCE)
    for period in support.due_quarters(AS_OF_DATE, since=SINCE):
        assert (
            main(
                [
                    "returns",
                    "template",
                    "--period",
                    period,
                    "--out",
                    str(root / "templates"),
                    "--extracts",
                    str(extracts),
                ]
            )
            == 0
        )
    base = context.load(extracts)
    source = {
        n: pd.read_csv(small_extracts_master / f"{n}.csv", dtype=str, keep_default_na=False, na_values=[""])
        for n in (*support.EMPTIED, "services")
    }
    (root / "inbox").mkdir()
    filled = [
        support.fill(t, base=base, source=source, out=root / "inbox")
        for t in sorted((root / "templates").glob("*.xlsx"))
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(root / "data"))
        for var in ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL", "VRU_PSEUDONYM_KEY", "VRU_EXTRACTS_DIR"):
            mp.delenv(var, raising=False)
        checked = main(
            [
                "returns",
                "check",
                *map(str, filled),
                "--extracts",
                str(extracts),
                "--as-of",
                AS_OF,
                "--out",
                str(root / "checked"),
            ]
        )
        imported = main(["returns", "import", str(root / "inbox"), "--extracts", str(extracts), "--as-of", AS_OF])
        ran = run_etl(extracts)
    return {
        "root": root,
        "extracts": extracts,
        "filled": filled,
        "checked": checked,
        "imported": imported,
        "ran": ran,
        "original": small_release,
    }


def test_returns_filled_from_the_extracts_give_the_same_published_tables(round_trip):
    """Given every return from SINCE filled in from the demo extracts, when checked, imported and run, then every
    published table has the same cells and values as the release made from the CSV extracts."""
    assert (round_trip["checked"], round_trip["imported"], round_trip["ran"]) == (0, 0, 0)
    for db in ("public.db", "internal.db"):
        made = _tables(round_trip["root"] / "data" / db)
        original = _tables(round_trip["original"] / db)
        assert set(made) == set(original)
        for name in original:
            pd.testing.assert_frame_equal(made[name], original[name], obj=f"{db} {name}")


def test_every_return_taken_in_is_kept_with_its_digest_and_logged(round_trip):
    """Given the import, then each return is in the history with its digest and arrival, and in returns_log as the
    one that counts for its provider and quarter."""
    kept = history.load(round_trip["extracts"] / history.FOLDER_NAME)
    assert len(kept) == len(round_trip["filled"])
    assert all(
        len(k.digest) == 64 and (round_trip["extracts"] / history.FOLDER_NAME / k.stored_as).exists() for k in kept
    )
    with sqlite3.connect(round_trip["root"] / "data" / "internal.db") as conn:
        logged = conn.execute(
            "SELECT COUNT(*), SUM(counts), COUNT(DISTINCT provider_id || period) FROM returns_log "
            "WHERE outcome != 'refused'"
        ).fetchone()
        expected = conn.execute("SELECT COUNT(*) FROM returns_expected WHERE period >= ?", (SINCE,)).fetchone()
    assert logged == (len(kept), len(kept), len(kept))
    assert expected[0] >= len(kept)


def test_a_second_import_of_the_same_returns_takes_nothing_in(round_trip, monkeypatch):
    """Given the returns already taken in, when imported again, then each is skipped and the extracts are unchanged."""
    before = (round_trip["extracts"] / "participants.csv").read_bytes()
    monkeypatch.setenv("VRU_DATA_DIR", str(round_trip["root"] / "data"))
    from etl.returns import intake

    told = []
    outcome = intake.import_folder(
        round_trip["root"] / "inbox",
        extracts=round_trip["extracts"],
        as_of=AS_OF_DATE,
        progress=lambda done, of: told.append((done, of)),
    )
    assert (outcome.accepted, outcome.refused, outcome.skipped) == (0, 0, len(round_trip["filled"]))
    assert (round_trip["extracts"] / "participants.csv").read_bytes() == before
    every = len(round_trip["filled"])
    assert told == [(done, every) for done in range(every + 1)]  # told before each return and when all are checked
