"""The canaries asked for real, the network judged, and ``check``'s report of it.

Every canary here is a real server on 127.0.0.1 (tests/support/servers.py): the web sites,
and a DNS server that answers ``*.test`` with 127.0.0.1, no other name, and never
``silent.test``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober, settings
from tests.support.builders import config
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import Config, Network
from trayapp.core.models import Cause, Status, TrayStatus, Verdict
from trayapp.core.network import NetworkReport, NetworkStatus, canaries_of, check_network
from trayapp.core.report.check import CheckReport, check_services

pytestmark = pytest.mark.anyio


def web_204(sites: LocalSites) -> str:
    """A web canary that answers as expected: a 204."""
    return f"{sites.http('/status/204')} 204"


def dns_ok(sites: LocalSites) -> str:
    """A dns canary that answers as expected."""
    return f"dns://{sites.dns_server}/canary.test 127.0.0.1"


def dead_web() -> str:
    return f"http://127.0.0.1:{closed_port()}/generate_204"


def dead_dns() -> str:
    return f"dns://127.0.0.1:{closed_port()}/canary.test"


async def survey(sites: LocalSites, *canaries: str) -> NetworkReport:
    # A second is plenty on loopback; a silent DNS server costs all of it.
    async with local_prober(sites) as prober:
        chosen = canaries_of(Network(canaries=list(canaries)))
        return await check_network(chosen, prober, settings(timeout=1.0))


async def test_no_canaries_means_always_online(sites: LocalSites) -> None:
    report = await survey(sites)
    assert (report.status, report.canaries) == (NetworkStatus.ONLINE, ())


async def test_canaries_that_answer_as_expected_mean_online(sites: LocalSites) -> None:
    report = await survey(sites, web_204(sites), dns_ok(sites))
    assert report.status is NetworkStatus.ONLINE
    assert [(c.type, c.ok) for c in report.canaries] == [("http", True), ("dns", True)]
    assert report.canaries[1].detail == "127.0.0.1"


async def test_one_canary_answering_is_enough(sites: LocalSites) -> None:
    report = await survey(sites, dead_web(), web_204(sites), dead_dns())
    assert report.status is NetworkStatus.ONLINE
    assert [c.ok for c in report.canaries] == [False, True, False]


async def test_a_page_in_place_of_the_expected_answer_is_a_captive_portal(
    sites: LocalSites,
) -> None:
    canary = f"{sites.http('/up')} 204"
    report = await survey(sites, canary, dns_ok(sites))
    assert report.status is NetworkStatus.CAPTIVE_PORTAL
    (web, _) = report.canaries
    assert (web.ok, web.cause, web.http_status) == (False, Cause.HTTP_STATUS, 200)
    assert web.detail == "HTTP 200 OK, not the expected HTTP 204"
    assert report.words.portal == sites.http("/up")
    assert report.words.body.startswith(f"Open {sites.http('/up')} to sign in")


async def test_a_redirect_in_place_of_the_expected_answer_leads_to_the_portal(
    sites: LocalSites,
) -> None:
    canary = f"{sites.http('/redirect-to/http://portal.test/login')} 204"
    report = await survey(sites, canary)
    assert report.status is NetworkStatus.CAPTIVE_PORTAL
    assert report.words.portal == "http://portal.test/login"
    assert report.canaries[0].detail.endswith("redirected to http://portal.test/login")


async def test_the_right_status_with_the_wrong_body_is_someone_else(sites: LocalSites) -> None:
    report = await survey(sites, f"{sites.http('/up')} 200 success")
    assert report.status is NetworkStatus.CAPTIVE_PORTAL
    assert report.canaries[0].cause is Cause.CONTENT


async def test_a_certificate_we_cannot_trust_is_someone_elses(sites: LocalSites) -> None:
    canary = f"{sites.https('/status/204', cert='untrusted')} 204"
    report = await survey(sites, canary)
    assert report.status is NetworkStatus.CAPTIVE_PORTAL
    assert report.canaries[0].cause is Cause.TLS
    assert report.words.portal is None  # nothing to open over https


async def test_names_that_do_not_resolve_while_addresses_answer_are_a_dns_failure(
    sites: LocalSites,
) -> None:
    report = await survey(sites, "http://nowhere.invalid/generate_204", dns_ok(sites))
    assert report.status is NetworkStatus.DNS_FAILURE
    assert report.canaries[0].cause is Cause.DNS
    assert report.words.title == "Names don't resolve"
    # The system's DNS server (here, the local one) was asked directly what it says.
    assert report.words.body.startswith(
        f"Your DNS server {sites.dns_server} says the names don't exist, but the internet "
        "answers by address."
    )


async def test_addresses_answering_but_no_web_canary_is_limited(sites: LocalSites) -> None:
    report = await survey(sites, dead_web(), dns_ok(sites))
    assert report.status is NetworkStatus.LIMITED


async def test_nothing_answering_is_offline(sites: LocalSites) -> None:
    silent = f"dns://{sites.dns_server}/silent.test"
    report = await survey(sites, dead_web(), silent, dead_dns())
    assert report.status is NetworkStatus.OFFLINE
    assert [c.cause for c in report.canaries] == [Cause.REFUSED, Cause.DNS, Cause.DNS]
    assert report.words.title == "You're offline"


async def test_a_dns_canary_given_other_addresses_is_answered_by_someone_else(
    sites: LocalSites,
) -> None:
    hijacked = f"dns://{sites.dns_server}/canary.test 192.0.2.1"
    report = await survey(sites, "http://nowhere.invalid/generate_204", hijacked)
    assert report.status is NetworkStatus.CAPTIVE_PORTAL
    assert report.canaries[1].detail == "127.0.0.1, not 192.0.2.1"


async def test_a_connect_alone_proves_nothing(sites: LocalSites) -> None:
    # Middleboxes accept a connection to any address.
    report = await survey(sites, dead_web(), f"tcp://127.0.0.1:{sites.http_port}")
    assert report.status is NetworkStatus.OFFLINE
    assert [c.ok for c in report.canaries] == [False, True]


# --- check: the services judged with the network ---------------------------------------------


def on_local(sites: LocalSites) -> dict[str, dict[str, Any]]:
    """What every config here says: the local sites' resolver, and a timeout to spare."""
    return {"defaults": {"timeout": "5s"}, "network": {"dns_server": sites.dns_server}}


async def check(cfg: Config, sites: LocalSites) -> CheckReport:
    async with local_prober(sites) as prober:
        return await check_services(cfg, cfg.services, prober)


async def test_check_asks_the_canaries_even_when_all_is_well(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Web", "url": sites.http("/up")},
        base=on_local(sites),
        network={"canaries": [web_204(sites)]},
    )
    report = await check(cfg, sites)
    assert report.overall is TrayStatus.UP
    assert [c.ok for c in report.network.canaries] == [True]
    assert report.table().splitlines()[-1] == (
        "overall: up; network online (1 of 1 canary answered as expected)"
    )


async def test_failures_with_the_canaries_answering_are_down(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": sites.http("/status/503")},
        {"name": "Google Talk", "url": sites.http("/up")},
        base=on_local(sites),
        network={"canaries": [web_204(sites), dns_ok(sites)]},
    )
    report = await check(cfg, sites)
    assert report.network.status is NetworkStatus.ONLINE
    assert [(s.name, s.status, s.verdict) for s in report.services] == [
        ("Twitter", Status.DOWN, None),
        ("Google Talk", Status.UP, None),
    ]
    assert report.overall is TrayStatus.DOWN
    assert report.table().splitlines()[-1] == (
        "overall: down; network online (2 of 2 canaries answered as expected)"
    )


async def test_while_the_network_fails_no_service_is_judged(sites: LocalSites) -> None:
    cfg = config(
        {"name": "Twitter", "url": f"http://127.0.0.1:{closed_port()}/"},
        {"name": "Slow", "url": sites.http("/slow-first-byte/200"), "slow_after": "50ms"},
        base=on_local(sites),
        network={"canaries": [dead_web()]},
    )
    report = await check(cfg, sites)
    assert report.network.status is NetworkStatus.OFFLINE
    twitter, slow = report.services
    assert (twitter.status, twitter.verdict) == (Status.UNKNOWN, Verdict.JUST_YOU)
    assert [c.cause for c in twitter.checks] == [Cause.OFFLINE]
    assert twitter.checks[0].detail.startswith("connection refused by")  # what was seen
    assert (slow.status, slow.verdict) == (Status.UNKNOWN, Verdict.JUST_YOU)
    assert [c.cause for c in slow.checks] == [Cause.SLOW]  # what it did answer is kept
    assert report.overall is TrayStatus.OFFLINE
    assert (
        report.table()
        .splitlines()[-1]
        .startswith(
            "overall: offline - network offline: You're offline. Your router (127.0.0.1) answers, "
            "but nothing beyond it does."
        )
    )


async def test_behind_a_captive_portal_no_service_is_up(sites: LocalSites) -> None:
    # The portal answers every request with its page: the service "answers", the canary
    # does not get its 204.
    cfg = config(
        {"name": "Twitter", "url": sites.http("/up")},
        base=on_local(sites),
        network={"canaries": [f"{sites.http('/up')} 204"]},
    )
    report = await check(cfg, sites)
    assert report.network.status is NetworkStatus.CAPTIVE_PORTAL
    assert [(s.status, s.verdict) for s in report.services] == [(Status.UNKNOWN, Verdict.JUST_YOU)]
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
        network={"canaries": [web_204(sites), dns_ok(sites)]},
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
    assert [c["type"] for c in data["network"]["canaries"]] == ["http", "dns"]


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
