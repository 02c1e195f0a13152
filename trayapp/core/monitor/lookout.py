"""The network's lookout: when the canaries are asked, and what is done with their answer.

The canaries are asked

- by a failed round (:meth:`Lookout.survey`): one look at a time, shared by every round it
  can speak for, so that services failing together ask once;
- on the lookout's own task: every ``[network] interval`` while all is well (behind a captive
  portal every service seems to answer), every :data:`NETWORK_RETRY` seconds while the
  network is not online, so that its return is seen soon;
- when woken (:meth:`Lookout.wake`): by a round that answered while the network was not
  online (at most once per :data:`SURVEY_GAP`, however many services answer), and at once on
  the operating system's hint.

Each look goes into the ledger (the network's status and words, its notification); when the
network is back online, ``on_back`` is called so that every service is checked at once.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

from trayapp.core.clock import Clock
from trayapp.core.config.running import Config
from trayapp.core.monitor.ledger import Ledger
from trayapp.core.monitor.schedule import Schedule
from trayapp.core.network import (
    NetworkHint,
    NetworkReport,
    NetworkStatus,
    NetworkWords,
    Reachability,
    check_canaries,
)
from trayapp.core.probes import Prober

__all__ = [
    "NETWORK_RETRY",
    "SURVEY_GAP",
    "Lookout",
    "NetworkHint",
    "NetworkStatus",
    "NetworkWords",
    "Reachability",
]

NETWORK_RETRY = 30.0
"""Seconds between two looks at the canaries while the network is not online."""
SURVEY_GAP = 10.0
"""Seconds at least between two looks the lookout's task takes when woken by rounds."""
_TASK = "network"


class Lookout:
    """Asks the canaries when it is time, and takes their answer into the books.

    Args:
        config: The config whose ``[network]`` and ``[defaults]`` apply; :attr:`config` takes
            a new one.
        prober: Asks the canaries.
        ledger: Takes the network's status and words.
        clock: Every wait.
        on_back: Called when the network is back online.
        on_change: Called after each look taken into the books.
    """

    def __init__(
        self,
        config: Config,
        *,
        prober: Prober,
        ledger: Ledger,
        clock: Clock,
        on_back: Callable[[], None],
        on_change: Callable[[], None],
    ) -> None:
        self.config = config
        self._prober = prober
        self._ledger = ledger
        self._clock = clock
        self._on_back = on_back
        self._on_change = on_change
        self._look: asyncio.Task[NetworkReport] | None = None
        self._look_at = 0.0
        self._taken_at = -math.inf
        self._taken = NetworkReport()
        """The latest look taken into the books, and when it started."""
        self._urgent = False
        self._task = Schedule(clock)

    def start(self) -> None:
        """Start the lookout's own task (the first look at once)."""
        self._task.start(_TASK, self._run(), "the network")

    async def stop(self) -> None:
        """Stop the task and any look under way."""
        tasks: list[asyncio.Task[None] | asyncio.Task[NetworkReport]] = [*self._task.cancel_all()]
        if self._look is not None:
            self._look.cancel()
            tasks.append(self._look)
        await asyncio.gather(*tasks, return_exceptions=True)

    def wake(self, *, urgent: bool = False) -> None:
        """Look again soon: at once when ``urgent`` (the operating system's hint), else not
        before :data:`SURVEY_GAP` after the last look."""
        self._urgent |= urgent
        if _TASK in self._task:
            self._task.wake(_TASK)

    async def survey(self, began: float, *, fresh: bool = False) -> NetworkReport:
        """The canaries' verdict on a round that began at ``began`` (monotonic seconds),
        taken into the books.

        A look is shared by every round that began before it started, so that it saw the
        network as they did. A round that began later gets a look of its own: an older
        verdict, offline or online, may be out of date already, and reusing it made the
        network flip back and forth. ``fresh``: a look of its own in any case.
        """
        if not fresh and self._look is not None and self._look_at >= began:
            return await asyncio.shield(self._look)
        started = self._look_at = self._clock.monotonic()
        self._look = asyncio.create_task(check_canaries(self.config, self._prober))
        report = await asyncio.shield(self._look)
        if started < self._taken_at:
            # A later look was taken while this one ran: it saw the network more recently.
            return self._taken
        self._taken_at, self._taken = started, report
        self._take(report)
        return report

    def _take(self, report: NetworkReport) -> None:
        was_online = self._ledger.network_status.online
        self._ledger.network(report.words, self._clock.now())
        if report.online and not was_online:
            self._on_back()
        self._on_change()

    async def _run(self) -> None:
        await self.survey(self._clock.monotonic())
        while True:
            online = self._ledger.network_status.online
            wait = self.config.network.interval if online else NETWORK_RETRY
            waited = self._clock.monotonic()
            await self._task.wait(_TASK, wait)
            woken = self._clock.monotonic() - waited < wait
            gap = self._look_at + SURVEY_GAP - self._clock.monotonic()
            if woken and gap > 0 and not self._urgent:
                await self._clock.sleep(gap)
            self._urgent = False
            await self.survey(self._clock.monotonic(), fresh=True)
