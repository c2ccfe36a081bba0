"""deploy/nginx/: the shipped proxy configuration, run by Debian's nginx on loopback in front of gunicorn serving the
public dashboard (tests/support/nginx.py includes the shipped files as they are). A repeat request is a cache hit, a
burst of requests for a cold address reaches gunicorn once, a new release shows within max-age, and with gunicorn
stopped the pages are still served, stale.

The tests run in this order in one module: the fourth stops gunicorn. The last checks the configuration as an
operator installs it (deploy/nginx/vru-dashboard.conf)."""

from __future__ import annotations

import contextlib
import http.client
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import pipeline
from tests.support.extracts import AS_OF_DATE
from tests.support.nginx import DEPLOY, NGINX, Nginx
from tests.support.servers import gunicorn_server, server_env

MAX_AGE = 3  # seconds: VRU_CACHE_MAX_AGE of this site, short so that expiry can be waited for
# nginx's cache lock: a request waiting for another's answer looks again every 500 ms.
LOCK_POLL_SECONDS = 0.5
BURST = 50
CAMDEN = "E09000007"


@dataclass
class Site:
    base: str  # nginx
    app_base: str  # gunicorn, straight
    access_log: Path  # gunicorn's: one line per request that reached it, "METHOD PATH QUERY STATUS"
    public_db: Path
    stop_app: contextlib.ExitStack

    def get(self, path: str, *, headers: dict | None = None, base: str | None = None) -> tuple[int, dict, bytes]:
        host, port = (base or self.base).removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def reached_app(self, path: str, query: str = "") -> int:
        """Requests for `path` with `query` that gunicorn answered (its access log; "-" is no query)."""
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return sum(1 for line in lines if line.split(" ")[1:3] == [path, query or "-"])

    def make_live(self, release_id: int) -> None:
        engine = sa.create_engine(f"sqlite:///{self.public_db}")
        try:  # as a publication or a withdrawal leaves the public database: one release live
            with engine.begin() as conn:
                conn.execute(sa.text("UPDATE releases SET is_live = (release_id = :r)"), {"r": release_id})
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def site(small_release, small_extracts_master, tmp_path_factory):
    """Releases 1 and 2 of the small extracts (1 live), gunicorn on them with max-age MAX_AGE, nginx in front."""
    folder = tmp_path_factory.mktemp("nginx-site")
    for name in ("public.db", "internal.db"):
        shutil.copy(small_release / name, folder / name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(folder))  # the release lock
        pipeline.run(
            small_extracts_master,
            demo=True,
            as_of=AS_OF_DATE,
            internal_url=f"sqlite:///{folder / 'internal.db'}",
            public_url=f"sqlite:///{folder / 'public.db'}",
        )
    access_log = folder / "gunicorn-access.log"
    env = server_env(
        VRU_MODE="public",
        VRU_PUBLIC_DATABASE_URL=f"sqlite:///{folder / 'public.db'}",
        VRU_CACHE_MAX_AGE=str(MAX_AGE),
        VRU_CACHE_STALE_WHILE_REVALIDATE="0",
    )
    options = ("--access-logfile", str(access_log), "--access-logformat", "%(m)s %(U)s %(q)s %(s)s")
    with contextlib.ExitStack() as app:
        app_base = app.enter_context(gunicorn_server(env, folder / "gunicorn.log", workers=1, options=options))
        nginx = Nginx(folder=folder / "nginx", upstream=app_base.removeprefix("http://"))
        nginx.start()
        try:
            site = Site(nginx.base, app_base, access_log, folder / "public.db", app)
            site.make_live(1)
            yield site
        finally:
            nginx.stop()


def test_a_repeat_request_is_a_hit_and_tracking_parameters_share_it(site):
    """Given the proxy, when a page is asked for twice, then the second is served from the cache; an address with
    the tracking parameters a shared link brings is the same entry, and gunicorn never sees them."""
    first = site.get(f"/reach?borough={CAMDEN}")
    again = site.get(f"/reach?borough={CAMDEN}")
    shared = site.get(f"/reach?utm_source=news&borough={CAMDEN}&fbclid=IwAR0x&utm_medium=social")

    assert first[0] == again[0] == shared[0] == 200
    assert first[1]["x-cache-status"] == "MISS" and again[1]["x-cache-status"] == "HIT"
    assert shared[1]["x-cache-status"] == "HIT" and shared[2] == first[2]
    assert first[1]["cache-control"].startswith(f"public, max-age={MAX_AGE},") and first[1]["etag"]
    assert site.reached_app("/reach", f"borough={CAMDEN}") == 1
    assert not any("utm_" in line or "fbclid" in line for line in site.access_log.read_text().splitlines())
    # The reader's copy is current: 304, from nginx.
    unchanged = site.get(f"/reach?borough={CAMDEN}", headers={"If-None-Match": first[1]["etag"]})
    assert unchanged[0] == 304 and site.reached_app("/reach", f"borough={CAMDEN}") == 1


def test_a_burst_for_a_cold_address_reaches_gunicorn_once(site):
    """Given an address nobody has asked for, when 50 readers ask for it at once, then gunicorn draws it once and
    every reader gets it."""
    path, query = "/download/reach/reach-trend.csv", f"borough={CAMDEN}&period=2024-25"
    start = threading.Barrier(BURST)
    answers: list = []

    def reader():
        start.wait(timeout=30)
        answers.append(site.get(f"{path}?{query}"))

    readers = [threading.Thread(target=reader) for _ in range(BURST)]
    for t in readers:
        t.start()
    for t in readers:
        t.join(timeout=60)

    assert len(answers) == BURST and {status for status, _, _ in answers} == {200}
    assert len({body for _, _, body in answers}) == 1
    assert site.reached_app(path, query) == 1
    assert sorted(h["x-cache-status"] for _, h, _ in answers).count("MISS") == 1


def test_a_new_release_shows_within_max_age(site):
    """Given release 1 live and cached, when release 2 goes live, then the proxy serves release 2 within max-age
    (and the background refresh that follows it), with a new ETag, without anything being purged."""
    path = "/api/v1/counts?limit=1"
    _, before, _ = site.get(path)
    assert site.get(path)[1]["x-cache-status"] == "HIT" and before["x-release-id"] == "1"

    site.make_live(2)
    switched = time.monotonic()
    seen = None
    while time.monotonic() - switched < MAX_AGE + 5:
        _, headers, _ = site.get(path)
        if headers["x-release-id"] == "2":
            seen = time.monotonic() - switched
            break
        time.sleep(0.2)

    assert seen is not None, "release 2 did not show"
    assert seen <= MAX_AGE + 1.5  # expiry, then one request to start the refresh in the background
    assert headers["etag"] != before["etag"]


def test_with_gunicorn_stopped_pages_are_served_stale(site):
    """Given pages in the cache, when gunicorn stops and they expire, then nginx still serves them (stale) rather
    than an error; an address it never kept is a 502."""
    for path in ("/", "/about"):
        assert site.get(path)[0] == 200
    site.stop_app.close()
    time.sleep(MAX_AGE + 0.5)

    for path in ("/", "/about"):
        status, headers, body = site.get(path)
        assert status == 200 and headers["x-cache-status"] in ("STALE", "UPDATING") and b"<html" in body, path
    assert site.get("/kpis?period=2023-24")[0] == 502


def test_the_configuration_as_deployed_is_valid(tmp_path):
    """Given deploy/nginx/vru-dashboard.conf with its folders and certificate where this machine has them, then
    `nginx -t` accepts it: what an operator copies to /etc/nginx/ works as written."""
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    self_signed = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
    subprocess.run(
        [*self_signed, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (DEPLOY / "vru-dashboard.conf").read_text()
    for deployed, here in {
        "/etc/nginx/vru/": f"{DEPLOY}/",
        "/var/cache/nginx/vru": str(tmp_path / "cache"),
        "/etc/ssl/vru/fullchain.pem": str(cert),
        "/etc/ssl/vru/privkey.pem": str(key),
        "listen 443": "listen 127.0.0.1:8443",
        "listen 80": "listen 127.0.0.1:8080",
    }.items():
        assert deployed in site
        site = site.replace(deployed, here)
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n    access_log off;\n    proxy_temp_path {tmp_path / 'proxy_temp'};\n"
        f"    client_body_temp_path {tmp_path / 'client_body'};\n    include {tmp_path / 'site.conf'};\n}}\n"
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert check.returncode == 0, check.stderr
