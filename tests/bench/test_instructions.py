"""bench.instructions: valgrind's count read, a check's share worked out, no figure of failures."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from bench.instructions import LAYERS, PROGRAM, parse_instructions, per_check
from bench.probes import _direct_env, _server

PROGRAM_LAYERS = [layer for layer in LAYERS if layer not in ("check", "watch")]
"""The layers :data:`PROGRAM` runs; the others are trayapp's commands."""

CACHEGRIND_STDERR = """==4242== Cachegrind, a high-precision tracing profiler
==4242== Command: python -c ...
==4242==
==4242== I refs:        2,006,314,332
"""


def test_the_count_is_read_from_the_i_refs_line() -> None:
    assert parse_instructions(CACHEGRIND_STDERR) == 2_006_314_332


def test_a_report_without_the_count_is_refused() -> None:
    with pytest.raises(ValueError, match="no 'I refs:' line"):
        parse_instructions("==1== Memcheck, a memory error detector\n")


def test_a_check_costs_the_difference_over_the_checks_added() -> None:
    assert per_check(1_000_000, 5_000_000, (100, 300)) == 20_000
    assert per_check(7, 7, (1, 2)) == 0


def test_runs_of_as_many_checks_tell_nothing() -> None:
    with pytest.raises(ValueError, match="both runs made 488 checks"):
        per_check(1, 2, (488, 488))


def program(layer: str, port: int, count: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", PROGRAM, layer, str(port), str(count)]
    return subprocess.run(command, env=_direct_env(), capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("layer", PROGRAM_LAYERS)
def test_each_layer_checks_every_url_and_says_so(layer: str) -> None:
    with _server() as port:
        done = program(layer, port, 5)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("layer", PROGRAM_LAYERS)
def test_a_layer_whose_checks_fail_gives_no_figure(layer: str) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        done = program(layer, unused.getsockname()[1], 3)
    assert done.returncode != 0
    assert "3 of 3 checks failed" in done.stderr
