"""The outside network asked when it matters: the budget, the privacy rules, what it shows.

The budget tests run the monitor with a user's intervals on the simulated clock (see
:func:`tests.support.monitors.simulated`) for an hour and count what the fake Globalping was
asked; the end-to-end tests run it as ``trayapp watch`` does, against real local servers, and
read the notification, the verdict and the incident kept in the store.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.core.monitor.test_loop import compressed
from tests.support import builders
from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.globalping import FakeGlobalping, Plan, fake_globalping, http_result
from tests.support.keyrings import FileKeyring, using_keyring
from tests.support.monitors import (
    changed_to,
    running,
    scenario_service,
    simulated,
    simulated_config,
)
from tests.support.servers import LocalSites
from trayapp.core.incident import NoteKind
from trayapp.core.models import Status, Verdict
from trayapp.core.monitor import IncidentOpened, IncidentUpdated, Notification
from trayapp.core.vendors.poller import vendor_client

pytestmark = pytest.mark.anyio

HOUR = timedelta(hours=1)
ALL_FAIL = [
    http_result("DE", "Frankfurt", "EU", 503),
    http_result("US", "Ashburn", "NA", 503),
    http_result("JP", "Tokyo", "AS", 503),
]
MOST_LOAD = [
    http_result("DE", "Frankfurt", "EU", 503),
    http_result("US", "Ashburn", "NA", 200),
    http_result("JP", "Tokyo", "AS", 200),
    http_result("BR", "Sao Paulo", "SA", 200),
    http_result("AU", "Sydney", "OC", 200),
]


@pytest.fixture(scope="module")
def globalping_server() -> Iterator[FakeGlobalping]:
    with fake_globalping() as api:
        yield api


@pytest.fixture
def api(globalping_server: FakeGlobalping) -> FakeGlobalping:
    globalping_server.reset_state()
    # Finished at the first read: the answer never waits on the simulated clock.
    globalping_server.plan = Plan(results=ALL_FAIL, in_progress=0)
    return globalping_server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with vendor_client() as made:
        yield made


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


def outside_on(api: FakeGlobalping, **more: Any) -> dict[str, Any]:
    return {"enabled": True, "url": api.url, "probes": 3, "interval": "10m", **more}


async def test_a_service_down_for_an_hour_is_asked_once_then_at_most_every_interval(
    web: FakeWeb, clock: FakeClock, client: httpx.AsyncClient, api: FakeGlobalping
) -> None:
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a", outside=True)
    config = simulated_config(web, [service], outside=outside_on(api))
    async with simulated(web, config, clock, outside_client=client) as run:
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        await run.until(lambda: clock.now() >= opened.at + HOUR, timeout=60)
        view = run.monitor.snapshot().services[0]
    asked = api.created()
    # Once at the start, then every 10 minutes at most: 7 in the hour, and more than one.
    assert 2 <= len(asked) <= 1 + 6
    assert asked[0].body["target"] == "site.test"
    assert view.outside is not None
    assert view.outside.summary == "fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"


async def test_nothing_is_asked_while_the_service_is_up(
    web: FakeWeb, clock: FakeClock, client: httpx.AsyncClient, api: FakeGlobalping
) -> None:
    service = scenario_service(web, "a", outside=True)
    config = simulated_config(web, [service], outside=outside_on(api))
    async with simulated(web, config, clock, outside_client=client) as run:
        up = await run.log.wait_for(changed_to("a", Status.UP))
        await run.until(lambda: clock.now() >= up.at + HOUR, timeout=60)
        view = run.monitor.snapshot().services[0]
    assert api.requests == []
    assert view.outside is None


async def test_nothing_is_asked_while_off_which_is_the_default(
    web: FakeWeb, clock: FakeClock, client: httpx.AsyncClient, api: FakeGlobalping
) -> None:
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a", outside=True)
    outside = {"url": api.url}  # not enabled
    config = simulated_config(web, [service], outside=outside)
    async with simulated(web, config, clock, outside_client=client) as run:
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        await run.until(lambda: clock.now() >= opened.at + HOUR, timeout=60)
    assert api.requests == []


async def test_a_private_target_is_never_asked_and_the_log_says_why_once(
    web: FakeWeb,
    clock: FakeClock,
    client: httpx.AsyncClient,
    api: FakeGlobalping,
    caplog: pytest.LogCaptureFixture,
) -> None:
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a")  # outside = "auto": site.test is a private name
    config = simulated_config(web, [service], outside=outside_on(api))
    with caplog.at_level(logging.INFO, logger="trayapp.core.monitor.outside"):
        async with simulated(web, config, clock, outside_client=client) as run:
            opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
            await run.until(lambda: clock.now() >= opened.at + HOUR, timeout=60)
    assert api.requests == []
    said = [r.getMessage() for r in caplog.records if "not asked outside" in r.getMessage()]
    assert said == ["a: not asked outside: site.test is a private name"]


async def test_nothing_is_asked_while_the_network_is_offline(
    web: FakeWeb, clock: FakeClock, client: httpx.AsyncClient, api: FakeGlobalping
) -> None:
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a", outside=True)
    config = simulated_config(web, [service], outside=outside_on(api))
    async with simulated(web, config, clock, outside_client=client) as run:
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        await run.until(lambda: run.monitor.snapshot().services[0].outside is not None)
        web.scenarios["canary"] = "/reset"  # the user's own network goes, the incident stays
        gone = clock.now()
        await run.until(lambda: not run.monitor.snapshot().network.online)
        await run.until(lambda: clock.now() >= gone + HOUR, timeout=60)
        assert not run.monitor.snapshot().network.online
    assert len(api.created()) == 1  # the question asked while online, and none since


async def test_the_rate_limit_stops_the_questions_and_is_said_once(
    web: FakeWeb,
    clock: FakeClock,
    client: httpx.AsyncClient,
    api: FakeGlobalping,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.remaining = 0  # every measurement is refused with 429 until the window resets
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a", outside=True)
    config = simulated_config(web, [service], outside=outside_on(api, interval="1m"))
    with caplog.at_level(logging.INFO, logger="trayapp.core.monitor.outside"):
        async with simulated(web, config, clock, outside_client=client) as run:
            opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
            await run.until(lambda: clock.now() >= opened.at + HOUR, timeout=60)
    # The 429 says the window resets in an hour: one question, however short the interval.
    assert len(api.created()) == 1
    said = [r for r in caplog.records if "rate limit" in r.getMessage()]
    assert len(said) == 1


# --- as trayapp watch runs it -----------------------------------------------------------


@pytest.fixture
def sites_api(globalping_server: FakeGlobalping) -> FakeGlobalping:
    globalping_server.reset_state()
    return globalping_server


async def test_the_notification_names_the_places_and_the_world_makes_the_verdict(
    sites: LocalSites, tmp_path: Path, sites_api: FakeGlobalping
) -> None:
    sites_api.plan = Plan(results=ALL_FAIL, in_progress=1)
    sites.site.scenarios["shop"] = "/reset"
    service = {
        "name": "shop",
        "url": sites.http("/scenario/shop", host="site.test"),
        "outside": True,
    }
    base = {**compressed(sites), "notifications": {"coalesce": "3s"}}
    outside = {"enabled": True, "url": sites_api.url, "probes": 3, "interval": "1h"}
    config = builders.config(service, base=base, outside=outside)
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, outside_client=client) as run,
    ):
        # The failure's notification carries it: at once, or in an update while the window
        # is open, whichever the answer's time allows.
        told = await run.log.wait_for(
            lambda e: isinstance(e, Notification) and "Seen from outside" in e.body
        )
        verdict = await run.log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.verdict is not None
        )
        view = run.monitor.snapshot().services[0]
        (incident,) = run.store.incidents()
    assert told.title == "shop is down"
    assert "Seen from outside: fails from 3 of 3 places, e.g. Frankfurt: HTTP 503" in told.body
    assert isinstance(verdict, IncidentUpdated)
    assert verdict.verdict is Verdict.DOWN_FOR_EVERYONE
    assert view.outside is not None
    assert view.outside.provider == "globalping"
    assert len(sites_api.created()) == 1
    assert [r.summary for r in incident.outside] == [view.outside.summary]
    assert [n.text for n in incident.notes if n.kind is NoteKind.OUTSIDE] == [
        "Seen from outside: fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"
    ]
    record = incident.to_record(incident.started_at)
    assert record["outside"] == [view.outside.to_json()]


async def test_a_service_that_loads_from_most_places_is_down_for_you(
    sites: LocalSites, tmp_path: Path, sites_api: FakeGlobalping
) -> None:
    sites_api.plan = Plan(results=MOST_LOAD, in_progress=1)
    sites.site.scenarios["mine"] = "/reset"
    service = {
        "name": "mine",
        "url": sites.http("/scenario/mine", host="site.test"),
        "outside": True,
    }
    outside = {"enabled": True, "url": sites_api.url, "interval": "1h"}
    config = builders.config(service, base=compressed(sites), outside=outside)
    async with (
        vendor_client() as client,
        running(sites, config, tmp_path, outside_client=client) as run,
    ):
        verdict = await run.log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.verdict is not None
        )
        view = run.monitor.snapshot().services[0]
    assert isinstance(verdict, IncidentUpdated)
    assert verdict.verdict is Verdict.DOWN_FOR_YOU
    assert view.outside is not None
    assert view.outside.summary == "loads from 4 of 5 places: US, JP, BR, AU"


async def test_the_token_from_the_keyring_goes_to_the_network_and_nowhere_else(
    web: FakeWeb,
    clock: FakeClock,
    client: httpx.AsyncClient,
    api: FakeGlobalping,
    tmp_path: Path,
) -> None:
    web.scenarios["a"] = "/reset"
    service = scenario_service(web, "a", outside=True)
    outside = outside_on(api, token={"secret": "globalping"})
    config = simulated_config(web, [service], outside=outside)
    with using_keyring(FileKeyring(tmp_path / "keyring.json")) as keys:
        keys.set_password("trayapp", "globalping", "s3cret-token")
        async with simulated(web, config, clock, outside_client=client) as run:
            await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
            await run.until(lambda: bool(api.created()))
    (asked,) = api.created()[:1]
    assert asked.headers["authorization"] == "Bearer s3cret-token"
    assert not [e for e in run.log.events if "s3cret" in repr(e)]
