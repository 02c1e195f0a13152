"""The monitor loop: its rounds, the canaries, the commands and the status pages.

Each test waits for the events a user would see (never for lengths of time). Most run the
monitor with the intervals a user sets, against sites answered in memory, on a clock that
jumps ahead whenever the monitor waits (see :func:`tests.support.monitors.simulated`): the
2012 timeline's half hour takes milliseconds. One runs it as ``trayapp watch`` does, against
real local servers, with intervals of a tenth of a second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.core.vendors.pages import body
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
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page
from trayapp.core.models import Cause, Status, TrayStatus, Verdict
from trayapp.core.monitor import (
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    Notification,
    StatusChanged,
)
from trayapp.core.monitor.loop import HEARTBEAT
from trayapp.core.monitor.sink import WRITE_WITHIN

pytestmark = pytest.mark.anyio


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


def compressed(sites: LocalSites) -> dict[str, dict[str, Any]]:
    """What a config for :func:`running` says: times compressed to tenths of a second, and
    the local sites' port as the canary."""
    return {
        "defaults": {
            "interval": "100ms",
            "timeout": "1s",
            "failure_threshold": 2,
            "success_threshold": 2,
            "flap_window": "2s",
        },
        "notifications": {"coalesce": "300ms"},
        "network": {"canaries": [f"tcp://127.0.0.1:{sites.http_port}"]},
    }


async def test_the_2012_timeline_is_one_incident_with_one_flap(
    web: FakeWeb, clock: FakeClock
) -> None:
    """Down 11:23, back briefly 12:04, down again 12:15, errors 12:58, then back for good."""
    twitter = {
        "name": "twitter",
        "checks": [
            {
                "type": "http",
                "url": web.http("/scenario/twitter"),
                "body_absent": "Twitter is currently down",
            }
        ],
    }
    config = simulated_config(web, [twitter])
    web.scenarios["twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        log = run.log
        await log.wait_for(changed_to("twitter", Status.UP))

        web.scenarios["twitter"] = "/reset"  # 11:23 "the connection was interrupted"
        await log.wait_for(changed_to("twitter", Status.DOWN))
        await log.wait_for(lambda e: isinstance(e, Notification) and "down" in e.title)

        web.scenarios["twitter"] = "/up"  # 12:04 back, briefly
        await log.wait_for(lambda e: isinstance(e, Notification) and "back up" in e.title)

        web.scenarios["twitter"] = "/reset"  # 12:15 down again, inside the flap window
        await log.wait_for(lambda e: isinstance(e, IncidentUpdated) and e.change == "flap")
        await log.wait_for(lambda e: len(log.of(Notification)) == 3)

        web.scenarios["twitter"] = "/down-503"  # 12:58 server errors, "currently down"
        await log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.cause is Cause.HTTP_STATUS
        )
        web.scenarios["twitter"] = "/up"  # back for good
        resolved = await log.wait_for(lambda e: isinstance(e, IncidentResolved))
        (incident,) = run.store.incidents.values()

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


async def test_when_the_canaries_fail_too_it_is_just_you(web: FakeWeb, clock: FakeClock) -> None:
    services = [scenario_service(web, "a"), scenario_service(web, "b")]
    for name in ("a", "b", "canary"):
        web.scenarios[name] = "/reset"
    config = simulated_config(web, services)
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged))
        await run.log.wait_for(
            lambda e: isinstance(e, Notification) and e.title == "You're offline"
        )
        since = clock.now()
        await run.until(  # several more rounds of both services, all blamed on the network
            lambda: all(len(run.store.rounds_of(name, since)) >= 4 for name in ("a", "b"))
        )
        snapshot = run.monitor.snapshot()
    assert snapshot.tray_status is TrayStatus.OFFLINE
    assert run.log.of(IncidentOpened) == []
    assert [n.services for n in run.log.of(Notification)] == [()]
    assert {v.status for v in snapshot.services} == {Status.UNKNOWN}


async def test_a_service_up_again_after_the_network_returns(web: FakeWeb, clock: FakeClock) -> None:
    config = simulated_config(web, [scenario_service(web, "web")])
    web.scenarios["web"] = "/reset"
    web.scenarios["canary"] = "/reset"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged) and e.to.value == "offline")
        web.scenarios["web"] = "/up"
        web.scenarios["canary"] = "/up"
        back = await run.log.wait_for(
            lambda e: isinstance(e, NetworkChanged) and e.to.value == "online"
        )
        await run.log.wait_for(changed_to("web", Status.UP))
    assert back is not None
    assert run.log.of(IncidentOpened) == []


async def test_snooze_pause_and_resume(web: FakeWeb, clock: FakeClock) -> None:
    config = simulated_config(web, [scenario_service(web, "svc")])
    web.scenarios["svc"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("svc", Status.UP))
        until = clock.now() + timedelta(hours=1)
        run.monitor.snooze("SVC", until)
        await run.log.wait_for(changed_to("svc", Status.PAUSED))
        assert run.monitor.snapshot().services[0].paused_until == until
        web.scenarios["svc"] = "/reset"  # fails while snoozed: kept, but never notified
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert run.monitor.snapshot().services[0].status is Status.PAUSED
        await run.log.wait_for(changed_to("svc", Status.DOWN))  # the snooze ran out
        assert clock.now() >= until
        run.monitor.pause("svc")
        await run.log.wait_for(lambda e: changed_to("svc", Status.PAUSED)(e) and e.at >= until)
        run.monitor.resume("svc")
        resumed = await run.log.wait_for(
            lambda e: isinstance(e, StatusChanged) and e.from_ is Status.PAUSED and e.at >= until
        )
    assert isinstance(resumed, StatusChanged)
    assert resumed.to is Status.DOWN
    with pytest.raises(KeyError):
        run.monitor.pause("nobody")


async def test_check_now_runs_a_round_at_once(web: FakeWeb, clock: FakeClock) -> None:
    config = simulated_config(web, [scenario_service(web, "slowpoke", interval="1h")])
    web.scenarios["slowpoke"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("slowpoke", Status.UP))
        await clock.sleep(60)  # a minute on: the next round is due in 59
        first = run.monitor.snapshot().services[0].last_checked
        asked = clock.now()
        run.monitor.check_now("slowpoke")
        await run.until(lambda: run.monitor.snapshot().services[0].last_checked != first)
    assert clock.now() - asked < timedelta(seconds=1)


async def test_reload_adds_and_removes_services_and_keeps_history(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.scenarios["old"] = "/reset"
    web.scenarios["new"] = "/up"
    config = simulated_config(web, [scenario_service(web, "old")])
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        run.monitor.reload(simulated_config(web, [scenario_service(web, "new")]))
        await run.log.wait_for(changed_to("new", Status.UP))
        closed = await run.log.wait_for(lambda e: isinstance(e, IncidentResolved))
        assert [v.name for v in run.monitor.snapshot().services] == ["new"]
        (old,) = [i for i in run.store.incidents.values() if i.service == "old"]
    assert isinstance(closed, IncidentResolved)
    assert closed.service == "old"
    assert not old.is_open


@pytest.mark.parametrize(
    "sleep",
    [
        FakeClock.suspend,  # the monotonic clock stops (Linux, macOS)
        FakeClock.advance,  # it runs on (Windows): the heartbeat comes late
    ],
    ids=["monotonic-stops", "monotonic-runs-on"],
)
async def test_after_a_sleep_the_first_failure_is_checked_again(
    web: FakeWeb, clock: FakeClock, sleep: Callable[[FakeClock, float], None]
) -> None:
    config = simulated_config(web, [scenario_service(web, "laptop", failure_threshold=1)])
    web.scenarios["laptop"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("laptop", Status.UP))
        web.scenarios["laptop"] = "/reset"
        sleep(clock, 8 * 3600)  # the lid was closed overnight
        # With failure_threshold 1, a failure would count at once; after the sleep the
        # first one is held and checked again, so going down takes a second round.
        down = await run.log.wait_for(changed_to("laptop", Status.DOWN))
        since = clock.now() - timedelta(hours=1)
        # Once a round after the change is kept, every round up to it is too.
        await run.until(lambda: run.store.rounds_of("laptop", down.at + timedelta(0, 0, 1)))
        before = run.store.rounds_of("laptop", since, until=down.at)
    failed = [r.status for r in before if r.status is not Status.UP]
    assert failed == [Status.DOWN, Status.DOWN]


async def test_a_round_is_written_within_seconds_while_the_heartbeat_waits_longer(
    web: FakeWeb, clock: FakeClock
) -> None:
    config = simulated_config(web, [scenario_service(web, "a")])
    web.scenarios["a"] = "/up"
    async with simulated(web, config, clock, heartbeat=HEARTBEAT) as run:
        await run.log.wait_for(changed_to("a", Status.UP))
        # The second round changes nothing: nothing else wakes the heartbeat for it.
        await run.until(lambda: len(run.store.rounds_of("a")) >= 2)
        written = clock.now()
        second = run.store.rounds_of("a")[1]
    assert 2 * WRITE_WITHIN.total_seconds() < HEARTBEAT
    assert written - second.at <= WRITE_WITHIN


async def test_cancelling_leaves_nothing_running(sites: LocalSites, tmp_path: Path) -> None:
    services = [{"name": f"s{i}", "url": sites.http("/up")} for i in range(5)]
    config = builders.config(*services, base=compressed(sites))
    before = asyncio.all_tasks()
    async with running(sites, config, tmp_path) as run:
        await run.log.wait_for(lambda e: len(run.log.of(StatusChanged)) >= 5)
    assert asyncio.all_tasks() == before


SUMMARY = "/api/v2/summary.json"


async def test_a_vendor_outage_with_checks_passing_degrades_the_service_in_its_words(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(body("statuspage_all_well.json"), etag='"calm"'))
    twitter = scenario_service(web, "Twitter", status_page=web.url(), status_page_interval="1m")
    config = simulated_config(web, [twitter], notifications={"on_degraded": True})
    web.scenarios["Twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(changed_to("Twitter", Status.UP))
        await run.until(lambda: "operational" in run.monitor.snapshot().services[0].vendor)
        await run.until(lambda: len(web.hits(SUMMARY)) >= 2)  # read again, unchanged
        web.serve(SUMMARY, Page(body("statuspage_twitter.json"), etag='"storm"'))
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
    assert 304 in [r.status for r in web.hits(SUMMARY)]


async def test_down_while_the_vendor_agrees_is_down_for_everyone_on_the_record(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    twitter = scenario_service(web, "Twitter", status_page=web.url(), status_component="userstream")
    config = simulated_config(web, [twitter])
    web.scenarios["Twitter"] = "/up"
    async with simulated(web, config, clock) as run:
        # The vendor's outage first: with the checks passing, the service is degraded.
        await run.log.wait_for(changed_to("Twitter", Status.DEGRADED))
        web.scenarios["Twitter"] = "/down-503"
        updated = await run.log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.change == "verdict"
        )
        notice = await run.log.wait_for(lambda e: isinstance(e, Notification))
        (incident,) = run.store.incidents.values()
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
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    page = {"status_page": web.url(), "status_page_interval": "1m"}
    config = simulated_config(web, [scenario_service(web, "Twitter", **page)])
    web.scenarios["Twitter"] = "/up"
    before = asyncio.all_tasks()
    async with simulated(web, config, clock) as run:
        await run.until(lambda: len(web.hits(SUMMARY)) >= 2)
        assert run.monitor.snapshot().services[0].vendor
        run.monitor.reload(simulated_config(web, [scenario_service(web, "Twitter")]))
        assert run.monitor.snapshot().services[0].vendor == ""

        since = clock.now()

        def rounds() -> int:
            return len(run.store.rounds_of("Twitter", since))

        await run.until(lambda: rounds() >= 1)
        asked = len(web.requests)
        await run.until(lambda: rounds() >= 10)  # several intervals of the page later
        assert len(web.requests) == asked
    assert asyncio.all_tasks() == before


async def test_a_service_with_only_a_status_page_says_nothing_of_the_network(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    web.scenarios["a"] = web.scenarios["canary"] = "/reset"
    services = [
        scenario_service(web, "a"),
        {"name": "vendor only", "status_page": web.url(), "status_page_interval": "1m"},
    ]
    config = simulated_config(web, services)
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged))
        since = clock.now()
        await run.until(lambda: len(run.store.rounds_of("vendor only", since)) >= 3)
    assert [e.to.value for e in run.log.of(NetworkChanged)] == ["offline"]


async def test_one_service_still_failing_when_the_network_returns_does_not_flap_it(
    web: FakeWeb, clock: FakeClock
) -> None:
    config = simulated_config(web, [scenario_service(web, name) for name in ("a", "b", "c")])
    for name in ("a", "b", "c", "canary"):
        web.scenarios[name] = "/reset"
    async with simulated(web, config, clock) as run:
        await run.log.wait_for(lambda e: isinstance(e, NetworkChanged) and e.to.value == "offline")
        for name in ("a", "b", "canary"):
            web.scenarios[name] = "/up"  # the network is back; c is really down
        await run.log.wait_for(changed_to("c", Status.DOWN))
        since = clock.now()
        await run.until(lambda: len(run.store.rounds_of("c", since)) >= 5)
    changes = [e.to.value for e in run.log.of(NetworkChanged)]
    assert changes == ["offline", "online"]
