"""Costly files made a bounded number at a time (dashboard/data/built_files.py), outside any app (no cache levels)."""

from __future__ import annotations

import threading

import pytest

from dashboard.data import built_files


def test_a_file_is_made_and_timed():
    builds = built_files.Builds("test", at_once=1, retry_after=3)
    built = builds.get((1, "a"), lambda: b"file")
    assert built.body == b"file" and not built.cached and built.seconds >= 0 and builds.made == 1


def test_beyond_the_bound_a_request_is_refused_at_once_not_queued():
    """Given a worker making as many files as it may, when another is asked for, then Busy says when to ask again;
    once the slot is free, the next is made."""
    builds = built_files.Builds("test", at_once=1, retry_after=3)
    making, finish = threading.Event(), threading.Event()

    def slow() -> bytes:
        making.set()
        finish.wait(10)
        return b"slow"

    worker = threading.Thread(target=builds.get, args=((1, "a"), slow))
    worker.start()
    assert making.wait(10)
    with pytest.raises(built_files.Busy) as refused:
        builds.get((1, "b"), lambda: b"other")
    assert refused.value.retry_after == 3
    finish.set()
    worker.join(10)
    assert builds.get((1, "b"), lambda: b"other").body == b"other" and builds.made == 2


def test_a_failed_make_frees_its_slot():
    builds = built_files.Builds("test", at_once=1, retry_after=3)

    def broken() -> bytes:
        raise OSError("no Pango")

    with pytest.raises(OSError, match="no Pango"):
        builds.get((1, "a"), broken)
    assert builds.get((1, "a"), lambda: b"file").body == b"file"
