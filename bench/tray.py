"""``bench tray``: what the tray app costs, in a real tray, against a bare tray and a plain loop.

The bench starts a desktop session of its own, as the end-to-end tests do
(:func:`tests.support.desktop.start_session`): Xvfb, a private session bus,
``gtk-sni-tray-standalone --watcher`` as the StatusNotifierItem watcher and host, and dunst.
Every service is a site of a server on 127.0.0.1 that counts its answers, in a process of its
own (:mod:`bench.sites`). trayapp is the ``trayapp`` command of ``.venv-bench``, trayapp with
its runtime dependencies alone (:func:`_runtime_python`); the bare tray (PySide6's
``QSystemTrayIcon`` with a pixmap) and the plain loop (one ``httpx.AsyncClient``, a fresh
connection per check) run from the same Python (:mod:`bench.trayprograms`). Every service
is checked every 60 s; trayapp asks no canaries. Nothing leaves the loopback and the session,
and every process the bench starts is stopped before it ends.

1. **Start**, each program alone on the machine: from starting the process to the watcher's
   ``StatusNotifierItemRegistered`` for its item, as the host hears it (:mod:`bench.traybus`).
   One start of each first, not counted, then 5 of each, interleaved; the medians.
   Goal: trayapp, with 50 services, within 0.4 s.
2. **Side by side** for about 6 minutes: the bare tray, trayapp with 50 services, and from
   40 s after them the plain loop with the same 50 (so that its rounds fall between those of
   the two trayapps: a burst measured while another runs on the same CPUs and server is a
   burst of another cost).

   - RSS 150 s after each started. Goal: trayapp within the bare tray's + 35 MiB. The plain
     loop's is shown for reference: what httpx, TLS and asyncio cost a Python without Qt. Where
     trayapp's margin over the bare tray goes is shown by what backs it (``/proc/PID/smaps``):
     memory no file backs (Python's objects, the libraries' allocations), and each shared
     library's pages.
   - CPU time (user + system, every thread, to the nanosecond: each process's CPU clock, see
     :func:`bench.proc.cpu_seconds`) over each round of 50 checks from the second to the
     seventh (:data:`~bench.trayfigures.WINDOWS`): each window from 6 s after a round's last
     answer to 6 s after the next round's, ~60 s, idle time and heartbeats included
     (trayapp writes a round's results within 5 s of it). The server's counts at both ends
     prove each window held one round. The goal is told of the sum over the six windows: the
     CPU each program took for the same 300 checks, in the same minutes. The least window of
     each and the median of the windows' ratios are shown for reference, not judged: the
     plain loop's 50 checks come in one burst of ~50 ms, which what else the machine (or its
     host) does moves as a whole (its windows differ by up to 2x), while trayapp's come in
     a few slots a minute, which average it out, so the least of the loop's windows is a
     luckier minute than the least of trayapp's. Goal: trayapp within 1.5 times the plain
     loop.
3. **Scale**, from 20 s after the first two (so that its rounds fall between the others'):
   trayapp with 1,000 services and a Prometheus source of 500 targets. Its RSS 150 s after start
   (stated, no goal). From the end of its first round (its last answer, and 6 s), every 5 s, its
   menu is opened from outside as the host opens it: ``AboutToShow`` of the root, then
   ``GetLayout`` of the whole tree, timed to the reply's last byte; median and worst. Goal:
   under 100 ms. From its registration on, every 20 ms, ``Properties.Get`` of its ``Status``, a
   question its GUI thread answers at once unless busy: the stall is the slowest reply beyond
   the median one, over rounds 2 and 3 (the first round, when the menu is first built, is shown
   apart, for information); replies within 0.5 s of a menu opening are left out, that cost being
   the menu's figure. Goal: under 50 ms. When its checks were answered is shown too: a round of
   1,000 checks spreads over seconds, longer on a busy machine.

RSS is each process's own, so running side by side changes it little; the bursts of checks
whose CPU is compared are kept apart (see 2), and the start runs, timed by the clock, are
alone. The run takes about 7 minutes, the session's logs are kept if it fails, and the exit
status is 1 when a goal is missed::

    .venv/bin/python -m bench tray
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

from bench.probes import _direct_env
from bench.proc import cpu_seconds, family_cpu_seconds, machine_times, rss_mib, rss_parts
from bench.sites import Sites, serving
from bench.traybus import Item, TrayBus
from bench.trayfigures import (
    HELD_S,
    INTERVAL_S,
    SCALE_SERVICES,
    SCALE_TARGETS,
    SERVICES,
    STARTS,
    WINDOWS,
    Figures,
    Scale,
    Window,
    bursts,
    report,
)
from bench.trayprograms import Programs
from tests.support.desktop import missing_programs, running, start_session

__all__ = ["main"]

Rss = tuple[float, dict[str, float]]
"""A process's RSS in MiB, and the same by what backs it (:func:`bench.proc.rss_parts`)."""

SETTLE_S = 6.0
"""From a round's last answer to the reading of the CPU: longer than trayapp's 5 s heartbeat,
which writes the round's results."""
SCALE_DELAY_S = 20.0
PLAIN_DELAY_S = 40.0
"""When the plain loop starts, after trayapp: its rounds (every 60 s) then fall between
trayapp's (at 0 s) and those of trayapp at scale (from 20 s, for up to 15 s), so that neither
one's burst of checks is measured while the other's runs on the same CPUs and server."""
MENU_EVERY_S = 5.0
PROBE_EVERY_S = 0.02
AFTER_MENU_S = 0.5
WAIT_S = 3 * INTERVAL_S + 30.0
"""The longest the bench waits for a program's rounds before it gives up."""


def _runtime_python() -> str:
    """A Python with trayapp and its runtime dependencies only, as a user installs it.

    The development environment also holds the test tools, some of which (click, rich,
    pygments) httpx imports when present: measured there, trayapp would look ~15 MiB larger
    than it is. The environment is made once in ``.venv-bench`` and kept.
    """
    root = Path(__file__).resolve().parents[1]
    venv = root / ".venv-bench"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    requirements = root / "packaging" / "requirements.txt"  # uv.lock's runtime packages
    sources = [root / "pyproject.toml", requirements, *sorted((root / "trayapp").rglob("*.py"))]
    newest = max(path.stat().st_mtime for path in sources)
    if not stamp.exists() or stamp.stat().st_mtime < newest:
        print("bench: installing trayapp into .venv-bench (runtime dependencies only)...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--require-hashes", "-r", str(requirements)], check=True)
        with tempfile.TemporaryDirectory() as dist:  # built by the locked hatchling
            build = [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", dist]
            subprocess.run(build, cwd=root, check=True, stdout=subprocess.DEVNULL)
            # The version stays 0.1.0 from commit to commit: without --force-reinstall pip
            # would find it "already satisfied" and keep the trayapp of the first install.
            wheels = map(str, Path(dist).glob("*.whl"))
            subprocess.run([*pip, "--no-deps", "--force-reinstall", *wheels], check=True)
        stamp.touch()
    return str(python)


async def _started(bus: TrayBus, programs: Programs, name: str, command: list[str]) -> float:
    """Start ``command`` alone; seconds until its tray item is registered. It is stopped
    after, and the machine left to settle."""
    began = time.perf_counter()
    with running(command, programs.env(name), programs.log(name)) as process:
        registered, _ = await bus.registration(process.pid)
    await asyncio.sleep(0.5)
    return registered - began


async def _start_times(bus: TrayBus, programs: Programs) -> tuple[list[float], list[float]]:
    """The bare tray's and trayapp's times to registration, :data:`STARTS` of each."""
    bare = programs.bare()
    trayapp = programs.trayapp("start", "start", SERVICES)
    await _started(bus, programs, "start-bare", bare)  # caches filled, files written
    await _started(bus, programs, "start", trayapp)
    bare_times, trayapp_times = [], []
    for _ in range(STARTS):
        bare_times.append(await _started(bus, programs, "start-bare", bare))
        trayapp_times.append(await _started(bus, programs, "start", trayapp))
    return bare_times, trayapp_times


async def _cpu_windows(sites: Sites, site: str, pids: list[int], per_round: int) -> list[Window]:
    """The CPU time of ``pids`` over each of the rounds of checks on ``site`` from the second
    to the :data:`WINDOWS` + 1th: each window from just after a round to just after the next."""

    async def reading(rounds: int) -> tuple[float, int, list[float]]:
        await sites.until(site, rounds * per_round, within=WAIT_S)
        await asyncio.sleep(SETTLE_S)
        return time.perf_counter(), await sites.answered(site), [cpu_seconds(p) for p in pids]

    windows: list[Window] = []
    began, first, before = await reading(1)
    for rounds in range(2, WINDOWS + 2):
        ended, last, after = await reading(rounds)
        spent = tuple(b - a for a, b in zip(before, after, strict=True))
        windows.append(Window(ended - began, (first, last), spent))
        began, first, before = ended, last, after
    return windows


async def _rss_at(pid: int, when: float) -> tuple[float, dict[str, float]]:
    """Process ``pid``'s RSS at ``when`` (``time.perf_counter()``), and by what backs it."""
    await asyncio.sleep(max(0.0, when - time.perf_counter()))
    return rss_mib(pid), rss_parts(pid)


async def _watch_gui(
    bus: TrayBus, item: Item, steady: asyncio.Event, until: float
) -> tuple[list[float], list[tuple[float, float]], list[tuple[float, float]]]:
    """Ask ``item`` its status every :data:`PROBE_EVERY_S` until ``until``; once ``steady``
    is set, open its menu every :data:`MENU_EVERY_S` instead of one of those questions.

    Returns:
        The replies' times before ``steady``; after it, with when each was asked; and the
        menu openings' times, with when each began.
    """
    first: list[float] = []
    later: list[tuple[float, float]] = []
    menus: list[tuple[float, float]] = []
    next_menu: float | None = None
    quiet_until = 0.0
    while (now := time.perf_counter()) < until:
        if steady.is_set() and next_menu is None:
            next_menu = now
        if next_menu is not None and now >= next_menu:
            menus.append((now, await bus.open_menu(item)))
            next_menu += MENU_EVERY_S
            quiet_until = time.perf_counter() + AFTER_MENU_S
            continue
        took = await bus.status(item)
        if now >= quiet_until:
            if steady.is_set():
                later.append((now, took))
            else:
                first.append(took)
        await asyncio.sleep(max(0.0, PROBE_EVERY_S - (time.perf_counter() - now)))
    return first, later, menus


async def _answered_at(sites: Sites, site: str, began: float, until: float) -> list[float]:
    """When ``site``'s count of answers grew, looked at every half second from ``began`` to
    ``until``: seconds after ``began``."""
    times: list[float] = []
    seen = 0
    while (now := time.perf_counter()) < until:
        if (answers := await sites.answered(site)) > seen:
            times.append(now - began)
            seen = answers
        await asyncio.sleep(0.5)
    return times


async def _scale(bus: TrayBus, sites: Sites, pid: int, began: float) -> Scale:
    """Watch trayapp with 1,000 services (process ``pid``, started at ``began``) for
    :data:`HELD_S` seconds."""
    _, item = await bus.registration(pid)
    steady = asyncio.Event()
    watching = asyncio.create_task(_watch_gui(bus, item, steady, began + HELD_S))
    answered = asyncio.create_task(_answered_at(sites, "scale", began, began + HELD_S))
    await sites.until("scale", SCALE_SERVICES, within=WAIT_S)
    await sites.until("source", 1, within=WAIT_S)
    await asyncio.sleep(SETTLE_S)
    steady.set()
    later_from = time.perf_counter() - began
    first, later, menus = await watching
    rss = rss_mib(pid)
    rows = await bus.menu_entries(item)
    return Scale(
        rss,
        rows,
        [(at - began, took) for at, took in menus],
        first,
        later_from,
        [(at - began, took) for at, took in later],
        bursts(await answered, gap=5.0),
    )


async def _side_by_side(
    bus: TrayBus, programs: Programs
) -> tuple[tuple[Rss, Rss, Rss], list[Window], list[Window], Scale]:
    """The long runs: the bare tray, trayapp and the plain loop, then trayapp at scale."""
    sites = programs.sites
    with contextlib.ExitStack() as stack:
        processes: dict[str, subprocess.Popen[bytes]] = {}

        def start(name: str, command: list[str]) -> tuple[int, float]:
            began = time.perf_counter()
            processes[name] = stack.enter_context(
                running(command, programs.env(name), programs.log(name))
            )
            return processes[name].pid, began

        bare, bare_began = start("bare", programs.bare())
        trayapp, trayapp_began = start("trayapp", programs.trayapp("trayapp", "trayapp", SERVICES))
        tasks = (
            _rss_at(bare, bare_began + HELD_S),
            _rss_at(trayapp, trayapp_began + HELD_S),
            _cpu_windows(sites, "trayapp", [trayapp, bare], SERVICES),
            _delayed_plain(
                sites, start, programs.plain("plain", SERVICES), bare_began + PLAIN_DELAY_S
            ),
            _delayed_scale(bus, programs, start, bare_began + SCALE_DELAY_S),
        )
        running_tasks = [asyncio.create_task(task) for task in tasks]
        failure: BaseException | None = None
        try:
            await bus.registration(bare)  # both in the tray
            await bus.registration(trayapp)
            figures = await asyncio.gather(*running_tasks)
        except (OSError, EOFError, ValueError, RuntimeError) as error:  # what a dead one causes
            failure = error
        ended = [name for name, process in processes.items() if process.poll() is not None]
        if ended:  # a figure read after its end is another process's, or none
            raise RuntimeError(f"ended before they were measured: {', '.join(ended)}") from failure
        if failure is not None:
            raise failure
    bare_rss, trayapp_rss, trayapp_window, plain, scale = figures
    plain_rss, plain_window = cast(tuple[Rss, Window], plain)
    rss = cast(tuple[Rss, Rss, Rss], (bare_rss, trayapp_rss, plain_rss))
    return rss, cast(Window, trayapp_window), plain_window, cast(Scale, scale)


async def _delayed_plain(
    sites: Sites,
    start: Callable[[str, list[str]], tuple[int, float]],
    command: list[str],
    when: float,
) -> tuple[Rss, list[Window]]:
    """The plain loop (``command``), started at ``when``: its RSS :data:`HELD_S` after, and
    its CPU windows."""
    await asyncio.sleep(max(0.0, when - time.perf_counter()))
    pid, began = start("plain", command)
    windows, rss = await asyncio.gather(
        _cpu_windows(sites, "plain", [pid], SERVICES), _rss_at(pid, began + HELD_S)
    )
    return rss, windows


async def _delayed_scale(
    bus: TrayBus,
    programs: Programs,
    start: Callable[[str, list[str]], tuple[int, float]],
    when: float,
) -> Scale:
    await asyncio.sleep(max(0.0, when - time.perf_counter()))
    command = programs.trayapp("scale", "scale", SCALE_SERVICES, SCALE_TARGETS)
    pid, began = start("scale", command)
    return await _scale(bus, programs.sites, pid, began)


async def _measure(programs: Programs) -> Figures:
    bus = await TrayBus.connect(programs.session.env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        before = _machine()
        bare_starts, trayapp_starts = await _start_times(bus, programs)
        between = _machine()
        (bare, trayapp, plain), trayapp_windows, plain_windows, scale = await _side_by_side(
            bus, programs
        )
        after = _machine()
    finally:
        bus.close()
    return Figures(
        bare_starts,
        trayapp_starts,
        bare[0],
        trayapp[0],
        plain[0],
        trayapp_windows,
        plain_windows,
        scale,
        busy=(_busy(before, between), _busy(between, after)),
        parts=(bare[1], trayapp[1]),
    )


def _machine() -> tuple[float, float, float]:
    """The machine's CPU seconds busy and in all (every CPU's), and the bench's own with every
    program it started, so far."""
    busy, total = machine_times()
    ticks = os.sysconf("SC_CLK_TCK")  # /proc/stat's unit too
    return busy / ticks, total / ticks, family_cpu_seconds(os.getpid())


def _busy(
    before: tuple[float, float, float], after: tuple[float, float, float]
) -> tuple[float, float]:
    """The share of the machine's CPU time that was busy between two readings, and the share
    busy with other programs than the bench's."""
    busy, total, ours = (b - a for a, b in zip(before, after, strict=True))
    total = max(total, 1e-9)
    return busy / total, max(0.0, busy - ours) / total


def main() -> bool:
    """Run the benchmark, print its figures; True when every goal is met."""
    missing = missing_programs()
    if missing:
        print(f"tray: skipped (no desktop session here: missing {', '.join(missing)})")
        return True
    python = _runtime_python()
    load = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="bench-tray-"))
    began = time.monotonic()
    try:
        with (
            start_session(folder / "session") as session,
            serving(folder, SCALE_TARGETS, _direct_env()) as sites,
        ):
            programs = Programs(session, python, folder, sites, INTERVAL_S)
            figures = asyncio.run(_measure(programs))
    except BaseException:
        print(f"tray: failed; the logs are in {folder}", file=sys.stderr)
        raise
    shutil.rmtree(folder)
    print(
        f"tray: in a real SNI session (Xvfb, gtk-sni-tray-standalone, dunst); trayapp of "
        f".venv-bench; every service checked every {INTERVAL_S} s on 127.0.0.1, no canaries"
    )
    (starts, starts_others), (long, long_others) = figures.busy
    print(
        f"  {time.monotonic() - began:.0f} s on {os.cpu_count()} CPUs, load average "
        f"{load[0]:.2f} before and {os.getloadavg()[0]:.2f} after; the CPUs were busy "
        f"{starts:.0%} of the start runs ({starts_others:.0%} with other programs than the "
        f"bench's), {long:.0%} of the runs side by side ({long_others:.0%})"
    )
    return report(figures)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
