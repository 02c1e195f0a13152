"""bench.proc: a process's CPU time and memory, from the text of its /proc files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.proc import cpu_seconds, parse_cpu_seconds, parse_rss_mib, rss_mib

# proc(5)'s fields 3 to 17 of a real line: state, ppid, pgrp, session, tty_nr, tpgid, flags,
# minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime.
AFTER_NAME = "S 1 2 3 0 -1 4194304 99 7 1 0 {utime} {stime} 900 800 20 0 1 0 2831373 3133440 380"


def stat_line(name: str, utime: int, stime: int) -> str:
    return f"4242 ({name}) " + AFTER_NAME.format(utime=utime, stime=stime) + "\n"


def test_cpu_time_is_user_plus_system_and_leaves_out_waited_for_children() -> None:
    assert parse_cpu_seconds(stat_line("trayapp", 31, 2), 100) == pytest.approx(0.33)


@pytest.mark.parametrize("name", ["a b", "x) (y", "))", ""])
def test_a_command_name_with_spaces_or_parentheses_does_not_shift_the_fields(name: str) -> None:
    assert parse_cpu_seconds(stat_line(name, 150, 50), 100) == pytest.approx(2.0)


def test_the_unit_is_the_clock_tick_given() -> None:
    assert parse_cpu_seconds(stat_line("python", 250, 250), 250) == pytest.approx(2.0)


@pytest.mark.parametrize("text", ["", "4242 python S 1", "4242 (python) S 1 2 3"])
def test_text_that_is_not_a_stat_line_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a /proc/PID/stat line"):
        parse_cpu_seconds(text, 100)


def test_rss_is_read_from_the_vmrss_line_in_mib() -> None:
    status = "Name:\tpython\nVmPeak:\t 999999 kB\nVmRSS:\t   49152 kB\nRssAnon:\t 1 kB\n"
    assert parse_rss_mib(status) == 48.0


def test_a_status_without_vmrss_is_refused() -> None:
    with pytest.raises(ValueError, match="VmRSS"):
        parse_rss_mib("Name:\tpython\nState:\tZ (zombie)\n")


def test_a_running_process_is_read_from_outside() -> None:
    busy = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
    busy += 'held = b"x" * (64 << 20)\nprint(flush=True)\ninput()\n'
    child = subprocess.Popen(
        [sys.executable, "-c", busy], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # it has spun and holds its 64 MiB
        assert cpu_seconds(child.pid) >= 0.3
        assert rss_mib(child.pid) >= 64
        assert cpu_seconds(os.getpid()) > 0
    finally:
        child.communicate("\n")
