"""Times the checks of providers' returns: every return the demo generator writes, and one return of 50,000
referrals (clean, then with faults, when the annotated copy is written too).

    .venv/bin/python scripts/bench_returns.py [--participants N] [--rows 50000] [--out /tmp/bench-returns]
        [--extracts data/demo-returns/sent]   (extracts with their returns/ already written, e.g. by make demo-returns)
        [--no-demo]   (time the return of 50,000 referrals only)

Each check is what `vru-etl returns check` does for one file (findings CSV, summary, annotated copy when faulty),
in one process with the extracts read once, as `vru-etl returns check FILE...` and `vru-etl returns import` run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd

from etl.demo import returns as demo_returns
from etl.demo.generate import generate
from etl.returns import context, expected, sheets, template
from etl.returns.checked import check_and_write

AS_OF = dt.date(2026, 11, 22)
SEED = 20261122
PERIOD = "2025-26 Q4"


def _big_return(ctx: context.Context, out: Path, rows: int) -> tuple[Path, str]:
    """The provider with the most referrals, returning `rows` referrals received in PERIOD."""
    p = ctx.raw["participants"]
    provider = p["provider_id"].value_counts().index[0]
    obligation = expected.obligation(ctx.typed, provider_id=provider, period=PERIOD)
    mine = p[(p["provider_id"] == provider) & p["programme_id"].isin(obligation.programmes)]
    sample = mine.sample(n=rows, replace=True, random_state=1).reset_index(drop=True)
    rng = np.random.default_rng(1)
    first = pd.Timestamp("2026-01-01")
    offsets = pd.to_timedelta(rng.integers(0, 90, rows), unit="D")
    sample["referral_id"] = [f"BENCH-{i:08d}" for i in range(rows)]
    sample["referral_date"] = (first + offsets).strftime("%Y-%m-%d")
    sample["start_date"] = None
    sample["end_date"] = None
    sample["status"] = "referred"
    sample["outcome_positive"] = None
    filled = demo_returns.filled_rows(ctx.raw, obligation)
    filled[sheets.REFERRALS.name] = demo_returns.sheet_rows(sample, sheets.REFERRALS)
    path = template.write(obligation, out, rows=filled)
    return path, provider


def _time(paths: list[Path], ctx: context.Context, out: Path) -> list[float]:
    seconds = []
    for path in paths:
        started = time.perf_counter()
        check_and_write(path, ctx, out_dir=out, provider=None, period=None, as_of=AS_OF)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60_000)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-returns"))
    parser.add_argument("--extracts", type=Path, default=None, help="extracts with their returns/ already written")
    parser.add_argument("--no-demo", action="store_true", help="skip checking every demo return")
    args = parser.parse_args()
    extracts = args.extracts or args.out / f"extracts-{args.participants}"
    if not (extracts / "returns").is_dir():
        started = time.perf_counter()
        generate(extracts, participants=args.participants, seed=SEED, as_of=AS_OF, returns=True)
        print(f"generated the extracts and their returns in {time.perf_counter() - started:.1f} s")
    ctx = context.load(extracts)
    if not args.no_demo:
        demo = sorted((extracts / "returns").glob("*.xlsx"))
        started = time.perf_counter()
        seconds = _time(demo, ctx, args.out / "checked-demo")
        total = time.perf_counter() - started
        print(
            f"every demo return: {len(demo)} returns checked in {total:.1f} s (median"
            f" {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s)"
        )
    big, provider = _big_return(ctx, args.out / "big", args.rows)
    print(f"a return of {args.rows:,} referrals ({provider}, {big.stat().st_size / 2**20:.1f} MB): ", end="")
    clean = _time([big], ctx, args.out / "checked-big")[0]
    print(f"checked in {clean:.1f} s")
    import openpyxl

    wb = openpyxl.load_workbook(big)
    ws = wb[sheets.REFERRALS.name]
    letter = sheets.REFERRALS.letter("gender")
    for r in range(sheets.FIRST_DATA_ROW, sheets.FIRST_DATA_ROW + 100):
        ws[f"{letter}{r}"] = "unknown"
    faulty = args.out / "big" / "faulty.xlsx"
    wb.save(faulty)
    with_faults = _time([faulty], ctx, args.out / "checked-big")[0]
    print(f"the same with 100 faulty cells (findings and the annotated copy written): {with_faults:.1f} s")


if __name__ == "__main__":
    main()
