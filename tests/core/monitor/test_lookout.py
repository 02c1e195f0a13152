"""The network's lookout: the canaries asked on their own, and at the operating system's word.

Each test runs the monitor with a user's intervals on a clock that jumps whenever the monitor
waits (see :func:`tests.support.monitors.simulated`), and reads the times of its events.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.monitors import changed_to, scenario_service, simulated, simulated_config
from trayapp.core.models import Status, TrayStatus
from trayapp.core.monitor import (
    IncidentOpened,
    NetworkChanged,
    NetworkHint,
    Notification,
    Reachability,
)
from trayapp.core.monitor.lookout import NETWORK_RETRY

pytestmark = pytest.mark.anyio


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


def network_is(status: str) -> Any:
    return lambda e: isinstance(e, NetworkChanged) and e.to.value == status


def portal_config(web: FakeWeb, **network: Any) -> Any:
    """Services checked hourly; a canary that must answer 204, which a portal does not."""
    services = [scenario_service(web, name, interval="1h") for name in ("a", "b")]
    canary = f"{web.http('/scenario/canary')} 204"
    return simulated_config(web, services, network={"canaries": [canary], **network})


async def test_a_captive_portal_is_found_while_every_service_answers(
    web: FakeWeb, clock: FakeClock
) -> None:
    web.scenarios["canary"] = "/no-content"
    async with simulated(web, portal_config(web, interval="5m"), clock) as run:
        for name in ("a", "b"):
            await run.log.wait_for(changed_to(name, Status.UP))
        web.scenarios["canary"] = "/up"  # the portal's page in place of the 204
        since = clock.now()
        found = await run.log.wait_for(network_is("captive_portal"))
        told = await run.log.wait_for(lambda e: isinstance(e, Notification))
        snapshot = run.monitor.snapshot()
    assert found.at - since <= timedelta(minutes=5, seconds=30)  # the lookout's interval
    assert (told.title, told.services) == ("A captive portal is in the way", ())
    assert told.body.startswith(f"Open {web.http('/scenario/canary')} to sign in")
    assert snapshot.tray_status is TrayStatus.OFFLINE
    assert {v.status for v in snapshot.services} == {Status.UNKNOWN}
    assert snapshot.network_words.portal == web.http("/scenario/canary")
    assert run.log.of(IncidentOpened) == []


async def test_the_network_back_is_seen_without_waiting_for_a_services_round(
    web: FakeWeb, clock: FakeClock
) -> None:
    for name in ("a", "b", "canary"):
        web.scenarios[name] = "/reset"
    async with simulated(web, portal_config(web), clock) as run:
        down = await run.log.wait_for(network_is("offline"))
        for name in ("a", "b", "canary"):
            web.scenarios[name] = "/no-content" if name == "canary" else "/up"
        back = await run.log.wait_for(network_is("online"))
        # Every service is checked at once, not an hour later.
        for name in ("a", "b"):
            up = await run.log.wait_for(changed_to(name, Status.UP))
            assert up.at - back.at < timedelta(seconds=5)
    assert back.at - down.at <= timedelta(seconds=NETWORK_RETRY + 5)
    assert run.log.of(IncidentOpened) == []


async def test_the_operating_systems_hint_asks_the_canaries_at_once(
    web: FakeWeb, clock: FakeClock
) -> None:
    for name in ("a", "b", "canary"):
        web.scenarios[name] = "/reset"
    async with simulated(web, portal_config(web), clock) as run:
        await run.log.wait_for(network_is("offline"))
        for name in ("a", "b", "canary"):
            web.scenarios[name] = "/no-content" if name == "canary" else "/up"
        hinted = clock.now()
        run.monitor.network_hint(NetworkHint(Reachability.ONLINE, changed=True))
        back = await run.log.wait_for(network_is("online"))
    assert back.at - hinted < timedelta(seconds=1)  # not the lookout's 30 s


async def test_a_service_answering_while_offline_has_the_canaries_asked_soon(
    web: FakeWeb, clock: FakeClock
) -> None:
    services = [scenario_service(web, "a", interval="20s")]
    config = simulated_config(web, services, network={"canaries": [web.http("/scenario/c")]})
    web.scenarios.update(a="/reset", c="/reset")
    async with simulated(web, config, clock) as run:
        down = await run.log.wait_for(network_is("offline"))
        web.scenarios.update(a="/up", c="/up")
        back = await run.log.wait_for(network_is("online"))
        await run.log.wait_for(changed_to("a", Status.UP))
    # The service's next round (20 s) answers and wakes the lookout, before its own 30 s.
    assert back.at - down.at < timedelta(seconds=NETWORK_RETRY)
