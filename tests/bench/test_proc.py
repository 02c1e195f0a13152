"""bench.proc: a process's CPU time and memory, from the text of its /proc files."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.proc import (
    ANONYMOUS,
    cpu_seconds,
    family_cpu_seconds,
    machine_times,
    parse_cpu_seconds,
    parse_machine_times,
    parse_parent,
    parse_rss_mib,
    parse_rss_parts,
    rss_mib,
    rss_parts,
)

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


def test_the_children_waited_for_are_added_when_asked() -> None:
    line = stat_line("trayapp", 31, 2)
    assert parse_cpu_seconds(line, 100, waited_for=True) == pytest.approx(17.33)


def test_the_parent_is_the_field_after_the_state() -> None:
    assert parse_parent(stat_line("a) (b", 1, 1)) == 1
    assert parse_parent("77 (x) R 4242 77 77 0 -1 0 0 0 0 0 0 0 0 0\n") == 4242


def test_the_unit_is_the_clock_tick_given() -> None:
    assert parse_cpu_seconds(stat_line("python", 250, 250), 250) == pytest.approx(2.0)


@pytest.mark.parametrize("text", ["", "4242 python S 1", "4242 (python) S 1 2 3"])
def test_text_that_is_not_a_stat_line_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a /proc/PID/stat line"):
        parse_cpu_seconds(text, 100)


def test_rss_is_read_from_the_vmrss_line_in_mib() -> None:
    status = "Name:\tpython\nVmPeak:\t 999999 kB\nVmRSS:\t   49152 kB\nRssAnon:\t 1 kB\n"
    assert parse_rss_mib(status) == 48.0


SMAPS = """\
55d0c0a00000-55d0c0c00000 rw-p 00000000 00:00 0                          [heap]
Size:               2048 kB
Rss:                1024 kB
Anonymous:          1024 kB
7f0000000000-7f0000400000 r-xp 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libcrypto.so.3
Size:               4096 kB
Rss:                3072 kB
Anonymous:             0 kB
7f0000400000-7f0000500000 rw-p 00400000 08:01 1234   /usr/lib/x86_64-linux-gnu/libcrypto.so.3
Size:               1024 kB
Rss:                 512 kB
Anonymous:           256 kB
7f0000600000-7f0000700000 rw-p 00000000 00:00 0
Size:               1024 kB
Rss:                 256 kB
Anonymous:           256 kB
VmFlags: rd wr mr mw me ac sd
"""


def test_rss_is_told_by_what_backs_it_and_written_pages_of_a_file_count_as_anonymous() -> None:
    assert parse_rss_parts(SMAPS) == {ANONYMOUS: 1.5, "libcrypto.so.3": 3.25}


def test_the_parts_of_a_live_process_add_up_to_its_rss() -> None:
    parts = rss_parts(os.getpid())
    assert parts[ANONYMOUS] > 0
    assert any(name.startswith("libc.so") for name in parts)
    assert sum(parts.values()) == pytest.approx(rss_mib(os.getpid()), rel=0.05)


def test_a_status_without_vmrss_is_refused() -> None:
    with pytest.raises(ValueError, match="VmRSS"):
        parse_rss_mib("Name:\tpython\nState:\tZ (zombie)\n")


def test_the_machine_is_busy_in_every_state_but_idle_and_iowait() -> None:
    stat = "cpu  200 10 30 700 40 5 6 9 100 0\ncpu0 100 5 15 350 20 2 3 4 50 0\nintr 12345 0 0\n"
    assert parse_machine_times(stat) == (260, 1000)


def test_a_stat_without_the_machine_line_is_refused() -> None:
    with pytest.raises(ValueError, match="no cpu line"):
        parse_machine_times("cpu0 1 2 3 4 5 6 7 8 9 10\n")


def test_the_machine_times_grow() -> None:
    busy, total = machine_times()
    end = time.process_time() + 0.05
    while time.process_time() < end:
        pass
    later_busy, later_total = machine_times()
    assert 0 < busy <= total
    assert later_busy > busy
    assert later_total > total


SPIN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
"""A child's program: spin 0.3 s of CPU."""


def test_a_running_process_is_read_from_outside() -> None:
    busy = SPIN + 'held = b"x" * (64 << 20)\nprint(flush=True)\ninput()\n'
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


def test_the_cpu_time_counts_threads_that_ended_to_well_under_a_tick() -> None:
    in_a_thread = (
        "import threading\n"
        f"spinner = threading.Thread(target=exec, args=({SPIN!r},))\n"
        "spinner.start()\nspinner.join()\nprint(flush=True)\ninput()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", in_a_thread],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # its thread has spun and ended
        assert cpu_seconds(child.pid) >= 0.3
        assert thread_count(child.pid) == 1
    finally:
        child.communicate("\n")

    # 2 ms of CPU, read before and after: ticks of /proc/PID/stat would say 0 or 10 ms.
    before = cpu_seconds(os.getpid())
    end = time.process_time() + 0.002
    while time.process_time() < end:
        pass
    assert 0.001 < cpu_seconds(os.getpid()) - before < 0.009


def thread_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def test_a_family_counts_its_running_children_then_those_it_waited_for() -> None:
    def children() -> float:
        return family_cpu_seconds(os.getpid()) - cpu_seconds(os.getpid())

    before = children()
    child = subprocess.Popen(
        [sys.executable, "-c", SPIN + "print(flush=True)\ninput()\n"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # it has spun, and runs on
        running = children()
    finally:
        child.communicate("\n")
    waited = children()
    assert running - before >= 0.25
    assert waited - before >= 0.25
