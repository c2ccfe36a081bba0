"""One return checked and its files written beside it: what `vru-etl returns check` does for each file, and what the
import does for each return it takes in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl.returns import annotate, check, context, report, sidecar


def check_and_write(
    path: Path, ctx: context.Context, *, out_dir: Path, provider: str | None, period: str | None, as_of: dt.date | None
) -> check.CheckResult:
    """Check one return and write its findings CSV, summary and (when it has findings) annotated copy."""
    known = sidecar.read(path)
    result = check.check_file(
        path,
        ctx,
        provider=provider or known.provider_id,
        period=period or known.period,
        received=known.received_at,
        as_of=as_of,
    )
    report.write(result, out_dir)
    if result.findings and result.read is not None:
        annotate.write(result, out_dir)
    return result
