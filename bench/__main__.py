"""``python -m bench [NAME...]``: run the named benchmarks, or all; exit 1 if one misses its goal.

Benchmarks: ``probes`` (``trayapp check`` against plain httpx, and ``trayapp --version``),
``watch`` (the monitor's CPU per check and memory over a minute), ``store`` (a year of history),
``tray`` (in a real tray session it starts: the tray app's memory, start and CPU per check
against a bare tray and a plain httpx loop, and its menu and GUI stalls at 1,000 services),
``incidents_window`` (opening the window over 10,000 incidents), ``menu`` (the tray menu with
1,000 services), ``sources`` (a Prometheus of 1000 targets read every second), ``network`` (how
soon ``watch`` tells a broken network and its return; needs root), ``detect`` (how soon
``watch`` tells a service failing or back, against the detection bound), ``instructions`` (what
a check costs in instructions executed, layer by layer, against plain httpx; needs valgrind).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from bench import (
    detect,
    incidents_window,
    instructions,
    menu,
    network,
    probes,
    sources,
    store,
    tray,
    watch,
)

BENCHMARKS: dict[str, Callable[[], bool]] = {
    "probes": probes.main,
    "watch": watch.main,
    "store": store.run,
    "tray": tray.main,
    "incidents_window": incidents_window.main,
    "menu": menu.main,
    "sources": sources.main,
    "network": network.main,
    "detect": detect.main,
    "instructions": instructions.main,
}


def run(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"no benchmark {', '.join(unknown)}; there are: {', '.join(BENCHMARKS)}")
        return 2
    results = [BENCHMARKS[name]() for name in names or BENCHMARKS]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
