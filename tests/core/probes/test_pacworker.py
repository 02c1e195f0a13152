"""The PAC worker as trayapp starts it: its protocol through the real entry points, what it
imports, and how it ends."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from trayapp.core.probes.pacworker import FLAG, MAX_NAMES, command

ROOT = Path(__file__).resolve().parents[3]
BUNDLE_MAIN = ROOT / "packaging" / "pyinstaller" / "trayapp_main.py"

SCRIPT = """
function FindProxyForURL(url, host) {
    alert("choosing for " + host);
    if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "DIRECT";
    if (host == "me.test") return "PROXY " + myIpAddress() + ":3128";
    return "PROXY proxy.test:3128";
}
"""


def talk(
    python: str, env: dict[str, str], requests: list[dict[str, Any]], *entry: str
) -> tuple[list[dict[str, Any]], str]:
    """The worker's answers to ``requests`` (one JSON object a line), and its stderr."""
    lines = "".join(json.dumps(request) + "\n" for request in requests)
    done = subprocess.run(
        [python, *(entry or ("-m", "trayapp", FLAG))],
        input=lines,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()], done.stderr


@pytest.mark.parametrize(
    "entry",
    [("-m", "trayapp", FLAG), (str(BUNDLE_MAIN), FLAG)],
    ids=["python -m trayapp", "the bundle's entry point"],
)
def test_the_worker_answers_through_the_real_entry_points(
    python: str, child_env: dict[str, str], entry: tuple[str, ...]
) -> None:
    replies, said = talk(
        python,
        child_env,
        [
            {"find": ["http://a.test/", "a.test"], "answers": {}},
            {"load": SCRIPT, "myip": "192.0.2.9", "limit": 5},
            {"find": ["http://a.test/", "a.test"], "answers": {}, "limit": 5},
            {"find": ["http://a.test/", "a.test"], "answers": {"a.test": ["10.1.2.3"]}},
            {"find": ["http://b.test/", "b.test"], "answers": {"b.test": [], "null": []}},
            {"find": ["http://me.test/", "me.test"], "answers": {"me.test": [], "null": []}},
        ],
        *entry,
    )
    assert replies == [
        {"ready": True},
        {"error": "unloaded"},
        {"loaded": True},
        {"missing": ["a.test", "null"]},  # isInNet(null, …): the caller knows it is no name
        {"answer": "DIRECT"},
        {"answer": "PROXY proxy.test:3128"},
        {"answer": "PROXY 192.0.2.9:3128"},
    ]
    # What the engine prints goes to stderr, never between the answers.
    assert "choosing for a.test" in said


def test_the_worker_says_what_it_cannot_run(python: str, child_env: dict[str, str]) -> None:
    asks_a_lot = (
        "function FindProxyForURL(u, h) {"
        " for (var i = 0; i < 1000; i++) dnsResolve('n' + i + '.test'); return 'DIRECT'; }"
    )
    replies, _ = talk(
        python,
        child_env,
        [
            {"load": "function FindProxyForURL("},
            {"load": "function FindProxyForURL(u, h) { return nothing.here; }"},
            {"find": ["http://a.test/", "a.test"], "answers": {}},
            {"load": asks_a_lot},
            {"find": ["http://a.test/", "a.test"], "answers": {}},
            {"find": "not a pair"},
            {"what": "is this"},
        ],
    )
    assert replies[:4] == [
        {"ready": True},
        {"error": "javascript"},
        {"loaded": True},
        {"error": "failed"},
    ]
    assert replies[4] == {"loaded": True}
    assert replies[5] == {"missing": [f"n{i}.test" for i in range(MAX_NAMES)]}
    assert replies[6:] == [{"error": "request"}, {"error": "request"}]
    assert len(replies) == 8


def test_a_line_that_is_not_json_is_answered_and_the_worker_goes_on(
    python: str, child_env: dict[str, str]
) -> None:
    done = subprocess.run(
        [python, "-m", "trayapp", FLAG],
        input='{"load": \n{"load": "function FindProxyForURL(u, h) { return \\"DIRECT\\"; }"}\n',
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"ready": True},
        {"error": "request"},
        {"loaded": True},
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="setitimer")
def test_a_worker_whose_run_outlives_its_limit_ends_itself(
    python: str, child_env: dict[str, str]
) -> None:
    # trayapp kills the worker first; this is for a worker whose trayapp is gone.
    requests = [
        {"load": "function FindProxyForURL(u, h) { while (true) {} }"},
        {"find": ["http://a.test/", "a.test"], "answers": {}, "limit": 0.3},
    ]
    with subprocess.Popen(
        [python, "-m", "trayapp", FLAG],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_env,
        text=True,
    ) as worker:
        assert worker.stdin is not None
        worker.stdin.write("".join(json.dumps(request) + "\n" for request in requests))
        worker.stdin.flush()  # and left open: the worker does not end for lack of input
        status = worker.wait(timeout=60)
        worker.stdin.close()
    assert status == -signal.SIGALRM


def test_the_worker_imports_no_more_than_it_needs(python: str, child_env: dict[str, str]) -> None:
    done = subprocess.run(
        [python, "-X", "importtime", "-m", "trayapp", FLAG],
        input="",
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {"pacparser", "trayapp.core.probes.pacworker"} <= imported
    assert not imported & {"asyncio", "httpx", "trayapp.cli", "trayapp.core.probes.prober"}


def test_the_worker_is_no_command_of_the_command_line(
    python: str, child_env: dict[str, str]
) -> None:
    helped = subprocess.run(
        [python, "-m", "trayapp", "--help"],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "worker" not in helped.stdout
    # Only the flag alone makes the worker: anything more is the command line's to refuse.
    refused = subprocess.run(
        [python, "-m", "trayapp", FLAG, "check"],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 3
    assert "unrecognized arguments" in refused.stderr


def test_the_command_runs_this_python_or_this_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    assert command() == [sys.executable, "-m", "trayapp", FLAG]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert command() == [sys.executable, FLAG]
