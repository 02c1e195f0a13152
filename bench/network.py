"""``python -m bench network``: how soon ``trayapp watch`` tells a broken network, and its return.

Needs root (network namespaces): the network lab of the tests (tests/support/netlab) breaks a
fake internet four ways while a real ``trayapp watch`` runs inside it, with services checked
every 2 s and two failures to go down. For each fault it prints the seconds from breaking
the network to the ``network_changed`` event that names the fault, and from fixing it to
``network_changed`` back to ``online``. Goal: every fault told within 15 s, every return
within 15 s (the lookout's 10 s gap after its last look, plus a look).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tests.e2e.test_network_scenarios import FAULTS, PROXIED, write_config
from tests.support.netlab import NetLab, start_lab
from tests.support.netlab import unavailable as lab_unavailable

GOAL_S = 15.0


def _timed(lab: NetLab, folder: Path, fault: str) -> tuple[float, float]:
    apply, restore, status, _ = FAULTS[fault]
    env = None
    if fault == "proxy down":
        lab.proxy_required()
        env = PROXIED
    config = write_config(folder, network='interval = "3s"')
    argv = [sys.executable, "-m", "trayapp", "--config", str(config)]
    argv += ["--data-dir", str(folder / "data"), "watch", "--json"]
    watch = lab.popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    assert watch.stdout is not None
    lines = watch.stdout
    threading.Thread(target=lambda: [events.put(json.loads(x)) for x in lines], daemon=True).start()

    def seen(kind: str, **fields: str) -> float:
        while True:
            event = events.get(timeout=60)
            if event["event"] == kind and all(event.get(k) == v for k, v in fields.items()):
                return time.monotonic()

    try:
        for _ in range(2):
            seen("status_changed", to="up")
        broken = time.monotonic()
        apply(lab)
        found = seen("network_changed", to=status) - broken
        fixed = time.monotonic()
        restore(lab)
        back = seen("network_changed", to="online") - fixed
    finally:
        watch.terminate()
        watch.wait(timeout=10)
        lab.reset()
    return found, back


def main() -> bool:
    """Run every fault once; True when each is told and undone within the goal."""
    reason = lab_unavailable()
    if reason is not None:
        print(f"network: skipped ({reason})")
        return True
    met = True
    with tempfile.TemporaryDirectory() as folder, start_lab(Path(folder)) as lab:
        print(f"network: lab started in {lab.startup_seconds:.2f} s")
        for fault in FAULTS:
            place = Path(folder) / fault.replace(" ", "_")
            place.mkdir()
            found, back = _timed(lab, place, fault)
            ok = found <= GOAL_S and back <= GOAL_S
            met &= ok
            print(
                f"  {fault:15s} told after {found:5.1f} s, online again after {back:5.1f} s"
                f"{'' if ok else f'  (goal {GOAL_S:.0f} s)'}"
            )
    return met
