"""The runtime thread: work runs off the calling thread, and shutdown leaves nothing running."""

from __future__ import annotations

import asyncio
import queue
import threading
from pathlib import Path

import pytest

from trayapp.core.config.model import Config, Network
from trayapp.core.probes import Prober
from trayapp.runtime import MonitorHost, Runtime, RuntimeStopped


def test_work_runs_on_the_runtime_thread() -> None:
    runtime = Runtime()
    runtime.start()
    try:

        async def where() -> str:
            await asyncio.sleep(0)
            return threading.current_thread().name

        assert runtime.submit(where()).result(timeout=5) == "trayapp-runtime"
    finally:
        runtime.stop()
    assert not runtime.running


def test_stop_cancels_what_runs_and_lets_it_clean_up() -> None:
    runtime = Runtime()
    runtime.start()
    started, cleaned_up = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.set()

    future = runtime.submit(forever())
    assert started.wait(5)
    runtime.stop()
    assert cleaned_up.is_set()
    assert future.cancelled()
    assert not runtime.running
    assert not any(t.name == "trayapp-runtime" for t in threading.enumerate())


def test_work_submitted_after_stop_is_refused() -> None:
    runtime = Runtime()
    runtime.start()
    runtime.stop()

    async def never() -> None:
        raise AssertionError("must not run")

    with pytest.raises(RuntimeStopped):
        runtime.submit(never())


def test_a_runtime_can_start_again_after_stopping() -> None:
    runtime = Runtime()
    for _ in range(2):
        runtime.start()

        async def answer() -> int:
            return 42

        assert runtime.submit(answer()).result(timeout=5) == 42
        runtime.stop()


def test_a_monitor_that_fails_unexpectedly_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(network: Network) -> Prober:
        raise RuntimeError("a bug")

    runtime = Runtime()
    runtime.start()
    failures: queue.Queue[str] = queue.Queue()
    host = MonitorHost(
        runtime,
        data_dir=tmp_path,
        emit=lambda event: None,
        on_snapshot=lambda snapshot: None,
        on_failure=failures.put,
        make_prober=broken,
    )
    try:
        host.start(Config())
        assert failures.get(timeout=10) == "the monitor stopped unexpectedly (see the log)"
    finally:
        runtime.stop()
    assert "the monitor stopped unexpectedly" in caplog.text
    assert "RuntimeError: a bug" in caplog.text
