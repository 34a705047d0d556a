"""The benches' HTTP load generator: asyncio with raw HTTP/1.1 keep-alive connections, spreading
requests round-robin over (host, path, headers) targets; per-request latencies, statuses, errors.

Used by bench/serve.py; a helper module (the leading underscore keeps `make bench` from running it).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time

# bench/serve.py's gunicorn port, unless a call names another.
DEFAULT_PORT = int(os.environ.get("BENCH_SERVE_PORT", "8017"))


class Connection:
    """One HTTP/1.1 keep-alive connection to the server on loopback."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None
        self.last_cache = ""
        self.last_etag = ""

    async def request(self, host: str, path: str, headers: str = "") -> int:
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                self.writer.write(
                    f"GET {path} HTTP/1.1\r\nHost: {host}:{self.port}\r\nAccept-Language: de\r\n{headers}\r\n".encode()
                )
                status, self.last_cache, self.last_etag = await self._response()
                return status
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, str, str]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip().lower()
        if "content-length" in fields:
            await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if fields.get("connection") == "close":
            self.close()
        return status, fields.get("x-page-cache", ""), fields.get("etag", "")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _load(targets, *, seconds: float | None, count: int | None, connections: int, port: int):
    latencies: list[float] = []
    errors = 0
    statuses: dict = {}
    stop = time.perf_counter() + seconds if seconds else None
    issued = itertools.count()

    async def worker():
        nonlocal errors
        conn = Connection(port)
        try:
            while True:
                if stop is not None and time.perf_counter() >= stop:
                    return
                index = next(issued)
                if count is not None and index >= count:
                    return
                host, path, headers = targets(index)
                started = time.perf_counter()
                try:
                    status = await conn.request(host, path, headers)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    conn.close()
                    continue
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                if conn.last_cache == "miss":
                    statuses["page-cache-miss"] = statuses.get("page-cache-miss", 0) + 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, time.perf_counter() - started, errors, statuses


def load(targets, *, seconds=None, count=None, connections=8, port=DEFAULT_PORT):
    return asyncio.run(_load(targets, seconds=seconds, count=count, connections=connections, port=port))
