"""The public dashboard under gunicorn on a PostgreSQL database that may be down, and what a client sees of it."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from dashboard.ui import errors
from tests.support.servers import gunicorn_server, server_env

WORKERS = 2  # as the Procfile's default
PAGES = ("/", "/reach", "/kpis")
# A database that is down must be answered fast (dashboard/data/db.py: connect timeout 3 s), not
# after a worker timeout; generous for a loaded 2-core machine.
FAST_SECONDS = 5


# ---------------------------------------------------------------------------- HTTP
class Answer:
    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def ask(base: str, path: str, *, data: dict | None = None) -> Answer:
    """GET (or POST `data` as JSON) over HTTP; any status is an answer."""
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(
        base + path, data=body, headers={"Content-Type": "application/json"} if body else {}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return Answer(resp.status, resp.headers, resp.read(), time.monotonic() - started)
    except urllib.error.HTTPError as err:
        return Answer(err.code, err.headers, err.read(), time.monotonic() - started)


def ask_all(base: str, paths: list[str]) -> list[Answer]:
    """Several requests at once, so that both workers answer some."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(paths)) as pool:
        return list(pool.map(lambda p: ask(base, p), paths))


def reach_callback(base: str) -> dict:
    """The request the browser sends when the reach page's programme filter changes to DIVERT,
    built from /_dash-dependencies (which reads no database)."""
    deps = json.loads(ask(base, "/_dash-dependencies").body)
    dep = next(d for d in deps if any(f"{i['id']}.{i['property']}" == "reach-programme.value" for i in d["inputs"]))
    values = {"reach-area": "all", "reach-programme": "divert", "reach-period": "2023-24", "reach-borough": "all"}
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values[i["id"]]} for i in dep["inputs"]],
        "changedPropIds": ["reach-programme.value"],
        "state": [
            {"id": s["id"], "property": s["property"], "value": values.get(s["id"], "")} for s in dep.get("state", [])
        ],
    }


DOWNLOAD = "/download/reach/reach-gender.csv?programme=divert&period=2023-24"


@contextlib.contextmanager
def dashboard(database_url: str, log_path: Path) -> Iterator[str]:
    """The public dashboard on `database_url` under gunicorn (2 workers); its base URL once it
    answers /healthz at all (200 or 503: the database may be down)."""
    env = server_env(VRU_MODE="public", VRU_PUBLIC_DATABASE_URL=database_url, VRU_DATA_DIR=str(log_path.parent))
    with gunicorn_server(env, log_path, workers=WORKERS, wait_for_healthy=False) as base:
        yield base
    assert "Traceback" not in log_path.read_text(), log_path.read_text()[-4000:]


# ---------------------------------------------------------------------------- what a client sees
def assert_unavailable_page(answer: Answer) -> None:
    """The clear page: 503, Retry-After, in words, accessible, and no error detail."""
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert answer.headers["Content-Type"].startswith("text/html")
    assert '<html lang="en-GB">' in answer.text and "<title>Figures unavailable" in answer.text
    assert '<main id="main"' in answer.text and f"<h1>{errors.TITLE}</h1>" in answer.text
    assert "try again in a few minutes" in answer.text
    for leak in ("Traceback", "psycopg", "OperationalError", "127.0.0.1", "Connection refused"):
        assert leak not in answer.text
    assert answer.seconds < FAST_SECONDS


def assert_unavailable_message(answer: Answer) -> None:
    """Dash callbacks, downloads and /healthz: 503, Retry-After, one short line."""
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "unavailable" in answer.text and len(answer.text) < 200
    for leak in ("Traceback", "psycopg", "OperationalError", "127.0.0.1"):
        assert leak not in answer.text
    assert answer.seconds < FAST_SECONDS


def assert_everything_unavailable(base: str, callback: dict) -> None:
    for answer in ask_all(base, [*PAGES, *PAGES]):
        assert_unavailable_page(answer)
    assert_unavailable_message(ask(base, "/_dash-update-component", data=callback))
    assert_unavailable_message(ask(base, DOWNLOAD))
    health = ask(base, "/healthz")
    assert_unavailable_message(health)
    assert json.loads(health.body) == {"status": "unavailable", "error": "the database cannot be reached"}


def assert_everything_served(base: str, callback: dict) -> None:
    """Every page, twice at once (both workers), a callback, a download and /healthz: 200."""
    for answer in ask_all(base, [*PAGES, *PAGES]):
        assert answer.status == 200, answer.text[:500]
    answer = ask(base, "/_dash-update-component", data=callback)
    assert answer.status == 200 and "DIVERT" in answer.text, answer.text[:500]
    assert ask(base, DOWNLOAD).status == 200
    assert json.loads(ask(base, "/healthz").body)["status"] == "ok"
