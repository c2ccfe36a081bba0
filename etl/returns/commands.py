"""`vru-etl returns template|check|import`: the command line of providers' returns (etl/cli.py adds it)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from etl import settings
from etl.errors import EtlError, ValidationFailed
from etl.returns import context, expected, template
from etl.returns.checked import check_and_write

PRINTED_FINDINGS = 20  # per return, on the terminal; the findings CSV has them all


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def add_parser(sub) -> None:
    r = sub.add_parser("returns", help="providers' returns: make templates, check returns, take clean ones in")
    rsub = r.add_subparsers(dest="returns_command", required=True)
    extracts_help = "the extracts returns are made from, checked against and taken into (default: VRU_EXTRACTS_DIR)"

    t = rsub.add_parser("template", help="make each provider's return template for a quarter")
    t.add_argument("--period", required=True, help="the quarter, e.g. '2025-26 Q3'")
    t.add_argument("--provider", default=None, help="one provider_id (default: every provider that owes a return)")
    t.add_argument("--out", type=Path, required=True, help="folder to write the templates to")
    t.add_argument("--extracts", type=Path, default=None, help=extracts_help)

    c = rsub.add_parser("check", help="check returns: a findings CSV per return, and an annotated copy if faulty")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE", help="returns (.xlsx or .csv)")
    c.add_argument("--extracts", type=Path, default=None, help=extracts_help)
    c.add_argument("--out", type=Path, default=None, help="folder for the findings (default: 'checked' beside each)")
    c.add_argument("--provider", default=None, help="the provider_id the return was sent by (refuse another's)")
    c.add_argument("--period", default=None, help="the quarter the return was sent for (refuse another's)")
    c.add_argument("--as-of", type=_date, default=None, help="extract date, YYYY-MM-DD (default: today)")

    i = rsub.add_parser("import", help="take every clean return in a folder into the extracts")
    i.add_argument("folder", type=Path, metavar="DIR", help="folder of returns (and the internal site's uploads)")
    i.add_argument("--extracts", type=Path, default=None, help=extracts_help)
    i.add_argument(
        "--history",
        type=Path,
        default=None,
        help="where every return taken in is kept (default: returns-history in the extracts folder)",
    )
    i.add_argument("--as-of", type=_date, default=None, help="extract date, YYYY-MM-DD (default: today)")


def _template(args) -> int:
    ctx = context.load(args.extracts or settings.extracts_dir())
    try:
        expected.check_period(args.period)
        providers = [args.provider] if args.provider else expected.expected_providers(ctx.typed, args.period)
        for provider in providers:
            obligation = expected.obligation(ctx.typed, provider_id=provider, period=args.period)
            if not obligation.sheets:
                print(f"vru-etl: {provider} owes no return for {args.period}", file=sys.stderr)
                return 2
            path = template.write(obligation, args.out)
            print(f"{path}  ({', '.join(s.name for s in obligation.sheets)})")
    except expected.UnknownPeriod as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        return 2
    print(f"{len(providers)} template(s) for {args.period} written to {args.out}")
    return 0


def _check(args) -> int:
    ctx = context.load(args.extracts or settings.extracts_dir())
    worst = 0
    for path in args.files:
        if not path.is_file():
            print(f"vru-etl: no file {path}", file=sys.stderr)
            worst = 2
            continue
        result = check_and_write(
            path,
            ctx,
            out_dir=args.out or path.parent / "checked",
            provider=args.provider,
            period=args.period,
            as_of=args.as_of,
        )
        who = f"{result.provider_id or '?'} {result.period or '?'}"
        print(
            f"{path.name}: {result.outcome} ({who}; {len(result.errors)} error(s), "
            f"{len(result.findings) - len(result.errors)} warning(s))"
        )
        for f in result.findings[:PRINTED_FINDINGS]:
            print("  " + f.describe() + (" (explained)" if result.status(f) == "explained" else ""))
        if len(result.findings) > PRINTED_FINDINGS:
            print(f"  ... and {len(result.findings) - PRINTED_FINDINGS} more in the findings CSV")
        if result.errors:
            worst = max(worst, ValidationFailed.exit_code)
    return worst


def progress_printer(stream=None, *, steps: int = 10):
    """What `returns import` says while it checks: how many returns of how many, a line each tenth of the way (and
    the first), so that a quarter's several hundred returns are not minutes of silence."""
    stream = stream or sys.stderr
    started = time.perf_counter()
    said: set[int] = set()

    def report(done: int, of: int) -> None:
        step = done * steps // of if of else steps
        if step in said:
            return
        said.add(step)
        print(f"checked {done} of {of} return(s), {time.perf_counter() - started:.0f} s", file=stream, flush=True)

    return report


def _import(args) -> int:
    from etl.returns import intake

    extracts = args.extracts or settings.extracts_dir()
    outcome = intake.import_folder(
        args.folder, extracts=extracts, history_folder=args.history, as_of=args.as_of, progress=progress_printer()
    )
    for line in outcome.lines:
        print(line)
    print(
        f"{outcome.accepted} return(s) taken into {extracts}; {outcome.refused} refused; "
        f"{outcome.skipped} already taken in or superseded"
    )
    return ValidationFailed.exit_code if outcome.refused else 0


def main(args) -> int:
    handler = {"template": _template, "check": _check, "import": _import}[args.returns_command]
    try:
        return handler(args)
    except EtlError as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        return err.exit_code
