"""Sites on 127.0.0.1 for ``bench tray``, served by a process of their own that counts its answers.

``python -m bench.sites PORT_FILE TARGETS`` listens on a free port of 127.0.0.1, writes the
port to ``PORT_FILE`` once it listens, and serves until it is stopped:

- ``GET /SITE/api/v1/query?…``: a Prometheus answer of ``TARGETS`` ``probe_success`` series,
  every one 1 (up), for a source;
- ``GET /SITE/…``: ``200 OK`` and a short body, as a service that is up answers;
- ``GET /count/SITE``: how many answers ``SITE`` has been given, written in full, so far.

Every answer closes its connection: each check takes a fresh one. The bench gives each of the
programs it compares a site of its own (``/plain/0``, ``/trayapp/0``, …), so that counting the
answers proves how many checks fall inside a measured window. Served from a process of its
own, 1,000 checks a round take no time from the bench's own measurements: on a thread of the
bench they would hold its interpreter lock while it times the tray app's answers.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.desktop import running

__all__ = ["Sites", "count", "prometheus_answer", "serving"]

_UP = b"all is well\r\n"


def prometheus_answer(targets: int) -> bytes:
    """The body of a Prometheus ``/api/v1/query`` answer: ``targets`` series, all up."""
    result = [
        {
            "metric": {
                "__name__": "probe_success",
                "instance": f"https://target-{n:04}.example/",
                "job": "blackbox",
            },
            "value": [1763715600.0, "1"],
        }
        for n in range(targets)
    ]
    answer = {"status": "success", "data": {"resultType": "vector", "result": result}}
    return json.dumps(answer).encode()


def _response(body: bytes, kind: str = "text/plain") -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body


async def _serve(port_file: Path, targets: int) -> None:
    answered: collections.Counter[str] = collections.Counter()
    source = _response(prometheus_answer(targets), "application/json")
    up = _response(_UP)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode("ascii", "replace")
            site = path.split("/")[1]
            if site == "count":
                writer.write(_response(str(answered[path.split("/")[2]]).encode()))
                await writer.drain()
                return
            writer.write(source if "/api/v1/query" in path else up)
            await writer.drain()
            answered[site] += 1
        except (ConnectionError, asyncio.IncompleteReadError, IndexError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, backlog=2048)
    written = port_file.with_suffix(".partial")
    written.write_text(str(server.sockets[0].getsockname()[1]))
    written.replace(port_file)  # whole, or not there yet
    async with server:
        await server.serve_forever()


class Sites:
    """The running server, as the bench reaches it.

    Args:
        port: Where it listens, on 127.0.0.1.
    """

    def __init__(self, port: int) -> None:
        self.port = port

    def url(self, site: str, path: str = "") -> str:
        """The address of ``path`` on ``site``."""
        return f"http://127.0.0.1:{self.port}/{site}/{path}"

    async def answered(self, site: str) -> int:
        """How many answers ``site`` has been given so far."""
        return await count(self.port, site)

    async def until(self, site: str, answers: int, within: float, poll: float = 0.1) -> None:
        """Return once ``site`` has given at least ``answers`` answers.

        Raises:
            TimeoutError: It had not, ``within`` seconds from now.
        """
        deadline = time.perf_counter() + within
        while (given := await self.answered(site)) < answers:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{site}: {given} answers in {within:.0f} s, not {answers}")
            await asyncio.sleep(poll)


async def count(port: int, site: str) -> int:
    """Ask the server on ``port`` how many answers ``site`` has been given."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET /count/{site} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        answer = await reader.read()
    finally:
        writer.close()
    return int(answer.rsplit(b"\r\n\r\n", 1)[1])


@contextlib.contextmanager
def serving(folder: Path, targets: int, env: dict[str, str]) -> Iterator[Sites]:
    """The server running as a child process of this one, its files in ``folder``; stopped
    when the block ends.

    Raises:
        RuntimeError: It did not start listening within 30 seconds.
    """
    port_file = folder / "sites.port"
    command = [sys.executable, "-m", "bench.sites", str(port_file), str(targets)]
    with running(command, env, folder / "sites.log") as process:
        for _ in range(600):
            if port_file.exists() or process.poll() is not None:
                break
            time.sleep(0.05)  # a file another process writes: nothing to wait on instead
        if not port_file.exists():
            raise RuntimeError(f"the sites did not start (see {folder / 'sites.log'})")
        yield Sites(int(port_file.read_text()))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(Path(sys.argv[1]), int(sys.argv[2])))
