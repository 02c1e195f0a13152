"""The monitor confirms a change as soon as the evidence allows: the rounds that confirm a
failure (or a recovery) come ``retry_after`` after it, not an interval later; a vendor that
opens an incident has the service checked at once, and a failure others already report
counts at once.

Most tests run the monitor against sites answered in memory, on a clock that jumps ahead
whenever the monitor waits (see :func:`tests.support.monitors.simulated`): what is checked is
the moment on that clock of each round, never real time. The last runs it against a real
local server, on a clock that moves only when the test moves it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober
from tests.core.vendors.pages import body
from tests.support import builders
from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.monitors import (
    EventLog,
    changed_to,
    scenario_service,
    simulated,
    simulated_config,
)
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page
from trayapp.core.config.model import Config
from trayapp.core.models import CheckResult, Status
from trayapp.core.monitor import Ledger, Monitor, StatusChanged
from trayapp.core.monitor.schedule import JITTER, round_slack
from trayapp.core.monitor.state import Judgement

pytestmark = pytest.mark.anyio

SUMMARY = "/api/v2/summary.json"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    """Async tests run on asyncio, on a loop that jumps ``clock`` when nothing can run."""
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


def gaps(moments: Sequence[datetime]) -> list[float]:
    """Seconds between each moment and the next."""
    return [(b - a).total_seconds() for a, b in itertools.pairwise(moments)]


async def test_a_failure_is_confirmed_after_retry_after_not_an_interval_later(
    web: FakeWeb, clock: FakeClock
) -> None:
    """The defaults' threshold of two: down one retry_after (5 s) after the first failure."""
    config = simulated_config(web, [scenario_service(web, "shop")], defaults={"interval": "1m"})
    web.scenarios["shop"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("shop", Status.UP))
        web.scenarios["shop"] = "/reset"
        flipped = clock.now()
        down = await run.log.wait_for(changed_to("shop", Status.DOWN))
        await run.until(lambda: bool(run.store.rounds_of("shop", down.at)))
        rounds = run.store.rounds_of("shop", flipped)
    failed = [r.at for r in rounds if r.status is Status.DOWN]
    assert gaps(failed) == [5.0]
    assert down.at == failed[-1]
    # The first failure came at the interval's round (a minute, give or take its jitter).
    assert 57 <= (failed[0] - flipped).total_seconds() <= 63.25


async def test_later_confirming_rounds_wait_twice_as_long_up_to_the_interval(
    web: FakeWeb, clock: FakeClock
) -> None:
    shop = scenario_service(web, "shop", interval="15s", failure_threshold=5, success_threshold=3)
    config = simulated_config(web, [shop])
    web.scenarios["shop"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("shop", Status.UP))
        web.scenarios["shop"] = "/reset"
        flipped = clock.now()
        down = await run.log.wait_for(changed_to("shop", Status.DOWN))
        web.scenarios["shop"] = "/up"
        up = await run.log.wait_for(lambda e: changed_to("shop", Status.UP)(e) and e.at > down.at)
        await run.until(lambda: bool(run.store.rounds_of("shop", up.at)))
        rounds = run.store.rounds_of("shop", flipped)
        first = run.store.rounds_of("shop")[0].at
    failed = [r.at for r in rounds if r.status is Status.DOWN]
    # 5 s, 5 s, then doubled (10 s), then the interval's 15 s rather than 20.
    assert gaps(failed) == [5.0, 5.0, 10.0, 15.0]
    assert down.at == failed[-1]
    # Recovery likewise: the first good round on the service's beat (every 15 s from its
    # first round, give or take its jitter and its grid), then two 5 s later each.
    good = [r.at for r in rounds if r.status is Status.UP and r.at > down.at]
    assert gaps(good) == [5.0, 5.0]
    off_beat = ((good[0] - first).total_seconds() + 7.5) % 15 - 7.5
    assert -15 * JITTER <= off_beat <= 15 * JITTER + round_slack(15)
    assert 15 / 4 < (good[0] - down.at).total_seconds() <= 15 * 1.25 + round_slack(15)
    assert up.at == good[-1]


async def test_a_failure_the_vendor_already_reports_is_down_at_once(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    twitter = scenario_service(
        web, "Twitter", status_page=web.url(), status_component="userstream", failure_threshold=3
    )
    config = simulated_config(web, [twitter])
    web.scenarios["Twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        # The vendor's outage first: with the checks passing, the service is degraded.
        await run.log.wait_for(changed_to("Twitter", Status.DEGRADED))
        web.scenarios["Twitter"] = "/down-503"
        flipped = clock.now()
        down = await run.log.wait_for(changed_to("Twitter", Status.DOWN))
        await run.until(lambda: bool(run.store.rounds_of("Twitter", down.at)))
        failed = [r for r in run.store.rounds_of("Twitter", flipped) if r.status is Status.DOWN]
    # Its first failure here: a threshold of three, yet one round.
    assert [r.at for r in failed] == [down.at]


def summary(*incidents: str) -> bytes:
    """A Statuspage summary at "minor" (degraded) that lists an incident of each name."""
    listed = [
        {
            "id": f"inc{index}",
            "name": name,
            "status": "investigating",
            "impact": "minor",
            "created_at": "2012-07-26T11:00:00Z",
            "updated_at": "2012-07-26T11:00:00Z",
            "incident_updates": [],
            "components": [],
        }
        for index, name in enumerate(incidents)
    ]
    status = {"indicator": "minor", "description": "Minor Service Outage"}
    page = {"components": [], "incidents": listed, "scheduled_maintenances": [], "status": status}
    return json.dumps(page).encode()


async def test_a_vendor_that_opens_an_incident_has_the_service_checked_at_once(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(summary("Timelines are delayed")))
    twitter = scenario_service(
        web, "Twitter", status_page=web.url(), status_page_interval="1m", interval="1h"
    )
    config = simulated_config(web, [twitter], notifications={"on_degraded": True})
    web.scenarios["Twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("Twitter", Status.DEGRADED))
        await run.until(lambda: len(web.hits(SUMMARY)) >= 2)  # read again, unchanged
        # Another incident, at the same level: the service's next round is an hour away.
        web.serve(SUMMARY, Page(summary("Timelines are delayed", "Direct messages fail")))
        opened = clock.now()
        await run.until(lambda: len(web.hits(SUMMARY)) >= 3)
        read = clock.now()
        await run.until(lambda: bool(run.store.rounds_of("Twitter", opened)))
        (checked,) = run.store.rounds_of("Twitter", opened)
    assert checked.at == read


class Judged(Ledger):
    """The ledger, keeping each round's judgement for the test to wait for."""

    def __init__(self, config: Config, log: EventLog) -> None:
        super().__init__(config, emit=log)
        self.judged: list[Judgement] = []
        self._new = asyncio.Event()

    def round(self, service: str, results: Sequence[CheckResult], at: datetime) -> Judgement:
        judgement = super().round(service, results, at)
        self.judged.append(judgement)
        self._new.set()
        return judgement

    async def until(self, count: int) -> Judgement:
        """The ``count``-th round's judgement, once it is judged (15 real seconds at most)."""
        async with asyncio.timeout(15):
            while len(self.judged) < count:
                self._new.clear()
                await self._new.wait()
        return self.judged[count - 1]


async def test_against_a_real_server_the_confirming_round_comes_after_retry_after(
    sites: LocalSites,
) -> None:
    """Real HTTP to 127.0.0.1, on a clock that moves only when the test moves it: each round
    is judged at the moment the monitor scheduled it."""
    manual = FakeClock()  # not the loop's: nothing jumps it
    service = {"name": "shop", "url": sites.http("/scenario/shop")}
    config = builders.config(
        service,
        defaults={"interval": "1h", "retry_after": "5s", "failure_threshold": 2},
        network={"canaries": [], "interval": "1h"},
        notifications={"enabled": False},
    )
    log = EventLog()
    sites.site.scenarios["shop"] = "/up"
    async with local_prober(sites) as prober:
        ledger = Judged(config, log)
        monitor = Monitor(
            config, prober=prober, ledger=ledger, clock=manual, rng=random.Random(7), heartbeat=3600
        )
        task = asyncio.create_task(monitor.run())
        try:
            while not ledger.judged:  # the first round comes within a second of the start
                manual.advance(0.25)
                await asyncio.sleep(0.01)
            assert ledger.judged[0].status is Status.UP
            start = manual.monotonic()

            sites.site.scenarios["shop"] = "/reset"
            monitor.check_now("shop")
            failed = await ledger.until(2)
            assert (failed.round_status, failed.status, failed.unsettled) == (
                Status.DOWN,
                Status.UP,
                1,
            )
            manual.advance(4.75)
            await asyncio.sleep(0.1)  # time for a round, were one due
            assert len(ledger.judged) == 2
            manual.advance(0.25)
            confirmed = await ledger.until(3)
            assert (confirmed.status, manual.monotonic() - start) == (Status.DOWN, 5.0)

            sites.site.scenarios["shop"] = "/up"
            monitor.check_now("shop")
            assert (await ledger.until(4)).unsettled == 1
            manual.advance(5.0)
            recovered = await ledger.until(5)
            assert (recovered.status, manual.monotonic() - start) == (Status.UP, 10.0)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    moves = [(e.from_.value, e.to.value) for e in log.of(StatusChanged)]
    assert moves == [("unknown", "up"), ("up", "down"), ("down", "up")]
