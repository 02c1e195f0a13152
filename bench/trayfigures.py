"""What ``bench tray`` measures, its goals, and the report of one run against them.

The programs compared, and how each figure is taken, are in :mod:`bench.tray`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

__all__ = [
    "CPU_RATIO_GOAL",
    "HELD_S",
    "INTERVAL_S",
    "MARGIN_PARTS",
    "MENU_GOAL_MS",
    "REGISTERED_GOAL_S",
    "RSS_MARGIN_MIB",
    "SCALE_SERVICES",
    "SCALE_TARGETS",
    "SERVICES",
    "STALL_GOAL_MS",
    "STARTS",
    "WINDOWS",
    "Figures",
    "Scale",
    "Window",
    "bursts",
    "margin_parts",
    "report",
]

SERVICES = 50
SCALE_SERVICES = 1000
SCALE_TARGETS = 500
INTERVAL_S = 60
HELD_S = 150.0
"""How long each long-running program runs before its RSS is read."""
STARTS = 5
WINDOWS = 6
"""How many rounds' CPU each long-running program is read over, one window a round."""

MARGIN_PARTS = 10
"""How many parts of trayapp's RSS margin are shown one by one."""
RSS_MARGIN_MIB = 35.0
"""Goal: trayapp's RSS at most the bare tray's and this."""
REGISTERED_GOAL_S = 0.4
"""Goal: trayapp's item registered within this of its start (median)."""
CPU_RATIO_GOAL = 1.5
"""Goal: trayapp's CPU for the same checks at most this times the plain loop's."""
MENU_GOAL_MS = 100.0
"""Goal: every opening of the menu at 1,000 services answered within this."""
STALL_GOAL_MS = 50.0
"""Goal: the GUI thread's slowest reply at 1,000 services at most this beyond the usual one."""


@dataclass(frozen=True)
class Window:
    """The CPU time of some processes over the rounds a program made between two readings."""

    seconds: float
    answers: tuple[int, int]
    """The site's answers so far at the first reading and at the last."""
    cpu: tuple[float, ...]
    """Each process's CPU seconds between the two readings."""

    @property
    def checks(self) -> int:
        """The checks the server answered in the window."""
        return self.answers[1] - self.answers[0]


@dataclass(frozen=True)
class Scale:
    """What the bench saw of trayapp with 1,000 services."""

    rss_mib: float
    rows: int
    menus_s: list[tuple[float, float]]
    """Each opening of the menu: (seconds after the start, reply time)."""
    first_round_s: list[float]
    """The replies to ``Status`` in its first round."""
    later_from: float
    """When its first round was over (and 6 s more), in seconds after its start."""
    later_s: list[tuple[float, float]]
    """The replies to ``Status`` after it: (seconds after the start, reply time)."""
    rounds: list[tuple[float, float]]
    """When its checks were answered: (first, last) of each burst, in seconds after its start."""


@dataclass(frozen=True)
class Figures:
    """Everything ``bench tray`` measured."""

    bare_starts: list[float]
    trayapp_starts: list[float]
    bare_rss: float
    trayapp_rss: float
    plain_rss: float
    """The plain loop's, for reference: what httpx, TLS and asyncio cost without Qt."""
    trayapp_windows: list[Window]
    """trayapp's CPU, then the bare tray's, over each of trayapp's rounds 2 to
    :data:`WINDOWS` + 1."""
    plain_windows: list[Window]
    scale: Scale
    busy: tuple[tuple[float, float], tuple[float, float]]
    """The share of the machine's CPU time busy, and busy with other programs than the
    bench's, during the start runs and during the runs side by side."""
    parts: tuple[dict[str, float], dict[str, float]] = ({}, {})
    """The bare tray's RSS and trayapp's, in MiB, by what backs it
    (:func:`bench.proc.parse_rss_parts`), read with :attr:`bare_rss` and :attr:`trayapp_rss`."""


def bursts(times: list[float], gap: float) -> list[tuple[float, float]]:
    """The bursts among ``times`` (in order): (first, last) of each run of times less than
    ``gap`` apart."""
    found: list[tuple[float, float]] = []
    for at in times:
        if found and at - found[-1][1] < gap:
            found[-1] = (found[-1][0], at)
        else:
            found.append((at, at))
    return found


def margin_parts(bare: dict[str, float], trayapp: dict[str, float]) -> list[str]:
    """Where trayapp's RSS beyond the bare tray's goes, by what backs it: the
    :data:`MARGIN_PARTS` largest differences, then the rest in one line; none without
    readings."""
    if not bare or not trayapp:
        return []
    names = set(bare) | set(trayapp)
    differences = sorted(
        ((trayapp.get(name, 0.0) - bare.get(name, 0.0), name) for name in names), reverse=True
    )
    said = [f"{more:+6.1f} MiB  {name}" for more, name in differences[:MARGIN_PARTS]]
    rest = differences[MARGIN_PARTS:]
    if rest:
        said.append(f"{sum(more for more, _ in rest):+6.1f} MiB  {len(rest)} others")
    return said


def _verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


def _times(values: list[float], unit: float = 1.0, digits: int = 2) -> str:
    return " ".join(f"{v * unit:.{digits}f}" for v in values)


def report(figures: Figures) -> bool:
    """Print every figure beside its goal; True when every goal is met."""
    met: list[bool] = []

    def line(text: str, goal: str = "", ok: bool | None = None) -> None:
        if ok is not None:
            met.append(ok)
            text += f" (goal {goal}): {_verdict(ok)}"
        print(f"  {text}")

    bare_start = statistics.median(figures.bare_starts)
    trayapp_start = statistics.median(figures.trayapp_starts)
    print(f"  start -> item registered on D-Bus, median of {STARTS} starts, each alone:")
    line(f"  bare PySide6 tray      {bare_start:.2f} s   ({_times(figures.bare_starts)})")
    line(
        f"  trayapp, {SERVICES} services  {trayapp_start:.2f} s   "
        f"({_times(figures.trayapp_starts)})",
        f"<= {REGISTERED_GOAL_S} s",
        trayapp_start <= REGISTERED_GOAL_S,
    )

    margin = figures.trayapp_rss - figures.bare_rss
    print(f"  RSS {HELD_S:.0f} s after start:")
    line(f"  bare PySide6 tray      {figures.bare_rss:.1f} MiB")
    line(f"  plain httpx loop       {figures.plain_rss:.1f} MiB, for reference (no Qt)")
    line(
        f"  trayapp, {SERVICES} services  {figures.trayapp_rss:.1f} MiB (bare {margin:+.1f})",
        f"<= bare + {RSS_MARGIN_MIB:.0f} MiB",
        margin <= RSS_MARGIN_MIB,
    )
    for said in margin_parts(*figures.parts):
        line(f"    {said}")

    ours, plain = figures.trayapp_windows, figures.plain_windows
    print(
        f"  CPU (user + system) of each round of {SERVICES} checks, each window from just after "
        f"a round to just after the next, rounds 2 to {WINDOWS + 1}, side by side:"
    )
    plain_cpu = [window.cpu[0] for window in plain]
    ours_cpu = [window.cpu[0] for window in ours]
    bare_cpu = [window.cpu[1] for window in ours]
    line(f"  plain httpx loop       {_times(plain_cpu, digits=3)} s")
    line(f"  bare PySide6 tray      {_times(bare_cpu, digits=3)} s   (in trayapp's windows)")
    line(f"  trayapp, {SERVICES} services  {_times(ours_cpu, digits=3)} s")
    ours_all, plain_all = sum(ours_cpu), sum(plain_cpu)
    ratio = ours_all / plain_all if plain_all else float("inf")
    line(
        f"  all {WINDOWS * SERVICES} checks: trayapp {ours_all:.3f} s, the loop {plain_all:.3f} s: "
        f"{ratio:.2f}x the loop",
        f"<= {CPU_RATIO_GOAL}x",
        ratio <= CPU_RATIO_GOAL,
    )
    plain_least, ours_least = min(plain_cpu), min(ours_cpu)
    paired = statistics.median(
        o / p if p else float("inf") for o, p in zip(ours_cpu, plain_cpu, strict=True)
    )
    line(
        f"  for reference: the least window of each {ours_least:.3f} against {plain_least:.3f} s, "
        f"{ours_least / plain_least if plain_least else float('inf'):.2f}x; the median of the "
        f"windows' ratios {paired:.2f}x"
    )
    aligned = [(n * SERVICES, (n + 1) * SERVICES) for n in range(1, WINDOWS + 1)]
    for name, windows in (("trayapp's", ours), ("the loop's", plain)):
        answers = [window.answers for window in windows]
        if answers != aligned:
            line(
                f"{name} windows began and ended after {answers} answers",
                f"{aligned}: each from after one round to after the next",
                False,
            )

    scale = figures.scale
    print(
        f"  trayapp with {SCALE_SERVICES:,} services and a source of {SCALE_TARGETS} targets "
        f"({scale.rows:,} entries in the menu's top level):"
    )
    rounds = ", ".join(f"{first:.0f}-{last:.0f}" for first, last in scale.rounds)
    line(f"  rounds' checks answered {rounds} s after start")
    line(f"  RSS {HELD_S:.0f} s after start  {scale.rss_mib:.1f} MiB")
    menu_median = statistics.median(took for _, took in scale.menus_s) * 1000
    menu_worst_at, menu_worst = max(scale.menus_s, key=lambda opening: opening[1])
    menu_worst *= 1000
    line(
        f"  menu opened (AboutToShow + GetLayout): median {menu_median:.0f} ms, worst "
        f"{menu_worst:.0f} ms at {menu_worst_at:.0f} s, of {len(scale.menus_s)}",
        f"< {MENU_GOAL_MS:.0f} ms",
        menu_worst < MENU_GOAL_MS,
    )
    usual = statistics.median(took for _, took in scale.later_s)
    worst_at, worst = max(scale.later_s, key=lambda sample: sample[1])
    stall = (worst - usual) * 1000
    line(
        f"  GUI stall over rounds 2 and 3 ({scale.later_from:.0f}-{HELD_S:.0f} s after start): "
        f"{stall:.0f} ms (slowest reply {worst * 1000:.1f} ms at {worst_at:.0f} s, usual "
        f"{usual * 1000:.1f} ms; {len(scale.later_s)} asked)",
        f"< {STALL_GOAL_MS:.0f} ms",
        stall < STALL_GOAL_MS,
    )
    if scale.first_round_s:
        first = (max(scale.first_round_s) - usual) * 1000
        line(
            f"  GUI stall in the first round, for reference: {first:.0f} ms "
            f"({len(scale.first_round_s)} asked)"
        )
    return all(met)
