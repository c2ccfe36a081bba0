"""The load generator of scripts/bench_spike.py: an open loop of HTTP/1.1 GETs at a fixed rate, on loopback.

Open loop: request i is due at start + i / rate, whatever the answers before it did, as readers arrive whether or not
the site keeps up. Latency is counted from when a request was due to its last byte, so a request the generator could
not send on time (no free connection, a busy event loop) counts against the latency, not out of it. Each process runs
one asyncio loop with kept-alive connections, opening more as requests overlap (up to `connections`); a GET whose
kept-alive connection was closed under it before any answer is sent again once on a new connection, as browsers do.

`run_step` runs in a process of its own (scripts/bench_spike.py starts one per --processes) and returns plain lists.
"""

from __future__ import annotations

import asyncio
import resource
import time
from dataclasses import dataclass

REQUEST_TIMEOUT_SECONDS = 10.0  # an answer slower than this is an error ("timeout")
USER_AGENT = "vru-bench-spike/1 (loopback load test)"
# What Chromium sends: the app (and the proxy's key) picks br.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
CACHE_STATUSES = ("HIT", "MISS", "EXPIRED", "STALE", "UPDATING", "REVALIDATED", "BYPASS", "-")


class EmptyAnswer(ConnectionError):
    """The connection closed before the first byte of an answer."""


@dataclass(frozen=True)
class Plan:
    """One step of one process: `paths[i]` (and `kinds[i]`) is due at `start + offsets[i]` (time.time() seconds)."""

    host: str
    port: int
    start: float
    offsets: list[float]
    paths: list[str]
    kinds: list[int]
    connections: int


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, dict, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    size = 0
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    elif "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif status not in (204, 304):
        size = len(await reader.read())  # until the server closes
        headers["connection"] = "close"
    return status, headers, size


class Client:
    """Kept-alive connections to one server, as many as requests overlap."""

    def __init__(self, host: str, port: int, connections: int):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(connections)
        self.retried = 0
        self.opened = 0

    async def get(self, path: str) -> tuple[int, dict, int]:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUser-Agent: {USER_AGENT}\r\n"
            f"Accept: */*\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n\r\n"
        ).encode("latin-1")
        async with self.slots:
            for attempt in (1, 2):
                reused = attempt == 1 and bool(self.idle)  # a request sent again goes on a new connection
                if reused:
                    reader, writer = self.idle.pop()
                else:
                    reader, writer = await asyncio.open_connection(self.host, self.port)
                    self.opened += 1
                try:
                    writer.write(request)
                    await writer.drain()
                    try:
                        answer = await _read_answer(reader)
                    except asyncio.IncompleteReadError as err:
                        if not err.partial:
                            raise EmptyAnswer() from err
                        raise
                except (EmptyAnswer, ConnectionResetError, BrokenPipeError):
                    writer.close()
                    if reused and attempt == 1:  # closed under us while idle: a browser sends it again
                        self.retried += 1
                        continue
                    raise
                except BaseException:
                    writer.close()
                    raise
                if answer[1].get("connection", "").lower() == "close":
                    writer.close()
                else:
                    self.idle.append((reader, writer))
                return answer
        raise AssertionError("unreachable")

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def _run(plan: Plan) -> dict:
    client = Client(plan.host, plan.port, plan.connections)
    n = len(plan.offsets)
    due, lateness, latency = [0.0] * n, [0.0] * n, [0.0] * n
    status: list[int | str] = [0] * n
    cache = [""] * n
    size = [0] * n
    tasks = []

    async def fire(i: int, due_at: float) -> None:
        try:
            code, headers, nbytes = await asyncio.wait_for(client.get(plan.paths[i]), REQUEST_TIMEOUT_SECONDS)
            status[i], cache[i], size[i] = code, headers.get("x-cache-status", "-"), nbytes
        except TimeoutError:
            status[i] = "timeout"
        except (OSError, asyncio.IncompleteReadError, ValueError) as err:
            status[i] = type(err).__name__
        latency[i] = time.time() - due_at

    for i in range(n):
        due_at = plan.start + plan.offsets[i]
        wait = due_at - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        due[i], lateness[i] = due_at, time.time() - due_at
        tasks.append(asyncio.create_task(fire(i, due_at)))
    sent_by = time.time()
    await asyncio.gather(*tasks)
    client.close()
    return {
        "due": due,
        "lateness": lateness,
        "latency": latency,
        "status": status,
        "cache": cache,
        "bytes": size,
        "kinds": plan.kinds,
        "sent_seconds": sent_by - plan.start,
        "retried": client.retried,
        "opened": client.opened,
    }


def run_step(plan: Plan) -> dict:
    """Run one process's share of a step; its results and the CPU seconds this process used."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, plan.connections + 256)), hard))
    before = resource.getrusage(resource.RUSAGE_SELF)
    out = asyncio.run(_run(plan))
    after = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_seconds"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return out
