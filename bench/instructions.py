"""``bench instructions``: what a check costs in instructions executed, layer by layer, against
plain httpx.

CPU time varies from run to run with what else the machine (or its virtual machine's host)
does: by 5 to 40 % on the 2-core machine CI runs on. The instructions a program executes do
not (two runs agree within 0.5 %), so a change of a few per cent in what a check costs shows
here when the CPU-time benchmarks (``probes``, ``watch``, ``tray``) cannot tell it from noise.
What instructions leave out is how long each one takes: cache misses, which cost a large
program more than a small one when its checks come in bursts a minute apart.

Each program runs under ``valgrind --tool=cachegrind --cache-sim=no`` twice, checking
:data:`FEW` then :data:`MANY` URLs of a server on 127.0.0.1 (in the bench's own process), 20 at
a time on fresh connections; the difference over the difference in checks is what one check
costs, start-up left out. The layers, each the one before and more:

- ``plain``: ``httpx.AsyncClient.get`` (the baseline);
- ``client``: trayapp's client (its router, TLS choice and pool transport; its backend, which
  resolves names itself and times the connection; its cookie policy);
- ``probe``: :class:`~trayapp.core.probes.http.HttpProbe` (the request built per check, the body
  read and decoded, the answer judged, the timings told);
- ``prober``: :class:`~trayapp.core.probes.prober.Prober` (its slots, the timeout, the result);
- ``check``: ``trayapp check --json`` (and the config file read and validated, a round per
  service judged, reported and written as JSON);
- ``watch``: ``trayapp watch --json`` with :data:`WATCHED` services every 2 s, for
  :data:`WATCH_FOR` seconds, then twice as long (and its rounds scheduled, judged, kept in its
  history and told as events); its checks are counted in its history.

Goals: ``watch`` within 1.3 times the baseline's instructions per check (the goal it has in
CPU time); ``trayapp check`` within 1.5 times (``probes``'s goal). Needs valgrind. Takes about
three minutes::

    .venv/bin/python -m bench instructions
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.probes import _direct_env, _server, _services

__all__ = ["LAYERS", "main", "parse_instructions", "per_check"]

FEW, MANY = 100, 300
"""How many URLs each program checks in its two runs."""
WATCHED = 100
WATCH_FOR = 15
"""Seconds of the shorter of ``watch``'s two runs."""
LAYERS = ("plain", "client", "probe", "prober", "check", "watch")
WATCH_GOAL = 1.3
CHECK_GOAL = 1.5

PROGRAM = """
import asyncio, sys
layer, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
urls = [f"http://127.0.0.1:{port}/service/{n}" for n in range(count)]

async def main():
    import httpx
    slots = asyncio.Semaphore(20)
    if layer == "plain":
        client = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0), timeout=10)

        async def one(url):
            async with slots:
                try:
                    return (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    return False

        return await asyncio.gather(*(one(url) for url in urls))
    from trayapp.core.clock import SystemClock
    from trayapp.core.config.checks import HttpCheck
    from trayapp.core.config.model import Config
    from trayapp.core.models import Status
    from trayapp.core.probes.backend import ResolvingBackend
    from trayapp.core.probes.http import HttpProbe
    from trayapp.core.probes.prober import Prober
    from trayapp.core.probes.resolver import SystemResolver
    from trayapp.core.probes.transport import build_client, system_ssl_context

    clock = SystemClock()
    config = Config.model_validate({"network": {"canaries": [], "proxy": "none"}})
    settings = config.defaults.settings()
    checks = [HttpCheck(url=url) for url in urls]
    if layer == "prober":
        async with Prober.from_config(config.network, {}, secrets=lambda *a: None) as prober:
            results = await asyncio.gather(*(prober.run(c, settings) for c in checks))
        return [result.status is Status.UP for result in results]
    backend = ResolvingBackend(SystemResolver(), monotonic=clock.monotonic)
    client = build_client(backend=backend, ssl_context=system_ssl_context, routes=None)
    probe = HttpProbe(client, clock)

    async def one(check):
        async with slots:
            if layer == "client":
                try:
                    return (await client.get(check.url, timeout=10)).status_code == 200
                except httpx.HTTPError:
                    return False
            found = await probe.run(check, settings, 10.0, None, keep_body=False)
            return found.cause is None

    return await asyncio.gather(*(one(check) for check in checks))

answered = asyncio.run(main())
if not all(answered):
    sys.exit(f"{answered.count(False)} of {len(answered)} checks failed")
"""
"""One layer's program: ``python -c PROGRAM LAYER PORT COUNT``; exits non-zero unless every
check succeeded, so that no figure is of failures."""

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def parse_instructions(report: str) -> int:
    """The instructions executed, from what cachegrind writes to stderr at the end.

    Raises:
        ValueError: ``report`` has no ``I refs:`` line.
    """
    found = _REFS.search(report)
    if found is None:
        raise ValueError("no 'I refs:' line in valgrind's report")
    return int(found.group(1).replace(",", ""))


def per_check(few: int, many: int, counts: tuple[int, int] = (FEW, MANY)) -> float:
    """What one check costs, from the instructions of a run of ``counts[0]`` checks (``few``)
    and one of ``counts[1]`` (``many``): start-up, the same in both, left out.

    Raises:
        ValueError: Both runs made as many checks.
    """
    if counts[1] == counts[0]:
        raise ValueError(f"both runs made {counts[0]} checks")
    return (many - few) / (counts[1] - counts[0])


def _counted(command: list[str]) -> int:
    valgrind = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    done = subprocess.run(
        [*valgrind, *command], env=_direct_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return parse_instructions(done.stderr)


def _trayapp(folder: Path, name: str, port: int, count: int, defaults: str = "") -> list[str]:
    """``trayapp`` with a config of ``count`` services on the server, and a data folder."""
    urls = [f"http://127.0.0.1:{port}/service/{n}" for n in range(count)]
    config = folder / f"{name}.toml"
    config.write_text(f"{defaults}[network]\ncanaries = []\nconcurrency = 20\n\n{_services(urls)}")
    data = folder / f"{name}-data"
    return [sys.executable, "-m", "trayapp", "--config", str(config), "--data-dir", str(data)]


def _run(layer: str, port: int, size: int, folder: Path) -> tuple[int, int]:
    """The instructions of one run of ``layer``, of ``size`` (checks, or ``watch``'s seconds),
    and the checks it made."""
    if layer == "check":
        return _counted([*_trayapp(folder, f"check-{size}", port, size), "check", "--json"]), size
    if layer != "watch":
        return _counted([sys.executable, "-c", PROGRAM, layer, str(port), str(size)]), size
    name = f"watch-{size}"
    trayapp = _trayapp(folder, name, port, WATCHED, '[defaults]\ninterval = "2s"\n\n')
    counted = _counted([*trayapp, "watch", "--json", "--for", f"{size}s"])
    with sqlite3.connect(folder / f"{name}-data" / "history.sqlite3") as history:
        checks = int(history.execute("SELECT count(*) FROM results").fetchone()[0])
    return counted, checks


def run() -> bool:
    """Run the benchmark, print its figures; True when both goals are met."""
    if shutil.which("valgrind") is None:
        print("instructions: needs valgrind (apt install valgrind)")
        return False
    costs: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, _server() as port:
        for layer in LAYERS:
            sizes = (WATCH_FOR, 2 * WATCH_FOR) if layer == "watch" else (FEW, MANY)
            (few, n_few), (many, n_many) = (_run(layer, port, n, Path(folder)) for n in sizes)
            costs[layer] = per_check(few, many, (n_few, n_many))
    base = costs["plain"]
    print("instructions: per check, the difference of two runs of each (valgrind, cachegrind)")
    for layer in LAYERS:
        print(f"  {layer:7s} {costs[layer] / 1e6:6.2f} million   {costs[layer] / base:.2f}x plain")
    watch_ok = costs["watch"] / base <= WATCH_GOAL
    check_ok = costs["check"] / base <= CHECK_GOAL
    print(f"  trayapp watch within {WATCH_GOAL}x plain: {'ok' if watch_ok else 'MISSED'}")
    print(f"  trayapp check within {CHECK_GOAL}x plain: {'ok' if check_ok else 'MISSED'}")
    return watch_ok and check_ok


def main() -> bool:
    """For ``python -m bench``."""
    return run()


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
