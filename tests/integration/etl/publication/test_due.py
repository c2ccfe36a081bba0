"""Publishing (etl/publication/due.py, withdrawal.py, calendar_sync.py): a draft waits outside the public
database, is published at its approved minute and not before, by one host at a time, never half, and a withdrawal
or a moved date reaches the public database. On SQLite copies of the session's draft release (release 1 published,
release 2 a draft: tests/conftest.py's draft_release), and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from etl import pipeline
from etl.cli import main
from etl.errors import LoadFailed
from etl.load.lock import release_lock
from etl.publication import due
from etl.publication.databases import Databases, PublicationFailed
from tests.support.db import query
from tests.support.publication import approve, copy_folder, execute, states

DUE = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def folder(draft_release, tmp_path, monkeypatch):
    """A private copy of the draft release; the CLI's environment points at it."""
    data = tmp_path / "data"
    urls = copy_folder(draft_release, data)
    monkeypatch.setenv("VRU_DATA_DIR", str(data))
    monkeypatch.delenv("VRU_INTERNAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("VRU_PUBLIC_DATABASE_URL", raising=False)
    return data, urls


@pytest.fixture
def databases(folder):
    dbs = Databases.at(internal_url=folder[1]["internal"], public_url=folder[1]["public"])
    yield dbs
    dbs.dispose()


def published_rows(url: str, release_id: int) -> int:
    return query(url, "SELECT COUNT(*) FROM published_counts WHERE release_id = :r", r=release_id)[0][0]


def at(moment: dt.datetime, monkeypatch) -> None:
    """Move publication's clock."""
    monkeypatch.setattr(due, "now", lambda: moment)


# ---------------------------------------------------------------------------- a draft waits
def test_a_run_loads_a_draft_that_only_the_pending_tables_and_the_internal_database_hold(folder):
    _data, urls = folder
    assert states(urls["public"]) == [(1, "published", True)]
    assert states(urls["internal"]) == [(1, "published", True), (2, "draft", False)]
    assert published_rows(urls["public"], 2) == 0
    assert published_rows(urls["pending"], 2) > 0 and published_rows(urls["pending"], 1) == 0
    review = query(urls["internal"], "SELECT compared_with, summary FROM release_reviews WHERE release_id = 2")
    assert review[0][0] == 1 and json.loads(review[0][1])["tables"]  # compared with the live release for the approver


# ---------------------------------------------------------------------------- at the minute
def test_an_approved_release_is_published_at_its_minute_and_not_before(folder, databases, monkeypatch, capsys):
    """Given release 2 approved for 09:30, when `vru-etl publish --due` runs at 09:29 then at 09:30:05, then the first
    run publishes nothing and the second publishes it whole: live in both databases, release 1 superseded, its
    pending rows gone, and its pre-release access summarised for the public."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    execute(
        urls["internal"],
        "INSERT INTO release_previews (release_id, username, role, first_at, last_at, views) "
        "VALUES (2, 'analyst', 'analyst', '2026-12-07T09:30:00+00:00', '2026-12-07T10:00:00+00:00', 3)",
    )
    at(DUE - dt.timedelta(minutes=1), monkeypatch)
    assert main(["publish", "--due"]) == 0
    assert "Published" not in capsys.readouterr().out
    assert states(urls["public"]) == [(1, "published", True)]
    assert main(["publish", "--due"]) == 0
    assert "Nothing is due" in capsys.readouterr().out  # and a run with nothing new says so

    at(DUE + dt.timedelta(seconds=5), monkeypatch)
    pending_rows = published_rows(urls["pending"], 2)
    assert main(["publish", "--due"]) == 0
    assert "Published release 2" in capsys.readouterr().out
    for url in (urls["public"], urls["internal"]):
        assert states(url) == [(1, "superseded", False), (2, "published", True)]
    assert published_rows(urls["public"], 2) == pending_rows and published_rows(urls["pending"], 2) == 0
    (access,) = query(urls["public"], "SELECT pre_release_access FROM releases WHERE release_id = 2")[0]
    assert json.loads(access) == {"people": 1, "roles": {"analyst": 1}, "first_access_hours_before": 24.0}


def test_a_second_host_at_the_same_minute_has_nothing_to_do(folder, databases, monkeypatch):
    """Given one host publishing (it holds publication's lock), when another runs `publish --due`, then it exits 0
    saying so and changes nothing; the first publishes."""
    data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")} | {"VRU_DATA_DIR": str(data)}
    with due.publication_lock(databases):
        other = subprocess.run(
            [sys.executable, "-m", "etl.cli", "publish", "--due"], env=env, capture_output=True, text=True, timeout=120
        )
        assert other.returncode == 0, other.stderr
        assert "another host is publishing now; nothing to do" in other.stdout
        assert states(urls["public"]) == [(1, "published", True)]
        outcome = due.publish_due(databases, at=DUE + dt.timedelta(seconds=1))
    assert outcome.published == [2]


# ---------------------------------------------------------------------------- never half
def test_a_run_killed_while_copying_leaves_the_public_database_whole_and_the_next_run_publishes(folder):
    """Given release 2 approved and due, when `publish --due` is killed (SIGKILL) while writing the public database,
    then the public database still has release 1 alone, live, and release 2 stays approved; the next run
    publishes it."""
    data, urls = folder
    approve(urls["internal"], 2, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")} | {"VRU_DATA_DIR": str(data)}
    size = (data / "public.db").stat().st_size
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "publish", "--due"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (data / "public.db-journal").exists() and (data / "public.db").stat().st_size > size:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"not killed mid-copy: {proc.stdout.read().decode()[-2000:]}"
    assert states(urls["public"]) == [(1, "published", True)] and published_rows(urls["public"], 2) == 0
    assert states(urls["internal"])[-1] == (2, "approved", False)

    done = subprocess.run(
        [sys.executable, "-m", "etl.cli", "publish", "--due"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert states(urls["public"]) == [(1, "superseded", False), (2, "published", True)]


def test_a_run_stopped_between_the_two_databases_is_finished_by_the_next(folder, databases, monkeypatch):
    """Given a publication that committed the public database and stopped before the internal one, when the next
    run comes, then it finishes: the internal database says published, and the pending rows go."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)

    def stop(*_args, **_kwargs):
        raise KeyboardInterrupt  # the process stopped here

    monkeypatch.setattr(due, "mark_live", stop)
    with pytest.raises(KeyboardInterrupt):
        due.publish_due(databases, at=DUE)
    assert states(urls["public"])[-1] == (2, "published", True)
    assert states(urls["internal"])[-1] == (2, "approved", False)
    monkeypatch.undo()
    assert due.publish_due(databases, at=DUE).published == [2]
    assert states(urls["internal"]) == [(1, "superseded", False), (2, "published", True)]
    assert published_rows(urls["pending"], 2) == 0


@pytest.mark.parametrize("fault", ["unreachable", "refused"])
def test_a_public_database_that_fails_at_the_minute_leaves_the_release_approved_for_the_next_run(folder, fault):
    """Given release 2 due, when the public database cannot be reached (tried again, then given up) or refuses the
    rows, then nothing is published, the error says the release is still approved or the previous still live, and a
    run with the database back publishes it."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    if fault == "unreachable":
        broken = Databases.at(internal_url=urls["internal"], public_url=urls["public"])
        broken.public = sa.create_engine(
            "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
        )
        with pytest.raises(PublicationFailed, match=r"stays? approved"):
            due.publish_due(broken, at=DUE, wait_seconds=0)
    else:
        execute(
            urls["public"], "CREATE TRIGGER refuse BEFORE INSERT ON lcpf_summary BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        broken = Databases.at(internal_url=urls["internal"], public_url=urls["public"])
        with pytest.raises(LoadFailed, match="previous release is still live"):
            due.publish_due(broken, at=DUE, wait_seconds=0)
        execute(urls["public"], "DROP TRIGGER refuse")
    broken.dispose()
    assert states(urls["public"]) == [(1, "published", True)] and published_rows(urls["public"], 2) == 0
    assert states(urls["internal"])[-1] == (2, "approved", False)
    again = Databases.at(internal_url=urls["internal"], public_url=urls["public"])
    assert due.publish_due(again, at=DUE).published == [2]
    again.dispose()


def test_pending_tables_changed_after_approval_are_not_published(folder, databases):
    """Given release 2 approved, when one of its pending rows is changed afterwards, then it is not published: its
    digest is not the one approved."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    execute(urls["pending"], "UPDATE published_counts SET value = value + 5 WHERE release_id = 2 AND value = 100")
    with pytest.raises(PublicationFailed, match="not what was approved"):
        due.publish_due(databases, at=DUE)
    assert states(urls["public"]) == [(1, "published", True)] and published_rows(urls["public"], 2) == 0


def test_an_approved_release_older_than_the_live_one_is_set_aside(folder, databases):
    """Given release 2 approved but release 3 published first, when release 2's minute comes, then it is withdrawn
    unpublished, with the reason, rather than replace newer figures."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE + dt.timedelta(hours=1))
    execute(urls["public"], "UPDATE releases SET release_id = 3 WHERE release_id = 1")  # a newer live release
    outcome = due.publish_due(databases, at=DUE + dt.timedelta(hours=2))
    assert outcome.published == [] and outcome.set_aside[0][0] == 2
    assert states(urls["internal"])[-1] == (2, "withdrawn", False)


# ---------------------------------------------------------------------------- withdrawals and the calendar
def test_a_withdrawal_on_the_internal_site_takes_the_release_off_the_public_database(folder, databases):
    """Given release 2 published, when the internal site withdraws it, then the next run marks it withdrawn in the
    public database with the reason, deletes its rows there, and makes release 1 live again in both."""
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    due.publish_due(databases, at=DUE)
    execute(
        urls["internal"],
        "UPDATE releases SET state = 'withdrawn', withdrawn_at = '2026-12-08T11:00:00+00:00', "
        "withdrawal_reason = 'A provider''s return was counted twice' WHERE release_id = 2",
    )
    outcome = due.publish_due(databases, at=DUE + dt.timedelta(hours=2))
    assert outcome.withdrawn == [2]
    for url in (urls["public"], urls["internal"]):
        assert states(url) == [(1, "published", True), (2, "withdrawn", False)]
    assert query(urls["public"], "SELECT withdrawal_reason FROM releases WHERE release_id = 2") == [
        ("A provider's return was counted twice",)
    ]
    assert published_rows(urls["public"], 2) == 0 and published_rows(urls["internal"], 2) > 0
    assert due.publish_due(databases, at=DUE + dt.timedelta(hours=3)).withdrawn == []  # done once


def test_live_makes_an_earlier_release_live_and_withdraws_the_later_ones(folder, databases, capsys):
    _data, urls = folder
    approve(urls["internal"], 2, at=DUE)
    due.publish_due(databases, at=DUE)
    assert main(["live", "--release", "1", "--reason", "Counted a provider twice"]) == 0
    assert "Withdrawn: release 2" in capsys.readouterr().out
    for url in (urls["public"], urls["internal"]):
        assert states(url) == [(1, "published", True), (2, "withdrawn", False)]
    assert query(urls["public"], "SELECT withdrawal_reason FROM releases WHERE release_id = 2") == [
        ("Counted a provider twice",)
    ]
    assert main(["live", "--release", "2"]) == 6  # a withdrawn release cannot be made live
    assert "withdrawn" in capsys.readouterr().err


def test_the_calendar_is_copied_to_the_public_database_when_it_changes_and_only_then(folder, databases):
    _data, urls = folder
    execute(
        urls["internal"],
        "INSERT INTO release_calendar (entry_id, publish_at, description, status, release_id, sequence, announced_at, "
        "updated_at) VALUES ('e1', '2027-01-12T09:30:00+00:00', 'Q3 returns', 'announced', NULL, 0, "
        "'2026-12-01T10:00:00+00:00', '2026-12-01T10:00:00+00:00')",
    )
    assert due.publish_due(databases, at=DUE).calendar_synced
    assert not due.publish_due(databases, at=DUE).calendar_synced  # nothing new: nothing written
    execute(urls["internal"], "UPDATE release_calendar SET publish_at = '2027-01-13T09:30:00+00:00', sequence = 1")
    execute(
        urls["internal"],
        "INSERT INTO release_calendar_changes VALUES ('e1', '2026-12-02T10:00:00+00:00', '2027-01-12T09:30:00+00:00', "
        "'2027-01-13T09:30:00+00:00', 'Late returns from two providers')",
    )
    assert due.publish_due(databases, at=DUE).calendar_synced
    assert query(urls["public"], "SELECT publish_at, sequence FROM release_calendar") == [
        ("2027-01-13T09:30:00+00:00", 1)
    ]
    assert query(urls["public"], "SELECT reason FROM release_calendar_changes") == [
        ("Late returns from two providers",)
    ]


# ---------------------------------------------------------------------------- the demo, and PostgreSQL
def test_a_demo_run_publishes_at_once_and_leaves_an_announced_draft(small_extracts_master, data_dir, capsys):
    assert main(["run", "--input", str(small_extracts_master), "--demo", "--as-of", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "Release 1 is live" in out and "Release 2 waits as a draft" in out
    internal, public = f"sqlite:///{data_dir / 'internal.db'}", f"sqlite:///{data_dir / 'public.db'}"
    assert states(public) == [(1, "published", True)]
    assert states(internal) == [(1, "published", True), (2, "draft", False)]
    (entry,) = query(public, "SELECT status, description FROM release_calendar")
    assert entry[0] == "announced" and "Demonstration" in entry[1]


def test_publication_on_postgresql(pg_server, pg_release1, release_extracts, tmp_path, monkeypatch):
    """Given release 1 published on PostgreSQL and release 2 loaded as a draft, when it is approved and its minute
    comes, then it is published in both databases; withdrawn, it leaves the public schema's rows."""
    names = [
        pg_server.create_database("pub_int", template=pg_release1[0]),
        pg_server.create_database("pub_pub", template=pg_release1[1]),
    ]
    internal, public = pg_server.url(names[0]), pg_server.url(names[1])
    monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path))
    try:
        report = pipeline.run(
            release_extracts,
            demo=True,
            publish_now=False,
            internal_url=internal,
            public_url=public,
            as_of=dt.date(2026, 11, 22),
        )
        assert report.release_id == 2 and states(public) == [(1, "published", True)]
        dbs = Databases.at(internal_url=internal, public_url=public)
        approve(internal, 2, at=DUE)
        assert due.publish_due(dbs, at=DUE).published == [2]
        for url in (internal, public):
            assert states(url) == [(1, "superseded", False), (2, "published", True)]
        execute(internal, "UPDATE releases SET state = 'withdrawn', withdrawal_reason = 'wrong' WHERE release_id = 2")
        assert due.publish_due(dbs, at=DUE).withdrawn == [2]
        assert states(public) == [(1, "published", True), (2, "withdrawn", False)]
        assert published_rows(public, 2) == 0
        dbs.dispose()
    finally:
        for name in names:
            pg_server.drop_database(name)


def test_publication_keeps_a_lock_of_its_own(tmp_path, monkeypatch):
    """A run loading a draft holds the ETL's lock; publication takes its own, so a release due is not held up."""
    monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path))
    with (
        release_lock(tmp_path / "etl.lock", databases={}),
        due.publication_lock(
            Databases(
                internal=sa.create_engine("sqlite://"),
                pending=sa.create_engine("sqlite://"),
                public=sa.create_engine("sqlite://"),
            )
        ),
    ):
        pass
