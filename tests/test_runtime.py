"""The runtime thread: work runs off the calling thread, and shutdown leaves nothing running."""

from __future__ import annotations

import asyncio
import threading

import pytest

from trayapp.runtime import Runtime, RuntimeStopped


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
