"""Is it down, or is it just me: the canaries, the verdict, and the ``check`` report."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.probes.fixtures import SETTINGS, local_prober
from tests.support.builders import config
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import Config, HttpCheck, Network, TcpCheck
from trayapp.core.models import Cause, Status, TrayStatus, Verdict
from trayapp.core.network import NetworkStatus, canary_checks, check_network
from trayapp.core.report.check import CheckReport, check_services

pytestmark = pytest.mark.anyio


def dead_canaries() -> list[str]:
    return [f"http://127.0.0.1:{closed_port()}/generate_204", "tcp://nowhere.invalid:53"]


def live_canaries(sites: LocalSites) -> list[str]:
    return [sites.http("/status/204"), f"tcp://127.0.0.1:{sites.http_port}"]


def on_local(sites: LocalSites) -> dict[str, dict[str, Any]]:
    """What every config here says: the local sites' resolver, and a timeout to spare."""
    return {"defaults": {"timeout": "5s"}, "network": {"dns_server": sites.dns_server}}


async def check(cfg: Config, sites: LocalSites) -> CheckReport:
    async with local_prober(sites) as prober:
        return await check_services(cfg, cfg.services, prober)


def test_canaries_are_read_as_checks() -> None:
    network = Network(canaries=["https://example.test/generate_204", "tcp://[2001:db8::1]:53"])
    assert canary_checks(network) == (
        HttpCheck(url="https://example.test/generate_204"),
        TcpCheck(type="tcp", host="2001:db8::1", port=53),
    )


def test_the_default_canaries_apply_when_none_are_configured() -> None:
    assert [c.target for c in canary_checks(Network())] == [
        "https://connectivitycheck.gstatic.com/generate_204",
        "1.1.1.1:53",
    ]


async def test_no_canaries_means_always_online(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        report = await check_network([], prober, SETTINGS)
    assert (report.status, report.canaries) == (NetworkStatus.ONLINE, ())


async def test_the_network_is_offline_only_when_every_canary_fails(sites: LocalSites) -> None:
    dead = canary_checks(Network(canaries=dead_canaries()))
    live = canary_checks(Network(canaries=live_canaries(sites)))
    async with local_prober(sites) as prober:
        assert (await check_network(dead, prober, SETTINGS)).offline
        mixed = await check_network((dead[0], live[1]), prober, SETTINGS)
    assert mixed.status is NetworkStatus.ONLINE
    assert [c.ok for c in mixed.canaries] == [False, True]


async def test_all_up_runs_no_canaries(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Web", "url": sites.http("/up")},
        base=on_local(sites),
        network={"canaries": dead_canaries()},
    )
    report = await check(cfg, sites)
    assert report.overall is TrayStatus.UP
    assert report.network.canaries == ()  # nothing failed: nothing to ask the canaries


async def test_failures_with_the_canaries_answering_are_down_for_you(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": sites.http("/status/503")},
        {"name": "Google Talk", "url": sites.http("/up")},
        base=on_local(sites),
        network={"canaries": live_canaries(sites)},
    )
    report = await check(cfg, sites)
    assert report.network.status is NetworkStatus.ONLINE
    assert len(report.network.canaries) == 2
    assert [(s.name, s.status, s.verdict) for s in report.services] == [
        ("Twitter", Status.DOWN, None),
        ("Google Talk", Status.UP, None),
    ]
    assert report.overall is TrayStatus.DOWN


async def test_failures_with_every_canary_failing_are_just_you(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": f"http://127.0.0.1:{closed_port()}/"},
        {"name": "Slow", "url": sites.http("/slow-first-byte/200"), "slow_after": "50ms"},
        base=on_local(sites),
        network={"canaries": dead_canaries()},
    )
    report = await check(cfg, sites)
    assert report.network.offline
    twitter, slow = report.services
    assert (twitter.status, twitter.verdict) == (Status.UNKNOWN, Verdict.JUST_YOU)
    assert [c.cause for c in twitter.checks] == [Cause.OFFLINE]
    assert twitter.checks[0].detail.startswith("connection refused by")  # what was seen
    assert (slow.status, slow.verdict) == (Status.DEGRADED, None)  # it did answer
    assert report.overall is TrayStatus.OFFLINE


async def test_an_empty_canary_list_turns_the_verdict_off(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": f"http://127.0.0.1:{closed_port()}/"},
        base=on_local(sites),
        network={"canaries": []},
    )
    report = await check(cfg, sites)
    assert report.network.status is NetworkStatus.ONLINE
    assert report.services[0].status is Status.DOWN


async def test_the_json_has_the_shape_of_the_public_contract(sites: LocalSites) -> None:
    cfg = config(
        {
            "name": "Twitter mobile",
            "checks": [
                {"type": "http", "url": sites.http("/down-page"), "body_absent": "down"},
                {"type": "tcp", "host": "site.test", "port": sites.http_port},
            ],
        },
        base=on_local(sites),
        network={"canaries": live_canaries(sites)},
    )
    data = (await check(cfg, sites)).to_json()
    assert set(data) == {"checked_at", "overall", "network", "services"}
    assert data["checked_at"].endswith("Z")
    assert data["overall"] == "degraded"
    assert set(data["network"]) == {"status", "canaries"}
    assert data["network"]["status"] == "online"
    (service,) = data["services"]
    assert set(service) == {"name", "status", "verdict", "checks", "vendor"}
    assert (service["name"], service["status"], service["verdict"]) == (
        "Twitter mobile",
        "degraded",
        None,
    )
    assert service["vendor"] is None
    http, tcp = service["checks"]
    for entry in [http, tcp, *data["network"]["canaries"]]:
        assert set(entry) == {
            "type",
            "target",
            "ok",
            "cause",
            "detail",
            "http_status",
            "elapsed_ms",
            "timings",
        }
        assert set(entry["timings"]) == {"dns_ms", "connect_ms", "tls_ms", "ttfb_ms"}
    assert (http["ok"], http["cause"], http["http_status"]) == (False, "content", 200)
    assert http["detail"] == "body contains 'down'"
    assert (tcp["ok"], tcp["cause"], tcp["type"]) == (True, None, "tcp")
    assert tcp["timings"]["dns_ms"] is not None


async def test_the_table_shows_each_service_and_its_checks(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": sites.http("/status/503")},
        {
            "name": "Twitter mobile",
            "checks": [
                {"type": "http", "url": sites.http("/up")},
                {"type": "tcp", "host": "127.0.0.1", "port": closed_port()},
            ],
        },
        base=on_local(sites),
        network={"canaries": []},
    )
    lines = (await check(cfg, sites)).table().splitlines()
    assert lines[0].split() == ["STATUS", "SERVICE", "CAUSE", "DETAIL", "TIME"]
    assert lines[1].split()[:5] == ["down", "Twitter", "http_status", "HTTP", "503"]
    assert lines[2].split()[:4] == ["degraded", "Twitter", "mobile", "refused"]
    assert lines[3].split()[:3] == ["up", "http", "-"]
    assert lines[4].split()[:3] == ["down", "tcp", "refused"]
    assert lines[-1] == "overall: down"
