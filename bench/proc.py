"""A running process's CPU time and memory, read from outside it in Linux's ``/proc``.

Read from outside, the figures cost the process nothing and need nothing of its code: the
same reading serves a tray app, a bare Qt program and a plain script.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cpu_seconds", "parse_cpu_seconds", "parse_rss_mib", "rss_mib"]

_UTIME = 13
"""``utime``'s place among ``/proc/PID/stat``'s fields, counted from 0 (proc(5) numbers it 14);
``stime`` follows it."""


def parse_cpu_seconds(stat: str, ticks_per_second: int) -> float:
    """User plus system CPU time, in seconds, from the text of ``/proc/PID/stat``.

    Both are the process's whole: every thread's, those that ended included. The command name
    (the second field) is in parentheses and may itself hold spaces and parentheses, so the
    fields are counted from the last ``)``.

    Args:
        stat: The file's one line.
        ticks_per_second: The unit of its times (``SC_CLK_TCK``, 100 on Linux).

    Returns:
        utime + stime, in seconds: a multiple of one tick (10 ms).

    Raises:
        ValueError: ``stat`` is not such a line.
    """
    name_end = stat.rfind(")")
    if name_end < 0:
        raise ValueError(f"not a /proc/PID/stat line: {stat[:80]!r}")
    fields = stat[name_end + 1 :].split()
    after_name = _UTIME - 2  # the pid and the name come before the fields split here
    try:
        utime, stime = int(fields[after_name]), int(fields[after_name + 1])
    except (IndexError, ValueError):
        raise ValueError(f"not a /proc/PID/stat line: {stat[:80]!r}") from None
    return (utime + stime) / ticks_per_second


def parse_rss_mib(status: str) -> float:
    """The resident set size, in MiB, from the text of ``/proc/PID/status``.

    Raises:
        ValueError: ``status`` has no ``VmRSS`` line (a process that has ended: a zombie).
    """
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # in kB
    raise ValueError("no VmRSS line in /proc/PID/status")


def cpu_seconds(pid: int) -> float:
    """Process ``pid``'s user plus system CPU time so far, in seconds.

    Raises:
        OSError: There is no such process.
    """
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    return parse_cpu_seconds(stat, os.sysconf("SC_CLK_TCK"))


def rss_mib(pid: int) -> float:
    """Process ``pid``'s resident set size now, in MiB.

    Raises:
        OSError: There is no such process.
        ValueError: It has ended and not yet been waited for.
    """
    return parse_rss_mib(Path(f"/proc/{pid}/status").read_text(encoding="utf-8"))
