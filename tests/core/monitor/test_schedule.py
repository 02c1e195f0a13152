"""When the monitor's tasks run: waits on the clock, on a grid, woken early; sleeps noticed.

The waits run on a :class:`~tests.support.clocks.FakeClock` that jumps ahead whenever every
task waits: what is checked is the moment on the clock each wait ends, not real time.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

import pytest

import trayapp.core.monitor.schedule
from tests.support.builders import T0
from tests.support.clocks import FakeClock
from trayapp.core.monitor.schedule import (
    JITTER,
    MAX_ROUND_SLACK,
    TIMER_SLACK,
    Schedule,
    SleepDetector,
    confirm_delay,
    nap,
    next_round,
    round_slack,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    """Async tests run on asyncio, on a loop that jumps ``clock`` when nothing can run."""
    return "asyncio", {"loop_factory": clock.new_event_loop}


def waiter(
    schedule: Schedule, clock: FakeClock, name: str, seconds: float, slack: float = 0.0
) -> tuple[Callable[[], Coroutine[Any, Any, None]], list[float], asyncio.Event]:
    """A task's work that waits once, then notes the moment on the clock."""
    ended: list[float] = []
    done = asyncio.Event()

    async def work() -> None:
        await schedule.wait(name, seconds, slack=slack)
        ended.append(clock.monotonic())
        done.set()

    return work, ended, done


@pytest.mark.anyio
async def test_a_wait_ends_at_its_time_on_the_clock(clock: FakeClock) -> None:
    schedule = Schedule(clock)
    work, ended, done = waiter(schedule, clock, "Twitter", 30.0)
    schedule.start("Twitter", work(), "service Twitter")
    await done.wait()
    assert ended == [30.0]
    assert clock.jumps == 1


@pytest.mark.anyio
async def test_waits_due_about_together_end_together_on_the_grid(clock: FakeClock) -> None:
    clock.advance(0.3)
    schedule = Schedule(clock)
    first, second = waiter(schedule, clock, "a", 1.0, 0.25), waiter(schedule, clock, "b", 1.1, 0.25)
    schedule.start("a", first[0](), "a")
    schedule.start("b", second[0](), "b")
    await asyncio.gather(first[2].wait(), second[2].wait())
    # Due at 1.3 and 1.4: both end on the grid point after, at once.
    assert first[1] == second[1] == [1.5]
    assert clock.jumps == 1


@pytest.mark.anyio
async def test_a_wake_ends_the_wait_at_once(clock: FakeClock) -> None:
    schedule = Schedule(clock)
    work, ended, done = waiter(schedule, clock, "Twitter", 3600.0)
    schedule.start("Twitter", work(), "service Twitter")
    await asyncio.sleep(0)  # the task is waiting now
    schedule.wake("Twitter")
    schedule.wake("nobody")  # no task: nothing happens
    await done.wait()
    assert ended == [0.0]


@pytest.mark.anyio
async def test_a_wake_before_the_wait_ends_the_next_wait_and_only_that(clock: FakeClock) -> None:
    schedule = Schedule(clock)
    ended: list[float] = []
    done = asyncio.Event()

    async def work() -> None:
        for _ in range(2):
            await schedule.wait("Twitter", 60.0)
            ended.append(clock.monotonic())
        done.set()

    schedule.start("Twitter", work(), "service Twitter")
    schedule.wake("Twitter")  # before the task first ran
    await done.wait()
    assert ended == [0.0, 60.0]


@pytest.mark.anyio
async def test_wake_all_spares_the_one_named(clock: FakeClock) -> None:
    schedule = Schedule(clock)
    tasks = {name: waiter(schedule, clock, name, 60.0) for name in ("a", "b", "c")}
    for name, (work, _, _) in tasks.items():
        schedule.start(name, work(), name)
    await asyncio.sleep(0)
    schedule.wake_all(but="b")
    await asyncio.gather(*(done.wait() for _, _, done in tasks.values()))
    assert {name: ended for name, (_, ended, _) in tasks.items()} == {
        "a": [0.0],
        "b": [60.0],
        "c": [0.0],
    }


@pytest.mark.anyio
async def test_stopped_tasks_are_cancelled_and_forgotten(clock: FakeClock) -> None:
    schedule = Schedule(clock)
    for name in ("a", "b"):
        schedule.start(name, waiter(schedule, clock, name, 60.0)[0](), name)
    schedule.stop("a")
    schedule.stop("nobody")
    assert "a" not in schedule
    assert "b" in schedule
    (b,) = schedule.cancel_all()
    await asyncio.gather(b, return_exceptions=True)
    assert b.cancelled()
    assert "b" not in schedule
    assert clock.monotonic() == 0.0


@pytest.mark.anyio
async def test_a_nap_of_no_time_still_lets_the_others_run(clock: FakeClock) -> None:
    ran = []

    async def other() -> None:
        ran.append("other")

    task = asyncio.create_task(other())
    await nap(clock, asyncio.Event(), 0)
    assert ran == ["other"]
    await task
    woken = asyncio.Event()
    woken.set()
    await nap(clock, woken, 3600)
    assert clock.monotonic() == 0.0


class _NoJitter(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return (a + b) / 2


@pytest.mark.parametrize(
    ("began", "next_at"),
    [
        (0.0, 60.0),  # a round on its beat: the next beat
        (2.5, 60.0),  # late by its jitter and its grid
        (8.0, 60.0),  # one that confirmed a failure: back to the beat
        (40.0, 60.0),  # one the user asked for: the beat stands
        (46.0, 120.0),  # asked for a quarter of a minute before the beat: it stands for it
        (61.0, 120.0),
    ],
)
def test_rounds_keep_to_their_beat(began: float, next_at: float) -> None:
    now = began + 3  # the round took 3 s
    assert now + next_round(0.0, 60.0, began, now, _NoJitter()) == next_at


def test_each_round_moves_off_its_beat_by_no_more_than_the_jitter() -> None:
    rng = random.Random(7)
    due = [10 + next_round(0.0, 60.0, 0.0, 10.0, rng) for _ in range(1000)]
    assert all(60 * (1 - JITTER) <= d <= 60 * (1 + JITTER) for d in due)
    assert len(set(due)) > 900


def test_services_started_together_stay_together_all_day() -> None:
    # Fifty services every minute, their first rounds within a second, run for a day as the
    # loop runs them: each waits for its next round, rounded up to the grid of its slot.
    rng = random.Random(7)
    slack = round_slack(60.0)
    slots: set[float] = set()
    for _ in range(50):
        beat = now = rng.uniform(0, 1.0)
        while now < 24 * 3600:
            if now >= 24 * 3600 - 600:
                slots.add(now)  # the last ten minutes
            began, now = now, now + 0.05
            wait = next_round(beat, 60.0, began, now, rng)
            now = math.ceil((now + wait) / slack) * slack
    # Stretching each interval instead, they came in 25 slots a minute after a few hours.
    assert len(slots) <= 4 * 10


def test_rounds_at_their_interval_share_a_coarser_grid_than_confirming_ones() -> None:
    assert round_slack(60.0) == pytest.approx(2.0)  # a minute: the rounds of 2 s in one wakeup
    assert round_slack(3600.0) == MAX_ROUND_SLACK
    assert round_slack(6.0) == TIMER_SLACK  # as fine as a confirming round's, never finer
    assert round_slack(0.2) == pytest.approx(0.05)  # a quarter of an interval shorter than that


# --- confirming rounds -------------------------------------------------------------------


def test_confirming_rounds_come_after_retry_after_then_twice_as_long_each_time() -> None:
    waits = [confirm_delay(5.0, 600.0, tries) for tries in range(1, 7)]
    assert waits == [5.0, 5.0, 10.0, 20.0, 40.0, 80.0]


def test_a_confirming_round_never_waits_longer_than_the_interval() -> None:
    assert [confirm_delay(5.0, 15.0, tries) for tries in range(1, 6)] == [5, 5, 10, 15, 15]
    # retry_after longer than the interval: the interval.
    assert confirm_delay(30.0, 10.0, 1) == 10.0
    # However long a service stays unsettled, the wait is the interval's.
    assert confirm_delay(5.0, 60.0, 10_000) == 60.0


def test_the_first_confirming_round_is_try_one() -> None:
    with pytest.raises(ValueError, match="try 1"):
        confirm_delay(5.0, 60.0, 0)


# --- laptop life -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monotonic_gap", "wall_gap", "slept"),
    [
        (5, 5, None),
        (600, 600, None),  # looks far apart are not a sleep when both clocks agree
        (5, 3600, 3595),  # the monotonic clock stopped while suspended (Linux and macOS)
        (5, 20, None),  # a wall clock set forward by less than the threshold
        (5, -3600, None),  # the wall clock was set back: not a sleep
    ],
)
def test_a_sleep_is_what_the_wall_clock_gained_on_the_monotonic_one(
    monotonic_gap: float, wall_gap: float, slept: float | None
) -> None:
    detector = SleepDetector(threshold=30)
    assert detector.tick(1000.0, T0) is None
    assert detector.tick(1000.0 + monotonic_gap, T0 + timedelta(seconds=wall_gap)) == slept


def test_where_the_monotonic_clock_runs_through_a_sleep_a_late_look_is_one() -> None:
    # Windows: both clocks move on while the machine sleeps; the loop said when it would look.
    detector = SleepDetector(threshold=30)
    detector.tick(1000.0, T0)
    detector.expect(1030.0)
    assert detector.tick(1010.0, T0 + timedelta(seconds=10)) is None  # a round, in time
    assert detector.tick(1030.5, T0 + timedelta(seconds=30.5)) is None  # a timer a bit late
    assert detector.tick(4600.0, T0 + timedelta(seconds=3600)) == 3570
    assert detector.tick(4601.0, T0 + timedelta(seconds=3601)) is None  # said once


def test_a_loop_that_promised_nothing_is_not_late() -> None:
    detector = SleepDetector(threshold=30)
    detector.tick(1000.0, T0)
    detector.expect(1030.0)
    detector.expect(None)  # busy: the heartbeat's own work may take long
    assert detector.tick(1100.0, T0 + timedelta(seconds=100)) is None


def test_the_sleep_threshold_is_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        SleepDetector(threshold=0)


def test_public_api() -> None:
    assert set(trayapp.core.monitor.schedule.__all__) == {
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
    }
