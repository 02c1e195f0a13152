"""The tray menu with 1,000 services: opening it is quick, costs no memory, never stalls.

trayapp's menu (500 services of the user's and a source's 500 targets) is shown from
snapshots as the tray shows it, then opened and closed again and again. Beside it, in the same
run, the baseline: a bare Qt menu with the same 1,000 rows made once. Figures:

- the first snapshot: how long until every row is there, and the longest single pass of the
  event loop on the way (the GUI thread's stall; goal < 50 ms);
- a snapshot in which 50 services changed: its longest pass;
- opening the menu, median of the runs, against the bare menu (goal < 100 ms);
- the menus and memory over ten more openings, after the first has laid the menu out (goal:
  no new menu, no growth beyond 1 MiB).

Runs on the offscreen platform unless ``QT_QPA_PLATFORM`` says otherwise::

    .venv/bin/python -m bench.menu
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime

__all__ = ["main"]

SERVICES = 500
TARGETS = 500
OPENINGS = 10
STALL_GOAL_MS = 50.0
OPEN_GOAL_MS = 100.0
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _snapshot(changed: int = 0) -> object:
    from trayapp.core.models import Cause, Status, TrayStatus
    from trayapp.core.monitor import MonitorSnapshot, ServiceView
    from trayapp.core.network import NetworkStatus

    def view(name: str, source: str = "") -> ServiceView:
        return ServiceView(
            name=name,
            status=Status.UP,
            since=NOW,
            cause=None,
            detail="HTTP 200 OK",
            last_checked=NOW,
            last_elapsed_ms=12.0,
            paused_until=None,
            url=f"https://{name.replace('/', '-')}.example/",
            status_page=None,
            incident_id=None,
            source=source,
        )

    views = [view(f"service-{n:04}") for n in range(SERVICES)]
    views += [view(f"prometheus/target-{n:04}", "prometheus") for n in range(TARGETS)]
    views.append(view("prometheus", "prometheus"))
    for n in range(changed):
        views[n * 10] = replace(views[n * 10], status=Status.DOWN, cause=Cause.REFUSED)
    return MonitorSnapshot(NOW, TrayStatus.UP, NetworkStatus.ONLINE, tuple(views))


def _rows(menu: object) -> int:
    """Rows with a submenu in ``menu`` and in the submenus of its sources' entries."""
    count = 0
    for action in menu.actions():
        sub = action.menu()
        if sub is not None:
            count += 1
            count += sum(1 for inner in sub.actions() if inner.menu() is not None)
    return count


def _passes(apply: object, menu: object, rows: int) -> tuple[float, float]:
    """Run ``apply``, then the event loop until ``menu`` has ``rows`` rows: (total ms, the
    longest pass in ms)."""
    from PySide6.QtCore import QCoreApplication

    began = time.perf_counter()
    apply()
    longest = (time.perf_counter() - began) * 1000
    for _ in range(10_000):
        if _rows(menu) >= rows:
            break
        step = time.perf_counter()
        QCoreApplication.processEvents()
        longest = max(longest, (time.perf_counter() - step) * 1000)
    for _ in range(5):  # what is left of the last snapshot's passes
        step = time.perf_counter()
        QCoreApplication.processEvents()
        longest = max(longest, (time.perf_counter() - step) * 1000)
    return (time.perf_counter() - began) * 1000, longest


def _open_ms(menu: object) -> float:
    from PySide6.QtCore import QCoreApplication, QPoint

    began = time.perf_counter()
    menu.popup(QPoint(0, 0))
    QCoreApplication.processEvents()
    opened = (time.perf_counter() - began) * 1000
    menu.hide()
    QCoreApplication.processEvents()
    return opened


def main() -> bool:
    """Run the benchmark, print its figures; True when every goal is met."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMenu

    def quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # The offscreen platform has no keyboard to grab for a popup, and says so each time.
        if "does not support grabbing the keyboard" not in message and "raise()" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)

    from trayapp.ui.tray import Tray

    app = QApplication.instance() or QApplication([])
    bare = QMenu()
    for n in range(SERVICES + TARGETS):
        bare.addMenu(f"service-{n:04}: up · 12:00").addAction("Check now")
    bare_open = statistics.median(_open_ms(bare) for _ in range(OPENINGS))

    tray = Tray()
    rows = SERVICES + 1 + TARGETS  # the source's own entry is a row too
    first_ms, first_pass = _passes(lambda: tray.show_snapshot(_snapshot()), tray.menu, rows)
    changed = _snapshot(changed=50)
    _, changed_pass = _passes(lambda: tray.show_snapshot(changed), tray.menu, rows)
    first_open = _open_ms(tray.menu)  # the first opening lays the menu out and draws it
    menus_before = sum(isinstance(w, QMenu) for w in app.allWidgets())
    rss_before = _rss_mib()
    opened = [_open_ms(tray.menu) for _ in range(OPENINGS)]
    menus_after = sum(isinstance(w, QMenu) for w in app.allWidgets())
    growth = _rss_mib() - rss_before
    open_ms = statistics.median(opened)

    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"menu: {SERVICES} services and a source of {TARGETS} targets ({platform})")
    print(f"  first snapshot: every row in {first_ms:.0f} ms, longest pass {first_pass:.1f} ms")
    print(f"  50 services changed: longest pass {changed_pass:.1f} ms")
    stall_ok = max(first_pass, changed_pass) < STALL_GOAL_MS
    print(f"  stall goal < {STALL_GOAL_MS:g} ms: {'ok' if stall_ok else 'MISSED'}")
    print(
        f"  open, median of {OPENINGS}: {open_ms:.1f} ms (the very first {first_open:.1f} ms); "
        f"a bare Qt menu of the same rows: {bare_open:.1f} ms"
    )
    open_ok = open_ms < OPEN_GOAL_MS
    print(f"  open goal < {OPEN_GOAL_MS:g} ms: {'ok' if open_ok else 'MISSED'}")
    kept = menus_after == menus_before and growth < 1.0
    print(
        f"  {OPENINGS} more openings: menus {menus_before} -> {menus_after}, "
        f"RSS {growth:+.1f} MiB: {'ok' if kept else 'MISSED'}"
    )
    return stall_ok and open_ok and kept


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
