"""The monitor loop across maintenance windows: a failure inside one, one that outlasts it, and
the vendor's own scheduled work read from its status page.

Each test waits for the events a user would see. Most run on a clock that jumps ahead
whenever the monitor waits (see :func:`tests.support.monitors.simulated`), with the intervals
a user sets; one runs the monitor as ``trayapp watch`` does, against a real local server that
refuses every connection, with the system's clock and a window that ends two seconds in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.core.vendors.pages import body, maintenance_summary
from tests.support import builders
from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.monitors import (
    changed_to,
    running,
    scenario_service,
    simulated,
    simulated_config,
)
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page
from trayapp.core.config.model import Config
from trayapp.core.models import Status
from trayapp.core.monitor import IncidentOpened, Notification, StatusChanged

pytestmark = pytest.mark.anyio

SUMMARY = "/api/v2/summary.json"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


def at(minute: int, second: int = 0) -> datetime:
    """11:MM:SS on the clock's day (it starts at 11:00)."""
    return builders.at(11, minute, second)


def with_windows(config: Config, *windows: Mapping[str, Any]) -> Config:
    data = config.model_dump(mode="json", exclude_unset=True)
    return Config.model_validate({**data, "maintenance": list(windows)})


def statuses(events: list[Any], service: str) -> list[str]:
    return [e.to.value for e in events if isinstance(e, StatusChanged) and e.service == service]


async def test_a_failure_that_outlasts_the_window_is_down_from_its_end(
    web: FakeWeb, clock: FakeClock
) -> None:
    window = {
        "name": "Router firmware",
        "start": "2012-07-26T11:02:00Z",
        "end": "2012-07-26T11:20:00Z",
    }
    config = with_windows(simulated_config(web, [scenario_service(web, "twitter")]), window)
    web.scenarios["twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("twitter", Status.UP))
        await run.until(lambda: clock.now() >= at(2))
        web.scenarios["twitter"] = "/reset"
        entered = await run.log.wait_for(changed_to("twitter", Status.MAINTENANCE))
        view = run.monitor.snapshot().services[0]
        down = await run.log.wait_for(changed_to("twitter", Status.DOWN))
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        told = await run.log.wait_for(lambda e: isinstance(e, Notification))
        kept = [r.status for r in run.store.rounds_of("twitter")]
    assert entered.at < at(2, 31)  # the first failed round inside the window
    assert view.maintenance is not None
    assert (view.maintenance.until, view.maintenance.name) == (at(20), "Router firmware")
    assert statuses(run.log.events, "twitter") == ["up", "maintenance", "up", "down"]
    # Judged again the moment the window ended, and down at the round that confirms it
    # (retry_after, 5 s, later), not sooner.
    assert opened.started_at == at(20)
    assert at(20, 5) <= down.at <= at(20, 6)
    assert told.title == "twitter is down"
    assert told.at > at(20)
    assert Status.MAINTENANCE in kept
    assert kept.index(Status.DOWN) > len(kept) - 1 - kept[::-1].index(Status.MAINTENANCE)


async def test_a_window_that_ends_with_the_service_back_raises_nothing(
    web: FakeWeb, clock: FakeClock
) -> None:
    window = {"every": "day", "window": "11:02-11:10", "timezone": "UTC"}
    config = with_windows(simulated_config(web, [scenario_service(web, "twitter")]), window)
    web.scenarios["twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("twitter", Status.UP))
        await run.until(lambda: clock.now() >= at(2))
        web.scenarios["twitter"] = "/down-503"
        await run.log.wait_for(changed_to("twitter", Status.MAINTENANCE))
        await run.until(lambda: clock.now() >= at(8))
        web.scenarios["twitter"] = "/up"
        await run.log.wait_for(changed_to("twitter", Status.UP))
        await run.until(lambda: clock.now() >= at(15))
    assert statuses(run.log.events, "twitter") == ["up", "maintenance", "up"]
    assert run.log.of(IncidentOpened) == []
    assert run.log.of(Notification) == []


async def test_the_vendor_s_scheduled_work_excuses_failures_while_its_page_says_so(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(maintenance_summary("2012-07-26T12:00:00Z"), etag='"work"'))
    twitter = scenario_service(web, "Twitter", status_page=web.url(), status_page_interval="1m")
    config = simulated_config(web, [twitter])
    web.scenarios["Twitter"] = "/reset"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("Twitter", Status.MAINTENANCE))
        view = run.monitor.snapshot().services[0]
        await run.until(lambda: clock.now() >= at(10))
        assert run.log.of(IncidentOpened) == []
        web.serve(SUMMARY, Page(body("statuspage_all_well.json"), etag='"done"'))
        await run.log.wait_for(changed_to("Twitter", Status.DOWN))
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
    assert view.maintenance is not None
    assert view.maintenance.vendor
    assert (view.maintenance.until, view.maintenance.name) == (
        datetime(2012, 7, 26, 12, tzinfo=UTC),
        "API database upgrade",
    )
    assert opened.started_at > at(10)


async def test_the_window_s_end_against_a_real_server(sites: LocalSites, tmp_path: Path) -> None:
    from tests.core.monitor.test_loop import compressed

    now = datetime.now(UTC)
    end = now + timedelta(seconds=2)
    window = {"start": (now - timedelta(hours=1)).isoformat(), "end": end.isoformat()}
    service = {"name": "Backups", "url": f"http://127.0.0.1:{closed_port()}/"}
    config = with_windows(builders.config(service, base=compressed(sites)), window)
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(changed_to("Backups", Status.MAINTENANCE))
        assert run.log.of(IncidentOpened) == []
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        down = await run.log.wait_for(changed_to("Backups", Status.DOWN))
    assert opened.started_at >= end.replace(microsecond=end.microsecond // 1000 * 1000)
    assert statuses(run.log.events, "Backups") == ["maintenance", "unknown", "down"]
    assert down.cause is not None
