"""A clock for tests whose time moves when every task is waiting, as trio's ``MockClock``
does with ``autojump_threshold=0``.

:class:`FakeClock` is a :class:`~trayapp.core.clock.Clock`: the monitor reads the time from
it and waits on it. Its time stands still while any task can run; once none can, the event
loop it drives moves it straight to the earliest wait that is due, and that task runs. A test
of a 30-second schedule, a 30-minute flap window or an 8-hour snooze takes milliseconds, and
each step happens in the same order every time::

    @pytest.fixture
    def clock() -> FakeClock:
        return FakeClock()

    @pytest.fixture
    def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, object]]:
        return "asyncio", {"loop_factory": clock.new_event_loop}

The loop notices "nothing can run" where asyncio itself does: it is about to wait for I/O
with a timeout other than zero. It first looks, without waiting, whether any I/O is ready
(a socket, or another thread waking the loop): only when none is does the clock jump. So the
clock is for tests whose tasks wait on nothing but the clock and each other: a task waiting
on a socket or a thread does not hold the clock back. The loop's own timers (``asyncio.sleep``,
``asyncio.timeout``) keep real time, which makes them safety nets: a test waiting for
something that never comes still fails after its real timeout.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import selectors
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["FakeClock"]

START = datetime(2012, 7, 26, 11, 0, tzinfo=UTC)
"""The morning of the outage that trayapp's story comes from."""


@dataclass(order=True)
class _Alarm:
    when: float
    order: int
    callback: Callable[[], object] = field(compare=False)
    loop: asyncio.AbstractEventLoop = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class FakeClock:
    """Time that passes only when the test's loop has nothing else to do, or when told.

    Args:
        start: The wall-clock time at the start.
    """

    def __init__(self, start: datetime = START) -> None:
        self._start = start
        self._elapsed = 0.0
        self._wall = timedelta()
        self._alarms: list[_Alarm] = []
        self._order = itertools.count()
        self.jumps = 0
        """How many times the clock jumped ahead by itself."""

    # --- the Clock protocol ------------------------------------------------------------------

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed) + self._wall

    def monotonic(self) -> float:
        return self._elapsed

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        done = asyncio.get_running_loop().create_future()
        alarm = self.call_later(seconds, lambda: done.done() or done.set_result(None))
        try:
            await done
        finally:
            alarm.cancel()

    def call_later(self, seconds: float, callback: Callable[[], object]) -> _Alarm:
        loop = asyncio.get_running_loop()
        alarm = _Alarm(self._elapsed + max(0.0, seconds), next(self._order), callback, loop)
        heapq.heappush(self._alarms, alarm)
        return alarm

    # --- moving time -------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move time ``seconds`` on, ringing every alarm due by then."""
        if seconds < 0:
            raise ValueError("time does not go back")
        self._elapsed += seconds
        self._ring()

    def suspend(self, seconds: float) -> None:
        """The machine slept ``seconds``: the wall clock moves on, the monotonic clock does not
        (as on Linux and macOS); no alarm rings."""
        self._wall += timedelta(seconds=seconds)

    def jump(self) -> bool:
        """Move time on to the earliest alarm waiting and ring it (with any due at the same
        moment); whether there was one."""
        self._drop_cancelled()
        if not self._alarms:
            return False
        self._elapsed = max(self._elapsed, self._alarms[0].when)
        self.jumps += 1
        self._ring()
        return True

    def _ring(self) -> None:
        self._drop_cancelled()
        while self._alarms and self._alarms[0].when <= self._elapsed:
            alarm = heapq.heappop(self._alarms)
            if not alarm.cancelled and not alarm.loop.is_closed():
                alarm.loop.call_soon(alarm.callback)

    def _drop_cancelled(self) -> None:
        while self._alarms and self._alarms[0].cancelled:
            heapq.heappop(self._alarms)

    # --- the loop that jumps it --------------------------------------------------------------

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        """An asyncio loop that :meth:`jump`\\ s this clock whenever nothing can run."""
        return asyncio.SelectorEventLoop(_JumpingSelector(self))


class _JumpingSelector(selectors.BaseSelector):
    """The default selector, but a wait for I/O with nothing ready jumps the clock instead."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._inner = selectors.DefaultSelector()

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is not None and timeout <= 0:
            return self._inner.select(timeout)
        ready = self._inner.select(0)
        if ready or self._clock.jump():
            return ready
        return self._inner.select(timeout)

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self._inner.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._inner.modify(fileobj, events, data)

    def close(self) -> None:
        self._inner.close()

    def get_key(self, fileobj: Any) -> selectors.SelectorKey:
        return self._inner.get_key(fileobj)

    def get_map(self) -> Mapping[Any, selectors.SelectorKey]:
        return self._inner.get_map()
