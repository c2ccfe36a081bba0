"""The cache shared by every worker (dashboard/data/cache.py) on a real, throwaway Redis server.

Two apps in one process stand for two workers: each has its own in-process LRU, and
Redis is the only thing they share.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from dashboard.app import create_app
from dashboard.data import cache, release_context
from dashboard.exports import view_request
from dashboard.pages import lookups
from dashboard.settings import Settings
from etl import pipeline
from tests.support.servers import RedisServer


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_redis(redis_server) -> RedisServer:
    redis_server.client().flushall()
    return redis_server


def _app(url: str, redis_url: str | None, mode: str = "public", **settings):
    return create_app(settings=Settings(mode=mode, database_url=url, redis_url=redis_url, **settings))


def _charts(app, page_id: str, params: dict) -> dict:
    """The page's content built (as its layout does, through the cache) and its charts' views, by chart id."""
    with app.server.test_request_context("/"):
        page = lookups.by_id(page_id)
        ctx = release_context.for_request(params.get("release"))
        page.content_for(ctx, page.values(ctx, params))
        return {view.chart: view.record for view in view_request.views_of(page, params)}


def test_a_second_worker_gets_what_the_first_built_from_redis(small_release, fresh_redis):
    """Given two workers on one Redis, when the first builds a view, then the second reads it from Redis without
    a single cache miss (no query, no figure built) and gets the same charts."""
    url = f"sqlite:///{small_release / 'public.db'}"
    first, second = _app(url, fresh_redis.url), _app(url, fresh_redis.url)
    built = _charts(first, "reach", {"programme": "divert", "period": "2023-24"})
    assert fresh_redis.client().dbsize() > 0
    before = fresh_redis.stats()
    again = _charts(second, "reach", {"programme": "divert", "period": "2023-24"})
    after = fresh_redis.stats()
    assert after["keyspace_misses"] == before["keyspace_misses"]
    assert after["keyspace_hits"] > before["keyspace_hits"]
    assert built.keys() == again.keys()
    assert all(built[k].table.frame.equals(again[k].table.frame) for k in built)


def test_public_and_internal_apps_never_share_an_entry(small_release, fresh_redis, tmp_path):
    public = _app(f"sqlite:///{small_release / 'public.db'}", fresh_redis.url)
    _charts(public, "reach", {})
    public_keys = set(fresh_redis.client().keys("*"))
    internal = _app(
        f"sqlite:///{small_release / 'internal.db'}",
        fresh_redis.url,
        mode="internal",
        secret_key="x" * 64,
        auth_database_url=f"sqlite:///{tmp_path / 'auth.db'}",
    )
    _charts(internal, "reach", {})
    internal_keys = set(fresh_redis.client().keys("*")) - public_keys
    assert internal_keys and public_keys
    assert {k.split(b":")[1] for k in public_keys}.isdisjoint({k.split(b":")[1] for k in internal_keys})


def test_a_new_release_is_shown_by_every_worker_without_a_restart(
    small_extracts_master, fresh_redis, tmp_path, monkeypatch
):
    """Given two workers that have cached release 1, when the ETL makes release 2 live, then both show release 2 at
    once."""
    monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path))
    urls = {
        "internal_url": f"sqlite:///{tmp_path / 'internal.db'}",
        "public_url": f"sqlite:///{tmp_path / 'public.db'}",
    }
    pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    workers = [_app(urls["public_url"], fresh_redis.url) for _ in range(2)]
    for worker in workers:
        assert worker.server.test_client().get("/download/reach/reach-trend.csv").headers["X-Release-Id"] == "1"
    pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    for worker in workers:
        response = worker.server.test_client().get("/download/reach/reach-trend.csv")
        assert response.headers["X-Release-Id"] == "2"
        assert response.data.decode().splitlines()[1].endswith(",2,Open Government Licence v3.0")


def test_pages_are_served_while_redis_is_down_and_it_is_used_again_when_back(small_release, redis_server, monkeypatch):
    monkeypatch.setattr(cache, "RETRY_SECONDS", 0.2)
    app = _app(f"sqlite:///{small_release / 'public.db'}", redis_server.url)
    client = app.server.test_client()
    redis_server.stop()
    try:
        started = time.monotonic()
        assert client.get("/download/spend/spend-budget.csv").status_code == 200
        assert time.monotonic() - started < 5, "a dead Redis must not cost a connection timeout per query"
    finally:
        redis_server.start()
    time.sleep(0.3)
    assert client.get("/download/geography/geography-map.csv").status_code == 200
    assert redis_server.client().dbsize() > 0
