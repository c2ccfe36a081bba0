"""What a check writes: the findings CSV (one line per finding, with its sheet, cell, rule and severity, and what
becomes of it) and a summary JSON the internal site reads (whose return, for which quarter, its outcome, counts)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from etl.returns.check import CheckResult

COLUMNS = ("file", "sheet", "cell", "column", "value", "expected", "rule", "severity", "status", "explanation")
# A cell a spreadsheet would run as a formula starts with one of these; it is written with a ' before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def findings_csv(result: CheckResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in result.findings:
        writer.writerow(
            [
                _safe(v)
                for v in (
                    f.file,
                    f.sheet,
                    f.cell,
                    f.column,
                    f.value,
                    f.expected,
                    f.rule,
                    f.severity,
                    result.status(f),
                    result.note(f),
                )
            ]
        )
    return out.getvalue()


def summary(result: CheckResult) -> dict:
    return {
        "file": result.file,
        "digest": result.digest,
        "provider_id": result.provider_id,
        "period": result.period,
        "received_at": result.received.isoformat(timespec="seconds"),
        "outcome": result.outcome,
        "errors": len(result.errors),
        "warnings": sum(1 for f in result.findings if f.severity == "warning"),
        "unexplained_warnings": len(result.unexplained_warnings),
    }


def stem(result: CheckResult) -> str:
    return Path(result.file).stem


def write(result: CheckResult, out_dir: Path) -> dict[str, Path]:
    """The findings CSV and the summary in `out_dir`, named after the return; their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"findings": out_dir / f"{stem(result)}.findings.csv", "summary": out_dir / f"{stem(result)}.check.json"}
    paths["findings"].write_text(findings_csv(result), encoding="utf-8")
    paths["summary"].write_text(json.dumps(summary(result), indent=1), encoding="utf-8")
    return paths
