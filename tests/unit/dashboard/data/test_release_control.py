"""What an approver's form carries (dashboard/data/release_control.py): one token for what they read, whichever way it
was read, and another as soon as anything they read changes."""

from __future__ import annotations

import numpy as np

from dashboard.data.release_control import review_token

READ = {
    "content_digest": "ab12",
    "submitted_at": "2026-12-07T10:00:00+00:00",
    "submission_note": "Q3",
    "compared_with": 1,
}


def test_the_token_is_the_same_however_the_release_was_read():
    assert review_token(READ) == review_token(READ | {"compared_with": np.int64(1)})
    assert review_token(READ) == review_token(READ | {"compared_with": 1.0})
    assert review_token(READ | {"compared_with": None}) == review_token(READ | {"compared_with": float("nan")})


def test_the_token_changes_with_what_the_approver_read():
    for key, value in (
        ("content_digest", "cd34"),
        ("submitted_at", "2026-12-07T11:00:00+00:00"),
        ("submission_note", "Q3, corrected"),
        ("compared_with", 2),
    ):
        assert review_token(READ | {key: value}) != review_token(READ), key
