"""One ETL run = one release: extract, validate, pseudonymise, aggregate, protect
(with its audit), build tables, load into the internal and the public database."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy

from etl import aggregate, disclosure, extract, load, performance, publish, settings
from etl.errors import LoadFailed
from etl.pseudonymise import pseudonym_key, pseudonymise
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
    "load public",
)


@dataclass
class RunReport:
    release_id: int | None = None
    warnings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    release: dict = field(default_factory=dict)


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
) -> RunReport:
    """Run the whole ETL; raise an EtlError (nothing loaded) or return the report."""
    report = RunReport()
    as_of = as_of or dt.date.today()
    key = pseudonym_key(demo=demo)  # fail before any work if the key is missing
    internal = load.engine_for(internal_url or settings.internal_database_url())
    public = load.engine_for(public_url or settings.public_database_url())

    def stage(name):
        on_stage(name)
        report.seconds[name] = time.perf_counter()

    def done(name):
        report.seconds[name] = round(time.perf_counter() - report.seconds[name], 3)

    # The lock is taken on the databases this run writes (a test or a script may name others than the environment's).
    with load.release_lock(
        databases={
            "internal": internal.url.render_as_string(hide_password=False),
            "public": public.url.render_as_string(hide_password=False),
        }
    ):
        load.check_reachable(internal, which="internal")
        load.check_reachable(public, which="public")
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
        internal_tables = publish.release_tables(typed, cells, protected=False, findings=warnings, as_of=as_of) | {
            "provider_summary": providers
        }
        internal_tables |= performance.internal_tables(typed, cells, as_of=as_of)
        public_tables = publish.release_tables(typed, cells, protected=True, as_of=as_of)
        done("build tables")

        release_id = load.next_release_id([internal, public])
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
        # Both databases are written in open transactions, then committed one right
        # after the other: a failure or a kill before the commits leaves both on the
        # previous release, and the window in which they differ is milliseconds.
        with internal.connect() as internal_conn, public.connect() as public_conn:
            transactions = [internal_conn.begin(), public_conn.begin()]
            for name, conn, tables, is_internal in (
                ("load internal", internal_conn, internal_tables, True),
                ("load public", public_conn, public_tables, False),
            ):
                stage(name)
                try:
                    load.write_release(conn, release=report.release, tables=tables, internal=is_internal)
                except sqlalchemy.exc.SQLAlchemyError as err:
                    for tx in transactions:
                        tx.rollback()
                    which = "internal" if is_internal else "public"
                    raise LoadFailed(
                        f"the {which} database refused release {release_id}; nothing was loaded and "
                        f"the previous release is still live. Cause: {err.__class__.__name__}: "
                        f"{str(err).splitlines()[0]}"
                    ) from err
                done(name)
            for tx in transactions:
                tx.commit()
    internal.dispose()
    public.dispose()
    return report
