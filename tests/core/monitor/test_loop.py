"""The monitor loop against real local servers, with compressed times.

Each test waits for the events a user would see (never for fixed lengths of time): the
monitor runs as it does in ``trayapp watch``, only with intervals of a tenth of a second.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.core.probes.fixtures import local_prober
from tests.core.vendors.pages import body
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import Config
from trayapp.core.models import Cause, Status, TrayStatus, Verdict
from trayapp.core.monitor.events import (
    Event,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    Notification,
    StatusChanged,
)
from trayapp.core.monitor.ledger import Ledger
from trayapp.core.monitor.loop import Monitor
from trayapp.core.store.history import Store
from trayapp.core.vendors.poller import vendor_client

pytestmark = pytest.mark.anyio

_names = itertools.count()


@dataclass
class EventLog:
    """Events as the monitor emits them, and a way to wait for one."""

    events: list[Event] = field(default_factory=list)
    _new: asyncio.Event = field(default_factory=asyncio.Event)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._new.set()

    async def wait_for(self, predicate: Callable[[Event], bool], timeout: float = 15.0) -> Event:
        """The first event so far, or to come, that ``predicate`` accepts."""
        async with asyncio.timeout(timeout):
            seen = 0
            while True:
                for event in self.events[seen:]:
                    if predicate(event):
                        return event
                seen = len(self.events)
                self._new.clear()
                await self._new.wait()

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def changed_to(service: str, status: Status) -> Callable[[Event], bool]:
    return lambda e: isinstance(e, StatusChanged) and e.service == service and e.to is status


def scenario(sites: LocalSites, name: str, route: str) -> None:
    sites.site.scenarios[name] = route


def config_for(sites: LocalSites, services: list[dict[str, Any]], **sections: Any) -> Config:
    data: dict[str, Any] = {
        "defaults": {
            "interval": "100ms",
            "timeout": "1s",
            "failure_threshold": 2,
            "success_threshold": 2,
            "flap_window": "2s",
        },
        "notifications": {"coalesce": "300ms"},
        "network": {"canaries": [f"tcp://127.0.0.1:{sites.http_port}"]},
        "services": services,
    }
    for section, values in sections.items():
        data[section] = {**data.get(section, {}), **values}
    return Config.model_validate(data)


class JumpingClock(SystemClock):
    """The real clocks, with a wall clock a test can move forward (a laptop's sleep)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return super().now() + self.offset


@dataclass
class Running:
    monitor: Monitor
    log: EventLog
    store: Store
    changed: asyncio.Event

    async def until(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        """Wait until ``predicate`` holds, looking again whenever the monitor changes."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self.changed.clear()
                await self.changed.wait()


@asynccontextmanager
async def running(
    sites: LocalSites,
    config: Config,
    tmp_path: Path,
    clock: SystemClock | None = None,
    vendor_client: httpx.AsyncClient | None = None,
    data_dir: Path | None = None,
) -> AsyncIterator[Running]:
    clock = clock or SystemClock()
    log = EventLog()
    changed = asyncio.Event()
    store = Store.open(data_dir or tmp_path / f"data{next(_names)}")
    try:
        async with local_prober(sites) as prober:
            ledger = Ledger(config, emit=log, store=store)
            monitor = Monitor(
                config,
                prober=prober,
                ledger=ledger,
                clock=clock,
                store=store,
                rng=random.Random(7),
                heartbeat=0.2,
                recheck_after=0.2,
                on_change=changed.set,
                vendor_client=vendor_client,
            )
            task = asyncio.create_task(monitor.run())
            try:
                yield Running(monitor, log, store, changed)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
    finally:
        store.close()


def service(sites: LocalSites, name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "url": sites.http(f"/scenario/{name}"), **more}


async def test_the_2012_timeline_is_one_incident_with_one_flap(
    sites: LocalSites, tmp_path: Path
) -> None:
    """Down 11:23, back briefly 12:04, down again 12:15, errors 12:58, then back for good."""
    twitter = {
        "name": "twitter",
        "checks": [
            {
                "type": "http",
                "url": sites.http("/scenario/twitter"),
                "body_absent": "Twitter is currently down",
            }
        ],
    }
    config = config_for(sites, [twitter])
    scenario(sites, "twitter", "/up")
    async with running(sites, config, tmp_path) as run:
        log = run.log
        await log.wait_for(changed_to("twitter", Status.UP))

        scenario(sites, "twitter", "/reset")  # 11:23 "the connection was interrupted"
        await log.wait_for(changed_to("twitter", Status.DOWN))
        await log.wait_for(lambda e: isinstance(e, Notification) and "down" in e.title)

        scenario(sites, "twitter", "/up")  # 12:04 back, briefly
        await log.wait_for(lambda e: isinstance(e, Notification) and "back up" in e.title)

        scenario(sites, "twitter", "/reset")  # 12:15 down again, inside the flap window
        await log.wait_for(lambda e: isinstance(e, IncidentUpdated) and e.change == "flap")
        await log.wait_for(lambda e: len(log.of(Notification)) == 3)

        scenario(sites, "twitter", "/down-503")  # 12:58 server errors, "currently down"
        await log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.cause is Cause.HTTP_STATUS
        )
        scenario(sites, "twitter", "/up")  # back for good
        resolved = await log.wait_for(lambda e: isinstance(e, IncidentResolved))
        (incident,) = run.store.incidents()

    assert len(log.of(IncidentOpened)) == 1
    assert isinstance(resolved, IncidentResolved)
    assert resolved.flaps == 1
    titles = [n.title for n in log.of(Notification)]
    assert titles == [
        "twitter is down",
        "twitter is back up",
        "twitter is down",
        "twitter is back up",
    ]
    assert incident.flaps == 1
    assert Cause.HTTP_STATUS in incident.causes
    assert {Cause.RESET, Cause.PROTOCOL} & set(incident.causes)
    assert abs(incident.ended_at - resolved.ended_at) < timedelta(milliseconds=1)
    assert not incident.is_open


async def test_when_the_canaries_fail_too_it_is_just_you(sites: LocalSites, tmp_path: Path) -> None:
    port = closed_port()
    services = [
        {"name": "a", "url": f"http://127.0.0.1:{port}/"},
        {"name": "b", "checks": [{"type": "tcp", "host": "127.0.0.1", "port": port}]},
    ]
    config = config_for(sites, services, network={"canaries": [f"tcp://127.0.0.1:{port}"]})
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged))
        await run.log.wait_for(
            lambda e: isinstance(e, Notification) and "network" in e.title.lower()
        )
        since = datetime.now().astimezone()
        await run.until(  # several more rounds of both services, all blamed on the network
            lambda: all(len(run.store.recent_rounds(name, since)) >= 4 for name in ("a", "b"))
        )
        snapshot = run.monitor.snapshot()
    assert snapshot.tray_status is TrayStatus.OFFLINE
    assert run.log.of(IncidentOpened) == []
    assert [n.services for n in run.log.of(Notification)] == [()]
    assert {v.status for v in snapshot.services} == {Status.UNKNOWN}


async def test_a_service_up_again_after_the_network_returns(
    sites: LocalSites, tmp_path: Path
) -> None:
    config = config_for(
        sites,
        [service(sites, "web")],
        network={"canaries": [sites.http("/scenario/canary")]},
    )
    scenario(sites, "web", "/reset")
    scenario(sites, "canary", "/reset")
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged) and e.to.value == "offline")
        scenario(sites, "web", "/up")
        scenario(sites, "canary", "/up")
        back = await run.log.wait_for(
            lambda e: isinstance(e, NetworkChanged) and e.to.value == "online"
        )
        await run.log.wait_for(changed_to("web", Status.UP))
    assert back is not None
    assert run.log.of(IncidentOpened) == []


async def test_snooze_pause_and_resume(sites: LocalSites, tmp_path: Path) -> None:
    config = config_for(sites, [service(sites, "svc")])
    scenario(sites, "svc", "/up")
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(changed_to("svc", Status.UP))
        until = datetime.now().astimezone() + timedelta(milliseconds=600)
        run.monitor.snooze("SVC", until)
        await run.log.wait_for(changed_to("svc", Status.PAUSED))
        assert run.monitor.snapshot().services[0].paused_until == until
        scenario(sites, "svc", "/reset")  # fails while snoozed: kept, but never notified
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert run.monitor.snapshot().services[0].status is Status.PAUSED
        await run.log.wait_for(changed_to("svc", Status.DOWN))  # the snooze ran out
        run.monitor.pause("svc")
        await run.log.wait_for(lambda e: changed_to("svc", Status.PAUSED)(e) and e.at > until)
        run.monitor.resume("svc")
        resumed = await run.log.wait_for(
            lambda e: isinstance(e, StatusChanged) and e.from_ is Status.PAUSED and e.at > until
        )
    assert isinstance(resumed, StatusChanged)
    assert resumed.to is Status.DOWN
    with pytest.raises(KeyError):
        run.monitor.pause("nobody")


async def test_check_now_runs_a_round_at_once(sites: LocalSites, tmp_path: Path) -> None:
    config = config_for(sites, [service(sites, "slowpoke", interval="1h")])
    scenario(sites, "slowpoke", "/up")
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(changed_to("slowpoke", Status.UP))
        first = run.monitor.snapshot().services[0].last_checked
        run.monitor.check_now("slowpoke")
        await run.until(lambda: run.monitor.snapshot().services[0].last_checked != first)


async def test_reload_adds_and_removes_services_and_keeps_history(
    sites: LocalSites, tmp_path: Path
) -> None:
    scenario(sites, "old", "/reset")
    scenario(sites, "new", "/up")
    config = config_for(sites, [service(sites, "old")])
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        run.monitor.reload(config_for(sites, [service(sites, "new")]))
        await run.log.wait_for(changed_to("new", Status.UP))
        closed = await run.log.wait_for(lambda e: isinstance(e, IncidentResolved))
        assert [v.name for v in run.monitor.snapshot().services] == ["new"]
        (old,) = [i for i in run.store.incidents() if i.service == "old"]
    assert isinstance(closed, IncidentResolved)
    assert closed.service == "old"
    assert not old.is_open


async def test_after_a_sleep_the_first_failure_is_checked_again(
    sites: LocalSites, tmp_path: Path
) -> None:
    clock = JumpingClock()
    config = config_for(sites, [service(sites, "laptop", failure_threshold=1)])
    scenario(sites, "laptop", "/up")
    async with running(sites, config, tmp_path, clock) as run:
        await run.log.wait_for(changed_to("laptop", Status.UP))
        scenario(sites, "laptop", "/reset")
        clock.offset = timedelta(hours=8)  # the lid was closed overnight
        # With failure_threshold 1, a failure would count at once; after the sleep the
        # first one is held and checked again, so going down takes a second round.
        down = await run.log.wait_for(changed_to("laptop", Status.DOWN))
        since = clock.now() - timedelta(hours=1)
        # Once a round after the change is on disk, every round up to it is too.
        await run.until(lambda: run.store.recent_rounds("laptop", down.at + timedelta(0, 0, 1)))
        before = run.store.recent_rounds("laptop", since, until=down.at)
    failed = [r.status for r in before if r.status is not Status.UP]
    assert failed == [Status.DOWN, Status.DOWN]


async def test_cancelling_leaves_nothing_running(sites: LocalSites, tmp_path: Path) -> None:
    config = config_for(sites, [service(sites, f"s{i}") for i in range(5)])
    before = asyncio.all_tasks()
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: len(run.log.of(StatusChanged)) >= 5)
    assert asyncio.all_tasks() == before


SUMMARY = "/api/v2/summary.json"


async def test_a_vendor_outage_with_checks_passing_degrades_the_service_in_its_words(
    sites: LocalSites, pages: VendorPages, tmp_path: Path
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json"), etag='"calm"'))
    twitter = service(sites, "Twitter", status_page=pages.url(), status_page_interval="100ms")
    config = config_for(sites, [twitter], notifications={"on_degraded": True})
    scenario(sites, "Twitter", "/up")
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, vendor_client=client) as run,
    ):
        await run.log.wait_for(changed_to("Twitter", Status.UP))
        await run.until(lambda: "operational" in run.monitor.snapshot().services[0].vendor)
        pages.serve(SUMMARY, Page(body("statuspage_twitter.json"), etag='"storm"'))
        degraded = await run.log.wait_for(changed_to("Twitter", Status.DEGRADED))
        notice = await run.log.wait_for(lambda e: isinstance(e, Notification))
        view = run.monitor.snapshot().services[0]
    assert isinstance(degraded, StatusChanged)
    assert degraded.cause is Cause.VENDOR_REPORTED
    assert isinstance(notice, Notification)
    assert notice.title == "Twitter is degraded"
    assert notice.body == (
        "Twitter status: 'Investigating: Users may be experiencing issues accessing Twitter "
        "& its apps. We're on it.'"
    )
    assert view.vendor.startswith(
        "Twitter status: major outage: Users may be experiencing issues — 'Investigating: Users"
    )
    # Conditional requests: the unchanged page was not sent again.
    assert 304 in [r.status for r in pages.hits(SUMMARY)]


async def test_down_while_the_vendor_agrees_is_down_for_everyone_on_the_record(
    sites: LocalSites, pages: VendorPages, tmp_path: Path
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    twitter = service(sites, "Twitter", status_page=pages.url(), status_component="userstream")
    config = config_for(sites, [twitter])
    scenario(sites, "Twitter", "/up")
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, vendor_client=client) as run,
    ):
        # The vendor's outage first: with the checks passing, the service is degraded.
        await run.log.wait_for(changed_to("Twitter", Status.DEGRADED))
        scenario(sites, "Twitter", "/down-503")
        updated = await run.log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.change == "verdict"
        )
        notice = await run.log.wait_for(lambda e: isinstance(e, Notification))
        (incident,) = run.store.incidents()
    assert isinstance(updated, IncidentUpdated)
    assert updated.verdict is Verdict.DOWN_FOR_EVERYONE
    (opened,) = run.log.of(IncidentOpened)
    assert opened.verdict is Verdict.VENDOR_REPORTED
    assert incident.verdict is Verdict.DOWN_FOR_EVERYONE
    assert [v.name for v in incident.vendor_incidents] == ["Users may be experiencing issues"]
    assert isinstance(notice, Notification)
    assert notice.title == "Twitter is down"
    first, second = notice.body.splitlines()
    assert first.startswith("Twitter status: 'Investigating: Users may be experiencing issues")
    assert second.endswith("HTTP 503 Service Unavailable")


async def test_a_page_no_longer_configured_is_no_longer_read(
    sites: LocalSites, pages: VendorPages, tmp_path: Path
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    page = {"status_page": pages.url(), "status_page_interval": "100ms"}
    config = config_for(sites, [service(sites, "Twitter", **page)])
    scenario(sites, "Twitter", "/up")
    before = asyncio.all_tasks()
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, vendor_client=client) as run,
    ):
        await run.until(lambda: len(pages.hits(SUMMARY)) >= 2)
        assert run.monitor.snapshot().services[0].vendor
        run.monitor.reload(config_for(sites, [service(sites, "Twitter")]))
        assert run.monitor.snapshot().services[0].vendor == ""

        since = datetime.now().astimezone()

        def rounds() -> int:
            return len(run.store.recent_rounds("Twitter", since))

        await run.until(lambda: rounds() >= 1)
        asked = len(pages.requests)
        await run.until(lambda: rounds() >= 4)  # several intervals of the page later
        assert len(pages.requests) == asked
    assert asyncio.all_tasks() == before


async def test_a_service_with_only_a_status_page_says_nothing_of_the_network(
    sites: LocalSites, pages: VendorPages, tmp_path: Path
) -> None:
    port = closed_port()
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    services = [
        {"name": "a", "url": f"http://127.0.0.1:{port}/"},
        {"name": "vendor only", "status_page": pages.url()},
    ]
    config = config_for(sites, services, network={"canaries": [f"tcp://127.0.0.1:{port}"]})
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, vendor_client=client) as run,
    ):
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged))
        since = datetime.now().astimezone()
        await run.until(lambda: len(run.store.recent_rounds("vendor only", since)) >= 3)
    assert [e.to.value for e in run.log.of(NetworkChanged)] == ["offline"]


async def test_one_service_still_failing_when_the_network_returns_does_not_flap_it(
    sites: LocalSites, tmp_path: Path
) -> None:
    config = config_for(
        sites,
        [service(sites, "a"), service(sites, "b"), service(sites, "c")],
        network={"canaries": [sites.http("/scenario/net")]},
    )
    for name in ("a", "b", "c", "net"):
        scenario(sites, name, "/reset")
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged) and e.to.value == "offline")
        for name in ("a", "b", "net"):
            scenario(sites, name, "/up")  # the network is back; c is really down
        await run.log.wait_for(changed_to("c", Status.DOWN))
        since = datetime.now().astimezone()
        await run.until(lambda: len(run.store.recent_rounds("c", since)) >= 5)
    changes = [e.to.value for e in run.log.of(NetworkChanged)]
    assert changes == ["offline", "online"]
