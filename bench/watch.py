"""``trayapp watch`` over 1000 services on 10-second intervals, against plain httpx.

``trayapp watch --json --for 60s`` runs as a child process against a server on 127.0.0.1,
keeping its history in a fresh data folder. Its CPU time (user + system, from ``wait4``) is
divided by the checks it made (counted in its own history), and compared with a plain httpx
script making as many GETs, 20 at a time on fresh connections, right after it. The pair runs
:data:`RUNS` times. One run of either takes 5 to 40 % more CPU than another with what else the
machine (or, in a virtual machine, its host) does at the time, and that only ever adds: the
goal is told of the least each took per check, the figure closest to what the work itself
costs. The median of the pairs' ratios and the ratio of the medians are shown too. The goals:

- CPU seconds per check at most 1.3 times the plain script's;
- the watcher's peak RSS under 150 MiB.

trayapp's modules are compiled to bytecode first, as installing trayapp does: a checkout run
with ``PYTHONDONTWRITEBYTECODE`` set would compile them at every start, which no user pays.

Run::

    .venv/bin/python -m bench watch                           # 5 × 60 s, about 6 minutes
    .venv/bin/python -m bench.watch --seconds 20 --runs 1     # a quicker look
"""

from __future__ import annotations

import argparse
import compileall
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.probes import BASELINE, _direct_env, _server, _services, _trayapp

__all__ = ["main", "run", "watched"]

SERVICES = 1000
INTERVAL = "10s"
SECONDS = 60
RUNS = 5
CPU_RATIO_GOAL = 1.3
RSS_GOAL_MIB = 150.0


def _measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """CPU seconds and peak RSS (MiB) of one child process, and what it wrote to stderr."""
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        said = err.read()
    if process.returncode not in (0, 1, 2):
        raise SystemExit(f"{command[:4]} failed ({process.returncode}):\n{said[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, said


def watched(config: Path, seconds: int, env: dict[str, str]) -> tuple[float, float, Path]:
    """``trayapp watch --json --for SECONDS`` with ``config`` and a fresh data folder beside
    it: its CPU seconds, its peak RSS (MiB), and the data folder, to count what it kept."""
    data = config.with_name("data")
    command = [*_trayapp(), "--config", str(config), "--data-dir", str(data)]
    cpu, rss, _ = _measured([*command, "watch", "--json", "--for", f"{seconds}s"], env)
    return cpu, rss, data


def run(seconds: int = SECONDS, runs: int = RUNS) -> bool:
    """Run the benchmark, print its figures; True when both goals are met."""
    env = _direct_env()
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "trayapp", quiet=1)
    ours: list[float] = []
    base: list[float] = []
    peaks: list[float] = []
    base_peaks: list[float] = []
    with tempfile.TemporaryDirectory() as folder, _server() as port:
        urls = [f"http://127.0.0.1:{port}/service/{i}" for i in range(SERVICES)]
        for attempt in range(runs):
            here = Path(folder, str(attempt))
            here.mkdir()
            config = here / "config.toml"
            config.write_text(
                f'[defaults]\ninterval = "{INTERVAL}"\n\n[network]\ncanaries = []\n\n'
                f"{_services(urls)}"
            )
            cpu, rss, data = watched(config, seconds, env)
            with sqlite3.connect(data / "history.sqlite3") as db:
                checks = int(db.execute("SELECT count(*) FROM results").fetchone()[0])
            url_file = here / "urls.txt"
            url_file.write_text("\n".join(urls[i % SERVICES] for i in range(checks)))
            command = [sys.executable, "-c", BASELINE, str(url_file)]
            base_cpu, base_rss, _ = _measured(command, env)
            ours.append(cpu / checks)
            base.append(base_cpu / checks)
            peaks.append(rss)
            base_peaks.append(base_rss)
            print(
                f"  run {attempt + 1}: {checks} checks; trayapp {cpu:.2f} CPU s, "
                f"plain {base_cpu:.2f} CPU s: {cpu / base_cpu:.2f}"
            )

    ours_per, base_per = min(ours), min(base)
    ratio = ours_per / base_per
    paired = statistics.median(o / b for o, b in zip(ours, base, strict=True))
    medians = statistics.median(ours) / statistics.median(base)
    ours_rss = max(peaks)
    print(f"watch: {SERVICES} services every {INTERVAL} for {seconds} s, the least of {runs} runs")
    print(f"  trayapp watch       {ours_per * 1000:.3f} ms/check, peak RSS {ours_rss:.0f} MiB")
    print(
        f"  plain httpx script  {base_per * 1000:.3f} ms/check, "
        f"peak RSS {max(base_peaks):.0f} MiB (as many GETs)"
    )
    ratio_ok = ratio <= CPU_RATIO_GOAL
    rss_ok = ours_rss < RSS_GOAL_MIB
    print(f"  CPU per check ratio {ratio:.2f} (goal <= {CPU_RATIO_GOAL}): {_ok(ratio_ok)}")
    print(
        f"    the median of the runs' ratios {paired:.2f}; the ratio of the medians {medians:.2f}"
    )
    print(f"  peak RSS {ours_rss:.0f} MiB (goal < {RSS_GOAL_MIB:.0f} MiB): {_ok(rss_ok)}")
    return ratio_ok and rss_ok


def _ok(met: bool) -> str:
    return "ok" if met else "MISSED"


def main() -> bool:
    """For ``python -m bench``: the full 60 seconds, :data:`RUNS` times."""
    return run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = parser.parse_args()
    sys.exit(0 if run(arguments.seconds, arguments.runs) else 1)
