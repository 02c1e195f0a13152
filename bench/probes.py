"""``trayapp check`` over 500 services against a plain httpx script, in the same run.

Both are child processes making the same 500 GETs to a server on 127.0.0.1, 20 at a time,
each on a fresh connection, reading each body. The wall time of each, start to exit, is
measured a few times, interleaved, and the medians compared. The goals:

- ``trayapp check``: at most 1.5 times the plain script's time;
- ``trayapp --version``: under 0.3 s.

The server runs on a thread of this process, which otherwise only waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

__all__ = ["main"]

SERVICES = 500
CONCURRENCY = 20
ROUNDS = 5
RATIO_GOAL = 1.5
VERSION_GOAL = 0.3

BASELINE = """
import asyncio, sys
import httpx

async def main(urls):
    limits = httpx.Limits(max_keepalive_connections=0)  # a fresh connection per request
    slots = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def get(url):
            async with slots:
                response = await client.get(url)
                return response.status_code
        codes = await asyncio.gather(*(get(url) for url in urls))
    assert all(code == 200 for code in codes), codes

asyncio.run(main(open(sys.argv[1]).read().split()))
""".replace("CONCURRENCY", str(CONCURRENCY))

_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
    b"Connection: close\r\n\r\nall is well\r\n"
)


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(_RESPONSE)
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.contextmanager
def _server(answer: Handler = _answer) -> Iterator[int]:
    """A server on 127.0.0.1 answering with ``answer``, on a thread of its own; its port."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    start = asyncio.start_server(answer, "127.0.0.1", 0, backlog=1024)
    server = asyncio.run_coroutine_threadsafe(start, loop).result()
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def _direct_env() -> dict[str, str]:
    """This process's environment without proxies: every request goes straight to 127.0.0.1."""
    return {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}


def _services(urls: list[str]) -> str:
    """A ``[[services]]`` table for each URL, named ``s0``, ``s1``, ..."""
    return "".join(f'[[services]]\nname = "s{i}"\nurl = "{u}"\n' for i, u in enumerate(urls))


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def _trayapp() -> list[str]:
    script = Path(sys.executable).with_name("trayapp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trayapp"]


def main() -> bool:
    """Run the benchmark, print its figures; True when both goals are met."""
    env = _direct_env()
    with tempfile.TemporaryDirectory() as folder, _server() as port:
        urls = [f"http://127.0.0.1:{port}/service/{i}" for i in range(SERVICES)]
        url_file = Path(folder, "urls.txt")
        url_file.write_text("\n".join(urls))
        config = Path(folder, "config.toml")
        config.write_text(
            f"[network]\ncanaries = []\nconcurrency = {CONCURRENCY}\n\n{_services(urls)}"
        )
        ours_command = [*_trayapp(), "--config", str(config), "check", "--json"]
        baseline_command = [sys.executable, "-c", BASELINE, str(url_file)]
        _timed(ours_command, env)  # warm the file cache for both
        _timed(baseline_command, env)
        ours, baseline = [], []
        for _ in range(ROUNDS):
            ours.append(_timed(ours_command, env))
            baseline.append(_timed(baseline_command, env))
        versions = [_timed([*_trayapp(), "--version"], env) for _ in range(10)]
    ours_median, base_median = statistics.median(ours), statistics.median(baseline)
    ratio = ours_median / base_median
    version = statistics.median(versions)
    print(f"probes: {SERVICES} services, {CONCURRENCY} at a time, fresh connections, {ROUNDS} runs")
    print(f"  trayapp check --json  median {ours_median:.3f} s  ({_runs(ours)})")
    print(f"  plain httpx script    median {base_median:.3f} s  ({_runs(baseline)})")
    ratio_ok = ratio <= RATIO_GOAL
    print(f"  ratio {ratio:.2f} (goal <= {RATIO_GOAL}): {'ok' if ratio_ok else 'MISSED'}")
    version_ok = version < VERSION_GOAL
    print(
        f"  trayapp --version     median {version:.3f} s (goal < {VERSION_GOAL} s): "
        f"{'ok' if version_ok else 'MISSED'}"
    )
    return ratio_ok and version_ok


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
