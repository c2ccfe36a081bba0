"""Token buckets per client address (dashboard/exports/render_budget.py), on a clock the test moves."""

from __future__ import annotations

import pytest

from dashboard.exports import render_budget


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_has_its_burst_then_its_rate():
    """Given a bucket of 3 refilled at one token every 2 s, when a client asks 4 times at once, then the fourth waits
    2 s; after 2 s it may go once more; another client has its own bucket."""
    clock = Clock()
    buckets = render_budget.TokenBuckets(burst=3, per_second=0.5, clock=clock)
    assert [buckets.take("10.0.0.1") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("10.0.0.1") == pytest.approx(2.0)
    assert buckets.take("10.0.0.2") == 0.0
    clock.now += 1.0
    assert buckets.take("10.0.0.1") == pytest.approx(1.0)  # a refused request takes nothing
    clock.now += 1.0
    assert buckets.take("10.0.0.1") == 0.0
    assert buckets.take("10.0.0.1") == pytest.approx(2.0)


def test_a_bucket_never_holds_more_than_its_burst():
    clock = Clock()
    buckets = render_budget.TokenBuckets(burst=2, per_second=1.0, clock=clock)
    buckets.take("a")
    clock.now += 3600
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


def test_only_so_many_clients_are_kept():
    """The least recently seen client is forgotten first (and starts again with a full bucket)."""
    buckets = render_budget.TokenBuckets(burst=1, per_second=0.001, clients=2, clock=Clock())
    for client in ("a", "b", "c"):
        assert buckets.take(client) == 0.0
    assert buckets.take("c") > 0 and buckets.take("b") > 0
    assert buckets.take("a") == 0.0


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # another address of the same /64: the same bucket
        ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 client on an IPv6 socket
        ("unknown", "unknown"),
        (None, "unknown"),
    ],
)
def test_a_client_is_its_address_or_its_ipv6_network(address, key):
    assert render_budget.client_key(address) == key
