"""Sign-in throttling (dashboard/access/throttle.py) on a small SQLite auth database, with no app: back-off per
failure, a clean slate after success, and the limits per address and for everyone."""

from __future__ import annotations

import pytest

from dashboard.access import throttle

ATTACKER, USER, PROXY = "198.51.100.7", "192.0.2.10", "10.0.0.2"


def test_backoff_doubles_per_failure(auth_store):
    t = 1_000_000.0
    waits = []
    for _ in range(throttle.MAX_FAILURES_PER_PAIR - 1):
        attempt_id = throttle.reserve(auth_store, username="director", client=ATTACKER, now=t)
        throttle.finish(auth_store, attempt_id=attempt_id, succeeded=False)
        with pytest.raises(throttle.SignInThrottled) as refused:
            throttle.reserve(auth_store, username="director", client=ATTACKER, now=t)
        waits.append(refused.value.wait_seconds)
        t += refused.value.wait_seconds
    assert waits == [throttle.BACKOFF_SECONDS * 2**i for i in range(len(waits))]


def test_success_clears_the_pairs_failures(auth_store, no_backoff):
    t = 1_000_000.0
    for _ in range(throttle.MAX_FAILURES_PER_PAIR - 1):
        throttle.finish(
            auth_store,
            attempt_id=throttle.reserve(auth_store, username="director", client=USER, now=t),
            succeeded=False,
        )
    throttle.finish(
        auth_store, attempt_id=throttle.reserve(auth_store, username="director", client=USER, now=t), succeeded=True
    )
    for _ in range(throttle.MAX_FAILURES_PER_PAIR):
        throttle.finish(
            auth_store,
            attempt_id=throttle.reserve(auth_store, username="director", client=USER, now=t),
            succeeded=False,
        )
    with pytest.raises(throttle.SignInThrottled):
        throttle.reserve(auth_store, username="director", client=USER, now=t)
    # The window passes: allowed again.
    throttle.reserve(auth_store, username="director", client=USER, now=t + throttle.FAILURE_WINDOW_SECONDS + 1)


def test_one_address_cannot_spray_many_usernames(auth_store, no_backoff):
    t = 1_000_000.0
    for i in range(throttle.MAX_FAILURES_PER_CLIENT):
        throttle.finish(
            auth_store,
            attempt_id=throttle.reserve(auth_store, username=f"user{i}", client=ATTACKER, now=t),
            succeeded=False,
        )
    with pytest.raises(throttle.SignInThrottled):
        throttle.reserve(auth_store, username="someone-else", client=ATTACKER, now=t)


def test_the_global_limit_stops_a_spread_out_attack_but_not_a_user_at_their_usual_address(
    auth_store, no_backoff, monkeypatch
):
    """Given a user who signed in from their address before, when failures from many addresses reach the global limit,
    then new pairs are refused and that user, at that address, is still let try."""
    monkeypatch.setattr(throttle, "MAX_FAILURES_GLOBAL", 12)
    t = 1_000_000.0
    throttle.finish(
        auth_store,
        attempt_id=throttle.reserve(auth_store, username="director", client=USER, now=t - 86_400),
        succeeded=True,
    )
    for i in range(12):
        throttle.finish(
            auth_store,
            attempt_id=throttle.reserve(auth_store, username="director", client=f"203.0.113.{i}", now=t),
            succeeded=False,
        )
    with pytest.raises(throttle.SignInThrottled):
        throttle.reserve(auth_store, username="director", client="203.0.113.200", now=t)
    throttle.reserve(auth_store, username="director", client=USER, now=t)
