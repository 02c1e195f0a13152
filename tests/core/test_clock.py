"""The system clock: the time, and waits on the running event loop's timers."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

import trayapp.core.clock
from trayapp.core.clock import SystemClock


def test_now_is_aware_and_monotonic_goes_on() -> None:
    clock = SystemClock()
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    first = clock.monotonic()
    assert clock.monotonic() >= first


@pytest.mark.anyio
async def test_sleep_and_call_later_wait_on_the_loop() -> None:
    clock = SystemClock()
    started = time.monotonic()
    await clock.sleep(0.02)
    assert time.monotonic() - started >= 0.02
    called = asyncio.Event()
    clock.call_later(0.01, called.set)
    never = clock.call_later(0.01, lambda: pytest.fail("a cancelled alarm rang"))
    never.cancel()
    await asyncio.wait_for(called.wait(), timeout=5)
    await asyncio.sleep(0.02)


def test_call_later_needs_a_running_loop() -> None:
    with pytest.raises(RuntimeError):
        SystemClock().call_later(1, lambda: None)


def test_public_api() -> None:
    assert set(trayapp.core.clock.__all__) == {"Alarm", "Clock", "SystemClock", "iso_utc"}
