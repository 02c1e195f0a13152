"""When the monitor's tasks run next: every wait on the clock, and what ends it early.

Each of the monitor's tasks (a service's rounds, a source's readings, the heartbeat) waits
between two runs until its time comes on the :class:`~trayapp.core.clock.Clock`, or until it
is woken (check now, the vendor's new word, the network back). Every wait goes through the
clock, never through the event loop's own time, so that a test's clock can jump ahead when
every task is waiting::

    task ──► Schedule.wait(name, seconds) ──► clock.call_later ──┐
                                 ▲                              ├─► the task runs again
    command, news ──► Schedule.wake(name) ──────────────────────┘

Rounds fall due on a grid: the loop then wakes once for all the rounds of a slot instead of
once for each, which costs a laptop less power and a thousand services a good part of their
CPU time. A round at its interval falls on a grid of a thirtieth of the interval
(:func:`round_slack`: 2 s for a minute, so that its jitter of ±1.5 s leaves a few slots, not
two dozen); the rounds of a slot then also run while the code and data they share are still
in the processor's caches, which cuts a quarter to a third off what a round costs when
rounds are a minute apart. A round that confirms another comes on the fine grid of
:data:`TIMER_SLACK`.

Each service's rounds keep to its beat, every interval from its first round
(:func:`next_round`), each moved a little either way (:data:`JITTER`) so that services
configured alike do not fire in step. The moves do not add up: services started together stay
within a few seconds of each other all day, and the loop keeps waking a few times a minute for
them. Had each interval been stretched or shortened instead, their rounds would wander apart
like random walks: fifty services a minute apart would come in 15 slots a minute after ten
minutes and in 25 after a few hours, each slot a wake-up with cold caches.

A round that is not believed yet (a failure short of ``failure_threshold``, a recovery short
of ``success_threshold``, a failure held after a sleep) is confirmed sooner than an interval
later: :func:`confirm_delay` after its start. With the defaults (interval 60 s, threshold 2,
``retry_after`` 5 s, timeout 10 s), a service failing with an answer is called down at most
``interval + (threshold - 1) * retry_after + timeout`` = 75 s after it began to fail.

A :class:`SleepDetector` tells the heartbeat that the machine slept: every service's next
failure is then checked again before it counts.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from trayapp.core.clock import Clock

__all__ = [
    "JITTER",
    "MAX_ROUND_SLACK",
    "ROUND_GRID",
    "TIMER_SLACK",
    "Schedule",
    "SleepDetector",
    "confirm_delay",
    "nap",
    "next_round",
    "round_slack",
]

TIMER_SLACK = 0.25
"""Seconds: confirming rounds fall due on a grid this fine (or a quarter of the interval, if
finer), so that the loop wakes once for several."""
ROUND_GRID = 1 / 30
"""Rounds at their interval fall due on a grid of this share of the interval."""
MAX_ROUND_SLACK = 10.0
"""Seconds: the coarsest grid of rounds at their interval."""
JITTER = 0.025
"""A round at its interval comes up to this fraction of the interval before or after its
service's beat: two rounds are 95 to 105 % of the interval apart."""


async def nap(clock: Clock, wakeup: asyncio.Event, seconds: float) -> None:
    """Wait until ``wakeup`` is set or ``seconds`` have passed on ``clock``, whichever is
    first; at least one turn of the event loop, so that a task waiting nothing never starves
    the others. ``wakeup`` is set when the time comes (clear it to wait again)."""
    if wakeup.is_set() or seconds <= 0:
        await asyncio.sleep(0)
        return
    alarm = clock.call_later(seconds, wakeup.set)
    try:
        await wakeup.wait()
    finally:
        alarm.cancel()


def next_round(beat: float, interval: float, began: float, now: float, rng: random.Random) -> float:
    """Seconds from ``now`` to the next round of a service checked every ``interval`` seconds
    since ``beat`` (its first round), after a round that ``began`` (all on the monotonic
    clock): its first beat more than a quarter of an interval after ``began``, moved by up to
    :data:`JITTER` of the interval either way.

    A round between two beats (one that confirmed a failure, or one the user asked for) does
    not move the beat: the rounds after it come back to it. One asked for shortly before a
    beat stands for that beat, so two rounds are never much closer than a quarter of an
    interval, nor, after one asked for, much further apart than an interval and a quarter.
    """
    beats = math.floor((began + interval / 4 - beat) / interval) + 1
    due = beat + beats * interval + interval * rng.uniform(-JITTER, JITTER)
    return max(0.0, due - now)


def round_slack(interval: float) -> float:
    """The grid, in seconds, that a round an ``interval`` after the last falls due on:
    :data:`ROUND_GRID` of the interval, at most :data:`MAX_ROUND_SLACK`, and never finer than
    a confirming round's (:data:`TIMER_SLACK`, or a quarter of the interval if finer)."""
    return max(min(TIMER_SLACK, interval / 4), min(interval * ROUND_GRID, MAX_ROUND_SLACK))


def confirm_delay(retry_after: float, interval: float, tries: int) -> float:
    """Seconds from the start of a round not believed yet to the round that confirms it.

    The first and second confirming rounds come ``retry_after`` after the round before them;
    from the third on, the wait doubles each time (a service that keeps flapping is not
    checked every few seconds for ever). Never longer than ``interval``.

    Args:
        retry_after: The service's ``retry_after``, seconds.
        interval: The service's ``interval``, seconds.
        tries: Which confirming round comes next: 1 after the first round not believed.

    Raises:
        ValueError: ``tries`` is less than 1.
    """
    if tries < 1:
        raise ValueError("the first confirming round is try 1")
    # Capped: a service unsettled for a thousand rounds would overflow a float otherwise.
    doubled = retry_after * 2.0 ** min(max(0, tries - 2), 64)
    return min(doubled, interval)


class Schedule:
    """Named tasks of one kind (services' rounds, sources' readings, status pages), each
    running until stopped, and their waits: each ends at its time on the clock, or at once
    when the task is woken.

    Args:
        clock: What the waits are measured on.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._wakeups: dict[str, asyncio.Event] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._tasks

    def start(self, name: str, work: Coroutine[Any, Any, None], label: str) -> None:
        """Run ``work`` as ``name``'s task (named ``label``, for debugging), not woken yet."""
        self._wakeups[name] = asyncio.Event()
        self._tasks[name] = asyncio.create_task(work, name=label)

    def stop(self, name: str) -> None:
        """Cancel ``name``'s task (nothing happens if there is none)."""
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()
        self._wakeups.pop(name, None)

    def cancel_all(self) -> list[asyncio.Task[None]]:
        """Cancel every task; returns them, for the caller to wait until they have ended."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        self._tasks.clear()
        self._wakeups.clear()
        return tasks

    def wake(self, *names: str) -> None:
        """End each of ``names``'s wait now, or its next one if it is not waiting (nothing
        happens for a name without a task)."""
        for name in names:
            wakeup = self._wakeups.get(name)
            if wakeup is not None:
                wakeup.set()

    def wake_all(self, but: str | None = None) -> None:
        """:meth:`wake` every task, but ``but``'s."""
        for name, wakeup in self._wakeups.items():
            if name != but:
                wakeup.set()

    async def wait(self, name: str, seconds: float, *, slack: float = 0.0) -> None:
        """Wait ``seconds`` on the clock for ``name``'s next run, until it is woken, or not at
        all if it was woken since its last wait ended. Called by ``name``'s own task.

        Args:
            name: A task :meth:`start` started.
            seconds: How long to wait, at most.
            slack: Round the end of the wait up to a multiple of this many seconds of the
                clock's monotonic time (0: not at all), so that tasks due at about the same
                time end their waits together.

        Raises:
            KeyError: ``name`` has no task.
        """
        wakeup = self._wakeups[name]
        if slack > 0:
            now = self._clock.monotonic()
            seconds = math.ceil((now + seconds) / slack) * slack - now
        await nap(self._clock, wakeup, seconds)
        wakeup.clear()


class SleepDetector:
    """Notices that the machine slept, however seldom the loop looks at the clocks.

    Give it both clocks at each look. Where the monotonic clock stops while the machine is
    suspended (``time.monotonic()`` on Linux and macOS), the wall clock runs on: the sleep is
    what the wall clock gained on the monotonic one between two looks, however far apart.
    Where the monotonic clock keeps running (Windows), the sleep shows as a look that comes
    late: the loop says by when it will look again (:meth:`expect`). A wall-clock jump forward
    (a corrected clock) looks like a sleep too, which costs one re-check and nothing else; a
    jump back is ignored.

    Args:
        threshold: Seconds of sleep (or of lateness) beyond which the machine is taken to
            have slept.
    """

    def __init__(self, threshold: float = 30.0):
        if threshold <= 0:
            raise ValueError("the threshold is a positive number of seconds")
        self.threshold = threshold
        self._last: tuple[float, datetime] | None = None
        self._expected: float | None = None

    def expect(self, monotonic: float | None) -> None:
        """The loop looks again by ``monotonic`` (on the monotonic clock), whatever else
        happens: a look much later than that means the machine slept. None: no promise (the
        loop is busy, and may be slow for reasons of its own)."""
        self._expected = monotonic

    def tick(self, monotonic: float, wall: datetime) -> float | None:
        """Record a look at the clocks; how long the machine slept since the last one, if it
        did."""
        last, self._last = self._last, (monotonic, wall)
        if last is None:
            return None
        gained = (wall - last[1]).total_seconds() - (monotonic - last[0])
        late = 0.0 if self._expected is None else monotonic - self._expected
        slept = max(gained, late)
        if slept <= self.threshold:
            return None
        self._expected = None  # told once: the loop says anew by when it looks again
        return slept
