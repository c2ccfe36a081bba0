"""One ETL run = one release: extract, validate, pseudonymise, aggregate, protect
(with its audit), build tables, load as a draft (true tables in the internal database,
protected ones in the pending tables). A draft reaches the public database only when an
approver has approved it and its time has come (etl/publication/due.py); a synthetic demo run
publishes at once (etl/publication/demo.py)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy

from etl import aggregate, disclosure, extract, performance
from etl.load.lock import release_lock
from etl.load.write import check_reachable
from etl.pseudonymise import pseudonym_key, pseudonymise
from etl.publication import drafts, review
from etl.publication.databases import Databases
from etl.publish.release import release_tables
from etl.validation import validate
from etl.validation.findings import Finding

STAGES = (
    "extract",
    "validate",
    "pseudonymise",
    "aggregate",
    "protect and audit",
    "build tables",
    "load internal",
    "load pending",
    "publish",
)


@dataclass
class RunReport:
    release_id: int | None = None
    warnings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    release: dict = field(default_factory=dict)
    draft_id: int | None = None  # the demo's announced draft (vru-etl run --demo)


def _noop(*_args, **_kwargs):
    return None


def run(
    input_dir: Path,
    *,
    demo: bool = False,
    internal_url: str | None = None,
    public_url: str | None = None,
    as_of: dt.date | None = None,
    note: str | None = None,
    on_stage: Callable[[str], None] = _noop,
    on_note: Callable[[str], None] = _noop,
    publish_now: bool | None = None,
    demo_draft: bool = False,
) -> RunReport:
    """Run the whole ETL; raise an EtlError (nothing loaded) or return the report. The release is a draft,
    except with `publish_now` (default: `demo`), which publishes it at once; `demo_draft` (vru-etl run --demo)
    then leaves a second, announced draft of the same figures."""
    publish_now = demo if publish_now is None else publish_now
    report = RunReport()
    as_of = as_of or dt.date.today()
    key = pseudonym_key(demo=demo)  # fail before any work if the key is missing
    databases = Databases.at(internal_url=internal_url, public_url=public_url)
    internal, public = databases.internal, databases.public

    def stage(name):
        on_stage(name)
        report.seconds[name] = time.perf_counter()

    def done(name):
        report.seconds[name] = round(time.perf_counter() - report.seconds[name], 3)

    # The lock is taken on the databases this run writes (a test or a script may name others than the environment's).
    with release_lock(databases=databases.urls()):
        check_reachable(internal, which="internal")
        if publish_now:
            check_reachable(public, which="public")
        stage("extract")
        frames, read_problems = extract.read_extracts(input_dir)
        digest = extract.digest_inputs(input_dir)
        done("extract")

        stage("validate")
        typed, warnings = validate.validate(frames, as_of=as_of, prior_findings=read_problems)
        del frames  # the text as read: the typed frames replace it, and it holds every participant's references
        report.warnings = warnings
        done("validate")

        stage("pseudonymise")
        people = pseudonymise(typed.pop("participants"), key=key)
        done("pseudonymise")

        stage("aggregate")
        cube = aggregate.count_cells(people, programme_ids=list(typed["programmes"]["programme_id"]))
        providers = aggregate.provider_summary(people, typed["spend"])
        del people  # person-level records end here
        done("aggregate")

        stage("protect and audit")
        rules = disclosure.Rules()
        cells, audit_result = disclosure.protect(cube, rules=rules, progress=on_note)
        done("protect and audit")

        stage("build tables")
        internal_tables = release_tables(typed, cells, protected=False, findings=warnings, as_of=as_of) | {
            "provider_summary": providers
        }
        internal_tables |= performance.internal_tables(typed, cells, as_of=as_of)
        public_tables = release_tables(typed, cells, protected=True, as_of=as_of)
        done("build tables")

        release_id = drafts.next_release_id(databases)
        report.release_id = release_id
        report.release = {
            "release_id": release_id,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "input_digest": digest,
            "rules": rules.describe(),
            "cells_published": len(cells),
            "cells_suppressed": int(cells["suppressed"].sum()),
            "cells_suppressed_primary": int(cells["primary"].sum()),
            "cells_suppressed_secondary": int(cells["secondary"].sum()),
            "audit_passed": audit_result.passed,
            "audit_detail": audit_result.summary(),
            "warnings": len(warnings),
            "synthetic_data": demo,
            "note": note,
        }
        drafts.load_draft(
            databases,
            release=report.release,
            internal_tables=internal_tables,
            public_tables=public_tables,
            on_stage=stage,
            on_done=done,
        )
        if publish_now:
            from etl.publication import demo as demo_publication

            stage("publish")
            demo_publication.publish_at_once(databases, release_id=release_id)
            done("publish")
        else:
            _review(databases, release_id=release_id, on_note=on_note)
        if demo_draft:
            from etl.publication import demo as demo_publication

            report.draft_id = demo_publication.leave_a_draft(
                databases, release=report.release, internal_tables=internal_tables, public_tables=public_tables
            )
    databases.dispose()
    return report


def _review(databases: Databases, *, release_id: int, on_note: Callable[[str], None]) -> None:
    """What the draft changes against the live release, for the approver; if the public database cannot be read
    now, `vru-etl publish --due` makes the comparison on its next run."""
    try:
        review.refresh(
            internal=databases.internal,
            pending_engine=databases.pending,
            public=databases.public,
            release_id=release_id,
        )
    except sqlalchemy.exc.SQLAlchemyError as err:
        on_note(
            f"the comparison with the live release waits for the next `vru-etl publish --due`: {err.__class__.__name__}"
        )
