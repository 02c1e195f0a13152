"""Sources in the monitor loop: derived services, remote verdicts, unreadable sources.

The sources' APIs answer from memory (the pages of :class:`~tests.support.fakeweb.FakeWeb`),
and the monitor runs on a clock that jumps ahead whenever it waits (see
:func:`tests.support.monitors.simulated`): intervals are a user's, and the tests wait for
events. The real Prometheus and Alertmanager meet the monitor in ``test_real_sources.py``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.history import MemoryHistory
from tests.support.monitors import changed_to, simulated, simulated_config
from tests.support.vendor_server import Page
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor import IncidentOpened, IncidentResolved, IncidentUpdated, Notification
from trayapp.core.sources.model import target_key

pytestmark = pytest.mark.anyio


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    """Async tests run on asyncio, on a loop that jumps ``clock`` when nothing can run."""
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.fixture
def pages() -> FakeWeb:
    """The sites and the sources' APIs, answered in memory."""
    return FakeWeb()


QUERY = "/api/v1/query"
ALERTS = "/api/v2/alerts"


def probes(**targets: tuple[str, str]) -> bytes:
    """A Prometheus answer: target → (eu-west's value, us-east's value)."""
    result = [
        {"metric": {"instance": f"https://{name}/", "vantage": where}, "value": [1, value]}
        for name, values in targets.items()
        for where, value in zip(("eu-west", "us-east"), values, strict=True)
    ]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}}
    ).encode()


def alerts(*instances: str) -> bytes:
    return json.dumps(
        [
            {
                "labels": {"alertname": "SiteDown", "instance": i, "severity": "critical"},
                "annotations": {"summary": f"{i} is down"},
                "startsAt": "2026-11-21T08:00:00Z",
                "status": {"state": "active", "silencedBy": [], "inhibitedBy": []},
            }
            for i in instances
        ]
    ).encode()


def view(run: Any, name: str) -> Any:
    return next((v for v in run.monitor.snapshot().services if v.name == name), None)


async def test_down_here_and_up_elsewhere_is_down_for_you(pages: FakeWeb, clock: FakeClock) -> None:
    pages.serve(QUERY, Page(probes(shop=("0", "1"))))
    shop = {
        "name": "Shop",
        "url": pages.http("/scenario/shop"),
        "remote": [{"source": "prometheus", "target": "https://shop/"}],
    }
    source = {"name": "prometheus", "kind": "prometheus", "url": pages.url()}
    pages.scenarios["shop"] = "/down-503"
    config = simulated_config(pages, [shop], sources=[source])
    async with simulated(pages, config, clock) as run:
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert (opened.service, opened.verdict) == ("Shop", Verdict.DOWN_FOR_YOU)
        seen = view(run, "Shop").remote
        assert [(v.name, v.status) for v in seen] == [
            ("prometheus/eu-west", Status.DOWN),
            ("prometheus/us-east", Status.UP),
        ]
        told = await run.log.wait_for(lambda e: isinstance(e, Notification))
        assert (told.title, told.body.splitlines()[0]) == (
            "Shop is down",
            "Seen elsewhere: down from prometheus/eu-west (value = 0), up from prometheus/us-east",
        )
        # The target the service names is not a service of its own; the source is.
        names = [v.name for v in run.monitor.snapshot().services]
        assert names == ["Shop", "prometheus"]

        pages.serve(QUERY, Page(probes(shop=("0", "0"))))  # now down from everywhere
        updated = await run.log.wait_for(
            lambda e: isinstance(e, IncidentUpdated) and e.verdict is Verdict.DOWN_FOR_EVERYONE
        )
        assert updated.service == "Shop"


async def test_up_here_and_down_elsewhere_is_degraded(pages: FakeWeb, clock: FakeClock) -> None:
    pages.serve(QUERY, Page(probes(shop=("0", "1"))))
    shop = {"name": "Shop", "url": pages.http("/scenario/shop"), "remote": [{"source": "p"}]}
    pages.serve(
        QUERY,
        Page(
            json.dumps(
                {
                    "status": "success",
                    "data": {
                        "resultType": "vector",
                        "result": [
                            {
                                "metric": {"instance": pages.http("/scenario/shop")},
                                "value": [1, "0"],
                            }
                        ],
                    },
                }
            ).encode()
        ),
    )
    pages.scenarios["shop"] = "/up"
    source = {"name": "p", "kind": "prometheus", "url": pages.url()}
    config = simulated_config(pages, [shop], sources=[source])
    async with simulated(pages, config, clock) as run:
        changed = await run.log.wait_for(changed_to("Shop", Status.DEGRADED))
        assert changed.cause is Cause.VENDOR_REPORTED
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert opened.verdict is Verdict.VENDOR_REPORTED


async def test_targets_no_service_names_become_services(pages: FakeWeb, clock: FakeClock) -> None:
    pages.serve(QUERY, Page(probes(api=("1", "1"), blog=("0", "0"))))
    source = {"name": "prometheus", "kind": "prometheus", "url": pages.url()}
    config = simulated_config(pages, [], sources=[source])
    async with simulated(pages, config, clock) as run:
        await run.log.wait_for(changed_to("prometheus/https://blog/", Status.DOWN))
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert opened.verdict is Verdict.DOWN_FOR_EVERYONE
        await run.log.wait_for(changed_to("prometheus/https://api/", Status.UP))
        blog = view(run, "prometheus/https://blog/")
        assert (blog.source, blog.cause) == ("prometheus", Cause.VENDOR_REPORTED)
        assert "probe_success" not in blog.detail  # the query has no __name__ here
        assert blog.detail == "value = 0"

        # The source stops answering: what depends on it alone is unknown, with the cause.
        pages.serve(QUERY, Page(b"upstream down", "text/plain", status=503))
        lost = await run.log.wait_for(changed_to("prometheus/https://blog/", Status.UNKNOWN))
        assert lost.cause is Cause.HTTP_STATUS
        await run.log.wait_for(changed_to("prometheus/https://api/", Status.UNKNOWN))
        await run.log.wait_for(changed_to("prometheus", Status.UNKNOWN))
        itself = view(run, "prometheus")
        assert itself.detail == (
            "cannot read source prometheus: HTTP 503 Service Unavailable: upstream down"
        )
        assert run.monitor.snapshot().tray_status.value == "unknown"

        # A target the source no longer reports goes, its incident closed.
        pages.serve(QUERY, Page(probes(api=("1", "1"))))
        resolved = await run.log.wait_for(lambda e: isinstance(e, IncidentResolved))
        assert resolved.service == "prometheus/https://blog/"
        await run.until(lambda: view(run, "prometheus/https://blog/") is None)
        assert view(run, "prometheus/https://api/").status is Status.UP


async def test_an_alert_that_ends_means_the_target_is_up_again(
    pages: FakeWeb, clock: FakeClock
) -> None:
    pages.serve(ALERTS, Page(alerts("db:5432")))
    source = {"name": "am", "kind": "alertmanager", "url": pages.url()}
    config = simulated_config(pages, [], sources=[source])
    async with simulated(pages, config, clock) as run:
        down = await run.log.wait_for(changed_to("am/db:5432", Status.DOWN))
        assert down.cause is Cause.VENDOR_REPORTED
        assert view(run, "am/db:5432").detail == "SiteDown: db:5432 is down"
        pages.serve(ALERTS, Page(alerts()))
        await run.log.wait_for(changed_to("am/db:5432", Status.UP))
        assert view(run, "am").remote[0].detail == "0 targets alerting"


async def test_a_reload_without_the_source_takes_its_services_away(
    pages: FakeWeb, clock: FakeClock
) -> None:
    pages.serve(ALERTS, Page(alerts("db:5432")))
    source = {"name": "am", "kind": "alertmanager", "url": pages.url()}
    web = {"name": "web", "url": pages.http("/up")}
    config = simulated_config(pages, [web], sources=[source])
    async with simulated(pages, config, clock) as run:
        await run.log.wait_for(changed_to("am/db:5432", Status.DOWN))
        run.monitor.reload(simulated_config(pages, [web]))
        resolved = await run.log.wait_for(lambda e: isinstance(e, IncidentResolved))
        assert resolved.service == "am/db:5432"
        assert [v.name for v in run.monitor.snapshot().services] == ["web"]
        # And back: the source's services come again, under the same names.
        run.monitor.reload(simulated_config(pages, [web], sources=[source]))
        await run.until(lambda: view(run, "am/db:5432") is not None)
        assert target_key(view(run, "am/db:5432").name) == "am/db:5432"


async def test_check_now_reads_the_source_again(pages: FakeWeb, clock: FakeClock) -> None:
    pages.serve(ALERTS, Page(alerts()))
    source = {"name": "am", "kind": "alertmanager", "url": pages.url(), "interval": "1h"}
    config = simulated_config(pages, [], sources=[source])
    async with simulated(pages, config, clock) as run:
        await run.log.wait_for(changed_to("am", Status.UP))
        asked = len(pages.hits(ALERTS))
        run.monitor.check_now("am")
        await run.until(lambda: len(pages.hits(ALERTS)) > asked)


async def test_a_target_a_service_comes_to_name_is_no_longer_a_service_of_its_own(
    pages: FakeWeb, clock: FakeClock
) -> None:
    pages.serve(QUERY, Page(probes(api=("1", "1"))))
    source = {"name": "p", "kind": "prometheus", "url": pages.url()}
    config = simulated_config(pages, [], sources=[source])
    async with simulated(pages, config, clock) as run:
        await run.log.wait_for(changed_to("p/https://api/", Status.UP))
        # Named by a service with no checks of its own: judged at each reading.
        api = {"name": "API", "remote": [{"source": "p", "target": "https://api/"}]}
        run.monitor.reload(simulated_config(pages, [api], sources=[source]))
        await run.log.wait_for(changed_to("API", Status.UP))
        await run.until(lambda: view(run, "p/https://api/") is None)
        # The same service gains a check: it now has rounds of its own, with the remote word.
        pages.scenarios["api"] = "/down-503"
        checked = {**api, "url": pages.http("/scenario/api")}
        run.monitor.reload(simulated_config(pages, [checked], sources=[source]))
        opened = await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
        assert (opened.service, opened.verdict) == ("API", Verdict.DOWN_FOR_YOU)


async def test_after_a_restart_an_open_incident_of_a_target_is_closed_when_it_is_well(
    pages: FakeWeb, clock: FakeClock
) -> None:
    pages.serve(ALERTS, Page(alerts("db:5432")))
    source = {"name": "am", "kind": "alertmanager", "url": pages.url()}
    config = simulated_config(pages, [], sources=[source])
    kept = MemoryHistory()
    async with simulated(pages, config, clock, kept) as run:
        await run.log.wait_for(lambda e: isinstance(e, IncidentOpened))
    pages.serve(ALERTS, Page(alerts()))  # the alert ended while trayapp was not running
    async with simulated(pages, config, clock, kept) as run:
        # Shown again from its open incident: no reading names it any more.
        await run.until(lambda: view(run, "am/db:5432") is not None)
        await run.log.wait_for(changed_to("am/db:5432", Status.UP))
        resolved = await run.log.wait_for(lambda e: isinstance(e, IncidentResolved))
        assert resolved.service == "am/db:5432"
