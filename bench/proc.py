"""A running process's CPU time and memory, read from outside it in Linux's ``/proc``.

Read from outside, the figures cost the process nothing and need nothing of its code: the
same reading serves a tray app, a bare Qt program and a plain script.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = [
    "cpu_seconds",
    "family_cpu_seconds",
    "machine_times",
    "parse_cpu_seconds",
    "parse_machine_times",
    "parse_parent",
    "parse_rss_mib",
    "parse_rss_parts",
    "process_cpu_clock",
    "rss_mib",
    "rss_parts",
]

ANONYMOUS = "(anonymous: heap, stacks, Python's and the libraries' allocations)"
"""The part of :func:`parse_rss_parts` that no file backs."""

_CPUCLOCK_SCHED = 2
"""The kind of a process CPU clock that counts the time its threads ran, to the nanosecond
(Linux's ``CPUCLOCK_SCHED``; ``clock_getcpuclockid(3)`` makes such clocks)."""

_PPID, _UTIME = 3, 13
"""``ppid``'s and ``utime``'s places among ``/proc/PID/stat``'s fields, counted from 0 (proc(5)
numbers them 4 and 14); ``stime``, ``cutime`` and ``cstime`` follow ``utime``."""


def _fields(stat: str, first: int, count: int) -> list[int]:
    """``count`` numbers of a ``/proc/PID/stat`` line from field ``first`` (counted from 0).

    The command name (the second field) is in parentheses and may itself hold spaces and
    parentheses, so the fields are counted from the last ``)``.
    """
    name_end = stat.rfind(")")
    after_name = stat[name_end + 1 :].split()[first - 2 : first - 2 + count]
    try:
        if name_end < 0 or len(after_name) < count:
            raise ValueError
        return [int(field) for field in after_name]
    except ValueError:
        raise ValueError(f"not a /proc/PID/stat line: {stat[:80]!r}") from None


def parse_cpu_seconds(stat: str, ticks_per_second: int, *, waited_for: bool = False) -> float:
    """User plus system CPU time, in seconds, from the text of ``/proc/PID/stat``.

    Both are the process's whole: every thread's, those that ended included.

    Args:
        stat: The file's one line.
        ticks_per_second: The unit of its times (``SC_CLK_TCK``, 100 on Linux).
        waited_for: Add the time of its children that ended and were waited for.

    Returns:
        utime + stime (+ cutime + cstime), in seconds: a multiple of one tick (10 ms).

    Raises:
        ValueError: ``stat`` is not such a line.
    """
    times = _fields(stat, _UTIME, 4)
    return sum(times if waited_for else times[:2]) / ticks_per_second


def parse_parent(stat: str) -> int:
    """The parent's process id, from the text of ``/proc/PID/stat``.

    Raises:
        ValueError: ``stat`` is not such a line.
    """
    return _fields(stat, _PPID, 1)[0]


def parse_rss_mib(status: str) -> float:
    """The resident set size, in MiB, from the text of ``/proc/PID/status``.

    Raises:
        ValueError: ``status`` has no ``VmRSS`` line (a process that has ended: a zombie).
    """
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # in kB
    raise ValueError("no VmRSS line in /proc/PID/status")


def parse_machine_times(stat: str) -> tuple[int, int]:
    """The time every CPU spent busy, and in all, from the text of ``/proc/stat``, in ticks.

    Busy is user, nice, system, irq, softirq and steal; the rest of all is idle and iowait
    (guest time is counted in user already).

    Raises:
        ValueError: ``stat`` has no ``cpu`` line.
    """
    for line in stat.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            user, nice, system, idle, iowait, irq, softirq, steal = map(int, fields[1:9])
            busy = user + nice + system + irq + softirq + steal
            return busy, busy + idle + iowait
    raise ValueError("no cpu line in /proc/stat")


def machine_times() -> tuple[int, int]:
    """The time every CPU of the machine spent busy, and in all, since it started, in ticks."""
    return parse_machine_times(Path("/proc/stat").read_text(encoding="ascii"))


def process_cpu_clock(pid: int) -> int:
    """The id of process ``pid``'s CPU clock, as ``clock_getcpuclockid(3)`` gives it on Linux:
    the time every thread of the process ran, those that ended included."""
    return ((~pid) << 3) | _CPUCLOCK_SCHED


def cpu_seconds(pid: int) -> float:
    """Process ``pid``'s user plus system CPU time so far, in seconds: every thread's, those
    that ended included.

    Read from the process's CPU clock, to the nanosecond; ``/proc/PID/stat`` counts in ticks of
    10 ms, a tenth of what a hundred quick checks cost. Where that clock cannot be read, from
    ``/proc/PID/stat``.

    Raises:
        OSError: There is no such process.
    """
    try:
        return time.clock_gettime(process_cpu_clock(pid))
    except OSError:
        return parse_cpu_seconds(_stat(pid), os.sysconf("SC_CLK_TCK"))


def family_cpu_seconds(pid: int) -> float:
    """The CPU time so far of process ``pid``, of its children that ended and were waited for,
    and of those still running with theirs, in seconds.

    Raises:
        OSError: There is no such process.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = parse_cpu_seconds(_stat(pid), ticks, waited_for=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = _stat(int(entry.name))
            if parse_parent(stat) == pid:
                total += parse_cpu_seconds(stat, ticks, waited_for=True)
        except (OSError, ValueError):
            continue  # ended meanwhile
    return total


def _stat(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")


def rss_mib(pid: int) -> float:
    """Process ``pid``'s resident set size now, in MiB.

    Raises:
        OSError: There is no such process.
        ValueError: It has ended and not yet been waited for.
    """
    return parse_rss_mib(Path(f"/proc/{pid}/status").read_text(encoding="utf-8"))


def parse_rss_parts(smaps: str) -> dict[str, float]:
    """The resident set size, in MiB, by what backs it, from the text of ``/proc/PID/smaps``:
    each mapped file by its name (a shared library's pages touched), and :data:`ANONYMOUS` for
    memory no file backs (``[heap]``, ``[stack]``, anonymous mappings, and the private copies
    made of a file's pages when written to: the libraries' relocated data)."""
    parts: dict[str, float] = {}
    name = ANONYMOUS
    for line in smaps.splitlines():
        fields = line.split()
        if not fields:
            continue
        if not fields[0].endswith(":"):  # "start-end perms offset dev inode [path]"
            path = line.split(maxsplit=5)[5] if len(fields) > 5 else ""
            name = Path(path).name if path.startswith("/") else ANONYMOUS
        elif fields[0] == "Rss:":
            parts[name] = parts.get(name, 0.0) + int(fields[1]) / 1024  # in kB
        elif fields[0] == "Anonymous:" and name != ANONYMOUS:
            moved = int(fields[1]) / 1024
            parts[name] -= moved
            parts[ANONYMOUS] = parts.get(ANONYMOUS, 0.0) + moved
    return parts


def rss_parts(pid: int) -> dict[str, float]:
    """Process ``pid``'s resident set size now, in MiB, by what backs it
    (:func:`parse_rss_parts`).

    Raises:
        OSError: There is no such process.
    """
    return parse_rss_parts(Path(f"/proc/{pid}/smaps").read_text(encoding="utf-8"))
