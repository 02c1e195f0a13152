"""trayapp reading the real Prometheus and Alertmanager (Debian's), started on 127.0.0.1.

blackbox_exporter probes local sites from two vantage points; the tests stop and start the
sites, and Prometheus really reports it. Alerts are pushed into Alertmanager through its
API, silenced and inhibited there; Prometheus's own alerts reach it too. Gatus and Uptime
Kuma, which need no daemon to be told apart, are served from recorded answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober
from tests.core.vendors.pages import body
from tests.support.builders import config
from tests.support.monitoring import Alertmanager, PrometheusStack, labelled
from tests.support.monitors import changed_to, running
from tests.support.servers import LocalSites
from tests.support.switchable import SwitchableSite
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import Source
from trayapp.core.models import Status, Verdict
from trayapp.core.probes import Prober
from trayapp.core.report.check import check_services
from trayapp.core.sources.poller import SourcePoller
from trayapp.core.sources.services import source_settings

pytestmark = pytest.mark.anyio

SHOP = "https://shop.example/"


@pytest.fixture
async def prober(sites: LocalSites) -> AsyncIterator[Prober]:
    async with local_prober(sites) as made:
        yield made


QUICK: dict[str, dict[str, Any]] = {
    "defaults": {"interval": "100ms", "timeout": "2s", "flap_window": "1s"},
    "notifications": {"coalesce": "100ms"},
    "network": {"canaries": []},
}
"""What every config here says: rounds a tenth of a second apart, and no canaries; each
source says it is read every 200 ms."""


async def test_down_here_up_from_eu_west_then_down_everywhere(
    make_site: Callable[[], SwitchableSite],
    prometheus_stack: Callable[..., PrometheusStack],
    prober: Prober,
) -> None:
    here, eu_west, us_east = make_site(), make_site(), make_site()
    stack = prometheus_stack({SHOP: {"eu-west": eu_west.url, "us-east": us_east.url}})
    prometheus = {"name": "prometheus", "kind": "prometheus", "url": stack.url, "interval": "200ms"}
    chosen = config(
        {"name": "Shop", "url": here.url, "remote": [{"source": "prometheus", "target": SHOP}]},
        sources=[prometheus],
        base=QUICK,
    )

    async def shop() -> Any:
        report = await check_services(chosen, chosen.services, prober, sources=chosen.sources)
        return report.services[0]

    up = await shop()
    assert (up.status, up.verdict) == (Status.UP, None)
    assert [(v.name, v.status) for v in up.remote] == [
        ("prometheus/eu-west", Status.UP),
        ("prometheus/us-east", Status.UP),
    ]

    here.stop()  # down here, and from eu-west; us-east still gets through
    eu_west.stop()
    stack.wait_for_value('probe_success{vantage="eu-west"}', 0)
    down_for_you = await shop()
    assert (down_for_you.status, down_for_you.verdict) == (Status.DOWN, Verdict.DOWN_FOR_YOU)
    assert [(v.name, v.status, v.detail) for v in down_for_you.remote] == [
        ("prometheus/eu-west", Status.DOWN, "probe_success = 0"),
        ("prometheus/us-east", Status.UP, "probe_success = 1"),
    ]

    us_east.stop()
    stack.wait_for_value("probe_success", 0)
    everyone = await shop()
    assert (everyone.status, everyone.verdict) == (Status.DOWN, Verdict.DOWN_FOR_EVERYONE)


async def test_alertmanager_alerts_silences_and_inhibitions(
    alertmanager: Alertmanager, prober: Prober
) -> None:
    alertmanager.push(
        {
            "alertname": "SiteDown",
            "instance": "db:5432",
            "vantage": "eu-west",
            "severity": "critical",
        },
        {"summary": "db is down"},
    )
    alertmanager.push({"alertname": "SlowReplies", "instance": "cache:6379", "severity": "warning"})
    alertmanager.push({"alertname": "SiteDown", "instance": "wiki", "severity": "critical"})
    alertmanager.push({"alertname": "RegionDown", "region": "eu", "severity": "critical"})
    alertmanager.push(
        {"alertname": "Latency", "instance": "api", "region": "eu", "severity": "warning"}
    )
    alertmanager.silence({"instance": "wiki"}, comment="planned work")
    alertmanager.wait_for(
        lambda alerts: (
            len(alerts) == 5
            and labelled(alerts, instance="wiki")[0]["status"]["silencedBy"]
            and labelled(alerts, instance="api")[0]["status"]["inhibitedBy"]
        )
    )
    source = Source(name="alerts", kind="alertmanager", url=alertmanager.url)
    reading = await SourcePoller(
        source, prober, source_settings(config(base=QUICK).defaults, source), SystemClock()
    ).poll()
    assert reading.ok
    said = {t: [(v.name, v.status, v.detail) for v in vs] for t, vs in reading.targets.items()}
    assert said == {
        "db:5432": [("alerts/eu-west", Status.DOWN, "SiteDown: db is down")],
        "cache:6379": [("alerts", Status.DEGRADED, "SlowReplies")],
        "wiki": [("alerts", Status.DEGRADED, "SiteDown (silenced)")],
        "RegionDown": [("alerts", Status.DOWN, "RegionDown")],
        "api": [("alerts", Status.DEGRADED, "Latency (inhibited)")],
    }
    # A target with no alert is well: Alertmanager lists only what fails.
    assert [v.status for v in reading.about("shop")] == [Status.UP]


async def test_prometheus_alerts_reach_the_tray_through_alertmanager(
    make_site: Callable[[], SwitchableSite],
    prometheus_stack: Callable[..., PrometheusStack],
    alertmanager: Alertmanager,
    sites: LocalSites,
    tmp_path: Path,
) -> None:
    site = make_site()
    stack = prometheus_stack({SHOP: {"eu-west": site.url}}, alertmanager)
    stack.wait_for_value("probe_success", 1)
    am = {"name": "am", "kind": "alertmanager", "url": alertmanager.url, "interval": "200ms"}
    chosen = config(sources=[am], base=QUICK)
    async with running(sites, chosen, tmp_path) as run:
        await run.log.wait_for(changed_to("am", Status.UP))
        site.stop()
        await run.log.wait_for(changed_to(f"am/{SHOP}", Status.DOWN), timeout=30)
        view = next(v for v in run.monitor.snapshot().services if v.name == f"am/{SHOP}")
        assert view.detail.startswith("SiteDown: ")
        assert [v.name for v in view.remote] == ["am/eu-west"]
        site.start()  # Prometheus resolves the alert; Alertmanager drops it
        await run.log.wait_for(changed_to(f"am/{SHOP}", Status.UP), timeout=60)


@pytest.mark.parametrize(
    ("kind", "paths", "url"),
    [
        ("gatus", {"/api/v1/endpoints/statuses": "gatus_statuses.json"}, ""),
        (
            "uptime_kuma",
            {
                "/api/status-page/main": "uptime_kuma_page.json",
                "/api/status-page/heartbeat/main": "uptime_kuma_heartbeat.json",
            },
            "/status/main",
        ),
    ],
)
async def test_gatus_and_uptime_kuma_dashboards_are_read_over_http(
    pages: VendorPages, prober: Prober, kind: str, paths: dict[str, str], url: str
) -> None:
    for path, name in paths.items():
        pages.serve(path, Page(body(name)))
    source = Source(name=kind, kind=kind, url=pages.url(url))  # type: ignore[arg-type]
    reading = await SourcePoller(
        source, prober, source_settings(config(base=QUICK).defaults, source), SystemClock()
    ).poll()
    assert reading.ok
    assert reading.targets
    assert {v.status for vs in reading.targets.values() for v in vs} <= {
        Status.UP,
        Status.DEGRADED,
        Status.DOWN,
        Status.UNKNOWN,
    }
