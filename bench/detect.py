"""``python -m bench detect``: how soon ``trayapp watch`` tells that a service failed, or came back.

A server on 127.0.0.1 answers 50 services, each at ``/service/N``: ``200`` until its first
flip, ``503`` from then on, ``200`` again from its second flip. The flips fall at random
moments (a seeded generator: every run draws the same ones), once ``trayapp watch --json``
(a child process, its config the 50 services, no canaries: nothing leaves 127.0.0.1) has
called every service up. For each flip the bench takes the seconds to the line that says the
service's status changed (``status_changed``) and to the first ``notification`` that names
it, each timed when the line arrives, and prints their median, p95 and max against the bound
with the service's settings::

    interval + (failure_threshold - 1) * retry_after + timeout

Two runs:

- the defaults (interval 60 s, threshold 2, retry_after 5 s, timeout 10 s, coalesce 15 s:
  bound 75 s) scaled down ten times (interval 6 s, ...), its figures multiplied by ten again:
  what is not scaled (the monitor's 0.25 s timer grid, the time a round and a line take)
  counts ten times over here, a little against trayapp;
- a 10 s interval, every other default as it is (bound 25 s).

Goals: p95 of flip → status change within the bound in both runs; with the defaults, p95 of
flip → notification under 75 s.

Run::

    .venv/bin/python -m bench detect
"""

from __future__ import annotations

import asyncio
import json
import math
import queue
import random
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.probes import Handler, _direct_env, _server, _trayapp

__all__ = ["SERVICES", "Run", "main", "measure"]

SERVICES = 50
SEED = 2012


@dataclass(frozen=True)
class Run:
    """One configuration measured: its settings in seconds, and how much they are scaled."""

    name: str
    interval: float
    retry_after: float = 5.0
    timeout: float = 10.0
    failure_threshold: int = 2
    coalesce: float = 15.0
    settle: float = 2.0
    scale: float = 1.0
    """The settings are divided by this for the run, and the figures multiplied back."""
    notify_goal: float | None = None
    """Seconds under which p95 of flip → notification of a failure must be, if any."""

    @property
    def bound(self) -> float:
        """The detection bound, in the run's own (unscaled) seconds."""
        retry = min(self.retry_after, self.interval)
        return self.interval + (self.failure_threshold - 1) * retry + self.timeout

    def config(self, port: int) -> str:
        """The ``config.toml`` of this run: the 50 services, at the scaled settings."""
        s = self.scale
        services = "".join(
            f'[[services]]\nname = "s{i}"\nurl = "http://127.0.0.1:{port}/service/{i}"\n'
            for i in range(SERVICES)
        )
        return (
            "[defaults]\n"
            f'interval = "{_ms(self.interval / s)}"\n'
            f'retry_after = "{_ms(self.retry_after / s)}"\n'
            f'timeout = "{_ms(self.timeout / s)}"\n'
            f"failure_threshold = {self.failure_threshold}\n"
            "success_threshold = 2\n"
            # An answer slower than this is degraded: not what is measured here.
            'slow_after = "30s"\n\n'
            f'[notifications]\ncoalesce = "{_ms(self.coalesce / s)}"\n'
            f'settle = "{_ms(self.settle / s)}"\n\n'
            "[network]\ncanaries = []\n\n" + services
        )


RUNS = (
    Run("defaults ÷ 10", interval=60.0, scale=10.0, notify_goal=75.0),
    Run("interval 10 s", interval=10.0),
)


def _ms(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


@dataclass
class Flips:
    """When each service fails and comes back, in the bench's monotonic seconds; none until
    :meth:`arm` is called (every service answers then)."""

    down: dict[int, float] = field(default_factory=dict)
    up: dict[int, float] = field(default_factory=dict)

    def arm(self, run: Run, rng: random.Random) -> None:
        """Draw every service's flips from now on: down within three intervals, back up two
        to three intervals later (long enough for the failure to be confirmed)."""
        interval = run.interval / run.scale
        now = time.monotonic()
        for i in range(SERVICES):
            down = now + 1.0 + rng.uniform(0, 3 * interval)
            self.up[i] = down + rng.uniform(2 * interval, 3 * interval)
            self.down[i] = down

    def failing(self, service: int, now: float) -> bool:
        down, up = self.down.get(service), self.up.get(service)
        return down is not None and up is not None and down <= now < up


def _handler(flips: Flips) -> Handler:
    """The server's answer: 503 while a service is failing, else 200."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode()
            service = int(path.rsplit("/", 1)[1]) if path.startswith("/service/") else -1
            failing = flips.failing(service, time.monotonic())
            status = b"503 Service Unavailable" if failing else b"200 OK"
            writer.write(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\n"
                b"Content-Length: 2\r\nConnection: close\r\n\r\nok"
            )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            pass
        finally:
            writer.close()

    return answer


def _watch(run: Run, folder: Path, port: int) -> subprocess.Popen[str]:
    config = folder / "config.toml"
    config.write_text(run.config(port))
    argv = [*_trayapp(), "--config", str(config), "--data-dir", str(folder / "data")]
    return subprocess.Popen(
        [*argv, "watch", "--json"],
        env=_direct_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def measure(run: Run) -> dict[str, list[float]]:
    """Run ``trayapp watch`` through every service's flips; the seconds from each flip to
    the status change and to the notification, by ``down_status``, ``down_notice``,
    ``up_status``, ``up_notice`` (in the run's unscaled seconds)."""
    flips = Flips()
    lines: queue.Queue[tuple[float, dict[str, object]]] = queue.Queue()
    figures: dict[str, dict[int, float]] = {
        k: {} for k in ("down_status", "down_notice", "up_status", "up_notice")
    }
    with tempfile.TemporaryDirectory() as folder, _server(_handler(flips)) as port:
        watch = _watch(run, Path(folder), port)
        assert watch.stdout is not None
        out = watch.stdout

        def read() -> None:
            for line in out:
                lines.put((time.monotonic(), json.loads(line)))

        threading.Thread(target=read, daemon=True).start()
        try:
            up: set[str] = set()
            while len(up) < SERVICES:
                _, event = lines.get(timeout=60)
                if event["event"] == "status_changed" and event["to"] == "up":
                    up.add(str(event["service"]))
            flips.arm(run, random.Random(SEED))
            deadline = max(flips.up.values()) + 3 * (run.bound + run.coalesce) / run.scale
            while any(len(f) < SERVICES for f in figures.values()):
                wait = deadline - time.monotonic()
                if wait <= 0:
                    break
                try:
                    seen, event = lines.get(timeout=wait)
                except queue.Empty:
                    break
                _note(event, seen, flips, figures)
        finally:
            watch.terminate()
            watch.wait(timeout=30)
    return {k: [v * run.scale for v in f.values()] for k, f in figures.items()}


def _note(
    event: dict[str, object], seen: float, flips: Flips, figures: dict[str, dict[int, float]]
) -> None:
    """Take the seconds from a flip to ``event`` (seen at ``seen``) where it tells of one."""
    kind = event["event"]
    if kind == "status_changed":
        service = int(str(event["service"]).removeprefix("s"))
        direction = {"down": "down", "up": "up"}.get(str(event["to"]))
        if direction is not None:
            flipped = (flips.down if direction == "down" else flips.up)[service]
            if seen >= flipped:
                figures[f"{direction}_status"].setdefault(service, seen - flipped)
    elif kind == "notification":
        services = event.get("services") or []
        assert isinstance(services, list)
        for name in services:
            service = int(str(name).removeprefix("s"))
            for direction, flipped in (("down", flips.down), ("up", flips.up)):
                told = figures[f"{direction}_status"].get(service)
                if told is not None and seen - flipped[service] >= told:
                    figures[f"{direction}_notice"].setdefault(service, seen - flipped[service])


def _rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of them reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _line(label: str, values: list[float], bound: float) -> str:
    if not values:
        return f"    {label:24s} no sample"
    median, p95, top = _rank(values, 0.5), _rank(values, 0.95), max(values)
    return (
        f"    {label:24s} median {median:5.1f} s  p95 {p95:5.1f} s  max {top:5.1f} s  "
        f"(bound {bound:.0f} s; {sum(v <= bound for v in values)}/{len(values)} within)"
    )


def main() -> bool:
    """Measure both runs, print the figures; True when the goals are met."""
    met = True
    for run in RUNS:
        figures = measure(run)
        bound = run.bound
        scaled = f", figures ×{run.scale:g}" if run.scale != 1 else ""
        print(
            f"detect: {SERVICES} services, {run.name} (interval {run.interval:g} s, threshold "
            f"{run.failure_threshold}, retry_after {run.retry_after:g} s, timeout "
            f"{run.timeout:g} s, coalesce {run.coalesce:g} s, settle {run.settle:g} s{scaled})"
        )
        for direction, said in (("down", "fails"), ("up", "comes back")):
            status = figures[f"{direction}_status"]
            notice = figures[f"{direction}_notice"]
            print(f"  a service {said}:")
            print(_line("flip → status change", status, bound))
            print(_line("flip → notification", notice, bound))
            within = len(status) == SERVICES and _rank(status, 0.95) <= bound
            print(f"    p95 of flip → status change within the bound: {_ok(within)}")
            met &= within
            goal = run.notify_goal
            if direction == "down" and goal is not None:
                quick = len(notice) == SERVICES and _rank(notice, 0.95) < goal
                print(f"    p95 of flip → notification under {goal:.0f} s: {_ok(quick)}")
                met &= quick
    return met


def _ok(met: bool) -> str:
    return "ok" if met else "MISSED"


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
