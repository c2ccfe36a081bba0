"""Compare the release two versions of the ETL build from the same extracts, cell for cell.

A change made for speed must not change what is published or checked. This script generates the
synthetic demo extracts (60,000 participants unless told otherwise), runs `vru-etl run --demo` on
them with the code of a git revision (--before) and with the working tree, each into fresh SQLite
databases, and compares every table of both databases: the same tables, columns and rows, value
for value. Only what differs from run to run by nature is left out: a release's creation time and
the audit's timing.

    .venv/bin/python scripts/compare_releases.py --before main [--participants 60000] [--seed N]

Exits 0 when the two releases are identical, 1 (listing the differences) when they are not.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"
# Differ between two runs of the same code: when the release was made, and how long the audit took.
VOLATILE_COLUMNS = {("releases", "created_at")}
VOLATILE_AUDIT_KEYS = ("seconds",)


def _export(revision: str, into: Path) -> Path:
    """The tree of a git revision, written out (no worktree: nothing is added to the repository)."""
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, stdout=out)
    tree = into / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _generate(out: Path, *, participants: int, seed: int | None) -> None:
    cmd = [sys.executable, "-m", "etl.cli", "generate", "--out", str(out), "--participants", str(participants)]
    cmd += ["--as-of", AS_OF] + (["--seed", str(seed)] if seed is not None else [])
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def _run(tree: Path, *, extracts: Path, data: Path) -> None:
    """`vru-etl run --demo` with the code in `tree`, into SQLite databases in `data`."""
    code = (
        "import datetime as dt; from etl import pipeline; "
        f"pipeline.run({str(extracts)!r}, demo=True, as_of=dt.date.fromisoformat({AS_OF!r}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")}
    env |= {"VRU_DATA_DIR": str(data), "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tree, env=env, stdout=subprocess.DEVNULL)


def _rows(db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns (sorted) and rows (sorted, in that column order)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {}
    for table in tables:
        columns = sorted(r[1] for r in con.execute(f'PRAGMA table_info("{table}")'))
        kept = [c for c in columns if (table, c) not in VOLATILE_COLUMNS]
        quoted = ", ".join(f'"{c}"' for c in kept)
        rows = []
        for row in con.execute(f'SELECT {quoted} FROM "{table}"'):
            if table == "releases":
                row = tuple(_steady_audit(v) if c == "audit_detail" else v for c, v in zip(kept, row))
            rows.append(row)
        out[table] = (kept, sorted(rows, key=repr))
    con.close()
    return out


def _steady_audit(text: str | None) -> str | None:
    if not text:
        return text
    detail = json.loads(text)
    for key in VOLATILE_AUDIT_KEYS:
        detail.pop(key, None)
    return json.dumps(detail, sort_keys=True)


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two databases, as sentences (none when identical)."""
    a, b = _rows(before), _rows(after)
    found = [f"table {t} only in the first" for t in sorted(a.keys() - b.keys())]
    found += [f"table {t} only in the second" for t in sorted(b.keys() - a.keys())]
    for table in sorted(a.keys() & b.keys()):
        (cols_a, rows_a), (cols_b, rows_b) = a[table], b[table]
        if cols_a != cols_b:
            found.append(f"{table}: columns differ: {cols_a} against {cols_b}")
            continue
        if rows_a != rows_b:
            set_a, set_b = set(rows_a), set(rows_b)
            only_a = [r for r in rows_a if r not in set_b]
            only_b = [r for r in rows_b if r not in set_a]
            found.append(
                f"{table}: {len(rows_a):,} against {len(rows_b):,} rows; {len(only_a):,} only in the first "
                f"(e.g. {only_a[:2]}), {len(only_b):,} only in the second (e.g. {only_b[:2]})"
            )
    return found


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--before", required=True, help="a git revision: the code to compare the working tree with")
    p.add_argument("--participants", type=int, default=60_000)
    p.add_argument("--seed", type=int, default=None, help="the generator's seed (default: the demo's)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="vru-compare-") as tmp:
        work = Path(tmp)
        extracts = work / "extracts"
        _generate(extracts, participants=args.participants, seed=args.seed)
        before_tree = _export(args.before, work)
        for name, tree in (("before", before_tree), ("after", ROOT)):
            _run(tree, extracts=extracts, data=work / name)
        differences = []
        for db in ("internal.db", "public.db"):
            differences += [f"{db}: {d}" for d in compare(work / "before" / db, work / "after" / db)]
    tables = "every table of internal.db and public.db"
    if differences:
        print(f"{args.before} and the working tree differ ({args.participants:,} participants):")
        print("\n".join(f"  {d}" for d in differences))
        return 1
    print(f"{args.before} and the working tree publish the same release ({tables}, {args.participants:,} participants)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
