"""The time trayapp reads and waits on: wall-clock for when things happen, monotonic for how
long they take and for how long to wait.

Everything that reads the time takes a :class:`Clock`, and everything that waits on the time
(the monitor's rounds, its heartbeat, its sources and status pages) waits through the same
clock, so that tests can pass their own: one that jumps ahead whenever every task is waiting
turns a 30-second schedule into milliseconds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

__all__ = ["Alarm", "Clock", "SystemClock", "iso_utc"]


class Alarm(Protocol):
    """A call waiting for its time (:meth:`Clock.call_later`); :class:`asyncio.TimerHandle`
    is one."""

    def cancel(self) -> None:
        """Never make the call (nothing happens if it was made already)."""
        ...


class Clock(Protocol):
    """What trayapp needs to know about time, and how it waits; tests pass their own."""

    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait until :meth:`monotonic` has moved ``seconds`` on (at once, if not positive)."""
        ...

    def call_later(self, seconds: float, callback: Callable[[], object]) -> Alarm:
        """Call ``callback()`` on the running event loop once :meth:`monotonic` has moved
        ``seconds`` on; returns at once.

        Raises:
            RuntimeError: no event loop is running in this thread.
        """
        ...


class SystemClock:
    """The real clocks, and the running event loop's timers to wait on them."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """:func:`time.monotonic`."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """:func:`asyncio.sleep`."""
        await asyncio.sleep(seconds)

    def call_later(self, seconds: float, callback: Callable[[], object]) -> Alarm:
        """The running loop's :meth:`~asyncio.loop.call_later`.

        Raises:
            RuntimeError: no event loop is running in this thread.
        """
        return asyncio.get_running_loop().call_later(seconds, callback)


def iso_utc(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC to the second: ``2012-07-26T11:23:00Z``.

    Raises:
        ValueError: ``moment`` is naive; a time without a zone cannot be placed.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be written as UTC: {moment!r}")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
