"""`vru-etl`: generate synthetic extracts, load a release as a draft, publish what is due, make an earlier
release live again, print the data dictionary, and providers' returns (`vru-etl returns`, etl/returns/commands.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from etl.errors import EtlError, ValidationFailed
from etl.validation.findings import to_csv

# Findings printed on the terminal; the full list goes to --report.
PRINTED_FINDINGS = 60


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vru-etl",
        description="London VRU dashboard ETL: internal extracts in, disclosure-controlled releases out.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write seeded synthetic extracts in the data contract's format")
    g.add_argument("--out", type=Path, required=True, help="folder to write the CSV extracts to")
    g.add_argument(
        "--participants", type=int, default=None, help="number of distinct people (default: 60,000, London's scale)"
    )
    g.add_argument(
        "--services",
        type=int,
        default=None,
        help="number of commissioned services in the register (default: the demo's own 29, one per programme and "
        "provider and three of MOPAC's; more adds local services)",
    )
    g.add_argument("--seed", type=int, default=None, help="random seed (same seed, same files)")
    g.add_argument("--as-of", type=_date, default=None, help="extract date, YYYY-MM-DD (default: today)")
    g.add_argument(
        "--no-returns",
        action="store_true",
        help="skip writing the same data as providers' filled-in returns (in the folder's returns/; a few minutes)",
    )

    r = sub.add_parser(
        "run",
        help="validate the extracts and load one release as a draft (internal database and pending tables); "
        "with --demo, publish it at once",
    )
    r.add_argument("--input", type=Path, required=True, help="folder holding one CSV per data-contract table")
    r.add_argument(
        "--demo",
        action="store_true",
        help="synthetic demo data: allows the built-in pseudonym key, marks the release as synthetic, publishes it at "
        "once, and leaves a second draft announced for the next weekday",
    )
    r.add_argument("--report", type=Path, default=None, help="write every validation finding to this CSV file")
    r.add_argument("--as-of", type=_date, default=None, help="extract date, YYYY-MM-DD (default: today)")
    r.add_argument(
        "--note",
        default=None,
        help="why this release is made (e.g. 'Q2 returns; corrects DIVERT 2024-25 referrals'); shown on the public "
        "revisions page",
    )

    sub.add_parser("dictionary", help="print the data dictionary (Markdown) rendered from the contract")

    live = sub.add_parser(
        "live",
        help="make an earlier release the live one again (in both databases) and withdraw every release published "
        "after it",
    )
    live.add_argument("--release", type=int, required=True, help="release_id to make live")
    live.add_argument(
        "--reason",
        default=DEFAULT_WITHDRAWAL_REASON,
        help="why the later releases are withdrawn: shown on the public revisions page",
    )

    pub = sub.add_parser(
        "publish",
        help="publish every approved release whose time has come, carry withdrawals and the release calendar to the "
        "public database (run it every minute)",
    )
    pub.add_argument("--due", action="store_true", required=True, help="publish what is due now (the only mode)")

    from etl.returns import commands as returns_commands

    returns_commands.add_parser(sub)
    return p


DEFAULT_WITHDRAWAL_REASON = "Withdrawn by the data team: an earlier release was made live again."


def _live(args) -> int:
    from etl.publication import due, withdrawal
    from etl.publication.databases import Databases

    databases = Databases.at()
    try:
        with due.publication_lock(databases):
            due.ensure_control_tables(databases)
            withdrawn = withdrawal.make_live(databases, release_id=args.release, reason=args.reason, at=due.now())
    except EtlError as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        return err.exit_code
    finally:
        databases.dispose()
    print(f"Release {args.release} is live in the internal and public databases.")
    if withdrawn:
        print(f"Withdrawn: release {', '.join(map(str, withdrawn))} ({args.reason}).")
    return 0


def _publish(_args) -> int:
    from etl.errors import ReleaseInProgress
    from etl.publication import due
    from etl.publication.databases import Databases

    databases = Databases.at()
    try:
        with due.publication_lock(databases):
            outcome = due.publish_due(databases)
    except ReleaseInProgress:
        # Another host (or this one's last minute) is publishing: it does the work; nothing to do here.
        print("vru-etl: another host is publishing now; nothing to do")
        return 0
    except EtlError as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        return err.exit_code
    finally:
        databases.dispose()
    for rid in outcome.published:
        print(f"Published release {rid}: it is live.")
    for rid in outcome.withdrawn:
        print(f"Withdrew release {rid} from the public database.")
    for rid, reason in outcome.set_aside:
        print(f"Release {rid} was {reason}.")
    if outcome.calendar_synced:
        print("Copied the release calendar to the public database.")
    if not (outcome.published or outcome.withdrawn or outcome.set_aside or outcome.calendar_synced):
        print("Nothing is due.")
    return 0


def _generate(args) -> int:
    from etl.demo import generate

    kwargs = {"as_of": args.as_of, "returns": not args.no_returns}
    if args.participants is not None:
        if args.participants < 1:
            print("vru-etl: --participants must be at least 1", file=sys.stderr)
            return 2
        kwargs["participants"] = args.participants
    if args.services is not None:
        if args.services < 1:
            print("vru-etl: --services must be at least 1", file=sys.stderr)
            return 2
        kwargs["services"] = args.services
    if args.seed is not None:
        kwargs["seed"] = args.seed
    counts = generate.generate(args.out, **kwargs)
    for name, n in counts.items():
        print(f"{name + '/':28} {n:>10,} returns" if name == "returns" else f"{name + '.csv':28} {n:>10,} rows")
    print(f"Synthetic extracts written to {args.out}")
    return 0


def _write_report(path: Path, findings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_csv(findings))
    print(f"vru-etl: {len(findings):,} finding(s) written to {path}", file=sys.stderr)


def _run(args) -> int:
    from etl import pipeline
    from etl.progress import Display

    display = Display(stages=pipeline.STAGES)
    try:
        with display:
            report = pipeline.run(
                args.input,
                demo=args.demo,
                as_of=args.as_of,
                note=args.note,
                on_stage=display.stage,
                on_note=display.note,
                demo_draft=args.demo,
            )
    except ValidationFailed as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        for f in err.shown[:PRINTED_FINDINGS]:
            print("  " + f.describe(), file=sys.stderr)
        if len(err.shown) > PRINTED_FINDINGS:
            print(f"  ... and {len(err.shown) - PRINTED_FINDINGS} more (use --report FILE for all)", file=sys.stderr)
        if args.report:
            _write_report(args.report, err.findings)
        return err.exit_code
    except EtlError as err:
        print(f"vru-etl: {err}", file=sys.stderr)
        return err.exit_code
    rel = report.release
    state = (
        "is live"
        if args.demo
        else "is loaded as a draft: nothing is public yet. Preview it on the internal site, submit it for approval, "
        "and an approver approves it for a publication time"
    )
    print(
        f"Release {report.release_id} {state}: {rel['cells_published']:,} cells, {rel['cells_suppressed']:,} "
        "suppressed "
        f"({rel['cells_suppressed_primary']:,} small counts, {rel['cells_suppressed_secondary']:,} to protect them); "
        f"audit {'passed' if rel['audit_passed'] else 'FAILED'} (narrowest interval "
        f"{rel['audit_detail']['narrowest_interval']})."
    )
    if report.draft_id is not None:
        print(
            f"Release {report.draft_id} waits as a draft of the same figures, announced on the release calendar "
            "(the internal site's Releases page previews it)."
        )
    if report.warnings:
        print(f"{len(report.warnings)} data-quality warning(s), stored with the release:")
        for f in report.warnings[:PRINTED_FINDINGS]:
            print("  " + f.describe())
    if args.report:
        _write_report(args.report, report.warnings)
    print("Stage times (s): " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))
    return 0


def _dictionary(_args) -> int:
    from etl.contract.dictionary import render

    print(render(), end="")
    return 0


def _returns(args) -> int:
    from etl.returns import commands as returns_commands

    return returns_commands.main(args)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handler = {
        "generate": _generate,
        "run": _run,
        "dictionary": _dictionary,
        "live": _live,
        "publish": _publish,
        "returns": _returns,
    }[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
