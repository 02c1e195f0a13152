"""The tray app's footprint and responsiveness, against a bare PySide6 tray app, in one run.

Each figure is measured in a child process on Qt's offscreen platform (no display needed),
the app's services played by a server on 127.0.0.1:

- idle memory: the tray app with 50 services, after its first rounds, against a bare
  QSystemTrayIcon app measured in the same run; goal: at most the bare app + 40 MiB;
- idle CPU between checks (50 services every 60 s): goal ~0 %;
- the icon shown less than 1 s after the process starts;
- the GUI thread's worst stall while 500 services are checked (a 10 ms timer measuring how
  late it fires): goal under 50 ms.

Run::

    .venv/bin/python -m bench tray
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.probes import _direct_env, _server, _services

__all__ = ["main"]

RSS_MARGIN_MIB = 40.0
SHOWN_GOAL_S = 1.0
STALL_GOAL_MS = 50.0
IDLE_SERVICES = 50
BUSY_SERVICES = 500

BARE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPixmap, QColor
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication([])
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("green"))
icon = QSystemTrayIcon(QIcon(pixmap))
icon.show()
def report():
    print(json.dumps({"rss_mib": _rss()}))
    app.quit()
def _rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
QTimer.singleShot(int(sys.argv[1]) * 1000, report)
app.exec()
"""

DRIVER = """
import json, resource, sys, time
started = float(sys.argv[1])
from pathlib import Path
import trayapp.runtime  # the core before PySide6, as the trayapp command does
from PySide6.QtCore import QTimer, QElapsedTimer
from PySide6.QtWidgets import QApplication
from trayapp.core.paths import Paths
from trayapp.ui.app import TrayApp
import linecache

config, data = Path(sys.argv[2]), Path(sys.argv[3])
settle, watch, measure_stalls = float(sys.argv[4]), float(sys.argv[5]), sys.argv[6] == "stalls"
app = QApplication([])
app.setQuitOnLastWindowClosed(False)
tray_app = TrayApp(Paths(config, data, data / "logs"), send_notices=False)
tray_app.start()
linecache.clearcache()  # as trayapp.ui.app.run does
import gc; gc.freeze()
figures = {"shown_s": None, "max_stall_ms": 0.0}

def shown():
    figures["shown_s"] = time.time() - started
QTimer.singleShot(0, shown)

ticker = QTimer(interval=10)
clock = QElapsedTimer()
clock.start()
last = [0]
def tick():
    now = clock.elapsed()
    if last[0] and now - last[0] - 10 > figures["max_stall_ms"]:
        figures["max_stall_ms"] = now - last[0] - 10
    last[0] = now
ticker.timeout.connect(tick)

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

def settled():
    figures["cpu_before_idle"] = cpu()
    QTimer.singleShot(int(watch * 1000), finish)

def finish():
    figures["idle_cpu_percent"] = (cpu() - figures["cpu_before_idle"]) / watch * 100
    figures["rss_mib"] = rss()
    figures["services_seen"] = len(tray_app.snapshot.services) if tray_app.snapshot else 0
    print(json.dumps(figures), flush=True)
    app.quit()

if measure_stalls:  # a 10 ms timer costs CPU itself: not while idle CPU is measured
    ticker.start()
QTimer.singleShot(int(settle * 1000), settled)
app.exec()
"""


def _config(folder: Path, port: int, count: int, interval: str) -> Path:
    config = folder / f"config-{count}.toml"
    services = _services([f"http://127.0.0.1:{port}/{i}" for i in range(count)])
    config.write_text(
        f'[defaults]\ninterval = "{interval}"\n\n[network]\ncanaries = []\n\n{services}'
    )
    return config


def _json(command: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _driver(
    python: str, config: Path, data: Path, settle: float, watch: float, mode: str
) -> list[str]:
    started = str(time.time())
    return [python, "-c", DRIVER, started, str(config), str(data), str(settle), str(watch), mode]


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
            subprocess.run([*pip, "--no-deps", *map(str, Path(dist).glob("*.whl"))], check=True)
        stamp.touch()
    return str(python)


def main() -> bool:
    """Run the benchmark, print its figures; True when every goal is met."""
    env = {**_direct_env(), "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as name, _server() as port:
        folder = Path(name)
        env["HOME"] = str(folder)
        idle_config = _config(folder, port, IDLE_SERVICES, "60s")
        busy_config = _config(folder, port, BUSY_SERVICES, "2s")
        python = _runtime_python()
        bare = _json([python, "-c", BARE, "8"], env)
        idle = _json(_driver(python, idle_config, folder / "d1", 5, 10, "idle"), env)
        busy = _json(_driver(python, busy_config, folder / "d2", 1, 8, "stalls"), env)
    margin = idle["rss_mib"] - bare["rss_mib"]
    print(
        f"tray: offscreen, trayapp installed alone; {IDLE_SERVICES} services every 60 s; "
        f"{BUSY_SERVICES} every 2 s"
    )
    checks = [
        (
            f"idle RSS {idle['rss_mib']:.0f} MiB, bare PySide6 tray {bare['rss_mib']:.0f} MiB: "
            f"+{margin:.0f} MiB (goal <= +{RSS_MARGIN_MIB:.0f})",
            margin <= RSS_MARGIN_MIB,
        ),
        (
            f"idle CPU between checks {idle['idle_cpu_percent']:.2f} % (goal ~0)",
            idle["idle_cpu_percent"] < 1.0,
        ),
        (
            f"icon shown {idle['shown_s']:.2f} s after start (goal < {SHOWN_GOAL_S} s)",
            idle["shown_s"] < SHOWN_GOAL_S,
        ),
        (
            f"GUI thread's worst stall while {BUSY_SERVICES} services are checked: "
            f"{busy['max_stall_ms']:.0f} ms (goal < {STALL_GOAL_MS:.0f} ms)",
            busy["max_stall_ms"] < STALL_GOAL_MS,
        ),
    ]
    for text, met in checks:
        print(f"  {text}: {'ok' if met else 'MISSED'}")
    return all(met for _, met in checks)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
